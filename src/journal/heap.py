"""The app's process memory: what it keeps, and what the garbage collector walks.

Measured in a pty on the full 100,000-entry corpus (benchmarks/tui.py): after
visiting every screen the app held 1.33x its memory at the first frame, and a
full collection inside a keystroke's frame cost 40-180 ms. No textual here.
"""

from __future__ import annotations

import gc
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
ARENAS = 2


def freeze_heap() -> None:
    """Put every object alive now out of the garbage collector's reach (gc.freeze).

    The app's modules, styles and mounted screens live as long as it does, yet
    CPython's full collection walked them all each time a quarter more objects
    had been allocated: 40-180 ms, landing in a keystroke's frame. Done after
    the warm-up and once a screen first shown is mounted; young garbage is still
    collected as before."""
    gc.freeze()


def limit_malloc_arenas() -> None:
    """At most ARENAS malloc arenas from now on (glibc; elsewhere nothing).

    glibc gives each new thread its own arena, up to 8 per core, and keeps what
    it freed there: every filter or search worker, each on its own thread and
    SQLite connection, left a few hundred KB behind (4-5 MB after visiting every
    screen). Effective while fewer than 8 arenas exist (glibc fixes the limit
    then): call it early, after the first frame (ctypes costs 2 ms to load)."""
    libc = _glibc()  # not glibc (musl has no mallopt): its own policy stands
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, ARENAS)


_libc = None  # glibc, once loaded (after the first frame, by limit_malloc_arenas)


def _glibc():
    global _libc
    if _libc is None and sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None)
            libc.mallopt, libc.malloc_trim  # noqa: B018  (musl has neither)
            _libc = libc
        except (OSError, AttributeError):
            _libc = False
    return _libc or None


def give_back_memory() -> None:
    """Return the memory malloc holds free to the system (glibc's malloc_trim).

    A one-letter search or filter makes SQLite build doclists of several MB; freed
    when its connection closes, glibc kept them, so the app's size grew with the
    largest query it ever ran (80 MB after every screen at 1,000,000 entries on a
    51 MB first frame). Called in the worker's thread once its connection is closed."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
