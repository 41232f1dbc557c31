"""Regions: the Indonesian provinces, regencies and cities an article mentions, with their official
(Kemendagri 2025) codes. A foreign story has none."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, ENTITIES, REGION_LEVELS, REGIONS
from service.pipeline.stage import Stage


class RegionSchema(Schema):
    name = fields.String(required=True, metadata={"description": "Official name, e.g. 'Kabupaten Bogor'"})
    level = fields.String(required=True, validate=validate.OneOf(REGION_LEVELS))
    code = fields.String(required=True, metadata={"description": "Official code, e.g. '32.01'"})
    province = fields.String(required=True)


STAGE = Stage(
    name="regions",
    feature="regions",
    requires=(BODY, ENTITIES),  # the tagger's places confirm names that are also common words
    assigns=REGIONS,
    field=fields.List(fields.Nested(RegionSchema)),
    backends={"builtin": "service.pipeline.backends.builtin.regions:TableRegionFinder"},
)
