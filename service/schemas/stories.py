"""The story resource: GET /v1/stories/{id}."""

from __future__ import annotations

from marshmallow import Schema, fields

DATE_TIME = {"format": "date-time"}


class StoryArticleSchema(Schema):
    job_id = fields.String(required=True)
    title = fields.String(required=True, allow_none=True, metadata={"description": "The request's title"})
    outlet = fields.String(
        required=True, allow_none=True, metadata={"description": "From the result's `metadata`, where known"}
    )
    published_at = fields.String(required=True, allow_none=True, metadata={"description": "From `metadata`"})
    received_at = fields.String(required=True, metadata=DATE_TIME)
    duplicate_of = fields.String(
        required=True, allow_none=True, metadata={"description": "The earlier job it is a near-copy of"}
    )


class StorySchema(Schema):
    id = fields.String(required=True)
    first_seen = fields.String(
        required=True, metadata={**DATE_TIME, "description": "When its first article was received"}
    )
    last_seen = fields.String(
        required=True, metadata={**DATE_TIME, "description": "When its latest article was received"}
    )
    article_count = fields.Integer(
        required=True, metadata={"description": "Articles linked to it, including those past the window"}
    )
    articles = fields.List(
        fields.Nested(StoryArticleSchema),
        required=True,
        metadata={
            "description": "Its articles received within ENRICH_STORY_WINDOW_DAYS of the latest, oldest first"
        },
    )
