"""Shared fixtures: one real Redis per session; a fresh queue name per test keeps tests apart."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis

from service.app import create_app
from service.config import Settings
from tests import servers

# The `browser` fixture (a real headless Chromium) for page tests.
pytest_plugins = ["tests.e2e.browser"]

SEEDS = sorted((servers.ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = servers.start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    servers.stop(proc)


@pytest.fixture
def settings(redis_url: str) -> Settings:
    return Settings.from_env(
        {}, redis_url=redis_url, queue_name=f"test-{uuid.uuid4().hex[:8]}", auth="disabled", retries=0
    )


@pytest.fixture
def app(settings: Settings) -> Flask:
    return create_app(settings)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def redis(redis_url: str) -> Redis:
    return Redis.from_url(redis_url)


def seed_texts() -> dict[str, str]:
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS}


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return seed_texts()


@pytest.fixture(scope="session")
def logs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("logs")
