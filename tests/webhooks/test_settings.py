"""ENRICH_WEBHOOK_*: secrets per key (with rotation and a fallback), networks, kept out of repr."""

from __future__ import annotations

import ipaddress

import pytest

from service.config import ConfigError, Settings


def test_secrets_per_key_rotation_and_fallback() -> None:
    settings = Settings.from_env(
        {
            "ENRICH_WEBHOOK_SECRETS": "alice:alice-secret-0000001,alice:alice-secret-0000002,*:fallback-secret-00001"
        }
    ).webhooks
    assert settings.secrets_for("alice") == ["alice-secret-0000001", "alice-secret-0000002"]
    assert settings.secrets_for("bob") == ["fallback-secret-00001"]
    assert Settings.from_env({}).webhooks.secrets_for("alice") == []


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings.from_env({"ENRICH_WEBHOOK_SECRETS": "alice:alice-secret-0000001"})
    assert "alice-secret-0000001" not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ENRICH_WEBHOOK_SECRETS", "alice:short"),
        ("ENRICH_WEBHOOK_SECRETS", "no-name-here-at-all"),
        ("ENRICH_WEBHOOK_ALLOW_NETWORKS", "10.0.0.0/8,not-a-network"),
        ("ENRICH_WEBHOOK_TIMEOUT_S", "0"),
    ],
)
def test_bad_settings_stop_the_start(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env({variable: value})


def test_allowed_networks() -> None:
    settings = Settings.from_env({"ENRICH_WEBHOOK_ALLOW_NETWORKS": "127.0.0.0/8, fd00::/8"}).webhooks
    assert settings.allowed_networks() == [
        ipaddress.ip_network("127.0.0.0/8"),
        ipaddress.ip_network("fd00::/8"),
    ]
