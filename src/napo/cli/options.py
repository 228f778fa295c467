"""Command-line options shared by several commands: output format, and talking to a server.

Every option names a metavar, so help shows what to type (URL, SECONDS), not a Python type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import typer

FormatOption = Annotated[str, typer.Option(
    "--format", metavar="table|csv|tsv|json|markdown",
    help="table for people (identifiers are never cut); csv, tsv, json or markdown for "
         "programs and documents.")]
EndpointOption = Annotated[str | None, typer.Option(
    metavar="URL",
    help="A SPARQL server: its base URL or any of its service URLs, e.g. "
         "http://127.0.0.1:7878 (Oxigraph), http://127.0.0.1:8890/sparql (Virtuoso), "
         "http://127.0.0.1:3030/ds (Fuseki), http://127.0.0.1:7200/repositories/napo "
         "(GraphDB).")]
ServerOption = Annotated[str, typer.Option(
    metavar="KIND",
    help="auto (from the server's answer), oxigraph, virtuoso, fuseki or graphdb: where its "
         "query, update and graph-store services are.")]
UserOption = Annotated[str | None, typer.Option(envvar="NAPO_USER", metavar="USER",
                                                help="User name (or $NAPO_USER).")]
PasswordOption = Annotated[str | None, typer.Option(
    envvar="NAPO_PASSWORD", metavar="PASSWORD",
    help="Password (or $NAPO_PASSWORD, which keeps it out of the shell history).")]
TimeoutOption = Annotated[float, typer.Option(
    metavar="SECONDS", help="Seconds to wait for each answer (connecting gives up after 10 s).")]
RetriesOption = Annotated[int, typer.Option(
    metavar="N", help="Retries, with exponential backoff, after a refused connection or HTTP "
                      "429/502/503/504.")]

@dataclass(frozen=True)
class RemoteOptions:
    url: str
    server: str = "auto"
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    retries: int = 3
    graphs: list[str] = field(default_factory=list)
