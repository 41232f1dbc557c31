"""The result document a client gets: one fixed shape, built from the list of stages.

Request fields come back as given; each stage's output sits under its slot's name (null when the
client did not ask for it); `models` and `timings_ms` say who made each output in how long.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from marshmallow import Schema, fields

from service.pipeline.document import Article
from service.pipeline.stage import Stage


class BackendInfoSchema(Schema):
    backend = fields.String(required=True)
    version = fields.String(required=True)
    model = fields.String(allow_none=True)


def result_schema(stages: Sequence[Stage[Any]]) -> type[Schema]:
    declared: dict[str, fields.Field[Any]] = {
        "title": fields.String(allow_none=True),
        "url": fields.String(allow_none=True),
        "published_at": fields.String(allow_none=True),
    }
    for stage in stages:
        if stage.field is None:
            continue  # internal
        field = copy.deepcopy(stage.field)
        field.allow_none = stage.feature is not None  # null when the client did not ask for it
        if stage.description and "description" not in field.metadata:
            field.metadata = {**field.metadata, "description": stage.description}
        declared[stage.assigns.name] = field
    declared["models"] = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(BackendInfoSchema),
        metadata={"description": "Backend (and model) behind each stage's output, by stage name"},
    )
    declared["timings_ms"] = fields.Dict(
        keys=fields.String(), values=fields.Float(), metadata={"description": "Milliseconds per stage run"}
    )
    for field in declared.values():
        field.required = True  # one fixed shape: every key is always there
    return Schema.from_dict(declared, name="Result")


def result_values(article: Article, stages: Sequence[Stage[Any]], shown: set[str]) -> dict[str, Any]:
    """The values `result_schema` dumps: request fields, stage outputs (those in `shown`)."""
    request = article.request
    values: dict[str, Any] = {
        "title": request.title,
        "url": request.url,
        "published_at": request.published_at,
    }
    for stage in stages:
        if stage.field is not None:
            values[stage.assigns.name] = article.get(stage.assigns) if stage.name in shown else None
    values["models"] = dict(article.models)  # BackendInfo objects: BackendInfoSchema reads their fields
    values["timings_ms"] = dict(article.timings_ms)
    return values
