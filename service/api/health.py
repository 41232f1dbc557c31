"""Probes for the load balancer and the published contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response

from service import errors
from service.api import services
from service.metrics import render

bp = Blueprint("health", __name__)

OPENAPI = Path(__file__).resolve().parents[2] / "openapi.yaml"


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the process answers. Never touches Redis, so an outage does not restart pods."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> dict[str, str]:
    """Readiness: Redis answers, so jobs can be accepted."""
    try:
        services().jobs.ping()
    except Exception:
        raise errors.ServiceUnavailable("redis is not reachable", headers={"Retry-After": "5"}) from None
    return {"status": "ready"}


@bp.get("/v1/models")
def models() -> dict[str, Any]:
    """Which backend (and model) each stage runs, as the latest worker to start reported it."""
    report = services().jobs.backends()
    if report is None:
        raise errors.ServiceUnavailable("no worker has started yet", headers={"Retry-After": "5"})
    return report


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus text format: HTTP traffic of this replica; queue and jobs cluster-wide."""
    return Response(render(services().jobs), mimetype="text/plain; version=0.0.4")


@bp.get("/openapi.yaml")
def openapi() -> Response:
    return Response(OPENAPI.read_text(encoding="utf-8"), mimetype="application/yaml")
