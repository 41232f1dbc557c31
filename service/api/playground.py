"""The playground at "/": a page where a person pastes an article and a key and sees the result.

Plain HTML, CSS and JavaScript shipped in static/ (no CDN, no build step). The page calls the public
API with the pasted key like any client; it needs no key itself. Its Content-Security-Policy allows
this origin's own script, style sheet and API calls and nothing else: no inline code, no other
origin, no plug-ins, no framing, no form posts. Every other response keeps default-src 'none'.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, send_file

from service.api.spec import Blueprint

STATIC = Path(__file__).resolve().parent / "static"

bp = Blueprint(
    "playground",
    __name__,
    static_folder=STATIC / "playground",
    static_url_path="/playground",
    description="A page to try the API in a browser",
)

PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)


@bp.route("/", methods=["GET"])
@bp.doc(
    operationId="playground",
    summary="The playground: paste an article and a key, see the result",
    security=[],
)
@bp.response(200, {"type": "string"}, content_type="text/html", description="The page.")
def page() -> Response:
    response = send_file(STATIC / "playground.html", mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response
