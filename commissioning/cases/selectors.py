"""Reads for the case builders: the cases a person may see, a case's analysis, the
self-assessment it draws on, and where each of its inputs came from."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, QuerySet
from django.http import Http404

from commissioning.accounts.access import scope_to_member
from commissioning.accounts.models import User
from commissioning.areas.selectors import dataset_age, dataset_at
from commissioning.assessment.diagnosis import DiagnosisSummary
from commissioning.assessment.models import PlanItem
from commissioning.assessment.selectors import latest_submitted_for
from commissioning.assessment.summaries import diagnosis_summary
from commissioning.cases import analysis_jobs, defaults
from commissioning.cases.access import case_roles
from commissioning.cases.analyses import analysis_kept
from commissioning.cases.document import input_text, price_note
from commissioning.cases.document.options import ActionPlan, PlanAction
from commissioning.cases.economics import CaseAnalysis, CaseInputs
from commissioning.cases.economics.options import Comparison, compare_options, option_data
from commissioning.cases.models import Case, CaseOption
from commissioning.knowledge.models import Parameter, Source
from commissioning.knowledge.works import Work, works_from_items
from commissioning.prices.selectors import current_series


def cases_for(user: User | AnonymousUser) -> QuerySet[Case]:
    return scope_to_member(
        Case.objects.select_related("organisation", "updated_by"), user, via="organisation"
    )


def shared_with(user: User | AnonymousUser) -> list[Case]:
    """Cases shared with ``user`` (as a reviewer or co-editor) by organisations they
    are not a member of, and that they can still see: the "Shared with me" list."""

    if not user.is_authenticated:
        return []
    found = (
        Case.objects.filter(collaborators__user=user)
        .exclude(organisation__memberships__user=user)
        .select_related("organisation")
        .distinct()
    )
    return [case for case in found if case_roles(user, case)]


def analysis_for(inputs: Mapping[str, Any]) -> CaseAnalysis:
    """The engine's analysis of stored inputs (always valid: every save validates),
    with the engine's default draws and seed, so the results page, the document and
    ``manage.py appraise`` report the same figures. Money in another price year is
    uprated with the current deflator series. The analysis is kept in this process
    (``analyses.py``); a heavy case's is also kept in the shared cache and made in the
    background (``analysis_jobs.py``)."""

    return analysis_kept(inputs, current_series(), lambda: analysis_jobs.analysis_keep(inputs))


def inputs_analysed(case: Case) -> list[Mapping[str, Any]]:
    """The stored inputs whose analyses the case's results show: each option's when it
    has two or more, else its own."""
    views = options_of(case)
    return [view.inputs for view in views] if len(views) >= 2 else [case.inputs]


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


# --- The options appraisal ---------------------------------------------------------------


@dataclass(frozen=True)
class OptionView:
    """One option of a case: "main" (the case's own inputs) or another option's pk, its
    name and its full inputs (with the case's shared need, price year and discounting)."""

    key: str
    name: str
    inputs: Mapping[str, Any]
    provenance: Mapping[str, Any]
    option: CaseOption | None = None  # None for the first option


def options_of(case: Case) -> list[OptionView]:
    """Every option of the case, the first (the case's own inputs) first."""

    views = [OptionView("main", case.option_label, case.inputs, case.provenance)]
    for option in case.options.all():
        data = option_data(case.inputs, option.inputs)
        data["name"] = case.title
        views.append(OptionView(str(option.pk), option.name, data, option.provenance, option))
    return views


def option_for(case: Case, key: object) -> CaseOption:
    """One of the case's other options (the case was found with ``case_for``); 404
    otherwise."""
    try:
        pk = int(str(key))
    except ValueError:
        raise Http404("No such option.") from None
    option = case.options.filter(pk=pk).first()
    if option is None:
        raise Http404("No such option.")
    return option


def option_as_case(case: Case, option: CaseOption) -> Case:
    """An unsaved stand-in for ``case`` holding ``option``'s inputs, so the builder's
    steps can show and edit an option as they do the case."""

    stand_in = copy.copy(case)
    stand_in.inputs = option_data(case.inputs, option.inputs)
    stand_in.inputs["name"] = case.title
    stand_in.provenance = dict(option.provenance)
    stand_in.steps_done = list(option.steps_done)
    return stand_in


@dataclass(frozen=True)
class CaseOptions:
    """A case's options appraisal: the comparison, and the option the rest of the
    document details (the preferred one, else the first) with its inputs."""

    comparison: Comparison
    detailed: OptionView
    analysis: CaseAnalysis


def comparison_for(case: Case) -> CaseOptions | None:
    """The options appraisal of a case with more than one option, else None."""

    views = options_of(case)
    if len(views) < 2:
        return None
    analyses = [analysis_for(view.inputs) for view in views]
    names = {view.key: view.name for view in views}
    comparison = compare_options(
        [(v.name, v.inputs, a) for v, a in zip(views, analyses, strict=True)],
        preferred=names.get(case.preferred_option, ""),
        preferred_reason=case.preferred_reason,
    )
    index = next((i for i, v in enumerate(views) if v.key == case.preferred_option), 0)
    return CaseOptions(comparison, views[index], analyses[index])


def action_plan_for(case: Case) -> ActionPlan | None:
    """The action plan of the organisation's latest submitted self-assessment (who,
    what, when), or None when none is submitted."""

    assessment = latest_submitted_for(case.organisation_id)
    if assessment is None:
        return None
    # Dated actions first, soonest first, on every database (NULLs sort differently).
    items = assessment.plan.select_related("factor").order_by(
        F("due_date").asc(nulls_last=True), "created_at", "pk"
    )
    return ActionPlan(
        assessment_title=assessment.title,
        submitted_on=assessment.submitted_at.date() if assessment.submitted_at else None,
        actions=tuple(
            PlanAction(
                title=item.title,
                owner=item.owner,
                due=item.due_date,
                status=item.get_status_display(),
                barrier=item.factor.title if item.factor else "",
            )
            for item in items
        ),
    )


def action_plan_stamp(case: Case) -> str:
    """Changes whenever ``action_plan_for(case)`` would (plans stay editable after the
    assessment is submitted): for a stored document's fingerprint."""

    assessment = latest_submitted_for(case.organisation_id)
    if assessment is None:
        return "none"
    stamp = PlanItem.objects.filter(assessment=assessment).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    latest = stamp["latest"].isoformat() if stamp["latest"] else "-"
    return f"{assessment.pk}:{stamp['count']}:{latest}"
