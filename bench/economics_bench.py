"""Benchmark of the economics engine: `.venv/bin/python bench/economics_bench.py`.

Times, on the example case commissioning/cases/examples/new-team.json:
- the deterministic appraisal (exact Decimal engine), median of 200 runs (target 5 ms);
- the 5,000-draw probabilistic analysis (float fast path), median of 5 runs (target 300 ms);
- for information, the one-way sensitivity and the whole analysis behind `appraise`.

Beside them it measures a baseline in the same run — a fixed loop of 10,000 Decimal
multiply-adds — and reports each figure as a multiple of it, because these machines are
noisy and shared. Pure Python: no Django, no database, no network.

Options: --runs N (deterministic runs, default 200), --psa-runs N (default 5).
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commissioning.cases.economics import (  # noqa: E402 (needs the path above)
    analyse_case,
    appraise,
    one_way,
    parse_case,
    probabilistic,
)

EXAMPLE = ROOT / "commissioning" / "cases" / "examples" / "new-team.json"
TARGETS_MS = {"Deterministic appraisal": 5.0, "PSA, 5,000 draws": 300.0}


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def baseline() -> Decimal:
    """A fixed amount of Decimal work: 10,000 multiply-adds."""
    total, factor = Decimal(0), Decimal("1.000001")
    for i in range(10_000):
        total += factor * i
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--psa-runs", type=int, default=5)
    options = parser.parse_args()

    case = parse_case(json.loads(EXAMPLE.read_text(), parse_float=Decimal))
    appraise(case)  # warm caches and imports before timing
    base_ms = median_ms(baseline, 50)
    rows = [
        ("Deterministic appraisal", median_ms(lambda: appraise(case), options.runs), options.runs),
        (
            "PSA, 5,000 draws",
            median_ms(lambda: probabilistic(case, draws=5000, seed=1), options.psa_runs),
            options.psa_runs,
        ),
        ("One-way sensitivity", median_ms(lambda: one_way(case), 5), 5),
        ("Whole analysis (appraise command)", median_ms(lambda: analyse_case(case), 5), 5),
    ]

    print(f"Case: {EXAMPLE.relative_to(ROOT)}")
    print(f"Baseline: 10,000 Decimal multiply-adds, median {base_ms:.3f} ms\n")
    header = (
        f"{'Measure':<36}{'Runs':>6}{'Median ms':>12}{'x baseline':>12}{'Target ms':>11}  Result"
    )
    print(header)
    print("-" * len(header))
    for name, ms, runs in rows:
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("within" if ms <= target else "OVER")
        target_text = "" if target is None else f"{target:.0f}"
        print(f"{name:<36}{runs:>6}{ms:>12.3f}{ms / base_ms:>12.2f}{target_text:>11}  {verdict}")


if __name__ == "__main__":
    main()
