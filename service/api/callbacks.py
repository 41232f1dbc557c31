"""A callback URL is checked at submission as far as can be without DNS: the calling key has a
webhook secret (an unsigned webhook could be forged), and a host given as an IP address is one
webhooks may reach. Host names are checked when the webhook is sent, against every address they
resolve to then (service.webhooks.addresses)."""

from __future__ import annotations

from service import errors
from service.api import services
from service.api.auth import client_name
from service.webhooks.addresses import literal_refusal


def refusal(callback_url: str | None) -> str | None:
    """Why the calling key may not have webhooks sent to `callback_url`, or None."""
    if callback_url is None:
        return None
    settings = services().webhooks
    if not settings.secrets_for(client_name()):
        return (
            "no webhook secret is configured for this API key, so a webhook could not be signed; "
            "ask the operator to add one (ENRICH_WEBHOOK_SECRETS)"
        )
    reason = literal_refusal(callback_url, settings.allowed_networks())
    return None if reason is None else f"webhooks go to public addresses only: {reason}"


def check(callback_url: str | None, field: str = "callback_url") -> None:
    reason = refusal(callback_url)
    if reason is not None:
        raise errors.ValidationFailed(f"invalid field(s): {field}", errors={field: [reason]})
