"""The enrichment result as the API documents it: built from the registered stages."""

from __future__ import annotations

from service.pipeline.registry import REGISTRY
from service.pipeline.result import result_schema

ResultSchema = result_schema(REGISTRY.stages())
