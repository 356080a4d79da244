"""A wall-clock limit for a render, so a hung or runaway document fails instead of
holding a worker for ever (django-tasks-db has no task timeout of its own).

``signal.setitimer`` delivers SIGALRM to the process's main thread, where db_worker
runs its tasks. Elsewhere (a request thread rendering inline in development, a worker
under ``--reload``) the limit cannot be enforced this way and is skipped; the sweeper
(``services.document_sweep``) still bounds how long a job can look "running".
"""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RenderTimeout(TimeoutError):
    """The render took longer than its wall-clock limit."""


def can_limit() -> bool:
    """True where SIGALRM can interrupt the current code: the main thread, with no
    other SIGALRM handler installed (we never take over someone else's timer)."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )


@contextmanager
def wall_clock_limit(seconds: float) -> Iterator[bool]:
    """Raise ``RenderTimeout`` in the block if it runs longer than ``seconds``.

    Yields whether the limit is enforced (see ``can_limit``)."""
    if seconds <= 0 or not can_limit():
        yield False
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout(f"Stopped after {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
