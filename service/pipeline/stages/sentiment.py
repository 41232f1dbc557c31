"""Sentiment: the tone of the article's wording (positive, neutral or negative) with a probability,
and the tone of each of its sentences (other stages read them: entity sentiment)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, LANGUAGE, SENTIMENT, SENTIMENT_LABELS, Sentiment
from service.pipeline.stage import Backend, Stage

SentimentAnalyzer = Backend[Sentiment]

SENTIMENT_LABEL = validate.OneOf(SENTIMENT_LABELS)
UNIT = validate.Range(min=0, max=1)


class ScoresMixin(Schema):
    label = fields.String(required=True, validate=SENTIMENT_LABEL)
    score = fields.Float(required=True, validate=UNIT, metadata={"description": "Probability of the label"})
    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Float(validate=UNIT),
        required=True,
        metadata={"description": "Probability of every label (they sum to 1)"},
    )


class SentenceSentimentSchema(ScoresMixin):
    start = fields.Integer(required=True, metadata={"description": "Offsets into body"})
    end = fields.Integer(required=True)


class SentimentSchema(ScoresMixin):
    sentences = fields.List(
        fields.Nested(SentenceSentimentSchema),
        required=True,
        metadata={"description": "Each sentence's tone"},
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
