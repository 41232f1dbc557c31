"""Fields that read JSON as JSON Schema does."""

from __future__ import annotations

from typing import Any

from marshmallow import fields


class JsonInteger(fields.Integer):
    """An integer as JSON Schema defines it: 3 and 3.0 are integers; "3", 2.5 and true are not
    (marshmallow's own Integer accepts "3" and, strict, refuses 3.0)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        integral_float = isinstance(value, float) and value.is_integer()
        if isinstance(value, bool) or not (isinstance(value, int) or integral_float):
            raise self.make_error("invalid")
        return int(value)
