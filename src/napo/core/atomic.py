"""Replace an output directory all at once, so that no reader ever sees it half-written or gone.

* A lock file beside the target (`.NAME.lock`; the target itself is swapped, so it cannot hold
  the lock) serialises writers: concurrent builds of one directory run one after the other,
  and a reader may take the lock shared to open the directory between two swaps.
* The new directory is built beside the target (same filesystem) and exchanged with it in one
  `renameat2(RENAME_EXCHANGE)` call (Linux >= 3.15): the path never points at nothing, even for
  a reader that takes no lock. Python has no binding for it and no maintained package offers
  one, hence the five lines of ctypes; where the call is missing or the filesystem refuses it,
  two renames under the lock are used instead.
* Staging directories that a killed writer left behind are removed by the next writer (only
  NAPO's own `.NAME-new-*`/`.NAME-old-*` names, and only while holding the lock).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc >= 2.28 (e.g. macOS, musl)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this system or filesystem cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                  _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def lock_file(target: Path) -> Path:
    """The lock file that guards target: a hidden sibling, never deleted (that would race)."""
    target = Path(target).resolve()
    return target.parent / f".{target.name}.lock"


@contextmanager
def directory_lock(target: Path, *, shared: bool = False, wait: bool = True) -> Iterator[None]:
    """Hold target's lock: exclusive to replace it, shared to open it while no one does.

    flock locks belong to an open file, so two threads of one process exclude each other too.
    wait=False raises BlockingIOError at once when another holder has it (a cache pruner must
    skip an entry that is in use rather than wait for it).
    Raises OSError when the lock file cannot be created (e.g. a read-only parent).
    """
    descriptor = os.open(lock_file(target), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
                    | (0 if wait else fcntl.LOCK_NB))
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _leftovers(target: Path) -> Iterator[Path]:
    pattern = re.compile(rf"\.{re.escape(target.name)}-(?:new|old)-[a-z0-9_]{{8}}")
    for entry in target.parent.iterdir():
        if pattern.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            yield entry


def replace_directory(target: Path, fill: Callable[[Path], None], *,
                      check: Callable[[Path], None] | None = None, locked: bool = False) -> None:
    """Call fill(staging_dir), then swap staging_dir into target's place.

    If fill raises, target keeps its previous contents and the staging directory is removed.
    check(target), when given, runs on an existing target before fill and again right before
    the swap, and raises to leave it untouched (e.g. a directory NAPO did not create).
    locked: the caller already holds target's exclusive directory_lock.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with nullcontext() if locked else directory_lock(target):
        for leftover in _leftovers(target):  # only a killed writer leaves these: we hold the lock
            shutil.rmtree(leftover, ignore_errors=True)
        if check is not None and os.path.lexists(target):
            check(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
        try:
            fill(staging)
            if check is not None and os.path.lexists(target):
                check(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if not os.path.lexists(target):
            os.rename(staging, target)
        elif exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old directory
        else:
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.rename(target, retired / target.name)
            os.rename(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
