"""The inputs of a value-for-money case, their defaults, limits and the checks on them.

Everything here is plain data: frozen dataclasses of ``Decimal`` (money, rates, shares)
and ``int`` (years). The same limits serve two walkers: ``validation.parse_case`` checks
raw JSON-like data (and names each bad field by its dotted path), and
``checks.check_inputs`` re-checks a ``CaseInputs`` built directly in code, so the
engine rejects whatever the forms would.

Units: money in pounds (real terms, in the case's price year); rates and shares are
decimals in [0, 1] (0.035 is 3.5%); years are whole numbers counted from year 0, the
first year of the service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commissioning.cases.economics.uprating import PricedInput

# --- Limits ---------------------------------------------------------------------------
# Sane maxima reject typing slips (1e30, an extra zero row) while leaving room for any
# real English area: about 600,000 births a year in all of England (ONS), so one area's
# births can never reach a million; a single outcome valued above £10m a case a year is
# not a PAIR outcome.
MAX_HORIZON = 60  # years; the Green Book's 31-75 band starts inside it
MAX_BIRTHS = Decimal(1_000_000)
MAX_CAPACITY = Decimal(1_000_000)  # families a year
MAX_MONEY = Decimal(100_000_000)  # £ for set-up cost and any annual non-staff line
MAX_COST_PER_WTE = Decimal(1_000_000)  # £ a year; PSSRU Band 9 totals are near £200k
MAX_WTE = Decimal(1000)
MAX_VALUE_PER_CASE = Decimal(10_000_000)  # £ a case a year
MAX_OPTIMISM_BIAS_COSTS = Decimal(2)  # 200%: the Green Book's largest upper bound
MAX_RUNNING_COST_SCALE = Decimal(10)
MAX_DISCOUNT_RATE = Decimal("0.2")
MAX_LINES = 100  # staff lines, non-staff lines, unit-cost rows
MAX_OUTCOMES = 50
MAX_TEXT = 200  # characters in a name, role, band, label or agency
# parse_case refuses more decimal places than a person would type; the engine accepts
# more (a switching value times an effect has about 30) but stops at a bound that keeps
# its exact arithmetic within its working precision (see model.EXACT_PRECISION).
MAX_INPUT_PLACES = 10
MAX_ENGINE_PLACES = 40

# --- Defaults (each a named constant with its source) -----------------------------------
# Green Book generic optimism bias, "outsourcing" operating-expenditure row, upper bound
# 41% (Mott MacDonald 2002): start there, lower it only as evidence shows risks managed.
DEFAULT_OPTIMISM_BIAS_COSTS = Decimal("0.41")
DEFAULT_OPTIMISM_BIAS_BENEFITS = Decimal(0)  # no generic value; set one from the evidence
DEFAULT_OVERHEAD_RATE = Decimal(0)  # PSSRU annual unit costs already include overheads
DEFAULT_RUNNING_COST_SCALE = Decimal(1)

VALUE_TYPES = ("fiscal_cashable", "fiscal_non_cashable", "economic", "social")
FISCAL_TYPES = ("fiscal_cashable", "fiscal_non_cashable")
DISTRIBUTIONS = ("triangular", "uniform", "fixed")


# --- Dataclasses ------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffLine:
    """One staff role. Annual cost = ``wte`` × ``annual_cost_per_wte``, or × the unit
    cost of ``band`` in the case's unit-cost table when no cost is entered."""

    role: str
    wte: Decimal
    band: str = ""
    annual_cost_per_wte: Decimal | None = None


@dataclass(frozen=True)
class CostLine:
    """A non-staff running cost (£ a year): supervision, training, venues, travel."""

    label: str
    annual_cost: Decimal


@dataclass(frozen=True)
class Outcome:
    """One monetised outcome. ``value_per_case`` is £ per net case per year of duration;
    a one-off value (a lifetime cost avoided, already in present value) has duration 1."""

    name: str
    baseline_risk: Decimal  # p: share of reached families who would have the outcome
    relative_reduction: Decimal  # e: share of that risk the service removes
    value_per_case: Decimal  # V
    value_type: str  # one of VALUE_TYPES
    agency: str  # who gains, free text ("NHS", "Local authority children's services")
    is_health: bool = False  # a health or life value: discounted at the health rate
    duration_years: int = 1  # D >= 1
    lag_years: int = 0  # L >= 0: years from the cohort's service year to the first benefit
    drop_off: Decimal = Decimal(0)  # d: annual decline after the first benefit year


@dataclass(frozen=True)
class Range:
    """Uncertainty about one input. ``None`` bounds take the documented defaults
    (``uncertainty.default_range``); the central value is the input itself and is the
    mode of the triangular distribution."""

    low: Decimal | None = None
    high: Decimal | None = None
    distribution: str = "triangular"  # one of DISTRIBUTIONS


