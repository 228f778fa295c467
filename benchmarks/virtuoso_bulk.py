"""Virtuoso's own bulk loader, for registries too large for napo load's staging (10^6 records).

`napo load --records` stages through the Graph Store Protocol and publishes with one MOVE, so a
reader never sees half a registry; at 10^6 records that drove Virtuoso past 15 GB here. The
bulk loader (`ld_dir` + `rdf_loader_run()`, run through `isql-vt` on the SQL port) writes
straight into the target graph instead: fast and lean, but not atomic, so it is for a server
being filled, not for one being read (docs/registry.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from napo.stores.servers import LOOPBACK
from napo.stores.virtuoso import VIRTUOSO_PASSWORD, VIRTUOSO_USER


def sql_port(workdir: Path) -> int:
    """The SQL port napo.stores.virtuoso wrote into the server's virtuoso.ini."""
    ini = (workdir / "virtuoso.ini").read_text(encoding="utf-8")
    found = re.search(r"\[Parameters\][^\[]*?ServerPort\s*=\s*[^:\s]+:(\d+)", ini)
    if found is None:
        raise ValueError(f"{workdir / 'virtuoso.ini'}: no ServerPort in [Parameters]")
    return int(found.group(1))


def bulk_load(workdir: Path, records: Path, graph: str) -> None:
    """Load an N-Triples file into graph with Virtuoso's bulk loader, then checkpoint.

    The file is hard-linked into the server's directory (its DirsAllowed), or copied when it
    is on another file system."""
    inbox = workdir / "bulk"
    inbox.mkdir(exist_ok=True)
    target = inbox / records.name
    try:
        os.link(records, target)
    except OSError:
        shutil.copyfile(records, target)
    for text in (str(inbox), records.name, graph):
        if "'" in text:  # the values go into SQL string literals below
            raise ValueError(f"cannot pass {text!r} to the bulk loader: it contains a quote")
    script = (f"ld_dir('{inbox}', '{records.name}', '{graph}');\n"
              "rdf_loader_run();\ncheckpoint;\n"
              "select ll_file, ll_state, ll_error from DB.DBA.load_list;\n")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if isql is None:
        raise FileNotFoundError("isql-vt not found: apt-get install virtuoso-opensource")
    done = subprocess.run([isql, f"{LOOPBACK}:{sql_port(workdir)}", VIRTUOSO_USER,
                           VIRTUOSO_PASSWORD],
                          input=script, capture_output=True, text=True, check=True)
    if "Error" in done.stdout or done.stderr.strip():
        raise RuntimeError(f"Virtuoso's bulk loader failed:\n{done.stdout}\n{done.stderr}")
