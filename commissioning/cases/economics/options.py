"""An options appraisal: two to four options, each a full set of inputs sharing the
case's need, price year and discounting, every one compared with business as usual.

Business as usual is the counterfactual: no new service, so no costs and no benefits
(NPV £0 by definition); the engine already appraises each option against it. An option's
inputs are the case's shared inputs with the option's own overriding them
(``option_data``); the need (births, prevalence), the price year and the discounting are
the case's and cannot be overridden (``SHARED``), so options differ only in what the
service would do.

``parse_options`` checks a case file's ``options`` list (names present and different,
no shared input overridden, every option a valid case, problems by dotted path such as
``options[1].staff[0].wte``); ``compare_options`` turns the options' analyses into a
``Comparison`` (typed values for the document and the results page), flagging an
option that differs from business as usual in nothing or repeats another option.

Pure: no Django, no ORM.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from commissioning.cases.economics.inputs import CaseInputs
from commissioning.cases.economics.report import (
    MODEL_VERSION,
    CaseAnalysis,
    analysis_to_dict,
    count,
    money,
    ratio,
)
from commissioning.cases.economics.uncertainty import SensitivityRow
from commissioning.cases.economics.validation import CaseInvalid, parse_case
from commissioning.prices.deflators import Series

# Inputs every option shares with the case: the area's need, prices and discounting.
SHARED = ("births_per_year", "prevalence", "price_year", "discounting")
# Fields of an option that are not engine inputs.
NOT_INPUTS = ("name",)
MIN_OPTIONS, MAX_OPTIONS = 2, 4
MAX_NAME = 100
KEY_RISKS = 3  # the largest sensitivity swings shown as an option's key risks

SHARED_MESSAGE = "Every option shares this input: set it once, outside the options"
NAME_MISSING = "Give this option a name"
NOTHING = (
    "differs from business as usual in nothing: it has no costs and no effects. Give it "
    "the costs and effects of what it would do, or remove it."
)


def option_data(shared: Mapping[str, Any], option: Mapping[str, Any]) -> dict[str, Any]:
    """The full case data of one option: ``shared`` (without its ``options``) with the
    option's own inputs replacing the shared ones field by field, and the shared need,
    price year and discounting kept whatever the option says. The case's ``name`` is kept
    (the option's name is not an engine input)."""
    data = {k: copy.deepcopy(v) for k, v in shared.items() if k != "options"}
    for key, value in option.items():
        if key in NOT_INPUTS or key in SHARED:
            continue
        data[key] = copy.deepcopy(value)
    for key in SHARED:
        if key in shared:
            data[key] = copy.deepcopy(shared[key])
        else:
            data.pop(key, None)
    return data


def name_errors(names: Sequence[object], prefix: str = "options") -> dict[str, str]:
    """Problems with the options' names, by dotted path: missing or empty, too long, or
    the same as an earlier option's (compared without case and surrounding spaces)."""
    errors: dict[str, str] = {}
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        path = f"{prefix}[{i}].name"
        if not isinstance(name, str) or not name.strip():
            errors[path] = NAME_MISSING
            continue
        if len(name) > MAX_NAME:
            errors[path] = f"Enter a name of {MAX_NAME} characters or fewer"
            continue
        key = name.strip().casefold()
        if key in seen:
            errors[path] = (
                f'"{name.strip()}" is already the name of {prefix}[{seen[key]}]: '
                "give each option its own name"
            )
        else:
            seen[key] = i
    return errors


@dataclass(frozen=True)
class ParsedOption:
    name: str
    data: dict[str, Any]  # the option's full case data (option_data)
    inputs: CaseInputs


def parse_options(
    data: Mapping[str, Any], *, deflators: Series | None = None
) -> list[ParsedOption]:
    """The options of a case file that has an ``options`` list, each parsed as a full
    case, or ``CaseInvalid`` with every problem by dotted path (``options[1].name``,
    ``options[0].staff[0].wte``)."""
    raw = data.get("options")
    if not isinstance(raw, list):
        raise CaseInvalid({"options": "Enter a list of options, each an object with a name"})
    if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
        raise CaseInvalid(
            {"options": f"Give between {MIN_OPTIONS} and {MAX_OPTIONS} options (found {len(raw)})"}
        )
    errors: dict[str, str] = {}
    for i, option in enumerate(raw):
        if not isinstance(option, Mapping):
            errors[f"options[{i}]"] = "Enter an object with a name and the inputs that differ"
    if errors:
        raise CaseInvalid(errors)
    errors.update(name_errors([option.get("name") for option in raw]))
    parsed: list[ParsedOption] = []
    for i, option in enumerate(raw):
        for key in option:
            if key in SHARED:
                errors[f"options[{i}].{key}"] = SHARED_MESSAGE
            elif key in ("options", "narrative", "schema_version", "$schema"):
                errors[f"options[{i}].{key}"] = "Remove this field: it belongs to the whole case"
        merged = option_data(data, option)
        try:
            inputs = parse_case(merged, deflators=deflators)
        except CaseInvalid as invalid:
            errors.update({f"options[{i}].{path}": m for path, m in invalid.errors.items()})
            continue
        name = option.get("name")
        parsed.append(ParsedOption(name.strip() if isinstance(name, str) else "", merged, inputs))
    if errors:
        raise CaseInvalid(errors)
    return parsed


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class OptionResult:
    """One option's results against business as usual."""

    name: str
    analysis: CaseAnalysis
    key_risks: tuple[SensitivityRow, ...]  # the largest sensitivity swings, largest first

    @property
    def pv_costs(self) -> Decimal:
        return self.analysis.appraisal.pv_costs

    @property
    def pv_benefits(self) -> Decimal:
        return self.analysis.appraisal.pv_benefits

    @property
    def npv(self) -> Decimal:
        return self.analysis.appraisal.npv

    @property
    def bcr(self) -> Decimal | None:
        return self.analysis.appraisal.bcr

    @property
    def expected_npv(self) -> Decimal:
        return self.analysis.psa.npv_mean

    @property
    def probability_positive(self) -> Decimal:
        return self.analysis.psa.probability_npv_positive

    @property
    def payback_year(self) -> int | None:
        return self.analysis.appraisal.payback_year

    @property
    def families(self) -> Decimal:
        return self.analysis.appraisal.families_total


@dataclass(frozen=True)
class OptionFlag:
    option: str
    message: str


@dataclass(frozen=True)
class Comparison:
    options: tuple[OptionResult, ...]
    flags: tuple[OptionFlag, ...]
    highest_npv: str | None  # the option with the highest central NPV, if above zero
    highest_expected_npv: str | None  # the same for the expected NPV
    preferred: str  # the commissioner's preferred option ("" when not recorded)
    preferred_reason: str

    @property
    def preferred_missing(self) -> bool:
        return not (self.preferred and self.preferred_reason.strip())


def _inputs_key(data: Mapping[str, Any]) -> Any:
    """What an option would do, for spotting two identical options: its data without
    the case's name, as a comparable value."""
    return repr(sorted((k, repr(v)) for k, v in data.items() if k not in ("name", "description")))


def _best(results: Sequence[OptionResult], value: str) -> str | None:
    best = max(results, key=lambda r: getattr(r, value), default=None)
    if best is None or getattr(best, value) <= 0:
        return None
    return best.name


def compare_options(
    options: Sequence[tuple[str, Mapping[str, Any], CaseAnalysis]],
    *,
    preferred: str = "",
    preferred_reason: str = "",
) -> Comparison:
    """Every option (name, its full case data, its analysis) against business as usual,
    with the flags: an option with no costs and no benefits differs from business as usual
    in nothing, and an option whose inputs are the same as an earlier one's repeats it.
    The highest NPV and expected NPV are named only when above zero (business as usual
    has £0). ``preferred`` must be one of the options' names, else it is treated as not
    recorded."""
    results = tuple(
        OptionResult(
            name=name,
            analysis=analysis,
            key_risks=tuple(row for row in analysis.sensitivity[:KEY_RISKS] if row.swing > 0),
        )
        for name, _data, analysis in options
    )
    flags: list[OptionFlag] = []
    seen: dict[Any, str] = {}
    for (name, data, analysis), _result in zip(options, results, strict=True):
        r = analysis.appraisal
        if r.pv_costs == 0 and r.pv_benefits == 0:
            flags.append(OptionFlag(name, f"{name} {NOTHING}"))
        key = _inputs_key(data)
        if key in seen:
            flags.append(
                OptionFlag(
                    name,
                    f"{name} has the same inputs as {seen[key]}: change what differs, or "
                    "remove one of them.",
                )
            )
        else:
            seen[key] = name
    horizons = sorted({r.analysis.appraisal.horizon_years for r in results})
    if len(horizons) > 1:
        flags.append(
            OptionFlag(
                "",
                "The options are appraised over different horizons ("
                + ", ".join(f"{h} years" for h in horizons)
                + "): their present values are not like for like.",
            )
        )
    names = {r.name for r in results}
    chosen = preferred if preferred in names else ""
    return Comparison(
        options=results,
        flags=tuple(flags),
        highest_npv=_best(results, "npv"),
        highest_expected_npv=_best(results, "expected_npv"),
        preferred=chosen,
        preferred_reason=preferred_reason.strip() if chosen else "",
    )


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The options appraisal as JSON-ready data: each option's whole analysis (as
    ``analysis_to_dict``) with its name and key risks, the flags, the options with the
    highest NPV and expected NPV, and the preferred option and why (null when not
    recorded)."""
    options = []
    for option in comparison.options:
        data = analysis_to_dict(option.analysis)
        data.pop("model_version", None)
        options.append(
            {
                "name": option.name,
                **data,
                "key_risks": [
                    {"input": row.path, "label": row.label, "swing": money(row.swing)}
                    for row in option.key_risks
                ],
            }
        )
    first = comparison.options[0].analysis if comparison.options else None
    return {
        "model_version": MODEL_VERSION,
        "business_as_usual": {
            "description": "No new service: no costs and no benefits.",
            "pv_costs": "0.00",
            "pv_benefits": "0.00",
            "npv": "0.00",
        },
        "price_year": first.inputs.price_year if first else None,
        "options": options,
        "summary": [
            {
                "name": o.name,
                "pv_costs": money(o.pv_costs),
                "pv_benefits": money(o.pv_benefits),
                "npv": money(o.npv),
                "bcr": ratio(o.bcr),
                "expected_npv": money(o.expected_npv),
                "probability_npv_positive": ratio(o.probability_positive),
                "payback_year": o.payback_year,
                "families_total": count(o.families),
            }
            for o in comparison.options
        ],
        "flags": [{"option": f.option, "message": f.message} for f in comparison.flags],
        "highest_npv": comparison.highest_npv,
        "highest_expected_npv": comparison.highest_expected_npv,
        "preferred_option": comparison.preferred or None,
        "preferred_reason": comparison.preferred_reason or None,
    }
