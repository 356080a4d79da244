"""The builder's steps as data: an ordered tuple of ``Step`` (slug, title, what the page
asks, its page class and template). One URL pattern and one view serve them all
(views/builder.py).

A page binds its forms, turns valid answers into a new version of the case's inputs
(``change``), and maps the engine's errors, keyed by dotted path, back onto its fields
(``add_engine_errors``), so a problem the engine finds is shown beside the field that
caused it and in the error summary.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from commissioning.cases import defaults
from commissioning.cases.document import MAX_NARRATIVE, NARRATIVE_SECTIONS
from commissioning.cases.forms.fields import OWN, NumberField
from commissioning.cases.forms.inputs import SourcedInputsForm, Update
from commissioning.cases.forms.lines import (
    NonStaffFormSet,
    OutcomeFormSet,
    StaffFormSet,
    band_choices,
    non_staff_initial,
    non_staff_line,
    outcome_initial,
    staff_initial,
    staff_line,
)
from commissioning.cases.forms.questions import (
    FLAT,
    GREEN_BOOK,
    AdjustmentsForm,
    CostsForm,
    NarrativeForm,
    NeedForm,
    TimescalesForm,
)
from commissioning.cases.models import Case
from commissioning.core.templatetags.toolkit import error_anchor

_ITEM = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?")
# The engine's generic range messages are in its units (0 to 1 for shares); a field
# that knows its own units says it its own way instead.
_GENERIC = ("Enter a number between", "Enter a whole number between")


@dataclass(frozen=True)
class ErrorItem:
    anchor: str | None
    message: str


class StepPage:
    """A builder page: its forms, the change they make, and their errors."""

    def __init__(
        self,
        case: Case,
        library: defaults.Library,
        data: Any = None,
        *,
        area: str | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        self.case, self.library, self.data = case, library, data
        self.area_code = (area or "").strip()[:20]  # ?area=CODE from "Choose your area"
        # What the user had typed before choosing an area (areas.picker.draft_take).
        self.initial = dict(initial or {})
        self.inputs = copy.deepcopy(case.inputs)
        self.provenance = copy.deepcopy(case.provenance)
        self.page_errors: list[ErrorItem] = []
        self.build()

    def build(self) -> None:
        raise NotImplementedError

    def parts(self) -> list[Any]:
        raise NotImplementedError

    def is_valid(self) -> bool:
        results = [part.is_valid() for part in self.parts()]  # every part, for all errors
        return all(results)

    def change(self) -> dict[str, Any]:
        """Keyword arguments for ``services.case_save``."""
        raise NotImplementedError

    def locate(self, path: str) -> tuple[forms.Form, str] | None:
        return None

    def context(self) -> dict[str, Any]:
        return {}

    # --- errors -----------------------------------------------------------------------

    def add_page_error(self, message: str, anchor: str | None = None) -> None:
        self.page_errors.append(ErrorItem(anchor, message))

    def add_engine_errors(self, errors: Mapping[str, str]) -> None:
        for path, message in errors.items():
            found = self.locate(path)
            if found is None:
                self.add_page_error(f"{label_for(path)}: {message}")
                continue
            form, name = found
            field = form.fields[name]
            if isinstance(field, NumberField) and message.startswith(_GENERIC):
                message = field.engine_message
            if message not in form.errors.get(name, []):
                form.add_error(name, message)

    def error_items(self) -> list[ErrorItem]:
        items = list(self.page_errors)
        for part in self.parts():
            if isinstance(part, forms.BaseFormSet):
                items += [ErrorItem(f"{part.prefix}-lines", e) for e in part.non_form_errors()]
                for form in part.forms:
                    items += _form_errors(form)
            else:
                items += _form_errors(part)
        return items


def _form_errors(form: forms.Form) -> list[ErrorItem]:
    if not form.is_bound:
        return []
    items = [ErrorItem(None, e) for e in form.non_field_errors()]
    for bound in form:
        items += [ErrorItem(error_anchor(bound), e) for e in bound.errors]
    return items


def label_for(path: str) -> str:
    """A person's name for an engine path, for errors no field on the page shows."""
    from commissioning.cases.document import CASE_LABELS

    match = _ITEM.match(path)
    if match:
        what = {"outcomes": "Outcome", "staff": "Staff line", "non_staff": "Running cost"}
        return f"{what.get(match[1], match[1])} {int(match[2]) + 1}"
    if path.startswith("unit_costs."):
        return f"Unit cost for {path.removeprefix('unit_costs.')}"
    return CASE_LABELS.get(path, path.replace("_", " ").capitalize())


# --- Sourced-input pages -------------------------------------------------------------------


