"""HTTP layer: thin views; one success response each, every failure an ApiError."""

from __future__ import annotations

from flask import current_app

from service.app import Services


def services() -> Services:
    return current_app.extensions["enrich"]
