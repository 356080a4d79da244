"""What the Green Book 2026 adds to a case: how the BCR is read, and the lower-rate test.

HM Treasury published a new, shorter Green Book on 5 February 2026 (GOV.UK change
note). Two things in it shape what the toolkit reports:

- Benefit-cost ratios are reframed: a BCR is not a pass or fail test, and decisions
  weigh the full range of impacts (HM Treasury change note; Civil Service World,
  6 February 2026). The toolkit reports the BCR beside the NPV and never says that a
  BCR above (or below) any value makes a case acceptable (``BCR_NOTE``).
- A sensitivity test at lower discount rates for proposals whose horizon is longer than
  50 years (``LOWER_RATE_TRIGGER_YEARS``). Its rates are the Social Time Preference Rate
  with pure time preference set to zero, as DfT reproduces the Green Book 2026 table
  (TAG forthcoming change: Green Book updates, 16 April 2026): 3.00% for years 0-30,
  2.57% for 31-75, 2.14% for 76-125, 1.71% for 126-200, 1.29% for 201-300, 0.86% after
  (``LOWER_RATES``). The main rates are unchanged, and stay settings of the case.

The lower-rate test re-appraises the case with costs and non-health benefits discounted
at ``LOWER_RATES``; health-flagged benefits keep the case's health rates, because the
table we cite gives lower rates for the standard schedule only. Nothing else changes.
Pure: no Django, no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from commissioning.cases.economics.inputs import Bands, CaseInputs
from commissioning.cases.economics.model import Appraisal, appraise
from commissioning.cases.economics.money import format_money

GREEN_BOOK_2026 = (
    "HM Treasury. The Green Book (2026 edition), published 5 February 2026. "
    "https://www.gov.uk/government/publications/"
    "the-green-book-appraisal-and-evaluation-in-central-government"
)
DFT_TAG_2026 = (
    "Department for Transport. TAG forthcoming change: Green Book updates, updated "
    "16 April 2026 (reproduces the Green Book 2026 discount-rate table). "
    "https://www.gov.uk/government/publications/tag-forthcoming-changes/"
    "forthcoming-change-green-book-updates"
)
CSW_2026 = (
    "Civil Service World, report on the new Green Book, 6 February 2026. "
    "https://www.civilserviceworld.com/news/article/"
    "treasury-unveils-streamlined-green-book-guidance"
)

BCR_NOTE = (
    "The benefit-cost ratio is one measure among several, not a pass or fail test. "
    "Following the Green Book (HM Treasury, 2026), read it with the net present value, "
    "the uncertainty around both, the impacts not valued in money and the strategic case."
)

LOWER_RATE_TRIGGER_YEARS = 50  # the test applies when the horizon is longer than this
LOWER_RATES: Bands = (
    (0, Decimal("0.030")),
    (31, Decimal("0.0257")),
    (76, Decimal("0.0214")),
    (126, Decimal("0.0171")),
    (201, Decimal("0.0129")),
    (301, Decimal("0.0086")),
)


@dataclass(frozen=True)
class LowerRateTest:
    """The case re-appraised at the Green Book 2026 lower rates (module docstring)."""

    horizon_years: int
    bands: Bands  # the lower rates used for costs and non-health benefits
    central: Appraisal  # at the case's own rates
    lower: Appraisal  # at the lower rates

    @property
    def npv_change(self) -> Decimal:
        return self.lower.npv - self.central.npv


def lower_rate_test_applies(horizon_years: int) -> bool:
    """True when the horizon is longer than 50 years."""
    return horizon_years > LOWER_RATE_TRIGGER_YEARS


def lower_rate_test(inputs: CaseInputs, central: Appraisal | None = None) -> LowerRateTest | None:
    """The lower-rate sensitivity test, or None when the horizon is 50 years or less.
    Raises ValueError for invalid inputs (as ``appraise`` does)."""
    if not lower_rate_test_applies(inputs.horizon_years):
        return None
    central = central or appraise(inputs)
    lowered = replace(inputs, discounting=replace(inputs.discounting, standard=LOWER_RATES))
    return LowerRateTest(inputs.horizon_years, LOWER_RATES, central, appraise(lowered))


def rates_text(bands: Bands, horizon_years: int) -> str:
    """The bands that fall within the horizon, in words: "3% for years 0 to 30 and
    2.57% for years 31 to 54"."""
    parts = []
    for i, (first, rate) in enumerate(bands):
        if first >= horizon_years:
            break
        following = bands[i + 1][0] if i + 1 < len(bands) else None
        last = horizon_years - 1 if following is None else min(following - 1, horizon_years - 1)
        percent = f"{(rate * 100).normalize():f}%"
        years = f"year {first}" if first == last else f"years {first} to {last}"
        parts.append(f"{percent} for {years}")
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


def lower_rate_sentence(test: LowerRateTest | None, horizon_years: int) -> str:
    """Plain words for the results and the document, whether or not the test applies.
    Money in whole pounds."""
    if test is None:
        return (
            f"The appraisal horizon is {horizon_years} years. The Green Book (HM Treasury, "
            "2026) adds a sensitivity test at lower discount rates for horizons longer than "
            f"{LOWER_RATE_TRIGGER_YEARS} years, so it does not apply here."
        )
    change = test.npv_change
    if change == 0:
        compared = "the same as"
    else:
        compared = f"{format_money(abs(change))} {'higher' if change > 0 else 'lower'} than"
    return (
        f"The appraisal horizon is {test.horizon_years} years, longer than "
        f"{LOWER_RATE_TRIGGER_YEARS}, so the Green Book (HM Treasury, 2026) adds a "
        "sensitivity test at lower discount rates (the Social Time Preference Rate with "
        "pure time preference set to zero): "
        f"{rates_text(test.bands, test.horizon_years)} for costs and non-health "
        "benefits; health values keep their own rates. At those rates the NPV is "
        f"{format_money(test.lower.npv)}, {compared} at the main rates "
        f"({format_money(test.central.npv)})."
    )
