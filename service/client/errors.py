"""What the client raises: one base class, and the API's problem+json answers as typed errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.client.models import Job


class EnrichError(Exception):
    """Base of every error the client raises."""


class ConnectionFailed(EnrichError):
    """The service could not be reached (or stopped answering), after the allowed retries."""


class WaitTimedOut(EnrichError):
    """The job had not ended when the caller's wait ran out; `job` is its last known state."""

    def __init__(self, job: Job, waited_s: float):
        super().__init__(f"job {job.id} still {job.status} after {waited_s:.0f} s")
        self.job = job
        self.waited_s = waited_s


class UnexpectedResponse(EnrichError):
    """A success status whose body is not what the API documents (e.g. a proxy's page)."""


class ApiProblem(EnrichError):
    """An RFC 9457 problem answered by the API: `code` is stable, `errors` names fields."""

    def __init__(self, status: int, problem: dict[str, Any], retry_after: float | None = None):
        self.status = status
        self.problem = problem
        self.code: str = str(problem.get("code") or f"http_{status}")
        self.title: str = str(problem.get("title") or "")
        self.detail: str = str(problem.get("detail") or self.title or f"HTTP {status}")
        self.errors: dict[str, Any] | None = problem.get("errors")
        self.retry_after = retry_after
        super().__init__(f"{status} {self.code}: {self.detail}")


class InvalidRequest(ApiProblem):
    """400, 413, 415, 422: the request itself is wrong; sending it again cannot help."""


class Unauthorized(ApiProblem):
    """401: no API key, or not a valid one."""


class NotFound(ApiProblem):
    """404: no such job for this key."""


class IdempotencyConflict(ApiProblem):
    """409: this Idempotency-Key was used with a different article."""


class JobExpired(ApiProblem):
    """410: the job existed but its result has expired."""


class RateLimited(ApiProblem):
    """429: over the key's rate limit, still so after the allowed retries."""


class ServiceUnavailable(ApiProblem):
    """503: the service (its job store) is down, still so after the allowed retries."""


class ServerError(ApiProblem):
    """Any other 5xx."""


_BY_STATUS: dict[int, type[ApiProblem]] = {
    400: InvalidRequest,
    401: Unauthorized,
    404: NotFound,
    409: IdempotencyConflict,
    410: JobExpired,
    413: InvalidRequest,
    415: InvalidRequest,
    422: InvalidRequest,
    429: RateLimited,
    503: ServiceUnavailable,
}


def problem_error(status: int, problem: dict[str, Any], retry_after: float | None = None) -> ApiProblem:
    """The typed error for an error status; any other 4xx is an ApiProblem, any 5xx a ServerError."""
    kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else ApiProblem)
    return kind(status, problem, retry_after)
