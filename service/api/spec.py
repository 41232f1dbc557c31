"""The OpenAPI document, written by flask-smorest from the views and their marshmallow schemas.

`python -m service.api.spec` prints it as YAML; the committed openapi.yaml is that output (a test
fails when it is stale). Request bodies and query strings are parsed here too, so every problem
with them becomes one problem+json, rendered by service.api.problems.
"""

from __future__ import annotations

import copy
import http
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeVar, cast

import flask_smorest
import yaml
from flask import Flask, Request
from marshmallow import Schema, ValidationError
from webargs.flaskparser import FlaskParser, is_json_request

from service import errors
from service.api import services
from service.api.limits import json_depth_exceeds, summarise
from service.config import ApiSettings
from service.schemas.requests import ARTICLE_REQUEST_EXTRA, ArticleRequestSchema
from service.schemas.service import ProblemSchema

PROBLEM = "application/problem+json"
F = TypeVar("F", bound=Callable[..., Any])

DESCRIPTION = """\
POST an article; the API validates it, queues an enrichment job and answers 202 at once with the
job's URL. A worker removes boilerplate and runs the stages asked for. Poll `GET /v1/jobs/{job_id}`
(or pass `?wait=N`, at most 30 s) until the job is `finished` or `failed`.

Limits: request bodies up to 1,000,000 bytes by default (`ENRICH_MAX_REQUEST_BYTES`; larger
bodies get 413 before they are parsed). Results are kept 24 h (`ENRICH_RESULT_TTL_S`), failures
7 days (`ENRICH_FAILURE_TTL_S`); afterwards the job answers 410 for 30 days, then 404.

Authentication: `Authorization: Bearer <API key>` on every `/v1` endpoint (keys from
`ENRICH_API_KEYS`; `ENRICH_AUTH=disabled` turns this off for local development). A job is
visible only to the key that created it. Each key may make `ENRICH_RATE_LIMIT_PER_MINUTE` (600)
requests a minute, counted across replicas; above that, 429 with `Retry-After`.

Batches: `POST /v1/batches` queues up to 100 articles (a JSON array, or NDJSON) in a body of up to
10,000,000 bytes (`ENRICH_MAX_BATCH_ITEMS`, `ENRICH_MAX_BATCH_BYTES`); each is validated on its own
and an invalid one is reported by index. `GET /v1/batches/{batch_id}` counts them by status and
pages through their jobs.

Completion webhooks: with a `callback_url` on an article (or `?callback_url=` on a batch), a worker
POSTs the job (or batch) resource there once it ends, with `Enrich-Signature: t=<unix time>,v1=<hex>`
(HMAC-SHA256 over `<t>.<body>` with the key's webhook secret), `Enrich-Event` and `Enrich-Delivery`
headers; any answer but 2xx is retried with backoff for 24 h, redirects are not followed, and only
public addresses are reached unless the operator allows others. `GET /v1/jobs/{job_id}/deliveries`
(and a batch's `deliveries`) show every attempt.

Every error is an RFC 9457 problem document (`application/problem+json`) with a stable `code`
and, for validation problems, `errors` naming each offending field.
"""


