"""Checking what a user gives for a server before anything is sent, and writing it safely.

Nothing a user typed is ever spliced into query or update text as it stands: every IRI is
checked by absolute_iri() and written by iri_term() (an N-Triples term that cannot end early),
every literal by literal_term(), and every endpoint URL is checked by endpoint_url() before
the first request is sent. Kept apart from the HTTP client so that the fuzz tests and the load
planner use the checks without a network stack.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import pyoxigraph as ox

from napo.core.errors import UsageError

IRI_EXAMPLE = "https://example.org/graphs/napo"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_IRIS = '<>"{}|^`\\'


def _show(value: str, limit: int = 80) -> str:
    """value quoted for a message, with control and invisible characters made visible."""
    shown = "".join(c if c.isprintable() and unicodedata.category(c) != "Cf"
                    else f"\\u{ord(c):04x}" for c in value)
    return repr(shown[:limit] + ("..." if len(shown) > limit else "")).replace("\\\\", "\\")


def _bad_character(value: str, what: str) -> UsageError | None:
    """The first character no IRI may hold, as an error that names it and where it is."""
    for position, char in enumerate(value, 1):
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return UsageError(
                f"{what} {_show(value)} contains the control or invisible character "
                f"U+{ord(char):04X} at position {position}",
                f"give the IRI on one line, without control characters, e.g. {IRI_EXAMPLE}")
        if char.isspace():
            return UsageError(f"{what} {_show(value)} contains a space at position {position}",
                                 "an IRI has no spaces: percent-encode it as %20, or remove it")
        if char in _NOT_IN_IRIS:
            return UsageError(
                f"{what} {_show(value)} contains '{char}' at position {position}, which an IRI "
                "may not contain",
                f"percent-encode it as %{ord(char):02X}, or give another IRI, e.g. {IRI_EXAMPLE}")
    return None


def absolute_iri(value: str, what: str = "IRI") -> ox.NamedNode:
    """value checked as an absolute IRI (RFC 3987, by Oxigraph's parser) or a UsageError.

    A relative IRI is refused rather than resolved: a server resolves it against its own base,
    so the data would be stored under a name the user never gave.
    """
    problem = _bad_character(value, what)
    if problem is not None:
        raise problem
    if not _SCHEME.match(value):
        raise UsageError(f"{what} {_show(value)} is not an absolute IRI (it has no scheme)",
                            f"give an absolute IRI, e.g. {IRI_EXAMPLE}; a relative one would "
                            "be resolved against the server's address and stored under "
                            "another name")
    try:
        node = ox.NamedNode(value)
    except ValueError as error:
        raise UsageError(f"{what} {_show(value)} is not a valid IRI: {error}",
                            f"e.g. {IRI_EXAMPLE}") from error
    if value.split(":", 1)[0].lower() in ("http", "https") and not urlsplit(value).hostname:
        raise UsageError(f"{what} {_show(value)} has no host",
                            f"write it as scheme://host/path, e.g. {IRI_EXAMPLE}")
    return node


def iri_term(iri: str | ox.NamedNode, what: str = "IRI") -> str:
    """The one way an IRI is written into SPARQL text: checked, then as an N-Triples term."""
    node = iri if isinstance(iri, ox.NamedNode) else absolute_iri(iri, what)
    return str(node)


def literal_term(text: str) -> str:
    """A plain string written into SPARQL text as an escaped N-Triples literal."""
    return str(ox.Literal(text))


def endpoint_url(url: str) -> str:
    """url checked as an http(s) URL NAPO can append service paths to; a UsageError
    (exit 2, no request sent) says what is wrong with it otherwise."""
    example = "e.g. --endpoint http://127.0.0.1:7878"
    problem = _bad_character(url, "--endpoint")
    if problem is not None:
        raise UsageError(problem.message.replace("an IRI", "a URL"), example)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (parses the port, raising on a bad one)
    except ValueError as error:
        raise UsageError(f"--endpoint {_show(url)} is not a valid URL: {error}",
                            example) from error
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
            parts.scheme.lower() + "://"):
        raise UsageError(f"--endpoint {_show(url)} is not an http:// or https:// URL",
                            f"give the server's URL with its scheme, {example}")
    if not parts.hostname:
        raise UsageError(f"--endpoint {_show(url)} has no host name", example)
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"--endpoint {_show(url.split('@')[-1])} carries a user name or "
                            "password in the URL",
                            "give them as --user and --password (or NAPO_USER and "
                            "NAPO_PASSWORD), where they stay out of messages and logs")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise UsageError(f"--endpoint {_show(url)} has a ?query or #fragment part",
                            "give the server's base URL or a service URL without parameters, "
                            + example)
    return url