class InputsPage(StepPage):
    """A page of number questions (``SourcedInputsForm``)."""

    form_class: type[SourcedInputsForm] = SourcedInputsForm

    def build(self) -> None:
        self.form = self.form_class(
            self.data,
            inputs=self.case.inputs,
            provenance=self.case.provenance,
            library=self.library,
            initial=self.initial,
        )

    def parts(self) -> list[Any]:
        return [self.form]

    def apply_updates(self, updates: list[Update]) -> None:
        for update in updates:
            update.apply(self.inputs, self.provenance)

    def change(self) -> dict[str, Any]:
        self.apply_updates(self.form.updates)
        return {"inputs": self.inputs, "provenance": self.provenance}

    def locate(self, path: str) -> tuple[forms.Form, str] | None:
        name = self.form.field_for_path(path)
        return (self.form, name) if name else None

    def context(self) -> dict[str, Any]:
        return {"main": self.form, "questions": self.form.questions()}


class NeedPage(InputsPage):
    """Area and need. With ``area`` (a code from "Choose your area") the page shows that
    area's births, deprivation and constituent authorities with their sources, and
    pre-fills births; kept unchanged, the figure is saved with the area's provenance."""

    form_class = NeedForm

    def build(self) -> None:
        from commissioning.areas.defaults import AreaNotFound, area_defaults

        self.area = None
        self.area_unknown = False
        if self.area_code:
            try:
                self.area = area_defaults(self.area_code)
            except AreaNotFound:
                self.area_unknown = True
        self.form = NeedForm(
            self.data,
            inputs=self.case.inputs,
            provenance=self.case.provenance,
            library=self.library,
            area=self.area,
            initial=self.initial,
        )

    def context(self) -> dict[str, Any]:
        from commissioning.areas.history import map_change

        # Births kept from an older ICB map (or older births): say so, and offer the
        # current map with what it changes (areas.history).
        kept = map_change(
            self.case.provenance.get("births_per_year"),
            defaults.get_value(self.case.inputs, "births_per_year"),
        )
        return {
            **super().context(),
            "area": self.area,
            "area_unknown": self.area_unknown,
            "area_code": self.area_code,
            "map_change": kept,
            "map_option": kept.option(self.area_code) if kept and self.area_code else None,
        }


class AdjustmentsPage(InputsPage):
    form_class = AdjustmentsForm


class TimescalesPage(InputsPage):
    form_class = TimescalesForm

    def change(self) -> dict[str, Any]:
        cleaned = self.form.cleaned_data
        schedule = dict(self.inputs.get("discounting") or {})
        method = cleaned["method"]
        schedule["method"] = method
        if method in (GREEN_BOOK, FLAT):
            schedule.pop("standard", None)
            schedule.pop("health", None)
        if method != FLAT:
            schedule.pop("rate", None)
        self.inputs["discounting"] = schedule
        if cleaned.get("price_year"):
            self.inputs["price_year"] = cleaned["price_year"]
        else:
            self.inputs.pop("price_year", None)
        return super().change()

    def locate(self, path: str) -> tuple[forms.Form, str] | None:
        if path == "discounting.method":
            return self.form, "method"
        if path == "price_year":
            return self.form, "price_year"
        return super().locate(path)

    def context(self) -> dict[str, Any]:
        from commissioning.cases.selectors import green_book_parameters

        return {**super().context(), "green_book": green_book_parameters(self.library)}


# --- Lines pages (formsets) --------------------------------------------------------------


def _lines(inputs: Mapping, key: str) -> list[dict]:
    value = inputs.get(key)
    return [dict(item) for item in value] if isinstance(value, list) else []


