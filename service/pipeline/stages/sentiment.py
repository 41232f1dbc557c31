"""Sentiment: the tone of the article's wording (positive, neutral or negative) with a probability."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, LANGUAGE, SENTIMENT, SENTIMENT_LABELS, Sentiment
from service.pipeline.stage import Backend, Stage

SentimentAnalyzer = Backend[Sentiment]


class SentimentSchema(Schema):
    label = fields.String(required=True, validate=validate.OneOf(SENTIMENT_LABELS))
    score = fields.Float(
        required=True,
        validate=validate.Range(min=0, max=1),
        metadata={"description": "Probability of the label"},
    )
    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Float(validate=validate.Range(min=0, max=1)),
        required=True,
        metadata={"description": "Probability of every label (they sum to 1)"},
    )


STAGE = Stage(
    name="sentiment",
    feature="sentiment",
    requires=(BODY, LANGUAGE),
    assigns=SENTIMENT,
    field=fields.Nested(SentimentSchema),
    backends={
        "builtin": "service.pipeline.backends.builtin.sentiment:LexicalSentimentAnalyzer",
        "transformers": "service.pipeline.backends.hf.sentiment:TransformersSentimentAnalyzer",
    },
)
