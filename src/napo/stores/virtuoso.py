"""Start a throw-away Virtuoso server on loopback (tests and benchmarks compare NAPO's answers
on it); what it does differently from SPARQL 1.1 and Oxigraph is recorded here.

Observed with Virtuoso 7.2.5 (Debian):

Virtuoso 7.2.5, as configured by `start_virtuoso`
  * Answers after ~3 s with a fresh database, ~2 s when reusing one (also after SIGKILL:
    the stale lock file is ignored). SIGTERM makes a clean "quick shutdown" in < 2 s.
  * No GRANT is needed: dba/dba may update through `/sparql-auth` and write through
    `/sparql-graph-crud-auth`, with HTTP *digest* auth only (basic auth gets 401). Wrong or
    missing credentials: 401, empty body, `WWW-Authenticate: Digest realm="SPARQL"`.
    Updates through the anonymous `/sparql` fail with 500 "SR186:SECURITY: No permission",
    anonymous `/sparql-graph-crud` writes with 403.
  * Graph Store PUT (201 new, 200 replaced) and POST sniff the body: N-Triples loads under
    `application/n-triples`, `text/turtle`, `text/plain`, even `application/rdf+xml`.
    A malformed body gets 500 with an HTML page "...is of unsupported type text/plain".
    `?default` is refused (500 "not configured to have default graph"). A ~3.4 MB,
    22k-triple N-Triples PUT takes ~0.2 s.
  * POST with `Content-Type: application/sparql-query` never answers (the request hangs):
    send queries by GET or as a form POST (`query=`). Updates as
    `application/sparql-update` or form `update=` both work; their answer is a one-row
    result ("callret-0": "... -- done"), XML unless JSON is asked for.
  * MOVE, ADD, DROP SILENT work (also on graphs that do not exist); DROP without SILENT on a
    missing graph is a 500. A syntax error is a 400 with a text/plain body
    "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at ...".
  * Non-ASCII UTF-8 literals and language tags round-trip (JSON escapes them as \\uXXXX).
  * JSON results use the SPARQL 1.0 term type "typed-literal" for every typed literal,
    including "x"^^xsd:string; a plain literal is "literal" without datatype. Plain and
    xsd:string literals are *different* terms (RDF 1.0): "x" does not match "x"^^xsd:string.
  * COUNT and SUM of integers are xsd:integer, AVG xsd:decimal, but integer division is
    integer division: (1/2) is "0"^^xsd:integer, where SPARQL 1.1 says 0.5 (xsd:decimal).
  * Without `default-graph-uri` the default graph is the union of all graphs (system graphs
    included). With several `default-graph-uri`, a triple in two of them is returned twice.
  * Debian's defaults cut results at 10000 rows (200, header `X-SPARQL-MaxRows: 10000`) and
    (as documented) return partial "anytime" results after 60 s; both are lifted here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from napo.stores.servers import (
    LOOPBACK,
    RunningServer,
    ServerError,
    free_port,
    spawn,
    wait_until_up,
)

VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # the default of a fresh Virtuoso database; listens on loopback only

_VIRTUOSO_INI = """\
; Written by napo.stores.virtuoso: Debian's default virtuoso.ini trimmed for a throw-away server.
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = {host}:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}
; At most ~1.4 GB of page buffers (Debian's line "if there is 2 GB system memory free").
NumberOfBuffers      = 170000
MaxDirtyBuffers      = 130000
MaxQueryMem          = 512M

[HTTPServer]
ServerPort           = {host}:{http_port}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 1

[SPARQL]
; Debian's defaults silently cut results at 10000 rows and return partial ("anytime")
; results after 60 s; a test must see complete results or an error.
ResultSetMaxRows           = 0
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
"""


def virtuoso_available() -> str | None:
    """None if a Virtuoso server can be started, else why not (a reason to skip a test)."""
    if shutil.which("virtuoso-t") is None:
        return "virtuoso-t not found: install Debian package virtuoso-opensource"
    return None


def start_virtuoso(workdir: Path, *, timeout: float = 120) -> RunningServer:
    """Start `virtuoso-t` with its configuration, database and log in `workdir`.

    A database already in `workdir` is reused. Queries go to the anonymous `/sparql` (GET or
    form POST); updates and Graph Store writes need digest auth as dba/dba, which a fresh
    database allows without any GRANT.
    """
    executable = shutil.which("virtuoso-t")
    if executable is None:
        raise ServerError("virtuoso-t is not installed", "apt-get install virtuoso-opensource")
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    sql_port = free_port()
    http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(dir=workdir, host=LOOPBACK, sql_port=sql_port,
                                        http_port=http_port), encoding="utf-8")
    process, log = spawn([executable, "+foreground", "+configfile", str(ini)])
    base = f"http://{LOOPBACK}:{http_port}"
    server = RunningServer(name="virtuoso", base_url=base, query_url=f"{base}/sparql",
                           update_url=f"{base}/sparql-auth",
                           store_url=f"{base}/sparql-graph-crud-auth", process=process,
                           user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD, auth="digest",
                           log=log)
    return wait_until_up(server, timeout, f"see {workdir / 'virtuoso.log'}; is another "
                          "virtuoso-t using this directory?")
