"""The two builder pages with rows: the service (staff lines, other running costs,
set-up and overheads) and the outcomes. Each row is a formset form; a page turns valid
rows into a new version of the case's inputs and maps the engine's errors on a row
(``staff[2].wte``) back onto that row's field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django import forms

from commissioning.cases import defaults, selectors
from commissioning.cases.document.appraisal_notes import NICE_THRESHOLD_NOTE
from commissioning.cases.forms.fields import OWN
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
    CostsForm,
)
from commissioning.cases.step_pages import ROW_PATH, StepPage


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
        match = ROW_PATH.match(path)
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

    return {
        band: selectors.origin(
            page.case.inputs, page.case.provenance, f"unit_costs.{band}", page.library
        )
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
        match = ROW_PATH.match(path)
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

        rows = []
        originals = self.outcomes.originals
        for i, form in enumerate(self.outcomes.forms):
            row = {"form": form, "index": i, "new": i >= len(originals)}
            if i < len(originals):
                row["origins"] = {
                    name: selectors.origin(
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
            "qaly_parameters": selectors.qaly_parameters(self.library),
            "nice_threshold_note": NICE_THRESHOLD_NOTE,
        }
