"""Quotes and their speakers: `extract_quotes(body, entities)`."""

from service.pipeline.backends.builtin.quotes.extract import extract_quotes

__all__ = ["extract_quotes"]
