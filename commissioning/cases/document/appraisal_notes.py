"""Display data for what the Green Book 2026 and NICE's 2026 thresholds change in a case,
and for the expected NPV beside the central estimate.

Shared by the results page and the business case (HTML, PDF). The figures come from
the engine (``economics.green_book``, ``economics.expected``); this module only words
and formats them:

- ``expected_block``: the central and expected NPV rounded for a board, the chance that
  the NPV is above zero, and why the two differ;
- ``lower_rate_block``: the Green Book 2026 lower-rate test (horizons over 50 years) as a
  sentence and, when it applies, a table of exact figures;
- ``BCR_NOTE``: how the BCR is to be read (never as a pass or fail test);
- ``nice_threshold_note``: the scope of NICE's £25,000-£35,000 per QALY threshold, for
  any case that values health gains.
"""

from __future__ import annotations

from typing import Any

from commissioning.cases.document.formatting import money, ratio, table
from commissioning.cases.economics import CaseAnalysis, board_money
from commissioning.cases.economics.expected import explain, share_text
from commissioning.cases.economics.green_book import BCR_NOTE, lower_rate_sentence

NICE_THRESHOLD_NOTE = (
    "NICE's threshold of £25,000 to £35,000 per QALY, in force from April 2026, is the "
    "standard threshold for NICE technology appraisals (of medicines and HealthTech "
    "products) only. The thresholds for highly specialised technologies are unchanged, "
    "and NICE has announced no change for its guidelines, where its long-standing range "
    "is £20,000 to £30,000 per QALY."
)
_HEALTH_WORDS = ("qaly", "quality-adjusted", "per-qaly", "threshold")

__all__ = [
    "BCR_NOTE",
    "NICE_THRESHOLD_NOTE",
    "expected_block",
    "lower_rate_block",
    "nice_threshold_note",
]


def expected_block(analysis: CaseAnalysis) -> dict[str, Any]:
    """The expected NPV beside the central estimate, for the headline and the documents:
    board-rounded figures, the exact ones, and the plain-words explanation."""
    value = explain(analysis)
    return {
        "central": board_money(value.central_npv),
        "mean": board_money(value.mean_npv),
        "central_exact": money(value.central_npv),
        "mean_exact": money(value.mean_npv),
        "probability": share_text(value.probability_positive),
        "draws": f"{value.draws:,}",
        "close": value.close,
        "summary": value.summary,
        "probability_sentence": value.probability_sentence,
        "reasons": [{"sentence": r.sentence, "details": list(r.details)} for r in value.reasons],
    }


def lower_rate_block(analysis: CaseAnalysis) -> dict[str, Any]:
    """The Green Book 2026 lower-rate test: a sentence always (saying whether it applies)
    and, when it does, a table with the exact figures at the main and the lower rates."""
    test = analysis.lower_rate_test
    sentence = lower_rate_sentence(test, analysis.appraisal.horizon_years)
    if test is None:
        return {"applies": False, "sentence": sentence, "table": None}
    main, lower = test.central, test.lower
    rows = [
        ["Present value of costs", money(main.pv_costs), money(lower.pv_costs)],
        ["Present value of benefits", money(main.pv_benefits), money(lower.pv_benefits)],
        ["Net present value (NPV)", money(main.npv), money(lower.npv)],
        ["Benefit-cost ratio (BCR)", ratio(main.bcr), ratio(lower.bcr)],
    ]
    return {
        "applies": True,
        "sentence": sentence,
        "table": table(
            "Green Book 2026 lower-rate sensitivity test (horizons over 50 years)",
            ["Measure", "At the main rates", "At the lower rates"],
            rows,
            css="lower-rates",
        ),
    }


def values_health(analysis: CaseAnalysis) -> bool:
    """True when the case values health gains: an outcome discounted as a health value,
    or a source note that speaks of QALYs or a threshold."""
    inputs = analysis.inputs
    if any(outcome.is_health for outcome in inputs.outcomes):
        return True
    notes = " ".join(text for text in inputs.sources.values() if isinstance(text, str))
    return any(word in notes.lower() for word in _HEALTH_WORDS)


def nice_threshold_note(analysis: CaseAnalysis) -> str:
    """The scope of NICE's 2026 threshold when the case values health gains, else ""."""
    return NICE_THRESHOLD_NOTE if values_health(analysis) else ""
