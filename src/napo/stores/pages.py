"""What the front server of `napo serve` needs to serve a web site beside the endpoint: static
files held in memory and JSON/CSV routes, both handed in by the caller (the site layer sits
above the stores, so nothing here knows what the pages are).

Files are looked up by exact name in a mapping, never on disk: no path can reach outside
what was handed in (no `..`, no symlinks to follow). `/docs/Rhizotomy` answers with
`Rhizotomy.html`, so a term's page has the IRI's local name as its URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs, unquote

MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".js": "text/javascript; charset=utf-8", ".json": "application/json",
               ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
               ".txt": "text/plain; charset=utf-8"}
# Pages may load only what this origin serves and talk only to it.
SECURITY_HEADERS = (
    ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)


@dataclass(frozen=True)
class Answer:
    """What a route answers: status, media type, body, and a file name for downloads."""

    status: int
    content_type: str
    body: bytes
    filename: str = ""


Route = Callable[[Mapping[str, list[str]]], Answer]


def _plain(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", message.encode())


def route_answer(route: Route, query: str) -> Answer:
    """A caller's route answering the request's parameters; its failure is a 500, not a dead
    server thread."""
    try:
        form = parse_qs(query, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return _plain(HTTPStatus.BAD_REQUEST, "the request parameters are not UTF-8\n")
    try:
        return route(form)
    except Exception as error:
        return _plain(HTTPStatus.INTERNAL_SERVER_ERROR, f"the request failed: {error!r}\n")


def static_answer(files: Mapping[str, bytes], relative: str) -> Answer:
    """The file at relative (URL-decoded; '' is index.html, a name without suffix its .html)."""
    try:
        name = unquote(relative, errors="strict") or "index.html"
    except UnicodeDecodeError:
        return _plain(HTTPStatus.BAD_REQUEST, "the path is not UTF-8\n")
    if name.endswith("/"):
        name += "index.html"
    if name not in files and f"{name}.html" in files:
        name += ".html"
    if name not in files:
        return _plain(HTTPStatus.NOT_FOUND, f"no page {name} here: the site starts at index.html\n")
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return Answer(HTTPStatus.OK, MEDIA_TYPES.get(suffix, "application/octet-stream"), files[name])
