"""ARTICLES on the command line -> one Item per article: files, folders, and JSONL of requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.client import Article

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


class InputError(Exception):
    """A command-line argument that names nothing readable: a usage error, nothing is sent."""


@dataclass(frozen=True)
class Options:
    """Request options from the command line, for every article that does not set its own."""

    features: tuple[str, ...] | None = None
    language: str | None = None
    summary_sentences: int | None = None
    summary_chars: int | None = None


@dataclass(frozen=True)
class Item:
    """One article to enrich, or the reason it cannot be sent (`problem`)."""

    source: str  # a path, or path:line / path#id for JSONL; names the article in the results file
    article: Article | None
    problem: str | None = None

    @property
    def key(self) -> str | None:
        return None if self.article is None else self.article.content_key()


def collect(arguments: list[str], options: Options) -> list[Item]:
    """Every article named, in the order given (a folder's files sorted by path)."""
    items: list[Item] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
            )
            for file in files:
                items.extend(_read_file(file, options))
        elif path.is_file():
            if path.suffix.lower() not in READABLE_SUFFIXES:
                raise InputError(f"{argument}: not .txt, .html, .htm or .jsonl")
            items.extend(_read_file(path, options))
        else:
            raise InputError(f"{argument}: no such file or folder")
    return items


def _read_file(path: Path, options: Options) -> Iterator[Item]:
    source = str(path)
    try:
        content = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield Item(source, None, f"cannot read {source}: {exc}")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(source, content, options)
    elif suffix in HTML_SUFFIXES:
        yield Item(source, _article({"html": content}, options))
    else:
        yield Item(source, _article({"text": content}, options))


def _read_jsonl(source: str, content: str, options: Options) -> Iterator[Item]:
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{source}:{number}"
        try:
            fields = json.loads(line)
        except ValueError as exc:
            yield Item(label, None, f"line {number} is not JSON: {exc}")
            continue
        if not isinstance(fields, dict):
            yield Item(label, None, f"line {number} is not a JSON object")
            continue
        # A caller's own id names the article in the results; it is not a request field.
        own_id = fields.pop("id", None)
        if own_id is not None:
            label = f"{source}#{own_id}"
        given = [name for name in ("text", "html") if isinstance(fields.get(name), str)]
        if len(given) != 1:
            yield Item(label, None, f"line {number}: give exactly one of 'text' or 'html' as a string")
            continue
        yield Item(label, _article(fields, options))


def _article(fields: dict[str, Any], options: Options) -> Article:
    """Named fields go to the Article; any other field is sent as given, for the API to validate."""
    rest = dict(fields)
    text, html = rest.pop("text", None), rest.pop("html", None)
    features = rest.pop("features", options.features)
    return Article(
        text=text,
        html=html,
        features=tuple(features) if isinstance(features, list | tuple) else features,
        language=rest.pop("language", options.language),
        summary_sentences=rest.pop("summary_sentences", options.summary_sentences),
        summary_chars=rest.pop("summary_chars", options.summary_chars),
        extra=rest,
    )