class ServicePage(StepPage):
    """Set-up and overheads, staff lines and non-staff running costs."""

    def build(self) -> None:
        self.costs = CostsForm(
            self.data,
            inputs=self.case.inputs,
            provenance=self.case.provenance,
            library=self.library,
        )
        bands, self.band_notes = band_choices(self.library, self.case.inputs)
        staff = _lines(self.case.inputs, "staff")
        self.staff = StaffFormSet(
            self.data,
            prefix="staff",
            initial=[staff_initial(line) for line in staff],
            originals=staff,
            shared={"bands": bands},
        )
        non_staff = _lines(self.case.inputs, "non_staff")
        self.non_staff = NonStaffFormSet(
            self.data,
            prefix="non_staff",
            initial=[non_staff_initial(line) for line in non_staff],
            originals=non_staff,
            shared={},
        )
        self.positions: dict[str, dict[int, forms.Form]] = {"staff": {}, "non_staff": {}}

    def parts(self) -> list[Any]:
        return [self.costs, self.staff, self.non_staff]

    def change(self) -> dict[str, Any]:
        for update in self.costs.updates:
            update.apply(self.inputs, self.provenance)
        staff, moves = [], {}
        for j, (i, form) in enumerate(self.staff.kept()):
            self.positions["staff"][j] = form
            if i >= 0:
                moves[i] = j
            staff.append(staff_line(form))
        self.provenance = defaults.reindex(self.provenance, "staff", moves)
        for j, line in enumerate(staff):
            form = self.positions["staff"][j]
            if "annual_cost_per_wte" in line and "annual_cost" in form.changed_data:
                self.provenance[f"staff[{j}]"] = defaults.from_user()
            elif "annual_cost_per_wte" not in line:
                self.provenance.pop(f"staff[{j}]", None)
        self.inputs["staff"] = staff
        table = self.inputs.setdefault("unit_costs", {})
        for band in sorted({line["band"] for line in staff if line.get("band")}):
            if band in table:
                continue
            cost = self.library.band_cost(band)
            if cost is not None:
                defaults.use_parameters(
                    self.inputs,
                    self.provenance,
                    f"unit_costs.{band}",
                    list(cost.parameters),
                    cost.value,
                )
        non_staff, moves = [], {}
        for j, (i, form) in enumerate(self.non_staff.kept()):
            self.positions["non_staff"][j] = form
            if i >= 0:
                moves[i] = j
            non_staff.append(non_staff_line(form))
        self.provenance = defaults.reindex(self.provenance, "non_staff", moves)
        for j, _line in enumerate(non_staff):
            if self.positions["non_staff"][j].has_changed():
                self.provenance[f"non_staff[{j}]"] = defaults.from_user()
        self.inputs["non_staff"] = non_staff
        return {"inputs": self.inputs, "provenance": self.provenance}

    def locate(self, path: str) -> tuple[forms.Form, str] | None:
        if path in ("setup_cost", "overhead_rate"):
            return self.costs, self.costs.field_for_path(path)  # type: ignore[return-value]
        match = _ITEM.match(path)
        if match and match[1] in self.positions:
            form = self.positions[match[1]].get(int(match[2]))
            if form is None:
                return None
            names = {
                "annual_cost_per_wte": "annual_cost",
                "annual_cost": "annual_cost",
                "label": "label",
                "role": "role",
                "wte": "wte",
                "band": "band",
            }
            name = names.get(match[3] or "", "role" if match[1] == "staff" else "label")
            return form, name
        if path.startswith("unit_costs."):
            band = path.removeprefix("unit_costs.")
            for form in self.positions["staff"].values():
                if form.cleaned_data.get("band") == band:
                    return form, "band"
        return None

    def context(self) -> dict[str, Any]:
        return {
            "costs": self.costs,
            "questions": self.costs.questions(),
            "staff": self.staff,
            "non_staff": self.non_staff,
            "band_notes": self.band_notes,
            "band_origins": _band_origins(self),
        }


def _band_origins(page: ServicePage) -> dict[str, Any]:
    from commissioning.cases.selectors import origin

    return {
        band: origin(page.case.inputs, page.case.provenance, f"unit_costs.{band}", page.library)
        for band in (page.case.inputs.get("unit_costs") or {})
    }


