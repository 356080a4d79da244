"""The engine's analysis of stored inputs, computed once per content and kept in memory.

The analysis (appraisal, tornado, scenarios, PSA) is a pure function of the inputs, the
deflator series, the date (which price years have started) and the engine's fixed
draws and seed. A saved case version's inputs
never change, so the analysis is kept, in this process, under a digest of exactly
what it was computed from: a change to the inputs or a new deflator series is a new
key, never a stale figure. Identical inputs give identical figures whoever asks, so a
kept analysis cannot show one organisation another's data; the page still checks who
may see the case before it asks. At most ``KEPT`` analyses are kept (least recently
used first out).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from commissioning.cases.economics import CaseAnalysis
from commissioning.cases.models import Case
from commissioning.prices import deflators

KEPT = 64
_kept: OrderedDict[str, CaseAnalysis] = OrderedDict()
_lock = threading.Lock()


def content_key(inputs: Mapping[str, Any], series: deflators.Series) -> str:
    """A digest of the inputs (canonical JSON) and the whole deflator series."""
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode())
    digest.update(repr(series).encode())
    digest.update(date.today().isoformat().encode())  # which price years have started
    return digest.hexdigest()


def analysis_kept(
    inputs: Mapping[str, Any],
    series: deflators.Series,
    compute: Callable[[], CaseAnalysis],
) -> CaseAnalysis:
    """The kept analysis for this content, or ``compute()``'s, kept for next time."""
    key = content_key(inputs, series)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    analysis = compute()
    with _lock:
        _kept[key] = analysis
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return analysis


def analyses_forget() -> None:
    """Drop every kept analysis (tests, and after changing the engine in a shell)."""
    with _lock:
        _kept.clear()


def content_version(case: Case) -> str:
    """What a page about ``case`` shows depends on, as one string for a fragment cache
    key: the case row (its version goes up and ``updated_at`` moves on every save,
    options and preferred option included), the knowledge base's content generation
    (the parameter library behind every input's source), the deflator series and the
    date (which price years have started)."""
    from commissioning.knowledge.caching import generation
    from commissioning.prices.selectors import current_series

    series = current_series()
    return (
        f"{case.pk}:{case.version}:{case.updated_at.isoformat()}:{generation()}:"
        f"{series.version}:{len(series.points)}:{date.today().isoformat()}"
    )
