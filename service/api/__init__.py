"""HTTP layer: thin views; one success response each, every failure an ApiError."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from flask import current_app

if TYPE_CHECKING:
    from service.app import Services


def services() -> Services:
    return cast("Services", current_app.extensions["enrich"])
