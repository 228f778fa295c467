"""`napo serve` itself (the real command, as a user starts it) serves the pages and their live
routes from the SPARQL endpoint's origin."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import requests

from napo.stores.servers import LOOPBACK, free_port, oxigraph_available

from ..conftest import require


def test_napo_serve_serves_the_pages_the_routes_and_the_endpoint() -> None:
    require(oxigraph_available())
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "napo"), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "250"})
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        base = f"http://{LOOPBACK}:{port}"
        assert f"{base}/docs/" in "".join(lines), "".join(lines)
        page = requests.get(f"{base}/docs/Rhizotomy", timeout=10)
        assert page.ok and "<h1>rhizotomy</h1>" in page.text
        compared = requests.get(f"{base}/api/compare", timeout=30, params=[
            ("procedure", "cordotomy"), ("procedure", "rhizotomy"), ("format", "json")])
        assert compared.ok and compared.json()["procedures"] == ["napo:Cordotomy",
                                                                 "napo:Rhizotomy"]
        asked = requests.get(f"{base}/query", timeout=10, headers={"Accept": "text/csv"},
                             params={"query": "ASK { <https://w3id.org/napo/Rhizotomy> ?p ?o }"})
        assert asked.ok
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            process.kill()
    assert process.returncode == 0, "".join(lines)
