"""Reads for the case builders: the cases a person may see, a case's analysis, the
self-assessment it draws on, and where each of its inputs came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from commissioning.accounts.access import get_for_member, scope_to_member
from commissioning.accounts.models import User
from commissioning.areas.selectors import dataset_age, dataset_at
from commissioning.assessment.diagnosis import DiagnosisSummary
from commissioning.cases import defaults
from commissioning.cases.economics import CaseAnalysis, CaseInputs, analyse_case, parse_case
from commissioning.cases.models import Case
from commissioning.knowledge.models import Parameter, Source
from commissioning.knowledge.works import Work, works_from_items
from commissioning.prices.selectors import current_series


def cases_for(user: User | AnonymousUser) -> QuerySet[Case]:
    return scope_to_member(
        Case.objects.select_related("organisation", "updated_by"), user, via="organisation"
    )


def case_for(user: User | AnonymousUser, pk: object) -> Case:
    """The case, if ``user`` is a member of its organisation; 404 otherwise."""
    return get_for_member(
        Case.objects.select_related("organisation", "updated_by"), user, via="organisation", pk=pk
    )


def analysis_for(inputs: Mapping[str, Any]) -> CaseAnalysis:
    """The engine's analysis of stored inputs (always valid: every save validates),
    with the engine's default draws and seed, so the results page, the document and
    ``manage.py appraise`` report the same figures. Money in another price year is
    uprated with the current deflator series."""
    return analyse_case(parse_case(inputs, deflators=current_series()))


def reference_works() -> tuple[Work, ...]:
    """The knowledge base's published sources, as the works a business case's
    references appendix can name (one query)."""
    return works_from_items(
        {
            "key": s.key,
            "title": s.title,
            "authors": s.authors,
            "year": s.year,
            "container": s.container,
            "url": s.url,
            "doi": s.doi,
        }
        for s in Source.objects.published()
    )


def diagnosis_for(case: Case) -> DiagnosisSummary | None:
    """The summary of the organisation's latest submitted self-assessment, with its
    own plain reading, if there is one."""
    from commissioning.assessment.selectors import latest_submitted_for
    from commissioning.assessment.summaries import diagnosis_summary

    assessment = latest_submitted_for(case.organisation_id)
    return None if assessment is None else diagnosis_summary(assessment)


# --- Where each input came from --------------------------------------------------------

TEMPLATE, LIBRARY, USER = "template", defaults.LIBRARY, defaults.USER
AREA = "area"  # a figure from the areas datasets (commissioning.areas), kept as it was


def area_source(area: Any) -> str:
    """The source note for births taken from ``area`` (an ``areas.defaults.AreaDefaults``
    with births): the period, source, dataset version and area, stored with the figure."""
    births = area.births
    text = (
        f"Live births, {births.period}. Source: {births.source}. "
        f"Dataset {births.dataset.title}, dataset version {births.dataset.version}, "
        f"area {area.code} ({area.name}, {area.level_label})."
    )
    if births.derived:
        text += f" {births.method}"
    return text


def from_area(area: Any) -> dict[str, Any]:
    """The provenance of births taken unchanged from ``area``'s figure: enough to find
    the same dataset version again (``areas.selectors.figure_at``)."""
    births = area.births
    return {
        "origin": AREA,
        "code": area.code,
        "name": area.name,
        "level": area.level_label,
        "dataset": {"kind": births.dataset.kind, "version": births.dataset.version},
        "period": births.period,
        "source": births.source,
        # The ICB map the figure was taken on, kept with it (areas.history.map_change).
        "configuration": (
            {"name": area.map.name, "effective_from": area.map.effective_from.isoformat()}
            if getattr(area, "map", None) is not None
            else None
        ),
    }


def data_ages(provenance: Mapping[str, Any]) -> dict[str, str]:
    """How old each area figure a case keeps is, by input path ({"births_per_year":
    "mid-2019 (year to 30 June 2019): 7 years old"}), worked out from the dataset
    version the figure came from and today's date, so a document says it afresh."""
    ages = {}
    for path, entry in provenance.items():
        if not isinstance(entry, Mapping) or entry.get("origin") != AREA:
            continue
        dataset = entry.get("dataset") or {}
        try:
            version = int(dataset.get("version", 0))
        except (TypeError, ValueError):
            continue
        age = dataset_age(dataset_at(kind=str(dataset.get("kind", "")), version=version))
        if age:
            ages[path] = age
    return ages