class Parser(FlaskParser):
    """webargs, with its failures raised as this service's problems."""

    def _raw_load_json(self, req: Request) -> Any:
        if not is_json_request(req):
            raise errors.UnsupportedMediaType(
                f"send the article as application/json, not {req.mimetype or 'no content type'}"
            )
        limit = _settings().max_json_depth
        if json_depth_exceeds(req.get_data(cache=True), limit):
            raise errors.JsonTooDeep(f"JSON nested deeper than {limit} levels (ENRICH_MAX_JSON_DEPTH)")
        try:
            return super()._raw_load_json(req)
        except RecursionError:  # within the limit but still too deep for this interpreter
            raise errors.JsonTooDeep(f"JSON nested too deeply (limit {limit} levels)") from None

    def _handle_invalid_json_error(
        self, error: Exception, req: Request, *args: Any, **kwargs: Any
    ) -> NoReturn:
        raise errors.MalformedJson("the request body is not valid JSON")

    def handle_error(
        self,
        error: ValidationError,
        req: Request,
        schema: Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> NoReturn:
        # webargs files messages under the location ({"json": {...}}); clients want the fields.
        messages: Any = error.messages
        if isinstance(messages, dict) and len(messages) == 1:
            messages = next(iter(messages.values()))
        if not isinstance(messages, dict):
            messages = {"_schema": messages}
        fields = sorted(map(str, messages))
        named = ", ".join(fields[:10]) + (f" and {len(fields) - 10} more" if len(fields) > 10 else "")
        raise errors.ValidationFailed(
            f"invalid field(s): {named}", errors=summarise(messages, _settings().max_validation_errors)
        )


def _settings() -> ApiSettings:
    """The settings of the app handling this request."""
    return services().settings


def submission_headers(resource: str) -> dict[str, Any]:
    """The documented response headers of a POST that creates a `resource` ("job", "batch") and
    takes an Idempotency-Key."""
    return {
        "Location": {"description": f"URL of the {resource} resource.", "schema": {"type": "string"}},
        "Idempotent-Replayed": {
            "description": f'"true" when an earlier request with this Idempotency-Key created the {resource}.',
            "schema": {"type": "string"},
        },
    }


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]  # flask-smorest has no type hints
    """flask-smorest's Blueprint with this service's parser, and its decorators typed."""

    ARGUMENTS_PARSER = Parser()

    def route(self, rule: str, **options: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], super().route(rule, **options))

    @staticmethod
    def doc(**kwargs: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], flask_smorest.Blueprint.doc(**kwargs))

    def arguments(self, schema: type[Schema] | Schema, **kwargs: Any) -> Callable[[F], F]:
        # One instance per view, made here: given a class, webargs would make a new one for every
        # request, and marshmallow deep-copies every declared field into each new instance.
        instance = schema() if isinstance(schema, type) else schema
        return cast(Callable[[F], F], super().arguments(instance, **kwargs))

    def response(self, status_code: int, schema: Any = None, **kwargs: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], super().response(status_code, schema, **kwargs))

    def problems(self, *statuses: int) -> Callable[[F], F]:
        """Document the problem responses a view can give (429 and 503 carry Retry-After).

        Written into the view's documentation as flask-smorest's alt_response(status,
        response=NAME) writes it, without its wrapper: each alt_response adds a layer that runs
        on every request (flask's ensure_sync and a coroutine check), nine on POST /v1/articles."""

        def decorate(view: F) -> F:
            doc = copy.deepcopy(getattr(view, "_apidoc", {}))
            responses = doc.setdefault("response", {}).setdefault("responses", {})
            for status in statuses:
                responses.setdefault(status, []).append(http.HTTPStatus(status).name)
            view._apidoc = doc  # type: ignore[attr-defined]  # flask-smorest reads it
            return view

        return decorate


class Api(flask_smorest.Api):  # type: ignore[misc]
    DEFAULT_ERROR_RESPONSE_NAME = None  # each view lists its own problems

    def _register_responses(self) -> None:
        """One problem+json response per error status, referenced by name (NOT_FOUND, ...)."""
        retry_after = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
        for status in http.HTTPStatus:
            if status < 400:
                continue
            response: dict[str, Any] = {
                "description": status.phrase,
                "content": {PROBLEM: {"schema": ProblemSchema}},
            }
            if status in (429, 503):
                response["headers"] = retry_after
            self.spec.components.response(status.name, response, lazy=True)

    def _register_etag_headers(self) -> None:
        pass  # no ETags here: their components would only clutter the document

    def _register_pagination_header(self) -> None:
        pass  # pages are cursors in the body, not headers


def init_app(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Article Enrichment API",
        API_VERSION="0.2.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=None,  # the document is served by service.api.health (public, JSON and YAML)
    )
    api = Api(
        app,
        spec_kwargs={
            "info": {
                "summary": "Language, entities, sentiment, summary and a boilerplate-free body for news articles.",
                "description": DESCRIPTION,
            },
            "servers": [{"url": "/"}],
            "security": [{"apiKey": []}],
        },
    )
    api.spec.components.security_scheme("apiKey", {"type": "http", "scheme": "bearer"})
    api.spec.components.schema("ArticleRequest", ARTICLE_REQUEST_EXTRA, schema=ArticleRequestSchema)
    return api


ORDER = ("openapi", "info", "servers", "security", "tags", "paths", "components")


def document(api: Api) -> dict[str, Any]:
    """The OpenAPI document, top-level keys in the order people read them."""
    spec: dict[str, Any] = api.spec.to_dict()
    return {
        key: spec[key] for key in sorted(spec, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    }


class _Dumper(yaml.SafeDumper):
    pass


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None  # descriptions stay readable paragraphs
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def as_yaml(spec: dict[str, Any]) -> str:
    plain = json.loads(json.dumps(spec))  # lazy strings and tuples become plain YAML
    return yaml.dump(plain, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def main() -> None:
    """Print the OpenAPI document of an app built with default settings."""
    from service.app import create_app
    from service.config import Settings

    app = create_app(Settings.from_env({}, auth="disabled"))
    sys.stdout.write(as_yaml(document(app.extensions["enrich"].api)))


if __name__ == "__main__":
    main()
