"""Feed pyoxigraph's bulk loader while the triples are still being written.

`napo ingest --store` used to write every record to a file and only then bulk-load it, and a
store refill dumped the records to a file before loading them: writer and loader ran one
after the other. Here the loader reads an OS pipe in a thread while the writer (ingest, or
the old store's dump) writes into it. pyoxigraph releases the
GIL while it loads, and it is given the pipe's /dev/fd path rather than a Python file object,
so it reads without taking the GIL back for every chunk: the two overlap on two cores.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import TextIO

import pyoxigraph as ox

Produce = Callable[[TextIO], None]  # writes N-Triples text to the stream it is given
_CHUNK = 1 << 20  # bytes buffered before a write reaches the pipe


class LoadFailed(Exception):
    """The bulk loader stopped (bad N-Triples, a full disk): the cause is chained."""


def _reader(descriptor: int) -> dict:
    """bulk_load's input: the pipe's path where the system has /dev/fd (Linux, macOS), else a
    Python file object (read with the GIL, slower but portable)."""
    if sys.platform != "win32" and os.path.exists(f"/dev/fd/{descriptor}"):
        return {"path": f"/dev/fd/{descriptor}"}
    return {"input": os.fdopen(descriptor, "rb", closefd=False)}


def bulk_load_stream(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph,
                     produce: Produce) -> None:
    """Run produce(stream) while the loader puts what it writes into graph.

    An error in produce (e.g. rejected rows) is raised after the loader has read what was
    written: the caller discards the store, as it does for any failed fill. A loader error is
    raised as LoadFailed; produce then sees a closed pipe and is stopped.
    """
    read_end, write_end = os.pipe()
    failed: list[BaseException] = []

    def load() -> None:
        try:
            store.bulk_load(**_reader(read_end), format=ox.RdfFormat.N_TRIPLES,
                            to_graph=graph)
        except BaseException as error:  # re-raised in the calling thread
            failed.append(error)
        finally:
            os.close(read_end)  # the writer now gets EPIPE instead of blocking

    loader = threading.Thread(target=load, name="napo-bulk-load", daemon=True)
    loader.start()
    try:
        with os.fdopen(write_end, "w", encoding="utf-8", buffering=_CHUNK) as stream:
            produce(stream)
    except BrokenPipeError:
        loader.join()
        if not failed:  # the pipe broke with the loader still fine: not ours to hide
            raise
    finally:
        loader.join()
    if failed:
        raise LoadFailed(str(failed[0])) from failed[0]
