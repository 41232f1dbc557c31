"""A small typed client for the public HTTP API; `python -m service.cli` is built on it.

from service.client import Article, EnrichClient

with EnrichClient("http://localhost:8000", api_key) as client:
    job = client.enrich(Article(text=raw), idempotency_key="cms-8812")
    print(job.status, job.result["entities"] if job.result else job.error)
"""

from service.client.client import EnrichClient
from service.client.errors import (
    ApiProblem,
    ConnectionFailed,
    EnrichError,
    IdempotencyConflict,
    InvalidRequest,
    JobExpired,
    NotFound,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    Unauthorized,
    UnexpectedResponse,
    WaitTimedOut,
)
from service.client.models import (
    Article,
    Batch,
    BatchItem,
    BatchSubmission,
    Job,
    JobError,
    Rejected,
    Submission,
)
from service.client.retry import RetryPolicy

__all__ = [
    "ApiProblem",
    "Article",
    "Batch",
    "BatchItem",
    "BatchSubmission",
    "ConnectionFailed",
    "EnrichClient",
    "EnrichError",
    "IdempotencyConflict",
    "InvalidRequest",
    "Job",
    "JobError",
    "JobExpired",
    "NotFound",
    "RateLimited",
    "Rejected",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailable",
    "Submission",
    "Unauthorized",
    "UnexpectedResponse",
    "WaitTimedOut",
]
