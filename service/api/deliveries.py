"""GET /v1/jobs/{id}/deliveries: every attempt at a job's completion webhook (a batch's are in
the batch resource)."""

from __future__ import annotations

from typing import Any

from service import errors
from service.api import services
from service.api.auth import client_name
from service.api.spec import Blueprint
from service.schemas.webhooks import DeliveryListSchema

bp = Blueprint("deliveries", __name__, url_prefix="/v1", description="Completion webhooks and their attempts")


@bp.route("/jobs/<job_id>/deliveries", methods=["GET"])
@bp.doc(
    operationId="listJobDeliveries",
    summary="The job's completion webhooks: each attempt, its answer or error, and the next attempt",
    description="Empty until the job ends, or when it has no `callback_url`. Kept 7 days after the last attempt.",
)
@bp.response(200, DeliveryListSchema, description="The deliveries, oldest first.")
@bp.problems(401, 404, 429, 503)
def job_deliveries(job_id: str) -> dict[str, Any]:
    svc = services()
    # The job's id outlives its result (410 Gone): its deliveries stay readable meanwhile.
    if not svc.jobs.was_known(job_id, owner=client_name()):
        raise errors.NotFound(f"no job with id {job_id}")
    return {"deliveries": svc.deliveries.of("job", job_id)}
