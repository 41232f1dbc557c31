"""Bounds on what a request body may cost before and after parsing: nesting depth, and the size
of the validation problem sent back."""

from __future__ import annotations

import re
from typing import Any

# JSON strings (skipped whole, escapes included) and brackets: enough to measure nesting.
_JSON_NESTING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_depth_exceeds(data: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`. Checked before parsing:
    Python's json module recurses once per level, and 100,000 levels raise RecursionError."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # no deeper than all its openers, counted fast (an article has a few)
    depth = 0
    for match in _JSON_NESTING.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


def summarise(messages: dict[str, Any], limit: int) -> dict[str, Any]:
    """marshmallow's messages (field -> messages, nested by field or list index), cut to the
    first `limit` messages plus a count of the rest: 100,000 invalid items must not become a
    10 MB answer."""
    budget, left_out = limit, 0

    def cut(node: Any) -> Any:
        nonlocal budget, left_out
        if isinstance(node, dict):
            kept = {key: cut(value) for key, value in node.items()}
            return {key: value for key, value in kept.items() if value is not None} or None
        if isinstance(node, list):
            items = [cut(item) for item in node]
            return [item for item in items if item is not None] or None
        if budget > 0:
            budget -= 1
            return node
        left_out += 1
        return None

    pruned: dict[str, Any] = cut(messages) or {}
    if left_out:
        pruned["_truncated"] = [f"{left_out} more messages not shown (the first {limit} are)"]
    return pruned
