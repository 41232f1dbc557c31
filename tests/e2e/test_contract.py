"""The contract: openapi.yaml is generated from the code and current, the running app serves the
same document, and its responses match it."""

from __future__ import annotations

import re
import time

import jsonschema
import pytest
import yaml
from flask import Flask
from openapi_spec_validator import validate

from service.api.spec import as_yaml, document
from service.pipeline.registry import REGISTRY
from tests.e2e.conftest import Stack
from tests.e2e.http import request
from tests.receiver import receiver
from tests.servers import ROOT

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())


def schema_for(name: str) -> dict:
    """A component schema as standalone JSON Schema (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    return {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}


def check(instance: object, name: str) -> None:
    jsonschema.validate(instance, schema_for(name), cls=jsonschema.Draft202012Validator)


def test_spec_is_valid_openapi() -> None:
    validate(SPEC)


def test_committed_spec_is_generated_and_current(app: Flask) -> None:
    generated = as_yaml(document(app.extensions["enrich"].api))
    assert generated == (ROOT / "openapi.yaml").read_text(), (
        "openapi.yaml is stale: regenerate it with `.venv/bin/python -m service.api.spec > openapi.yaml`"
    )


def test_routes_match_the_spec(app: Flask) -> None:
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith(".static"):
            continue  # files (the playground's script and style sheet), not API operations
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        served |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {
        (path, method) for path, ops in SPEC["paths"].items() for method in ops if method != "parameters"
    }
    assert served == documented


def test_served_spec_is_the_file(stack: Stack) -> None:
    reply = request("GET", stack.base_url + "/openapi.yaml")
    assert reply.status == 200 and yaml.safe_load(reply.body) == SPEC
    assert request("GET", stack.base_url + "/openapi.json").json() == SPEC


@pytest.mark.e2e
def test_responses_match_the_spec(stack: Stack, seeds: dict[str, str]) -> None:
    accepted = request("POST", stack.base_url + "/v1/articles", {"text": seeds["002"]})
    check(accepted.json(), "Job")
    finished = request("GET", stack.base_url + accepted.headers["Location"] + "?wait=30").json()
    assert finished["status"] == "finished"
    check(finished, "Job")
    problem = request("POST", stack.base_url + "/v1/articles", {"text": ""})
    check(problem.json(), "Problem")
    assert problem.headers["Content-Type"] == "application/problem+json"
    check(request("GET", stack.base_url + "/healthz").json(), "Status")
    check(request("GET", stack.base_url + "/readyz").json(), "Status")
    assert "ArticleRequest" in SPEC["components"]["schemas"]
    check({"text": "x", "features": ["summary"]}, "ArticleRequest")
    with pytest.raises(jsonschema.ValidationError):
        check({"text": "x", "html": "<p>x</p>"}, "ArticleRequest")


@pytest.mark.e2e
def test_models_lists_the_worker_backends(stack: Stack) -> None:
    reply = request("GET", stack.base_url + "/v1/models")
    assert reply.status == 200
    report = reply.json()
    check(report, "Backends")
    assert list(report["stages"]) == [stage.name for stage in REGISTRY.stages()]
    assert report["stages"]["entities"]["default"]["backend"] == "builtin-crf"


@pytest.mark.e2e
def test_batch_and_delivery_responses_match_the_spec(stack: Stack, seeds: dict[str, str]) -> None:
    with receiver() as hook:
        body = [{"text": seeds["002"], "callback_url": hook.url}, {"text": ""}]
        accepted = request("POST", f"{stack.base_url}/v1/batches?callback_url={hook.url}", body)
        assert accepted.status == 202
        check(accepted.json(), "Batch")
        hook.wait_for(2)  # the article's webhook and the batch's
        batch = request("GET", stack.base_url + accepted.headers["Location"]).json()
        check(batch, "Batch")
        assert batch["status"] == "ended" and batch["deliveries"]
        job_id = batch["jobs"][0]["job_id"]
        for _ in range(50):
            listed = request("GET", f"{stack.base_url}/v1/jobs/{job_id}/deliveries").json()
            if listed["deliveries"] and listed["deliveries"][0]["attempts"]:
                break
            time.sleep(0.1)
    check(listed, "DeliveryList")
    assert listed["deliveries"][0]["status"] == "delivered"
    ndjson = request(
        "POST", stack.base_url + "/v1/batches", raw=b'{"text": "a"}\n', content_type="application/x-ndjson"
    )
    assert ndjson.status == 202
    check(ndjson.json(), "Batch")
    too_many = request("POST", stack.base_url + "/v1/batches", [{"text": "a"}] * 101)
    assert too_many.status == 422
    check(too_many.json(), "Problem")
