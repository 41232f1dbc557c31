"""A marshmallow schema's `dump`, compiled once into plain Python functions.

The result schema stays the one description of the result (the OpenAPI document is generated from
it), but `Schema.dump` walks every field through several generic layers per value: on a seed article
that was 1.5 ms, as much as a stage, for about a thousand values (sentence sentiments, mentions).
`compile_dump` reads the schema once and returns a function that builds the same dict with a few
calls per value. It covers the field types results use (String, Integer, Float, Nested, List, Dict)
with marshmallow's semantics (None stays None, `str`/`int`/`float` conversion, a missing attribute
falls back to `dump_default` or leaves the key out, `attribute` and `data_key`); a field of any other
type, or of a subclass, or a schema with dump hooks, is dumped by marshmallow itself, so the output
is always exactly `schema.dump(obj)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import Schema, fields, missing

Dump = Callable[[Any], Any]


def compile_dump(schema: Schema) -> Dump:
    """A function equal to `schema.dump` (for the schema's own `many`)."""
    dump_one = _schema_dump(schema)
    if schema.many:  # like marshmallow, None is dumped as one object
        return lambda obj: dump_one(obj) if obj is None else [dump_one(each) for each in obj]
    return dump_one


def _schema_dump(schema: Schema) -> Dump:
    """Dumps one object (not a collection) the way `schema.dump(obj, many=False)` does."""
    if (
        schema._hooks["pre_dump"]  # marshmallow's own registry of a schema's hooks
        or schema._hooks["post_dump"]
        or type(schema).get_attribute is not Schema.get_attribute
        or schema.dict_class is not dict
    ):
        return lambda obj: schema.dump(obj, many=False)
    plan = [_plan(name, field) for name, field in schema.dump_fields.items()]

    def dump(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        # marshmallow.utils.get_value: an item if `obj` has items, else an attribute
        items = hasattr(obj, "__getitem__")
        for name, key, attribute, convert, default, field in plan:
            if convert is None:
                value = field.serialize(name, obj, accessor=schema.get_attribute)
                if value is not missing:
                    out[key] = value
                continue
            value = _item(obj, attribute) if items else getattr(obj, attribute, missing)
            if value is missing:
                value = default() if callable(default) else default
                if value is missing:
                    continue  # marshmallow leaves the key out
            out[key] = convert(value)
        return out

    return dump


_Plan = tuple[str, str, str, Dump | None, Any, fields.Field[Any]]


def _plan(name: str, field: fields.Field[Any]) -> _Plan:
    """(name, key, attribute, converter, dump default, field) of one field; no converter: the
    field is dumped by marshmallow (a type not covered, or an attribute path with dots)."""
    key = field.data_key if field.data_key is not None else name
    attribute = field.attribute if field.attribute is not None else name
    convert = None if "." in attribute else _converter(field)
    return name, key, attribute, convert, field.dump_default, field


def _item(obj: Any, key: str) -> Any:
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, missing)


def _converter(field: fields.Field[Any]) -> Dump | None:
    """The field's `_serialize(value, ...)` for a value already read; None for a type not covered."""
    kind = type(field)
    if kind is fields.String:
        return _string
    if kind in (fields.Integer, fields.Float) and not field.as_string:  # type: ignore[attr-defined]
        number: type[int] | type[float] = int if kind is fields.Integer else float
        # int(x) is x for an int, float(x) for a float: most values need no call
        return lambda value: value if type(value) is number or value is None else number(value)
    if kind is fields.Nested:
        return _nested(field)  # type: ignore[arg-type]
    if kind is fields.List:
        inner = _converter(field.inner)  # type: ignore[attr-defined]
        if inner is None:
            return None
        return lambda value: None if value is None else [inner(each) for each in value]
    if kind is fields.Dict:
        return _mapping(field)  # type: ignore[arg-type]
    return None


def _string(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value  # str(value) is value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _nested(field: fields.Nested) -> Dump:
    schema = field.schema
    dump_one = _schema_dump(schema)
    if schema.many or field.many:
        return lambda value: None if value is None else [dump_one(each) for each in value]
    return lambda value: None if value is None else dump_one(value)


def _mapping(field: fields.Dict) -> Dump | None:
    keys = None if field.key_field is None else _converter(field.key_field)
    values = None if field.value_field is None else _converter(field.value_field)
    if (field.key_field is not None and keys is None) or (field.value_field is not None and values is None):
        return None
    if field.mapping_type is not dict:
        return None
    if keys is None and values is None:
        return lambda value: None if value is None else dict(value)

    def dump(value: Mapping[Any, Any] | None) -> dict[Any, Any] | None:
        if value is None:
            return None
        names = {k: k for k in value} if keys is None else {k: keys(k) for k in value}
        if values is None:
            return {names[k]: v for k, v in value.items() if k in names}
        return {names[k]: values(v) for k, v in value.items()}

    return dump
