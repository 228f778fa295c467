"""Run a command that may not open outbound connections.

    python -m napo.stores.sandbox CMD ARGS...

Defence in depth for `napo serve`: the front server already refuses SERVICE, and the Oxigraph
child is started through this launcher, which installs a seccomp filter that makes connect(2)
(and io_uring, which could connect without it) fail with EACCES, then execs the command. A
server only accepts connections; with this filter no SERVICE clause, however it got through,
can reach another host or a local service. The filter is built with libseccomp (the library
systemd, Docker and Chrome use; Debian's libseccomp2), called through ctypes because its
Python binding is not on PyPI for every platform.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import sys

_ALLOW = 0x7FFF0000  # SCMP_ACT_ALLOW
_DENIED = ("connect", "io_uring_setup")


def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    return ctypes.CDLL(name, use_errno=True)


def unavailable() -> str | None:
    """None if the filter can be installed here, else why not."""
    if not sys.platform.startswith("linux"):
        return "seccomp exists only on Linux"
    try:
        _library()
    except OSError:
        return "libseccomp is not installed (Debian/Ubuntu: apt-get install libseccomp2)"
    return None


def deny_outbound() -> None:
    """Install the filter on this process (inherited by what it execs; cannot be undone)."""
    lib = _library()
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int,
                                           ctypes.c_uint, ctypes.c_void_p]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    context = lib.seccomp_init(_ALLOW)
    if not context:
        raise OSError("seccomp_init failed")
    try:
        for name in _DENIED:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:
                continue  # not a system call on this architecture
            action = 0x00050000 | errno.EACCES  # SCMP_ACT_ERRNO(EACCES)
            if lib.seccomp_rule_add_array(context, action, number, 0, None) != 0:
                raise OSError(f"seccomp_rule_add({name}) failed")
        if lib.seccomp_load(context) != 0:  # also sets no_new_privs, as seccomp requires
            raise OSError("seccomp_load failed")
    finally:
        lib.seccomp_release(context)


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("usage: python -m napo.stores.sandbox COMMAND [ARGS...]")
    deny_outbound()
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
