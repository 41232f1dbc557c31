"""A tiny JSON HTTP client on urllib, so tests exercise exactly what goes over the wire."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

# The e2e stack runs with API keys, as in production.
API_KEYS = "tests:tests-secret-key,other:other-secret-key"
TOKEN = "tests-secret-key"
OTHER_TOKEN = "other-secret-key"
# Completion webhooks are signed with these (ENRICH_WEBHOOK_SECRETS of the e2e stack).
WEBHOOK_SECRET = "tests-webhook-secret-0123456789"
WEBHOOK_SECRETS = f"tests:{WEBHOOK_SECRET},other:other-webhook-secret-0123456789"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    method: str,
    url: str,
    body: object = None,
    raw: bytes | None = None,
    content_type: str = "application/json",
    token: str | None = TOKEN,
    headers: dict[str, str] | None = None,
) -> Reply:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", content_type)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read())