# The Green Book schedules, as (first year, rate) bands: the rate of a band is used for
# every year from its first year until the next band starts (see discounting.py).
# Unchanged in the Green Book 2026 (HM Treasury, 5 February 2026; table in DfT TAG, 16 April
# 2026); green_book.py has its lower-rate test. Standard: STPR 3.5% / 3.0% / 2.5% (V).
GREEN_BOOK_STANDARD = ((0, Decimal("0.035")), (31, Decimal("0.030")), (76, Decimal("0.025")))
# Health and life values: 1.5% / 1.29% / 1.07% (Green Book 2026 table via DfT TAG; V).
GREEN_BOOK_HEALTH = ((0, Decimal("0.015")), (31, Decimal("0.0129")), (76, Decimal("0.0107")))

Bands = tuple[tuple[int, Decimal], ...]


@dataclass(frozen=True)
class DiscountSchedule:
    """Discount-rate bands for costs and non-health benefits (``standard``) and for
    health-flagged benefits (``health``). ``method`` is a label: green_book, flat or
    custom."""

    standard: Bands = GREEN_BOOK_STANDARD
    health: Bands = GREEN_BOOK_HEALTH
    method: str = "green_book"

    @classmethod
    def green_book(cls) -> DiscountSchedule:
        return cls()

    @classmethod
    def flat(cls, rate: Decimal) -> DiscountSchedule:
        """One rate for every year, costs and all benefits alike (0 is allowed)."""
        return cls(((0, rate),), ((0, rate),), "flat")


@dataclass(frozen=True)
class CaseInputs:
    """Everything the engine needs. Field names are the JSON field names, so a dotted
    path such as ``outcomes[1].relative_reduction`` names the same thing in both."""

    name: str
    horizon_years: int  # H: years 0..H-1 are appraised
    service_years: int  # S: cohorts served in years 0..S-1
    births_per_year: Decimal
    prevalence: Decimal
    reach: Decimal
    outcomes: tuple[Outcome, ...]
    capacity_families_per_year: Decimal | None = None
    setup_cost: Decimal = Decimal(0)
    staff: tuple[StaffLine, ...] = ()
    non_staff: tuple[CostLine, ...] = ()
    unit_costs: Mapping[str, Decimal] = field(default_factory=dict)  # band -> £ per WTE
    overhead_rate: Decimal = DEFAULT_OVERHEAD_RATE
    running_cost_scale: Decimal = DEFAULT_RUNNING_COST_SCALE
    optimism_bias_costs: Decimal = DEFAULT_OPTIMISM_BIAS_COSTS
    optimism_bias_benefits: Decimal = DEFAULT_OPTIMISM_BIAS_BENEFITS
    deadweight: Decimal = Decimal(0)
    attribution: Decimal = Decimal(0)
    displacement: Decimal = Decimal(0)
    discounting: DiscountSchedule = field(default_factory=DiscountSchedule)
    # Uncertainty and provenance, keyed by dotted path ("births_per_year",
    # "outcomes[0].value_per_case"; "discount_shift" for the discount-rate shift).
    ranges: Mapping[str, Range] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    illustrative: frozenset[str] = frozenset()
    description: str = ""
    price_year: str = ""
    priced: tuple[PricedInput, ...] = ()  # money inputs with a price year (uprating.py)
    deflators: str = ""  # the deflator series the uprating used


# --- Rules shared by parse_case and check_inputs ---------------------------------------


@dataclass(frozen=True)
class Rule:
    """Allowed values of one numeric field: ``low`` <= x <= ``high``, whole if
    ``integer``. ``what`` completes "Enter ..." when the field is missing."""

    what: str
    low: Decimal
    high: Decimal
    integer: bool = False

    @property
    def message(self) -> str:
        if self.integer:
            return f"Enter a whole number between {self.low:,} and {self.high:,}"
        return f"Enter a number between {_plain(self.low)} and {_plain(self.high)}"

    def check(self, value: Decimal | int) -> str | None:
        """The error message for ``value``, or None when it is allowed."""
        if isinstance(value, Decimal):
            if not value.is_finite():
                return self.message
            if self.integer and value != value.to_integral_value():
                return self.message
        if not self.low <= value <= self.high:
            return self.message
        return None


def _plain(number: Decimal) -> str:
    return f"{number:,}" if number == number.to_integral_value() else str(number)


ZERO, ONE = Decimal(0), Decimal(1)


def _share(what: str) -> Rule:
    return Rule(what, ZERO, ONE)


