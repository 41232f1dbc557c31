"""Interactive API docs at /docs: Swagger UI on the generated OpenAPI document, served offline.

The Swagger UI build ships inside the swagger-ui-py wheel (pinned); this service serves its files
itself, so the page works with no CDN and no network. Only the files the page uses are served.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Response, abort, send_file

from service.api.spec import Blueprint

PAGE = Path(__file__).resolve().parent / "static" / "docs"
# swagger-ui-py keeps the Swagger UI distribution in its package's static/ folder.
SWAGGER_UI = Path(str(files("swagger_ui") / "static"))
ASSETS = {
    "swagger-ui.css": (SWAGGER_UI, "text/css"),
    "swagger-ui-bundle.js": (SWAGGER_UI, "text/javascript"),
    "favicon-32x32.png": (SWAGGER_UI, "image/png"),
    "docs.js": (PAGE, "text/javascript"),
    "docs.css": (PAGE, "text/css"),
}
# Swagger UI sets inline style attributes and draws icons from data: URIs; scripts stay 'self' only.
PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

bp = Blueprint("docs", __name__, description="Interactive API documentation")


@bp.route("/docs", methods=["GET"])
@bp.doc(operationId="docs", summary="Interactive API docs (Swagger UI, offline)", security=[])
@bp.response(200, {"type": "string"}, content_type="text/html", description="The page.")
def page() -> Response:
    response = send_file(PAGE / "index.html", mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


@bp.route("/docs/<name>", methods=["GET"])
@bp.doc(operationId="docsAsset", summary="A file of the docs page", security=[])
@bp.response(200, {"type": "string"}, content_type="text/javascript", description="The file.")
@bp.problems(404)
def asset(name: str) -> Response:
    if name not in ASSETS:
        abort(404)
    folder, mimetype = ASSETS[name]
    return send_file(folder / name, mimetype=mimetype, max_age=86400)
