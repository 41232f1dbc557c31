"""The playground page: public, same-origin only, and the only response with a looser policy."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from service.app import create_app
from service.config import Settings
from service.pipeline.registry import REGISTRY


@pytest.fixture
def secured(settings: Settings) -> FlaskClient:
    config = Settings.from_env(
        {},
        redis_url=settings.queue.redis_url,
        queue_name=settings.queue.queue_name,
        api_keys="alice:alice-secret-1",
    )
    return create_app(config).test_client()


class References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]
        self.inline_scripts += tag == "script" and "src" not in found
        assert not any(name.startswith("on") for name, _ in attrs), f"inline handler on <{tag}>"


def policy(header: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_page_needs_no_key_and_allows_only_its_own_origin(secured: FlaskClient) -> None:
    page = secured.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    csp = policy(page.headers["Content-Security-Policy"])
    assert csp["default-src"] == "default-src 'none'"
    assert csp["script-src"] == "script-src 'self'" and csp["style-src"] == "style-src 'self'"
    assert csp["connect-src"] == "connect-src 'self'" and csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe" not in page.headers["Content-Security-Policy"]
    references = References()
    references.feed(page.get_data(as_text=True))
    assert references.inline_scripts == 0
    assert references.urls and all(
        url.startswith("/") and not url.startswith("//") for url in references.urls
    )
    for url in references.urls:
        if url.startswith("/playground/"):
            asset = secured.get(url)
            assert asset.status_code == 200, url
            assert asset.mimetype in ("text/javascript", "text/css")


def test_every_other_response_keeps_the_strict_policy(secured: FlaskClient) -> None:
    for response in (
        secured.get("/healthz"),
        secured.get("/playground/playground.js"),
        secured.post("/v1/articles", json={"text": "x"}),
    ):
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert secured.post("/v1/articles", json={"text": "x"}).status_code == 401  # the API still needs a key


def test_a_missing_playground_file_is_a_problem(secured: FlaskClient) -> None:
    for path in ("/playground/nothing.js", "/playground/../playground.html"):
        missing = secured.get(path)
        assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


class Checkboxes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.features: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name") == "features" and found.get("value"):
            self.features.append(str(found["value"]))


def test_the_page_offers_every_feature(secured: FlaskClient) -> None:
    boxes = Checkboxes()
    boxes.feed(secured.get("/").get_data(as_text=True))
    assert sorted(boxes.features) == sorted(REGISTRY.features())
