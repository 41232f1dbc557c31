"""Probes for the load balancer, the backends workers run, metrics, and the contract itself."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from redis.exceptions import OutOfMemoryError

from service import errors
from service.api import services
from service.api.spec import Blueprint, as_yaml, document
from service.metrics import render
from service.schemas.service import BackendsSchema, StatusSchema

bp = Blueprint("health", __name__, description="Probes, models, metrics and this contract")

PUBLIC: dict[str, Any] = {
    "security": []
}  # probes and the contract stay open: load balancers fetch them without a key


@bp.route("/healthz", methods=["GET"])
@bp.doc(operationId="healthz", summary="Liveness; does not touch Redis", **PUBLIC)
@bp.response(200, StatusSchema, description="The process is alive.")
def healthz() -> dict[str, str]:
    """Never touches Redis, so an outage does not restart pods."""
    return {"status": "ok"}


@bp.route("/readyz", methods=["GET"])
@bp.doc(operationId="readyz", summary="Readiness; Redis takes writes", **PUBLIC)
@bp.response(200, StatusSchema, description="Ready to accept jobs.")
@bp.problems(503)
def readyz() -> dict[str, str]:
    """A write, not a PING: a full Redis (maxmemory) answers pings but refuses new jobs."""
    try:
        services().jobs.probe_write()
    except OutOfMemoryError:
        raise errors.JobStoreFull("redis is full and refuses writes", headers={"Retry-After": "30"}) from None
    except Exception:
        raise errors.ServiceUnavailable("redis is not reachable", headers={"Retry-After": "5"}) from None
    return {"status": "ready"}


@bp.route("/v1/models", methods=["GET"])
@bp.doc(
    operationId="listModels",
    summary="Which backend and model each stage runs, per language where routed",
    description="As reported by the latest worker to start (all workers share one configuration).",
)
@bp.response(200, BackendsSchema, description="The backends.")
@bp.problems(401, 429, 503)
def models() -> dict[str, Any]:
    report = services().reports.backends()
    if report is None:
        raise errors.ServiceUnavailable("no worker has started yet", headers={"Retry-After": "5"})
    return report


@bp.route("/metrics", methods=["GET"])
@bp.doc(
    operationId="metrics",
    summary="Prometheus metrics",
    description="HTTP traffic of this replica; queue depth, job outcomes, failures by code and time per stage cluster-wide.",
    **PUBLIC,
)
@bp.response(200, {"type": "string"}, content_type="text/plain", description="Prometheus text format.")
def metrics() -> Response:
    svc = services()
    return Response(render(svc.jobs, svc.reports), mimetype="text/plain; version=0.0.4")


@bp.route("/openapi.json", methods=["GET"])
@bp.doc(operationId="openapiJson", summary="This document, as JSON", **PUBLIC)
@bp.response(200, {"type": "object"}, description="The OpenAPI document.")
def openapi_json() -> Response:
    return jsonify(document(services().api))


@bp.route("/openapi.yaml", methods=["GET"])
@bp.doc(operationId="openapi", summary="This document, as YAML", **PUBLIC)
@bp.response(200, {"type": "object"}, content_type="application/yaml", description="The OpenAPI document.")
def openapi_yaml() -> Response:
    return Response(as_yaml(document(services().api)), mimetype="application/yaml")
