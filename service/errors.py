"""One exception base for everything a client can be told, rendered as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://enrich.example/problems/"


class ApiError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(
        self, detail: str, *, errors: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors  # field name -> messages, for validation problems
        self.headers = headers or {}

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        problem: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            problem["instance"] = instance
        if self.errors:
            problem["errors"] = self.errors
        return problem


class MalformedJson(ApiError):
    code, title = "malformed_json", "Malformed JSON"


class JsonTooDeep(ApiError):
    code, title = "json_too_deep", "JSON nested too deeply"


class RequestTimeout(ApiError):
    status, code, title = 408, "request_timeout", "Request body not received in time"


class ValidationFailed(ApiError):
    status, code, title = 422, "validation_failed", "Request failed validation"


class EmptyBody(ApiError):
    status, code, title = 422, "empty_body", "Nothing of the article is left"


class UnsupportedMediaType(ApiError):
    status, code, title = 415, "unsupported_media_type", "Unsupported media type"


class PayloadTooLarge(ApiError):
    status, code, title = 413, "payload_too_large", "Request body too large"


class NotFound(ApiError):
    status, code, title = 404, "not_found", "Not found"


class JobExpired(ApiError):
    status, code, title = 410, "job_expired", "Job result expired"


class JobStoreLost(ApiError):
    status, code, title = 410, "job_store_lost", "The job store lost this job"


class MethodNotAllowed(ApiError):
    status, code, title = 405, "method_not_allowed", "Method not allowed"


class Unauthorized(ApiError):
    status, code, title = 401, "unauthorized", "Missing or invalid API key"


class Conflict(ApiError):
    status, code, title = 409, "idempotency_key_reused", "Idempotency-Key reused with a different request"


class NotRetryable(ApiError):
    status, code, title = 409, "job_not_failed", "Only a failed job can be retried"


class RateLimited(ApiError):
    status, code, title = 429, "rate_limited", "Too many requests"


class ServiceUnavailable(ApiError):
    status, code, title = 503, "service_unavailable", "Service temporarily unavailable"


class JobStoreFull(ApiError):
    status, code, title = 503, "job_store_full", "The job store is full"


class InternalError(ApiError):
    status, code, title = 500, "internal_error", "Internal error"


class TooManyArticles(ApiError):
    status, code, title = 422, "too_many_articles", "Too many articles in one batch"
