"""A heavy case's analysis runs once, in the background, and is kept.

Most cases are analysed in the request in well under a second. The probabilistic
analysis (5,000 draws of every input) grows with the number of inputs and the years
each outcome lasts: the heaviest valid case (50 outcomes over 60 years) takes several
seconds, too long for a page. ``is_heavy`` estimates that work before doing it; a
heavy case's results page asks for a background task (``tasks.analyse_case_task``)
and shows its progress until the analysis is kept, after which every page reads the
kept analysis.

Kept in the default cache (a database table in production), under a fingerprint of the
stored inputs, the deflator series, the model version and the date (price years that
have started depend on it), so an edit, a new series or a new day computes afresh.
Light cases are never kept: they are analysed in each request, as before.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache

from commissioning.cases.economics import CaseAnalysis, CaseInputs, analyse_case, parse_case
from commissioning.cases.economics.report import MODEL_VERSION
from commissioning.cases.economics.uncertainty import DEFAULT_DRAWS, parameters
from commissioning.prices.deflators import Series
from commissioning.prices.selectors import current_series

# Draws × (inputs drawn + years of outcome benefit summed) above which a case is heavy:
# about a second of the PSA on one core of a small server.
HEAVY_WORK = 1_500_000
KEEP_SECONDS = 7 * 24 * 3600
# A job not finished in this time has lost its worker; the next visit asks again.
JOB_SECONDS = 15 * 60


@dataclass(frozen=True)
class Progress:
    """A background analysis under way: ``done`` of ``total`` simulations."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


def fingerprint(inputs: Mapping[str, Any], series: Series) -> str:
    """What the analysis of stored ``inputs`` depends on, hashed."""
    text = json.dumps(
        [inputs, MODEL_VERSION, series.version, series.release, date.today().isoformat()],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def work(inputs: CaseInputs, draws: int = DEFAULT_DRAWS) -> int:
    """The PSA's work, roughly: draws × (inputs drawn + outcome-years summed)."""
    years = sum(min(o.duration_years, inputs.horizon_years) for o in inputs.outcomes)
    return draws * (len(parameters(inputs)) + 1 + years)


def is_heavy(inputs: CaseInputs) -> bool:
    return work(inputs) > HEAVY_WORK


# The work of stored inputs, by fingerprint, in this process: a results page asks
# whether its case is heavy on every visit, and reading and checking the inputs to find
# out cost more than the rest of a kept page.
_work: OrderedDict[str, int] = OrderedDict()
_work_lock = threading.Lock()
WORK_KEPT = 512


def _is_heavy_stored(inputs: Mapping[str, Any], series: Series, print_: str) -> bool:
    with _work_lock:
        known = _work.get(print_)
    if known is None:
        known = work(parse_case(inputs, deflators=series))
        with _work_lock:
            _work[print_] = known
            while len(_work) > WORK_KEPT:
                _work.popitem(last=False)
    return known > HEAVY_WORK


def analysis_keep(inputs: Mapping[str, Any]) -> CaseAnalysis:
    """The analysis of stored ``inputs`` (always valid: every save validates). A light
    case is analysed here and now; a heavy one is read from the cache, or analysed,
    kept and returned (recording its progress while the PSA runs)."""
    series = current_series()
    parsed = parse_case(inputs, deflators=series)
    if not is_heavy(parsed):
        return analyse_case(parsed)
    print_ = fingerprint(inputs, series)
    analysis = cache.get(_key(print_))
    if analysis is None:

        def progress(done: int, total: int) -> None:
            cache.set(_progress_key(print_), (done, total), JOB_SECONDS)

        analysis = analyse_case(parsed, progress=progress)
        cache.set(_key(print_), analysis, KEEP_SECONDS)
        cache.delete(_progress_key(print_))
    return analysis


def pending(all_inputs: list[Mapping[str, Any]], *, case_id: int) -> Progress | None:
    """None when every analysis in ``all_inputs`` is light enough for the request or
    kept; otherwise the progress of the background task, which this asks for (once per
    set of fingerprints, until JOB_SECONDS pass) if none is running."""
    from commissioning.cases.tasks import analyse_case_task

    series = current_series()
    waiting = [
        print_
        for inputs in all_inputs
        if _is_heavy_stored(inputs, series, print_ := fingerprint(inputs, series))
        and not cache.has_key(_key(print_))
    ]
    if not waiting:
        return None
    if cache.add(_queued_key(case_id, waiting), True, JOB_SECONDS):
        analyse_case_task.enqueue(str(case_id))
        if all(cache.has_key(_key(p)) for p in waiting):
            return None  # done already: the immediate task backend runs it inline
    done = total = 0
    for print_ in waiting:
        step, steps = cache.get(_progress_key(print_), (0, DEFAULT_DRAWS))
        done, total = done + step, total + steps
    return Progress(done, total)


def _key(print_: str) -> str:
    return f"case-analysis:{print_}"


def _progress_key(print_: str) -> str:
    return f"case-analysis-progress:{print_}"


def _queued_key(case_id: int, prints: list[str]) -> str:
    joined = hashlib.sha256("".join(prints).encode()).hexdigest()
    return f"case-analysis-queued:{case_id}:{joined}"
