"""Summary: a few sentences that carry the story, in the article's own language.

Length: `summary_sentences` sentences (default DEFAULT_SENTENCES).
"""

from __future__ import annotations

from marshmallow import Schema, fields

from service.pipeline.document import BODY, LANGUAGE, SUMMARY, Article, Summary
from service.pipeline.stage import Backend, Stage

Summarizer = Backend[Summary]

DEFAULT_SENTENCES = 3
MAX_SENTENCES = 20


def length_of(article: Article) -> tuple[int, int | None]:
    """(most sentences, most characters or None) the client asked for."""
    return article.request.summary_sentences or DEFAULT_SENTENCES, None


class SentenceSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, allow_none=True, metadata={"description": "null if generated"})
    end = fields.Integer(required=True, allow_none=True)


class SummarySchema(Schema):
    text = fields.String(required=True)
    sentences = fields.List(fields.Nested(SentenceSchema), required=True)


STAGE = Stage(
    name="summary",
    feature="summary",
    requires=(BODY, LANGUAGE),
    assigns=SUMMARY,
    field=fields.Nested(SummarySchema),
    backends={
        "builtin": "service.pipeline.backends.builtin.summary:ExtractiveSummarizer",
        "transformers": "service.pipeline.backends.hf.summary:TransformersSummarizer",
    },
)
