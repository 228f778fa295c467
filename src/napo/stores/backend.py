"""The Oxigraph child behind `napo serve`'s front server, and when to replace it.

Oxigraph cannot cancel a query, so a query over time is stopped by killing its child; a store
rebuilt under a running server (a new directory, or a rewritten marker) is noticed on the next
request and served by a fresh child. Kept apart from the HTTP handling in napo.stores.endpoint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from napo.core.atomic import directory_lock
from napo.stores.servers import LOOPBACK, RunningServer
from napo.stores.store import MARKER


def _identity(store: Path) -> tuple[int, int, int] | None:
    """What changes when the store is rebuilt (a new directory) or rewritten in place."""
    try:
        directory, marker = store.stat(), (store / MARKER).stat()
    except OSError:
        return None
    return directory.st_dev, directory.st_ino, marker.st_mtime_ns


@dataclass
class Generation:
    """One Oxigraph child and the store identity it was started on."""

    number: int
    server: RunningServer
    identity: tuple[int, int, int] | None

    @property
    def address(self) -> tuple[str, int]:
        netloc = urlsplit(self.server.base_url)
        return netloc.hostname or LOOPBACK, netloc.port or 80


class Backend:
    """The Oxigraph child: restarted when a query runs over time, it dies, or the store changes."""

    def __init__(self, store: Path, start: Callable[[Path], RunningServer]) -> None:
        self.store = store
        self._start = start
        self._lock = threading.Lock()
        self.restarts = 0
        self._generation = self._launch(0)

    def _launch(self, number: int) -> Generation:
        identity = _identity(self.store)
        with directory_lock(self.store, shared=True):  # never between the two halves of a swap
            server = self._start(self.store)
        return Generation(number, server, identity)

    def current(self) -> Generation:
        """The child to send a request to, restarted first if the store changed or it died."""
        with self._lock:
            generation = self._generation
            identity = _identity(self.store)
            changed = identity is not None and identity != generation.identity
            if changed or generation.server.process.poll() is not None:
                self._replace(generation)
            return self._generation

    def recycle(self, number: int) -> None:
        """Kill generation `number` (if still current) and start a fresh child."""
        with self._lock:
            if self._generation.number == number:
                self._replace(self._generation)

    def _replace(self, old: Generation) -> None:
        old.server.process.kill()  # Oxigraph cannot cancel a query: this frees its CPU now
        try:
            self._generation = self._launch(old.number + 1)
        finally:
            old.server.stop(timeout=5)
        self.restarts += 1

    @property
    def generation(self) -> int:
        return self._generation.number

    def close(self) -> None:
        with self._lock:
            self._generation.server.stop(timeout=5)
