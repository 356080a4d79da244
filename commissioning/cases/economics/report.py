"""Everything about one case in one object, and its JSON form for display.

``analyse_case`` runs the appraisal, the one-way sensitivity, the three scenarios, the
PSA and, for horizons over 50 years, the Green Book 2026 lower-rate test
(green_book.py). ``analysis_to_dict`` turns the result into JSON-ready data, adding the
expected NPV beside the central estimate and why they differ (expected.py): every Decimal
becomes a string rounded half up for display — money to pence, ratios and shares to 4
decimal places, discount factors to 10, families and cases to 2 — and None stays None
(null), with the reason under ``unavailable``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from commissioning.cases.economics.expected import ExpectedValue, explain
from commissioning.cases.economics.green_book import LowerRateTest, lower_rate_test
from commissioning.cases.economics.inputs import CaseInputs
from commissioning.cases.economics.model import Appraisal, appraise
from commissioning.cases.economics.money import round_money, round_to
from commissioning.cases.economics.uncertainty import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    PsaResult,
    Scenario,
    SensitivityRow,
    one_way,
    probabilistic,
    scenarios,
)
from commissioning.cases.economics.uprating import prices_to_dict

MODEL_VERSION = "1.0"


@dataclass(frozen=True)
class CaseAnalysis:
    inputs: CaseInputs
    appraisal: Appraisal
    sensitivity: tuple[SensitivityRow, ...]
    scenarios: tuple[Scenario, ...]
    psa: PsaResult
    # The Green Book 2026 lower-rate sensitivity test (horizons over 50 years), or None.
    lower_rate_test: LowerRateTest | None = None


def analyse_case(
    inputs: CaseInputs,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
) -> CaseAnalysis:
    """Appraisal, tornado, scenarios, PSA and (for horizons over 50 years) the Green Book
    lower-rate test for one case. Raises ValueError for invalid inputs (see
    ``check_inputs``) or a bad number of draws. ``progress`` is the PSA's (draws done,
    draws) callback, the PSA being nearly all the time of a heavy case."""
    appraisal = appraise(inputs)
    return CaseAnalysis(
        inputs=inputs,
        appraisal=appraisal,
        sensitivity=one_way(inputs, appraisal),
        scenarios=scenarios(inputs, appraisal),
        psa=probabilistic(inputs, draws=draws, seed=seed, progress=progress),
        lower_rate_test=lower_rate_test(inputs, appraisal),
    )


def _fmt(places: int | None) -> Callable[[Decimal | int | None], str | None]:
    def fmt(value: Decimal | int | None) -> str | None:
        if value is None:
            return None
        if isinstance(value, int):
            return str(value)
        return str(round_money(value) if places is None else round_to(value, places))

    return fmt


money, ratio, factor, count = _fmt(None), _fmt(4), _fmt(10), _fmt(2)


def appraisal_to_dict(result: Appraisal) -> dict[str, Any]:
    """One appraisal as JSON-ready data: Decimals as display strings (module docstring),
    None as null, and the per-year table under ``years``."""
    return {
        "horizon_years": result.horizon_years,
        "service_years": result.service_years,
        "pv_costs": money(result.pv_costs),
        "pv_benefits": money(result.pv_benefits),
        "pv_benefits_by_type": {k: money(v) for k, v in result.pv_benefits_by_type.items()},
        "pv_benefits_by_agency": {k: money(v) for k, v in result.pv_benefits_by_agency.items()},
        "outcomes": [
            {
                "name": o.name,
                "value_type": o.value_type,
                "agency": o.agency,
                "is_health": o.is_health,
                "net_cases_per_cohort": count(o.net_cases_per_cohort),
                "pv_benefits": money(o.pv_benefits),
            }
            for o in result.outcomes
        ],
        "total_costs_undiscounted": money(result.total_costs),
        "total_benefits_undiscounted": money(result.total_benefits),
        "npv": money(result.npv),
        "bcr": ratio(result.bcr),
        "roi": ratio(result.roi),
        "fiscal_roi": ratio(result.fiscal_roi),
        "payback_year": result.payback_year,
        "first_benefit_year": result.first_benefit_year,
        "families_per_cohort": [count(f) for f in result.families_per_cohort],
        "families_total": count(result.families_total),
        "families_uncapped_per_cohort": count(result.families_uncapped_per_cohort),
        "capacity_binds": result.capacity_binds,
        "net_cases_total": count(result.net_cases_total),
        "cost_per_family": money(result.cost_per_family),
        "cost_per_net_case": money(result.cost_per_net_case),
        "switching_value": ratio(result.switching_value),
        "switching_sentence": result.switching_sentence,
        "unavailable": dict(result.unavailable),
        "years": [
            {
                "year": row.year,
                "cost": money(row.cost),
                "benefit": money(row.benefit),
                "health_benefit": money(row.health_benefit),
                "df_standard": factor(row.df_standard),
                "df_health": factor(row.df_health),
                "pv_cost": money(row.pv_cost),
                "pv_benefit": money(row.pv_benefit),
                "cumulative_npv": money(row.cumulative_npv),
            }
            for row in result.years
        ],
    }


def _input(value: Decimal | int) -> str:
    return str(value) if isinstance(value, int) else f"{value.normalize():f}"


def analysis_to_dict(analysis: CaseAnalysis) -> dict[str, Any]:
    """The whole analysis as JSON-ready data (module docstring)."""
    inputs, psa = analysis.inputs, analysis.psa
    return {
        "model_version": MODEL_VERSION,
        "case": {
            "name": inputs.name,
            **prices_to_dict(inputs),  # price_year, deflators, upratings, not known
            "discounting": inputs.discounting.method,
            "illustrative_inputs": sorted(inputs.illustrative),
        },
        "appraisal": appraisal_to_dict(analysis.appraisal),
        "sensitivity": [
            {
                "input": row.path,
                "label": row.label,
                "low": _input(row.low),
                "central": _input(row.central),
                "high": _input(row.high),
                "npv_low": money(row.npv_low),
                "npv_high": money(row.npv_high),
                "swing": money(row.swing),
            }
            for row in analysis.sensitivity
        ],
        "scenarios": {
            s.name: {
                "inputs": {path: _input(v) for path, v in s.values.items()},
                "pv_costs": money(s.appraisal.pv_costs),
                "pv_benefits": money(s.appraisal.pv_benefits),
                "npv": money(s.appraisal.npv),
                "bcr": ratio(s.appraisal.bcr),
                "payback_year": s.appraisal.payback_year,
            }
            for s in analysis.scenarios
        },
        "psa": {
            "draws": psa.draws,
            "seed": psa.seed,
            "npv_p5": money(psa.npv_p5),
            "npv_median": money(psa.npv_median),
            "npv_p95": money(psa.npv_p95),
            "npv_mean": money(psa.npv_mean),
            "bcr_p5": ratio(psa.bcr_p5),
            "bcr_median": ratio(psa.bcr_median),
            "bcr_p95": ratio(psa.bcr_p95),
            "probability_npv_positive": ratio(psa.probability_npv_positive),
            "unavailable": dict(psa.unavailable),
        },
        "expected_value": expected_value_to_dict(explain(analysis)),
        "lower_rate_test": lower_rate_test_to_dict(analysis.lower_rate_test),
    }


def expected_value_to_dict(value: ExpectedValue) -> dict[str, Any]:
    """The expected NPV beside the central estimate, and why they differ (expected.py)."""
    return {
        "central_npv": money(value.central_npv),
        "mean_npv": money(value.mean_npv),
        "difference": money(value.difference),
        "probability_npv_positive": ratio(value.probability_positive),
        "close": value.close,
        "summary": value.summary,
        "reasons": [
            {"kind": r.kind, "sentence": r.sentence, "details": list(r.details)}
            for r in value.reasons
        ],
    }


def lower_rate_test_to_dict(test: LowerRateTest | None) -> dict[str, Any] | None:
    """The Green Book 2026 lower-rate test (green_book.py), or None when the horizon is
    50 years or less."""
    if test is None:
        return None
    return {
        "standard_rates": [[year, _input(rate)] for year, rate in test.bands],
        "pv_costs": money(test.lower.pv_costs),
        "pv_benefits": money(test.lower.pv_benefits),
        "npv": money(test.lower.npv),
        "bcr": ratio(test.lower.bcr),
        "npv_change": money(test.npv_change),
    }
