"""What gunicorn runs of ours (gunicorn.conf.py names these classes):

- `Worker`: gunicorn's gevent worker. Every connection is a greenlet, so `?wait` requests and
  slow clients cost memory, not a thread each; the request line and headers must arrive within
  the keep-alive time (gunicorn's gevent timeout around reading them), and the body within
  ENRICH_BODY_TIMEOUT_S (service.api.body). Errors gunicorn answers itself, before the app sees
  the request (a malformed request line or header, too many headers), are problem+json like every
  other error, and a request the app marked (service.api.body.CLOSE_CONNECTION) is answered with
  `Connection: close` and its connection closed.
- `JsonLogger`: the access log, one JSON object per line built with json.dumps, so a newline,
  quote or backslash in a path or User-Agent cannot break the line.

Imported only by gunicorn's processes (it imports gevent, and gunicorn's worker patches the
standard library with it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from gunicorn import glogging
from gunicorn.http import errors as http_errors
from gunicorn.http.wsgi import Response as GunicornResponse
from gunicorn.workers.ggevent import GeventWorker

from service.api.body import CLOSE_CONNECTION
from service.errors import PROBLEM_BASE

# gunicorn's own rejections, by exception: (status, reason). Anything else it raises is 400.
REJECTIONS: dict[type[BaseException], tuple[int, str]] = {
    http_errors.LimitRequestLine: (414, "URI Too Long"),
    http_errors.LimitRequestHeaders: (431, "Request Header Fields Too Large"),
    http_errors.UnsupportedTransferCoding: (501, "Not Implemented"),
    http_errors.ExpectationFailed: (417, "Expectation Failed"),
    http_errors.ForbiddenProxyRequest: (403, "Forbidden"),
}
# Parse errors that are the server's fault, not the client's: gunicorn answers those 500.
SERVER_FAULTS = (
    http_errors.InvalidResponseHeader,
    http_errors.InvalidResponseHeaderName,
    http_errors.ConfigurationProblem,
)


class Worker(GeventWorker):  # type: ignore[misc]  # gunicorn has no type hints
    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = _closing(getattr(self, "wsgi"))  # noqa: B009  # set by gunicorn, untyped

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if not isinstance(exc, http_errors.ParseException) or isinstance(exc, SERVER_FAULTS):
            super().handle_error(req, client, addr, exc)  # a 500: gunicorn logs the traceback
            return
        status, reason = REJECTIONS.get(type(exc), (400, "Bad Request"))
        self.log.warning("invalid request from %s: %s", (addr or ("",))[0], exc)
        body = json.dumps(
            {
                "type": PROBLEM_BASE + "bad_request",
                "title": reason,
                "status": status,
                "detail": str(exc)[:300],
                "code": "bad_request" if status == 400 else reason.lower().replace(" ", "_"),
            }
        ).encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        try:
            client.sendall(head.encode("latin-1") + body)
        except OSError:
            pass  # the client is gone


def _closing(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """Wraps the app so that a request it marked to close makes gunicorn say Connection: close
    (a WSGI app may not send hop-by-hop headers itself) and close the connection after it."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            response = getattr(start_response, "__self__", None)  # gunicorn's bound start_response
            if environ.get(CLOSE_CONNECTION) and isinstance(response, GunicornResponse):
                response.force_close()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wsgi


class JsonLogger(glogging.Logger):  # type: ignore[misc]
    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        status = str(atoms.get("s") or "-")
        entry = {
            "ts": datetime.now().astimezone().isoformat(timespec="milliseconds"),
            "remote": atoms.get("h"),
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "query": atoms.get("q") or None,
            "status": int(status) if status.isdigit() else status,
            "bytes": atoms.get("B"),
            "duration_us": atoms.get("D"),
            "request_id": atoms.get("{x-request-id}o"),
            "user_agent": atoms.get("a"),
        }
        self.access_log.info(json.dumps(entry, default=str))