RULES: dict[str, Rule] = {
    "horizon_years": Rule("the appraisal horizon in years", ONE, Decimal(MAX_HORIZON), True),
    "service_years": Rule("the number of years the service runs", ONE, Decimal(MAX_HORIZON), True),
    "births_per_year": Rule("the number of births a year", ZERO, MAX_BIRTHS),
    "prevalence": _share("the share of families who need the service"),
    "reach": _share("the share of those families the service reaches"),
    "capacity_families_per_year": Rule(
        "the service's capacity in families a year", ONE, MAX_CAPACITY
    ),
    "setup_cost": Rule("the one-off set-up cost", ZERO, MAX_MONEY),
    "overhead_rate": _share("the overhead rate"),
    "running_cost_scale": Rule("the running-cost scale", ZERO, MAX_RUNNING_COST_SCALE),
    "optimism_bias_costs": Rule("the optimism bias on costs", ZERO, MAX_OPTIMISM_BIAS_COSTS),
    "optimism_bias_benefits": _share("the optimism bias on benefits"),
    "deadweight": _share("the deadweight"),
    "attribution": _share("the attribution"),
    "displacement": _share("the displacement"),
    "wte": Rule("the whole-time equivalent (WTE)", ZERO, MAX_WTE),
    "annual_cost_per_wte": Rule("the annual cost per WTE", ZERO, MAX_COST_PER_WTE),
    "unit_cost": Rule("the annual cost per WTE", ZERO, MAX_COST_PER_WTE),
    "annual_cost": Rule("the annual cost", ZERO, MAX_MONEY),
    "baseline_risk": _share("the baseline risk"),
    "relative_reduction": _share("the relative reduction in risk"),
    "value_per_case": Rule("the value per case per year", ZERO, MAX_VALUE_PER_CASE),
    "duration_years": Rule("the duration in years", ONE, Decimal(MAX_HORIZON), True),
    "lag_years": Rule("the lag in years", ZERO, Decimal(MAX_HORIZON - 1), True),
    "drop_off": _share("the annual drop-off"),
    "rate": Rule("the discount rate", ZERO, MAX_DISCOUNT_RATE),
    "from_year": Rule("the first year of the band", ZERO, Decimal(1000), True),
}
SERVICE_YEARS_TOO_LONG = "Enter a number of service years no greater than the horizon ({h})"
SHIFT_LOW = Rule("the low discount-rate shift", -MAX_DISCOUNT_RATE, ZERO)
SHIFT_HIGH = Rule("the high discount-rate shift", ZERO, MAX_DISCOUNT_RATE)

# Numeric fields that can carry a Range, with their rule names.
CASE_NUMBERS = (
    "births_per_year",
    "prevalence",
    "reach",
    "setup_cost",
    "overhead_rate",
    "running_cost_scale",
    "optimism_bias_costs",
    "optimism_bias_benefits",
    "deadweight",
    "attribution",
    "displacement",
)
OUTCOME_NUMBERS = (
    "baseline_risk",
    "relative_reduction",
    "value_per_case",
    "duration_years",
    "lag_years",
    "drop_off",
)

_PATH = re.compile(r"^outcomes\[(\d+)\]\.(\w+)$")


def rule_for(path: str) -> Rule | None:
    """The rule for a rangeable dotted path, e.g. ``outcomes[0].drop_off``."""
    if path == "discount_shift":
        return None
    return RULES.get(path.rsplit(".", 1)[-1])


def value_at(inputs: CaseInputs, path: str) -> Decimal | int:
    """The value of a rangeable input named by its dotted path."""
    if path == "discount_shift":
        return ZERO
    match = _PATH.match(path)
    if match:
        return getattr(inputs.outcomes[int(match[1])], match[2])
    return getattr(inputs, path)


def with_value(inputs: CaseInputs, path: str, value: Decimal | int) -> CaseInputs:
    """A copy of ``inputs`` with one input (named by its dotted path) replaced.
    ``discount_shift`` adds ``value`` to every discount rate (floored at 0). A range
    given for the input that no longer brackets the new value is dropped (the default
    range then applies), so the copy stays valid."""
    if path == "discount_shift":
        return replace(inputs, discounting=shifted(inputs.discounting, Decimal(value)))
    given = inputs.ranges.get(path)
    if given is not None and not (
        (given.low is None or given.low <= value) and (given.high is None or value <= given.high)
    ):
        inputs = replace(inputs, ranges={k: v for k, v in inputs.ranges.items() if k != path})
    match = _PATH.match(path)
    if match:
        index, name = int(match[1]), match[2]
        outcomes = list(inputs.outcomes)
        one: dict[str, Any] = {name: value}  # a field named at run time
        outcomes[index] = replace(outcomes[index], **one)
        return replace(inputs, outcomes=tuple(outcomes))
    changes: dict[str, Any] = {path: value}
    return replace(inputs, **changes)


def shifted(schedule: DiscountSchedule, shift: Decimal) -> DiscountSchedule:
    """Every rate in both schedules moved by ``shift`` (a decimal, 0.01 = one point),
    floored at 0 and capped at MAX_DISCOUNT_RATE."""

    def move(bands: Bands) -> Bands:
        return tuple((y, min(MAX_DISCOUNT_RATE, max(ZERO, r + shift))) for y, r in bands)

    return replace(schedule, standard=move(schedule.standard), health=move(schedule.health))


def staff_annual_cost(line: StaffLine, unit_costs: Mapping[str, Decimal]) -> Decimal:
    """£ a year for one staff line: WTE × (entered cost per WTE, else the band's unit
    cost). Exact."""
    per_wte = line.annual_cost_per_wte
    if per_wte is None:
        per_wte = unit_costs[line.band]
    return line.wte * per_wte
