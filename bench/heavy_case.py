"""The heaviest case the case format accepts, for the benchmarks and the speed tests.

Every limit that adds work is at its maximum (economics/inputs.py and validation.py):
MAX_OUTCOMES outcomes, a MAX_HORIZON-year horizon, the service running every year of
it, every outcome lasting the whole horizon from year 0 with a drop-off, and every
number given to MAX_INPUT_PLACES decimal places (exact arithmetic grows with the
places: (1 - drop-off)^59 has about 600 digits). No range is fixed, so the one-way
table has a row for every input (6 per outcome, 11 for the case, 1 for the discount
rates) and the probabilistic analysis draws every one of them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commissioning.cases.economics.inputs import MAX_HORIZON, MAX_INPUT_PLACES, MAX_OUTCOMES


def _places(value: str) -> str:
    """``value`` padded with 7s to MAX_INPUT_PLACES decimal places."""
    whole, _, fraction = value.partition(".")
    return f"{whole}.{(fraction + '7' * MAX_INPUT_PLACES)[:MAX_INPUT_PLACES]}"


def heaviest_case_data() -> dict[str, Any]:
    """The case as the JSON-like data ``parse_case`` reads (Decimals for numbers)."""

    def number(value: str) -> dict[str, Decimal]:
        return {"value": Decimal(_places(value))}

    outcomes = [
        {
            "name": f"Outcome {i + 1}",
            "value_type": ("fiscal_cashable", "fiscal_non_cashable", "economic", "social")[i % 4],
            "agency": f"Agency {i % 5 + 1}",
            "is_health": i % 3 == 0,
            "baseline_risk": number("0.1"),
            "relative_reduction": number("0.2"),
            "value_per_case": number(f"{1000 + 37 * i}.5"),
            "duration_years": {"value": MAX_HORIZON},
            "lag_years": 0,
            "drop_off": number(f"0.0{i % 9 + 1}"),
        }
        for i in range(MAX_OUTCOMES)
    ]
    return {
        "schema_version": 1,
        "name": f"Heaviest valid case ({MAX_OUTCOMES} outcomes over {MAX_HORIZON} years)",
        "price_year": "2024/25",
        "horizon_years": {"value": MAX_HORIZON},
        "service_years": {"value": MAX_HORIZON},
        "births_per_year": number("5000.1"),
        "prevalence": number("0.15"),
        "reach": number("0.2"),
        "setup_cost": number("40000.5"),
        "overhead_rate": number("0.1"),
        "optimism_bias_costs": number("0.2"),
        "optimism_bias_benefits": number("0.1"),
        "deadweight": number("0.1"),
        "attribution": number("0.2"),
        "displacement": number("0.05"),
        "non_staff": [{"label": "Running costs", "annual_cost": number("250000.5")}],
        "outcomes": outcomes,
    }
