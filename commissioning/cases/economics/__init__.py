"""The value-for-money engine: pure, typed, exact. No Django, no ORM.

Frozen dataclasses come in (``CaseInputs``) and go out (``Appraisal``, sensitivity rows,
scenarios, ``PsaResult``); services map model data to them. Modules:

- ``inputs``: the input dataclasses, defaults with sources, limits, ``check_inputs``;
- ``validation``: ``parse_case`` (JSON-like data to ``CaseInputs``, or ``CaseInvalid``);
- ``discounting``: Green Book banded and flat discount factors;
- ``model``: ``appraise`` (exact Decimal model; every formula in its docstring);
- ``fast``: the float fast path of the same model, for the PSA;
- ``uncertainty``: one-way sensitivity, scenarios, probabilistic analysis;
- ``money``: rounding for display (half up, pence);
- ``board``: ``board_money``, headline money rounded for a board ("£2.14m");
- ``green_book``: the Green Book 2026 reading of the BCR and its lower-rate test;
- ``expected``: the expected NPV beside the central estimate, and why they differ;
- ``report``: ``analyse_case`` and the JSON form of its results.

The formulas are set out in plain words in commissioning/cases/METHODS.md.
"""

from commissioning.cases.economics.board import board_money
from commissioning.cases.economics.checks import check_inputs
from commissioning.cases.economics.discounting import discount_factors, rate_for_year
from commissioning.cases.economics.expected import ExpectedValue, explain
from commissioning.cases.economics.fast import FloatModel, float_appraise
from commissioning.cases.economics.green_book import BCR_NOTE, LowerRateTest, lower_rate_test
from commissioning.cases.economics.inputs import (
    DEFAULT_OPTIMISM_BIAS_COSTS,
    GREEN_BOOK_HEALTH,
    GREEN_BOOK_STANDARD,
    VALUE_TYPES,
    CaseInputs,
    CostLine,
    DiscountSchedule,
    Outcome,
    Range,
    StaffLine,
    with_value,
)
from commissioning.cases.economics.model import (
    Appraisal,
    OutcomeResult,
    YearRow,
    appraise,
    switching_sentence,
)
from commissioning.cases.economics.money import format_money, round_money, round_to
from commissioning.cases.economics.report import (
    CaseAnalysis,
    analyse_case,
    analysis_to_dict,
    appraisal_to_dict,
)
from commissioning.cases.economics.uncertainty import (
    PsaResult,
    Scenario,
    SensitivityRow,
    one_way,
    probabilistic,
    scenarios,
)
from commissioning.cases.economics.validation import CaseInvalid, parse_case

__all__ = [
    "BCR_NOTE",
    "DEFAULT_OPTIMISM_BIAS_COSTS",
    "GREEN_BOOK_HEALTH",
    "GREEN_BOOK_STANDARD",
    "VALUE_TYPES",
    "Appraisal",
    "CaseAnalysis",
    "CaseInputs",
    "CaseInvalid",
    "CostLine",
    "DiscountSchedule",
    "ExpectedValue",
    "FloatModel",
    "LowerRateTest",
    "Outcome",
    "OutcomeResult",
    "PsaResult",
    "Range",
    "Scenario",
    "SensitivityRow",
    "StaffLine",
    "YearRow",
    "analyse_case",
    "analysis_to_dict",
    "appraisal_to_dict",
    "appraise",
    "board_money",
    "check_inputs",
    "discount_factors",
    "explain",
    "float_appraise",
    "format_money",
    "lower_rate_test",
    "one_way",
    "parse_case",
    "probabilistic",
    "rate_for_year",
    "round_money",
    "round_to",
    "scenarios",
    "switching_sentence",
    "with_value",
]
