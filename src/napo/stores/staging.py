"""Staging graphs of `napo load`: their names, their ages, and sweeping the ones left behind.

A load fills `<target>-staging-<token>` before it publishes; the token carries the creation
time, so debris a dead server kept can be told from a graph a running load is still filling.
Only graphs named exactly so are ever listed or dropped: nothing NAPO did not create.
"""

from __future__ import annotations

import math
import re
import secrets
import time

from napo.core.errors import UsageError
from napo.stores.remote import Client, select, update
from napo.stores.server_kinds import Endpoint
from napo.stores.terms import absolute_iri, iri_term, literal_term

STAGING = "-staging-"
# The token after STAGING: 8 hex digits of the creation time (Unix seconds) and 12 random ones;
# loads before 2027 wrote 12 random hex digits only (no time: treated as old).
_TOKEN = re.compile(r"(?P<time>[0-9a-f]{8})[0-9a-f]{12}|[0-9a-f]{12}")
STALE_AFTER = 3600.0  # seconds: no NAPO load stages for that long, so older staging is debris


def target_iri(graph: str) -> str:
    """--graph checked: an absolute IRI that is not itself named like a staging graph (which
    --clean-staging could then take for debris)."""
    iri = absolute_iri(graph, "--graph").value
    head, sep, token = iri.rpartition(STAGING)
    if sep and _TOKEN.fullmatch(token):
        raise UsageError(f"--graph <{iri}> is named like a NAPO staging graph of <{head}>",
                         "choose a graph IRI that does not end in -staging-<hex digits>")
    return iri


def staging_iri(target: str, now: float | None = None) -> str:
    """A fresh staging graph for target; its name carries its creation time (for sweeping)."""
    stamp = int(time.time() if now is None else now)
    return absolute_iri(f"{target}{STAGING}{stamp:08x}{secrets.token_hex(6)}").value


def staging_age(target: str, graph: str, now: float) -> float | None:
    """Seconds since graph was made as a staging graph of target; inf if its name has no time
    (older NAPO); None if graph is not exactly target + STAGING + a NAPO token."""
    if not graph.startswith(target + STAGING):
        return None
    match = _TOKEN.fullmatch(graph[len(target) + len(STAGING):])
    if match is None:
        return None
    return math.inf if match["time"] is None else now - int(match["time"], 16)


def find_staging(client: Client, endpoint: Endpoint, graphs: list[str],
                 now: float | None = None) -> dict[str, float]:
    """Every NAPO staging graph of the given targets on the server, with its age in seconds.

    The server is asked only for graphs whose IRI starts with `<target>-staging-`, and each
    answer is checked again here against the exact pattern, so no other graph is ever listed.
    """
    now = time.time() if now is None else now
    tests = " || ".join(f"STRSTARTS(STR(?g), {literal_term(absolute_iri(g).value + STAGING)})"
                        for g in graphs)
    rows = select(client, endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                  f"FILTER({tests}) }}", []).rows
    found: dict[str, float] = {}
    for row in rows:
        name = row[0][1] if row and row[0] and row[0][0] == "iri" else None
        for target in graphs:
            age = staging_age(target, name, now) if name else None
            if age is not None:
                found[name] = age
    return found


def drop_graphs(client: Client, endpoint: Endpoint, graphs: list[str]) -> None:
    """One DROP SILENT update, retried (it is idempotent) while the server does not answer."""
    if graphs:
        update(client, endpoint, " ;\n".join(f"DROP SILENT GRAPH {iri_term(g)}"
                                             for g in graphs), idempotent=True)


def clean_staging(client: Client, endpoint: Endpoint, graphs: list[str],
                  older_than: float = STALE_AFTER) -> tuple[list[str], dict[str, float]]:
    """Drop the NAPO staging graphs of the targets that are older_than seconds or more.

    Younger ones are kept (returned with their age): a load may still be filling them, and
    MOVE from a graph that vanished empties the target on some servers (Virtuoso).
    """
    found = find_staging(client, endpoint, graphs)
    old = sorted(g for g, age in found.items() if age >= older_than)
    drop_graphs(client, endpoint, old)
    return old, {g: age for g, age in found.items() if age < older_than}