class OutcomesPage(StepPage):
    """Every outcome, its value (from the library or the user's own) and its effect."""

    BLANK = {"value_choice": OWN, "duration_years": "1", "lag_years": "0", "drop_off": "0"}

    def build(self) -> None:
        outcomes = _lines(self.case.inputs, "outcomes")
        self.outcomes = OutcomeFormSet(
            self.data,
            prefix="outcomes",
            initial=[
                outcome_initial(o, self.case.provenance, f"outcomes[{i}]")
                for i, o in enumerate(outcomes)
            ],
            originals=outcomes,
            shared={"library": self.library, "provenance": self.case.provenance},
            blank=self.BLANK,
        )
        self.positions: dict[int, forms.Form] = {}

    def parts(self) -> list[Any]:
        return [self.outcomes]

    def change(self) -> dict[str, Any]:
        outcomes, moves, kept = [], {}, self.outcomes.kept()
        for j, (i, form) in enumerate(kept):
            self.positions[j] = form
            if i >= 0:
                moves[i] = j
            outcomes.append(form.outcome())
        self.provenance = defaults.reindex(self.provenance, "outcomes", moves)
        self.inputs["outcomes"] = outcomes
        for j, (_i, form) in enumerate(kept):
            for name, update in form.changes:
                dataclasses.replace(update, path=f"outcomes[{j}].{name}").apply(
                    self.inputs, self.provenance
                )
            if form.has_changed():
                self.inputs["outcomes"][j].pop("illustrative", None)
        return {"inputs": self.inputs, "provenance": self.provenance}

    def locate(self, path: str) -> tuple[forms.Form, str] | None:
        match = _ITEM.match(path)
        if not match or match[1] != "outcomes":
            return None
        form = self.positions.get(int(match[2]))
        if form is None:
            return None
        name = match[3] or "name"
        return (form, name) if name in form.fields else (form, "name")

    def add_engine_errors(self, errors: Mapping[str, str]) -> None:
        if "outcomes" in errors:
            self.add_page_error(
                "Keep at least one outcome: a case needs a benefit to appraise", "outcomes-lines"
            )
            errors = {k: v for k, v in errors.items() if k != "outcomes"}
        super().add_engine_errors(errors)

    def context(self) -> dict[str, Any]:
        from commissioning.cases.document.appraisal_notes import NICE_THRESHOLD_NOTE
        from commissioning.cases.selectors import origin, qaly_parameters

        rows = []
        originals = self.outcomes.originals
        for i, form in enumerate(self.outcomes.forms):
            row = {"form": form, "index": i, "new": i >= len(originals)}
            if i < len(originals):
                row["origins"] = {
                    name: origin(
                        self.case.inputs,
                        self.case.provenance,
                        f"outcomes[{i}].{name}",
                        self.library,
                    )
                    for name in ("value_per_case", "baseline_risk", "relative_reduction")
                }
            rows.append(row)
        return {
            "outcomes": self.outcomes,
            "rows": rows,
            "value_options": self.library.per_case_values(),
            "qaly_parameters": qaly_parameters(self.library),
            "nice_threshold_note": NICE_THRESHOLD_NOTE,
        }


# --- Narrative -----------------------------------------------------------------------------


class NarrativePage(StepPage):
    def build(self) -> None:
        self.form = NarrativeForm(
            self.data,
            sections=NARRATIVE_SECTIONS,
            max_length=MAX_NARRATIVE,
            initial={key: self.case.narrative.get(key, "") for key, _, _ in NARRATIVE_SECTIONS},
        )

    def parts(self) -> list[Any]:
        return [self.form]

    def change(self) -> dict[str, Any]:
        text = {key: value.strip() for key, value in self.form.cleaned_data.items()}
        return {"narrative": {key: value for key, value in text.items() if value}}

    def context(self) -> dict[str, Any]:
        from commissioning.cases.selectors import diagnosis_for

        return {"main": self.form, "diagnosis": diagnosis_for(self.case)}


# --- The steps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    summary: str
    page: type[StepPage]
    template: str


STEPS: tuple[Step, ...] = (
    Step(
        "need",
        "Area and need",
        "Births in your area, how many families need the service, and how many it reaches.",
        NeedPage,
        "cases/step_need.html",
    ),
    Step(
        "service",
        "Service model and costs",
        "Staff by role, band and whole-time equivalent, other running costs, set-up and overheads.",
        ServicePage,
        "cases/step_service.html",
    ),
    Step(
        "outcomes",
        "Outcomes and values",
        "What changes for families, how likely it was, how much the service reduces it, "
        "and what it is worth.",
        OutcomesPage,
        "cases/step_outcomes.html",
    ),
    Step(
        "adjustments",
        "Adjustments",
        "What would have happened anyway, what other services contribute, and optimism "
        "bias on costs and benefits.",
        AdjustmentsPage,
        "cases/step_adjustments.html",
    ),
    Step(
        "timescales",
        "Timescales and discounting",
        "How long the service runs, how long you count benefits for, and the discount rate.",
        TimescalesPage,
        "cases/step_timescales.html",
    ),
    Step(
        "narrative",
        "Business-case narrative",
        "The text of the business case: the recommendation, need, options, procurement, "
        "affordability and delivery.",
        NarrativePage,
        "cases/step_narrative.html",
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}


def get_step(slug: str) -> Step | None:
    return BY_SLUG.get(slug)


def following(slug: str) -> Step | None:
    """The step after ``slug``, or None after the last."""
    slugs = [step.slug for step in STEPS]
    index = slugs.index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous(slug: str) -> Step | None:
    slugs = [step.slug for step in STEPS]
    index = slugs.index(slug)
    return STEPS[index - 1] if index > 0 else None


def task_list(case: Case) -> list[dict[str, Any]]:
    """Each step with its status: "Completed" once saved, else "Not yet checked" (the
    step already has the template's starting values)."""
    return [
        {
            "step": step,
            "status": "Completed" if step.slug in case.steps_done else "Not yet checked",
        }
        for step in STEPS
    ]