@dataclass
class Origin:
    """Where one input's value came from: the library (with its parameters), the
    user's own figure, or the builder's template."""

    kind: str
    source: str = ""
    illustrative: bool = False
    parameters: list[Parameter] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # keys no longer published
    area: Mapping[str, Any] = field(default_factory=dict)  # AREA: code, name, dataset

    @property
    def label(self) -> str:
        if self.kind == AREA:
            return (
                f"From the area data for {self.area.get('name', '')} ({self.area.get('code', '')})"
            )
        return {
            LIBRARY: "From the parameter library",
            USER: "Your own figure",
            TEMPLATE: "Starting value from the builder's template",
        }[self.kind]


def origin(inputs: Mapping, provenance: Mapping, path: str, library: defaults.Library) -> Origin:
    entry = provenance.get(path)
    source = defaults.get_source(inputs, path)
    illustrative = defaults.is_illustrative(inputs, path)
    if isinstance(entry, Mapping) and entry.get("origin") == LIBRARY:
        keys = list(entry.get("parameters", []))
        found = [p for key in keys if (p := library.get(key)) is not None]
        missing = [key for key in keys if library.get(key) is None]
        return Origin(LIBRARY, source, illustrative, found, missing)
    if isinstance(entry, Mapping) and entry.get("origin") == USER:
        return Origin(USER, source, illustrative)
    if isinstance(entry, Mapping) and entry.get("origin") == AREA:
        return Origin(AREA, source, illustrative, area=dict(entry))
    return Origin(TEMPLATE, source, illustrative)


@dataclass
class InputRow:
    group: str
    label: str
    value: str
    origin: Origin
    path: str
    price_note: str = ""  # the value's price year: uprated, or a warning (with_prices)
    price_warning: bool = False


def with_prices(rows: list[InputRow], inputs: CaseInputs) -> list[InputRow]:
    """``rows`` with what each money input's price year meant: uprated to the case's
    prices, or a warning when it is not known (``inputs`` is the parsed case)."""
    from commissioning.cases.document import price_note

    for row in rows:
        for path in (row.path, f"{row.path}.annual_cost_per_wte", f"{row.path}.annual_cost"):
            note, warning = price_note(inputs, path)
            if note:
                row.price_note, row.price_warning = note, warning
                break
    return rows


CASE_INPUTS = (
    ("Area and need", "births_per_year", "Births a year"),
    ("Area and need", "prevalence", "Share of families who need the service"),
    ("Area and need", "reach", "Share of those families reached"),
    ("Area and need", "capacity_families_per_year", "Families the service can see a year"),
    ("Service and costs", "setup_cost", "One-off set-up cost"),
    ("Service and costs", "overhead_rate", "Overheads on running costs"),
    ("Adjustments", "deadweight", "Deadweight"),
    ("Adjustments", "attribution", "Attribution"),
    ("Adjustments", "displacement", "Displacement"),
    ("Adjustments", "optimism_bias_costs", "Optimism bias on costs"),
    ("Adjustments", "optimism_bias_benefits", "Optimism bias on benefits"),
    ("Timescales", "horizon_years", "Appraisal horizon"),
    ("Timescales", "service_years", "Years the service runs"),
)
OUTCOME_INPUTS = (
    ("value_per_case", "value per case"),
    ("baseline_risk", "baseline risk"),
    ("relative_reduction", "relative reduction in risk"),
    ("duration_years", "duration"),
    ("lag_years", "lag"),
    ("drop_off", "drop-off each year"),
)


