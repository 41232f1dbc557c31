"""Summary: a few sentences that carry the story, in the article's own language.

Length: at most `summary_sentences` sentences (default DEFAULT_SENTENCES) and, when the client
sends `summary_chars`, at most that many characters of summary text. Sent alone, `summary_chars` is
the only limit (up to MAX_SENTENCES sentences). Backends keep to whole sentences that fit; when not
even one fits, the best one is cut at a word boundary, so a summary is never empty for want of room.
"""

from __future__ import annotations

from marshmallow import Schema, fields

from service.pipeline.document import BODY, LANGUAGE, SUMMARY, Article, Sentence, Summary
from service.pipeline.stage import Backend, Stage

Summarizer = Backend[Summary]

DEFAULT_SENTENCES = 3
MAX_SENTENCES = 20
# A budget below a short sentence would only ever return a cut one; above this, 20 long news
# sentences (about 300 characters each) fit, so a larger number would never limit anything.
MIN_CHARS = 40
MAX_CHARS = 10_000


def length_of(article: Article) -> tuple[int, int | None]:
    """(most sentences, most characters or None) the client asked for."""
    sentences, chars = article.request.summary_sentences, article.request.summary_chars
    if sentences is None and chars is not None:
        return MAX_SENTENCES, chars
    return sentences or DEFAULT_SENTENCES, chars


def leading_within(sentences: list[Sentence], max_chars: int | None) -> list[Sentence]:
    """The leading sentences whose text joined by spaces fits `max_chars`; when the first alone
    does not, that one cut (for a generated summary, which reads in order)."""
    if max_chars is None or not sentences:
        return sentences
    kept: list[Sentence] = []
    used = -1  # no joining space before the first
    for sentence in sentences:
        used += 1 + len(sentence.text)
        if used > max_chars:
            break
        kept.append(sentence)
    return kept or [cut(sentences[0], max_chars)]


def cut(sentence: Sentence, budget: int) -> Sentence:
    """The longest prefix of `sentence` within `budget` characters that ends at a word's end
    (a word longer than the budget is cut inside); offsets, when it has them, still index the body."""
    if len(sentence.text) <= budget:
        return sentence
    space = sentence.text.rfind(" ", 0, budget + 1)
    head = sentence.text[:space] if space > 0 else sentence.text[:budget]
    head = head.rstrip(" ,;:-–—") or head
    if sentence.start is None:
        return Sentence(text=head, start=None, end=None)
    return Sentence(text=head, start=sentence.start, end=sentence.start + len(head))


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
