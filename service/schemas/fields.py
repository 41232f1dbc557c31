"""Fields that read JSON as JSON Schema does, and text as the pipeline can take it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from marshmallow import ValidationError, fields

# C0 and C1 control characters and DEL, except tab and newline (carriage returns become newlines),
# which are removed; and lone surrogates (JSON's "\ud800" escape), which no UTF-8 encoder takes
# and which become U+FFFD. One pattern, so an article is scanned once (most have neither).
_UNREADABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _replacement(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def normalise_text(text: str) -> str:
    """What every stage can read: newlines for CR and CRLF, no NUL or other control characters
    (tab and newline kept), U+FFFD for lone surrogates, NFC. An accepted article must never fail
    on its own characters (fastText refuses NUL; lxml refuses controls; encoders refuse
    surrogates)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNREADABLE.sub(_replacement, text)
    return unicodedata.normalize("NFC", text)


class Text(fields.String):
    """A string, normalised by normalise_text. Its validators run on what the client sent (the
    contract's maxLength holds for the request as sent) and again on the normalised text (NUL
    alone is not a text)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        raw = super()._deserialize(value, attr, data, **kwargs)
        self._validate(raw)
        return normalise_text(raw)


class BoundedList(fields.List[Any]):
    """A list refused at once when longer than `max_items`, before any item is looked at, so a
    list of 100,000 bad items costs one message, not 100,000."""

    def __init__(self, cls_or_instance: Any, *, max_items: int, **kwargs: Any) -> None:
        super().__init__(cls_or_instance, **kwargs)
        self.max_items = max_items

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if isinstance(value, list) and len(value) > self.max_items:
            raise ValidationError(f"at most {self.max_items} items, got {len(value)}")
        return super()._deserialize(value, attr, data, **kwargs)


class JsonInteger(fields.Integer):
    """An integer as JSON Schema defines it: 3 and 3.0 are integers; "3", 2.5 and true are not
    (marshmallow's own Integer accepts "3" and, strict, refuses 3.0)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        integral_float = isinstance(value, float) and value.is_integer()
        if isinstance(value, bool) or not (isinstance(value, int) or integral_float):
            raise self.make_error("invalid")
        return int(value)