def _text(field_name: str, value: Decimal | None) -> str:
    from commissioning.cases.document import input_text

    return input_text(field_name, value)


def input_rows(inputs: Mapping, provenance: Mapping, library: defaults.Library) -> list[InputRow]:
    """Every input of the case with its value and where it came from, in the order
    of the builder's pages."""
    rows: list[InputRow] = []

    def add(group: str, label: str, path: str, field_name: str) -> None:
        value = defaults.get_value(inputs, path)
        if value is None and field_name == "capacity_families_per_year":
            shown = "No limit"
        else:
            shown = _text(field_name, value)
        rows.append(InputRow(group, label, shown, origin(inputs, provenance, path, library), path))

    for group, path, label in CASE_INPUTS[:6]:
        add(group, label, path, path)
    for band in inputs.get("unit_costs") or {}:
        add(
            "Service and costs",
            f"Unit cost, {band} (a year per WTE)",
            f"unit_costs.{band}",
            "unit_cost",
        )
    for i, line in enumerate(inputs.get("staff") or []):
        wte = defaults.value_of(line.get("wte"))
        cost = defaults.value_of(line.get("annual_cost_per_wte"))
        band = line.get("band", "")
        priced = f"at {_text('annual_cost', cost)} per WTE" if cost is not None else f"at {band}"
        shown = f"{wte.normalize():f} WTE {priced}" if wte is not None else priced
        rows.append(
            InputRow(
                "Service and costs",
                f"Staff: {line.get('role', '')}",
                shown,
                origin(inputs, provenance, f"staff[{i}]", library),
                f"staff[{i}]",
            )
        )
    for i, line in enumerate(inputs.get("non_staff") or []):
        rows.append(
            InputRow(
                "Service and costs",
                f"Running cost: {line.get('label', '')}",
                _text("annual_cost", defaults.value_of(line.get("annual_cost"))),
                origin(inputs, provenance, f"non_staff[{i}]", library),
                f"non_staff[{i}]",
            )
        )
    for i, outcome in enumerate(inputs.get("outcomes") or []):
        for name, label in OUTCOME_INPUTS:
            path = f"outcomes[{i}].{name}"
            value = defaults.get_value(inputs, path)
            if value is None and name in ("lag_years", "drop_off"):
                value = Decimal(0)
            rows.append(
                InputRow(
                    f"Outcome {i + 1}: {outcome.get('name', '')}",
                    label[0].upper() + label[1:],
                    _text(name, value),
                    origin(inputs, provenance, path, library),
                    path,
                )
            )
    for group, path, label in CASE_INPUTS[6:]:
        add(group, label, path, path)
    schedule = inputs.get("discounting") or {"method": "green_book"}
    if schedule.get("method") == "flat":
        add("Timescales", "Flat discount rate", "discounting.rate", "optimism_bias_benefits")
        rows[-1].value = _rate(defaults.get_value(inputs, "discounting.rate"))
    else:
        rows.append(
            InputRow(
                "Timescales",
                "Discounting",
                "Green Book schedule" if schedule.get("method") == "green_book" else "Own schedule",
                Origin(TEMPLATE, schedule.get("source", ""), False),
                "discounting",
            )
        )
    return rows


def _rate(value: Decimal | None) -> str:
    if value is None:
        return "Not set"
    return f"{(value * 100).normalize():f}%"


def green_book_parameters(library: defaults.Library) -> list[Parameter]:
    return [p for key in defaults.GREEN_BOOK_PARAMETERS if (p := library.get(key))]


def qaly_parameters(library: defaults.Library) -> list[Parameter]:
    """The library's values and thresholds per QALY (shown with NICE's threshold scope)."""
    return sorted(
        (p for p in library.by_key.values() if p.category == "threshold" and "QALY" in p.unit),
        key=lambda p: (p.name, p.key),
    )
