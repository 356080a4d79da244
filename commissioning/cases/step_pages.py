"""The builder's pages: each binds its forms, turns valid answers into a new version
of the case's inputs (``change``), and maps the engine's errors, keyed by dotted path,
back onto its fields (``add_engine_errors``), so a problem the engine finds is shown
beside the field that caused it and in the error summary. The order of the pages, and
what each asks, is the flow in ``steps.py``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from commissioning.areas.defaults import AreaNotFound, area_defaults
from commissioning.areas.history import map_change
from commissioning.cases import defaults, selectors
from commissioning.cases.document import CASE_LABELS, MAX_NARRATIVE, NARRATIVE_SECTIONS
from commissioning.cases.forms.fields import NumberField
from commissioning.cases.forms.inputs import SourcedInputsForm, Update
from commissioning.cases.forms.questions import (
    FLAT,
    GREEN_BOOK,
    AdjustmentsForm,
    NarrativeForm,
    NeedForm,
    TimescalesForm,
)
from commissioning.cases.models import Case
from commissioning.core.templatetags.toolkit import error_anchor

# A path to one field of one row, as the engine names it: "staff[2].wte".
ROW_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?")
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

    match = ROW_PATH.match(path)
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

        return {**super().context(), "green_book": selectors.green_book_parameters(self.library)}


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

        return {"main": self.form, "diagnosis": selectors.diagnosis_for(self.case)}
