"""Story: which earlier article this one is a near-copy of, and which story (event) it belongs to,
across every article the same API key sent in the window (ENRICH_STORY_WINDOW_DAYS).

The index lives in Redis, shared by all workers; its backend is named by dotted path because the
pipeline itself never imports Redis. Enriched in-process (no job), an article is a story of its own.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.config import PipelineSettings, StoryOptions
from service.pipeline.document import BODY, ENTITIES, METADATA, STORY
from service.pipeline.stage import Stage

SIMILARITY = validate.Range(min=0, max=1)


class RelatedArticleSchema(Schema):
    job_id = fields.String(required=True)
    similarity = fields.Float(
        required=True,
        validate=SIMILARITY,
        metadata={"description": "Cosine similarity of the two articles' weighted terms and entities"},
    )


class StoryLinkSchema(Schema):
    id = fields.String(
        required=True,
        metadata={
            "description": "Shared by every article about the same event; GET /v1/stories/{id} lists them"
        },
    )
    duplicate_of = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The earlier job this article is a near-copy of (same text give or take boilerplate and edits)"
        },
    )
    similarity = fields.Float(
        required=True,
        allow_none=True,
        validate=SIMILARITY,
        metadata={
            "description": "Estimated share of word shingles shared with `duplicate_of` (Jaccard); null when not a copy"
        },
    )
    related = fields.List(
        fields.Nested(RelatedArticleSchema),
        required=True,
        metadata={"description": "Earlier articles of the same story, most alike first (at most 10)"},
    )


def story_options(settings: PipelineSettings) -> StoryOptions:
    return settings.story


STAGE = Stage(
    name="story",
    # A feature like the others: asked for by default (no `features`), left out (and the entities
    # it needs not run) when a client asks for others only; such an article is not indexed.
    feature="story",
    requires=(BODY, ENTITIES, METADATA),  # the clean body's shingles and terms, names, date and outlet
    assigns=STORY,
    field=fields.Nested(StoryLinkSchema),
    backends={"builtin": "service.stories.linker:RedisStoryLinker"},
    options=story_options,
    description="Near-copies and articles about the same event among the key's recent articles.",
)
