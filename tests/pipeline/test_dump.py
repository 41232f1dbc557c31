"""compile_dump: the same output as marshmallow's Schema.dump, key order included."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from marshmallow import Schema, fields, post_dump

from service.config import Settings
from service.pipeline.document import ArticleRequest
from service.pipeline.dump import compile_dump
from service.pipeline.result import result_values
from service.pipeline.runner import Pipeline


def same(schema: Schema, obj: Any) -> None:
    expected = schema.dump(obj)
    got = compile_dump(schema)(obj)
    assert got == expected
    assert json.dumps(got) == json.dumps(expected)  # keys in the same order, values of the same types


class Inner(Schema):
    name = fields.String(required=True, allow_none=True)
    count = fields.Integer()


class Outer(Schema):
    text = fields.String()
    number = fields.Integer()
    ratio = fields.Float(allow_none=True)
    renamed = fields.String(data_key="shownAs")
    sourced = fields.String(attribute="elsewhere")
    defaulted = fields.Integer(dump_default=7)
    one = fields.Nested(Inner, allow_none=True)
    many = fields.Nested(Inner, many=True)
    listed = fields.List(fields.Nested(Inner))
    words = fields.List(fields.String(), allow_none=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Float())
    plain = fields.Dict()
    flag = fields.Boolean()  # not compiled: marshmallow dumps it
    method = fields.Method("shout")
    nested_only = fields.Nested(Inner, only=("name",))
    as_text = fields.Integer(as_string=True)

    def shout(self, obj: Any) -> str:
        return str(obj.get("text", "")).upper() if isinstance(obj, dict) else "object"


@dataclass
class Thing:
    name: str | None
    count: int = 1


@dataclass
class Holder:
    text: str = "t"
    number: float = 3.9  # Integer dumps int(3.9) == 3
    ratio: float | None = None
    many: list[Thing] = field(default_factory=lambda: [Thing("a"), Thing(None, 2)])


def test_plain_values_conversions_and_missing_keys() -> None:
    same(Outer(), {})  # every key missing: only the default (and the method) come out
    same(
        Outer(),
        {
            "text": b"bytes",
            "number": "12",
            "ratio": Decimal("0.5"),
            "renamed": 5,
            "elsewhere": "from another key",
            "defaulted": None,
            "one": None,
            "many": [{"name": "x", "count": True}, Thing("y")],
            "listed": [Thing("z", 3)],
            "words": None,
            "scores": {"positive": 1, "negative": Decimal("0.25")},
            "plain": {"a": [1, 2]},
            "flag": "yes",
            "nested_only": Thing("only", 9),
            "as_text": 5,
        },
    )


def test_objects_read_by_attribute() -> None:
    same(Outer(), Holder())
    same(Outer(many=True), [Holder(), {"text": None}])
    same(Outer(many=True), None)


class Hooked(Schema):
    name = fields.String()

    @post_dump
    def wrap(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {"wrapped": data}


class WithHooked(Schema):
    inner = fields.Nested(Hooked)
    items = fields.List(fields.Nested(Hooked))


def test_schemas_with_hooks_are_dumped_by_marshmallow() -> None:
    same(Hooked(), {"name": "n"})
    same(WithHooked(), {"inner": {"name": "n"}, "items": [{"name": "a"}, Thing("b")]})


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(Settings.from_env({}).pipeline)


@pytest.mark.parametrize("features", [(), ("summary", "quotes")])
def test_the_result_of_every_seed(
    pipeline: Pipeline, seeds: dict[str, str], features: tuple[str, ...]
) -> None:
    for text in seeds.values():
        article = pipeline.run(ArticleRequest(text=text, features=features))
        values = result_values(article, pipeline.declared, pipeline.shown(features))
        same(pipeline._result, values)
        assert pipeline.result(article) == pipeline._result.dump(values)
