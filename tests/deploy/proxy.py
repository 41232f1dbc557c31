"""The API pod's nginx configuration (k8s/proxy.yaml), parsed offline with crossplane."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import crossplane

from tests.deploy import helpers


def text() -> str:
    (doc,) = [m.doc for m in helpers.manifests() if m.kind == "ConfigMap" and m.name == "enrich-proxy"]
    return str(doc["data"]["nginx.conf"])


def parsed() -> list[dict[str, Any]]:
    """The directives of nginx.conf (crossplane's tree); fails on a syntax error, an unknown
    directive or one used where nginx does not allow it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nginx.conf"
        path.write_text(text(), encoding="utf-8")
        payload = crossplane.parse(str(path), check_ctx=True, check_args=True, comments=False)
    errors = [error for config in payload["config"] for error in config["errors"]]
    assert payload["status"] == "ok" and not errors, errors
    return list(payload["config"][0]["parsed"])


def walk(
    block: list[dict[str, Any]], path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every directive with the names of the blocks it sits in."""
    found = []
    for directive in block:
        found.append((path, directive))
        found += walk(directive.get("block", []), (*path, directive["directive"]))
    return found


def directive_args(conf: list[dict[str, Any]], name: str, within: str | None = None) -> list[list[str]]:
    return [
        d["args"] for path, d in walk(conf) if d["directive"] == name and (within is None or within in path)
    ]


def servers(conf: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Each `server` block's directives, by the port it listens on."""
    out = {}
    for _, directive in walk(conf):
        if directive["directive"] == "server" and "block" in directive:
            listen = next(d["args"][0] for d in directive["block"] if d["directive"] == "listen")
            out[int(listen)] = directive["block"]
    return out


def locations(server: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {" ".join(d["args"]): d.get("block", []) for d in server if d["directive"] == "location"}
