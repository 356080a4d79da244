"""The wall-clock guard around a render (no database)."""

import signal
import threading
import time

import pytest

from commissioning.render_queue.timeout import RenderTimeout, wall_clock_limit


def test_it_stops_a_block_that_runs_too_long():
    started = time.monotonic()
    with pytest.raises(RenderTimeout), wall_clock_limit(0.2) as enforced:
        assert enforced is True
        time.sleep(5)
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # handler put back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # timer cancelled


def test_a_quick_block_is_left_alone():
    with wall_clock_limit(5) as enforced:
        pass
    assert enforced is True
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_it_is_skipped_not_broken():
    seen: list[bool] = []

    def run() -> None:
        with wall_clock_limit(0.1) as enforced:
            seen.append(enforced)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [False]


def test_it_never_replaces_someone_elses_alarm_handler():
    def other(signum, frame):
        pass

    previous = signal.signal(signal.SIGALRM, other)
    try:
        with wall_clock_limit(0.1) as enforced:
            assert enforced is False
        assert signal.getsignal(signal.SIGALRM) is other
    finally:
        signal.signal(signal.SIGALRM, previous)
