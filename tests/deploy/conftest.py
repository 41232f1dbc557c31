"""Fixtures for the deployment tests: offline, no Redis server, no Docker engine."""

from __future__ import annotations

import pytest
from flask import Flask

from service.app import create_app
from service.config import Settings


@pytest.fixture(scope="session")
def offline_app() -> Flask:
    # Redis is connected lazily; port 1 refuses at once if a probe is ever called.
    return create_app(Settings.from_env({}, redis_url="redis://127.0.0.1:1/0", auth="disabled"))


@pytest.fixture(scope="session")
def get_routes(offline_app: Flask) -> set[str]:
    """Paths the app answers with GET (static rules, no converters)."""
    return {
        r.rule for r in offline_app.url_map.iter_rules() if "GET" in (r.methods or ()) and "<" not in r.rule
    }
