"""GET /v1/stories/{id}: the articles of one story, owner-scoped like jobs."""

from __future__ import annotations

from typing import Any

from service import errors
from service.api import services
from service.api.auth import client_name
from service.api.spec import Blueprint
from service.schemas.stories import StorySchema

bp = Blueprint("stories", __name__, url_prefix="/v1", description="Articles about the same event")


@bp.route("/stories/<story_id>", methods=["GET"])
@bp.doc(operationId="getStory", summary="The articles of a story (the `story.id` of a job's result)")
@bp.response(200, StorySchema, description="The story.")
@bp.problems(401, 404, 429, 503)
def get_story(story_id: str) -> dict[str, Any]:
    """Only the calling key's stories: another key's story answers 404 like one that never was."""
    story = services().stories.get(client_name(), story_id)
    if story is None:
        raise errors.NotFound(f"no story with id {story_id}")
    return story
