"""Lines the builder lists: staff (role, band, WTE, cost), other running costs and
outcomes, each a formset whose forms know the line they edit; and the conversions
between a line in the case's JSON and its form."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from commissioning.cases import defaults
from commissioning.cases.economics.inputs import (
    MAX_COST_PER_WTE,
    MAX_HORIZON,
    MAX_LINES,
    MAX_MONEY,
    MAX_OUTCOMES,
    MAX_TEXT,
    MAX_VALUE_PER_CASE,
    MAX_WTE,
    VALUE_TYPES,
)
from commissioning.cases.forms.fields import (
    HUNDRED,
    OWN,
    PERCENT_HINT,
    NumberField,
    display,
    source_field,
    style,
)
from commissioning.cases.forms.inputs import (
    SOURCE_NEEDED,
    Update,
    defaults_display,
    parameter_label,
)
from commissioning.core.forms import BaseForm

D = Decimal


def band_choices(
    library: defaults.Library, inputs: Mapping
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Bands a staff line can use (the library's, then any the case already costs),
    and where each band's cost comes from, for the hint."""
    choices: list[tuple[str, str]] = [("", "No band: I will enter the annual cost")]
    notes: dict[str, str] = {}
    seen = set()
    table = inputs.get("unit_costs", {}) if isinstance(inputs.get("unit_costs"), Mapping) else {}
    for cost in library.band_costs():
        shown = table.get(cost.band)
        value = defaults.value_of(shown) if shown is not None else cost.value
        choices.append((cost.band, f"{cost.band}: £{defaults_display(value)} a year per WTE"))
        notes[cost.band] = defaults.citation(cost.parameters)
        seen.add(cost.band)
    for band, entry in table.items():
        if band in seen:
            continue
        value = defaults.value_of(entry)
        if value is None:
            continue
        choices.append((band, f"{band}: £{defaults_display(value)} a year per WTE"))
        notes[band] = entry.get("source", "") if isinstance(entry, Mapping) else ""
    return choices, notes


class StaffLineForm(BaseForm):
    role = forms.CharField(
        label="Role",
        max_length=MAX_TEXT,
        error_messages={"required": "Enter the role", "max_length": "Enter a shorter role"},
    )
    band = forms.ChoiceField(label="Pay band", required=False)
    wte = NumberField(
        label="Whole-time equivalents (WTE)",
        what="the whole-time equivalents",
        minimum=D(0),
        maximum=MAX_WTE,
        help_text="For example 0.6 for three days a week.",
    )
    annual_cost = NumberField(
        label="Annual cost per WTE (£, optional)",
        what="the annual cost per WTE",
        minimum=D(0),
        maximum=MAX_COST_PER_WTE,
        money=True,
        required=False,
        help_text="Only if you are not using a band's cost; it replaces the band's.",
    )
    source = source_field(label="Where does this cost come from?")

    def __init__(self, *args: Any, bands: list, original: Mapping | None = None, **kwargs: Any):
        self.original = original
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = bands
        style(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "annual_cost" in self.errors or "band" in self.errors:
            return cleaned
        cost = cleaned.get("annual_cost")
        if not cleaned.get("band") and cost is None:
            self.add_error("annual_cost", "Enter the annual cost per WTE, or select a pay band")
        old_cost = defaults.value_of((self.original or {}).get("annual_cost_per_wte"))
        if cost is not None and cost != old_cost and not (cleaned.get("source") or "").strip():
            self.add_error("source", "Enter where this cost comes from")
        return cleaned


class NonStaffLineForm(BaseForm):
    label = forms.CharField(
        label="What the cost is for",
        max_length=MAX_TEXT,
        error_messages={"required": "Enter what the cost is for"},
    )
    annual_cost = NumberField(
        label="Cost a year (£)",
        what="the cost a year",
        minimum=D(0),
        maximum=MAX_MONEY,
        money=True,
    )
    source = source_field(label="Where does this cost come from?")

    def __init__(self, *args: Any, original: Mapping | None = None, **kwargs: Any):
        self.original = original
        super().__init__(*args, **kwargs)
        style(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cost = cleaned.get("annual_cost")
        old_cost = defaults.value_of((self.original or {}).get("annual_cost"))
        if (
            cost is not None
            and (cost != old_cost or self.original is None)
            and not (cleaned.get("source") or "").strip()
        ):
            self.add_error("source", "Enter where this cost comes from")
        return cleaned


class LinesFormSet(forms.BaseFormSet):
    """Staff, non-staff or outcome lines: each form gets the line it edits (None for a
    new one) and any shared keyword arguments."""

    def __init__(
        self,
        *args: Any,
        originals: list,
        shared: Mapping,
        blank: Mapping | None = None,
        **kwargs: Any,
    ) -> None:
        self.originals, self.shared, self.blank = originals, shared, blank or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        if index is not None and index < len(self.originals):
            return {**self.shared, "original": self.originals[index]}
        # A new line starts from these defaults, so an untouched one is not "changed".
        return {**self.shared, "original": None, "initial": dict(self.blank)}

    def kept(self) -> list[tuple[int, forms.Form]]:
        """(original index or -1, form) for each line to keep, in order."""
        result = []
        for i, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if i >= len(self.originals) and not form.has_changed():
                continue
            result.append((i if i < len(self.originals) else -1, form))
        return result


StaffFormSet = forms.formset_factory(
    StaffLineForm,
    formset=LinesFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES + 10,
)
NonStaffFormSet = forms.formset_factory(
    NonStaffLineForm,
    formset=LinesFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES + 10,
)


# --- Outcomes and values ------------------------------------------------------------------

VALUE_TYPE_CHOICES = [
    ("", "Select the kind of value"),
    ("fiscal_cashable", "Fiscal, cashable: money a public budget no longer spends"),
    ("fiscal_non_cashable", "Fiscal, non-cashable: public capacity freed for other work"),
    ("economic", "Economic: wider economic value, such as earnings"),
    ("social", "Social: value to people, such as wellbeing or quality of life"),
]
assert {key for key, _ in VALUE_TYPE_CHOICES if key} == set(VALUE_TYPES)


def percent_field(label: str, what: str, **kwargs: Any) -> NumberField:
    return NumberField(
        label=label,
        what=what,
        minimum=D(0),
        maximum=HUNDRED,
        percent=True,
        help_text=kwargs.pop("help_text", PERCENT_HINT),
        **kwargs,
    )


class OutcomeForm(BaseForm):
    """One outcome. Its value per case is a library value or the user's own figure;
    a changed risk, effect or own value needs a source note."""

    name = forms.CharField(
        label="Name of the outcome",
        max_length=MAX_TEXT,
        error_messages={"required": "Enter a name for the outcome"},
    )
    value_choice = forms.ChoiceField(
        label="Value per case",
        help_text="Pick a value from the parameter library, or enter your own below.",
    )
    value_per_case = NumberField(
        label="Your value per case (£)",
        what="the value per case",
        minimum=D(0),
        maximum=MAX_VALUE_PER_CASE,
        money=True,
        required=False,
        help_text="Pounds per net case in each year the outcome lasts; a lifetime value "
        "is counted once (duration 1 year).",
    )
    value_source = source_field(label="Where does this value come from?")
    baseline_risk = percent_field(
        "Baseline risk",
        "the baseline risk",
        help_text="Share of families reached who would have this outcome without the "
        "service. " + PERCENT_HINT,
    )
    risk_source = source_field(label="Where does the baseline risk come from?")
    relative_reduction = percent_field(
        "Relative reduction in risk",
        "the relative reduction in risk",
        help_text="Share of that risk the service removes (the effect). " + PERCENT_HINT,
    )
    effect_source = source_field(label="Where does the effect come from?")
    duration_years = NumberField(
        label="Duration (years)",
        what="the duration in years",
        minimum=D(1),
        maximum=D(MAX_HORIZON),
        whole=True,
        unit="years",
        help_text="Years the benefit lasts for each family, from 1 to 60.",
    )
    lag_years = NumberField(
        label="Lag (years)",
        what="the lag in years",
        minimum=D(0),
        maximum=D(MAX_HORIZON - 1),
        whole=True,
        unit="years",
        help_text="Years from the family's year of service to the first benefit; 0 for "
        "the same year.",
    )
    drop_off = percent_field(
        "Drop-off each year",
        "the drop-off",
        help_text="Share of the benefit lost in each later year. " + PERCENT_HINT,
    )
    value_type = forms.ChoiceField(
        label="Kind of value",
        choices=VALUE_TYPE_CHOICES,
        error_messages={"required": "Select the kind of value"},
    )
    agency = forms.CharField(
        label="Who gains",
        max_length=MAX_TEXT,
        help_text="The agency or people who gain, for example NHS or Local authority "
        "children's services.",
        error_messages={"required": "Enter who gains"},
    )
    is_health = forms.BooleanField(
        label="This is a health or quality-of-life value (discounted at the Green Book "
        "(2026) health rate, 1.5% a year)",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        library: defaults.Library,
        provenance: Mapping,
        original: Mapping | None = None,
        index: int = -1,
        **kwargs: Any,
    ) -> None:
        self.library, self.original = library, original
        self.value_options = library.per_case_values()
        super().__init__(*args, **kwargs)
        self.fields["value_choice"].choices = [
            (OWN, "My own figure (enter it below)"),
            *((p.key, parameter_label(p, percent=False, money=True)) for p in self.value_options),
        ]
        style(self)
        self.changes: list[tuple[str, Update]] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        original = self.original or {}
        self.changes = []
        choice = cleaned.get("value_choice")
        if choice and choice != OWN:
            parameter = self.library.get(choice)
            self.errors.pop("value_per_case", None)
            self.errors.pop("value_source", None)
            if parameter is not None:
                self.changes.append(
                    (
                        "value_per_case",
                        Update("", parameter.value.normalize(), parameters=[parameter]),
                    )
                )
        elif choice == OWN:
            self._own_figure(cleaned, "value_per_case", "value_source", original, forced=True)
        self._own_figure(cleaned, "baseline_risk", "risk_source", original)
        self._own_figure(cleaned, "relative_reduction", "effect_source", original)
        for name in ("duration_years", "lag_years", "drop_off"):
            value = cleaned.get(name)
            if value is not None:
                self.changes.append((name, Update("", value, source=None)))
        return cleaned

    def _own_figure(
        self,
        cleaned: dict[str, Any],
        name: str,
        source_name: str,
        original: Mapping,
        *,
        forced: bool = False,
    ) -> None:
        if name in self.errors:
            return
        value = cleaned.get(name)
        if value is None:
            self.add_error(name, self.fields[name].error_messages["required"])
            return
        old = defaults.value_of(original.get(name))
        from_library = self.initial.get("value_choice", OWN) != OWN and name == "value_per_case"
        changed = old is None or value != old or (forced and from_library)
        source = (cleaned.get(source_name) or "").strip()
        if changed and not source:
            self.add_error(source_name, SOURCE_NEEDED)
            return
        self.changes.append((name, Update("", value, source=source, user=changed)))

    def outcome(self) -> dict[str, Any]:
        """The outcome's text fields over a copy of the original (numbers are applied
        by the step, which knows the outcome's new position)."""
        result = copy.deepcopy(dict(self.original or {}))
        cleaned = self.cleaned_data
        result["name"] = cleaned["name"]
        result["agency"] = cleaned["agency"]
        result["value_type"] = cleaned["value_type"]
        if cleaned.get("is_health"):
            result["is_health"] = True
        else:
            result.pop("is_health", None)
        return result


def outcome_initial(outcome: Mapping, provenance: Mapping, path: str) -> dict[str, Any]:
    keys = defaults.library_keys(provenance, f"{path}.value_per_case")

    def shown(name: str, percent: bool = False) -> str:
        return display(defaults.value_of(outcome.get(name)), percent=percent)

    def source(name: str) -> str:
        entry = outcome.get(name)
        return entry.get("source", "") if isinstance(entry, Mapping) else ""

    return {
        "name": outcome.get("name", ""),
        "value_choice": keys[0] if len(keys) == 1 else OWN,
        "value_per_case": shown("value_per_case"),
        "value_source": "" if keys else source("value_per_case"),
        "baseline_risk": shown("baseline_risk", True),
        "risk_source": source("baseline_risk"),
        "relative_reduction": shown("relative_reduction", True),
        "effect_source": source("relative_reduction"),
        "duration_years": shown("duration_years"),
        "lag_years": shown("lag_years") or "0",
        "drop_off": shown("drop_off", True) or "0",
        "value_type": outcome.get("value_type", ""),
        "agency": outcome.get("agency", ""),
        "is_health": bool(outcome.get("is_health")),
    }


OutcomeFormSet = forms.formset_factory(
    OutcomeForm,
    formset=LinesFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_OUTCOMES,
    validate_max=True,
    absolute_max=MAX_OUTCOMES + 10,
)


# --- Lines and their JSON ------------------------------------------------------------------


def staff_initial(line: Mapping) -> dict[str, Any]:
    return {
        "role": line.get("role", ""),
        "band": line.get("band", ""),
        "wte": display(defaults.value_of(line.get("wte"))),
        "annual_cost": display(defaults.value_of(line.get("annual_cost_per_wte"))),
        "source": line.get("source", ""),
    }


def non_staff_initial(line: Mapping) -> dict[str, Any]:
    return {
        "label": line.get("label", ""),
        "annual_cost": display(defaults.value_of(line.get("annual_cost"))),
        "source": line.get("source", ""),
    }


def staff_line(form: forms.Form) -> dict[str, Any]:
    line = copy.deepcopy(dict(form.original or {}))
    cleaned = form.cleaned_data
    line["role"] = cleaned["role"]
    if cleaned.get("band"):
        line["band"] = cleaned["band"]
    else:
        line.pop("band", None)
    line["wte"] = defaults.json_number(cleaned["wte"])
    if cleaned.get("annual_cost") is not None:
        line["annual_cost_per_wte"] = defaults.json_number(cleaned["annual_cost"])
    else:
        line.pop("annual_cost_per_wte", None)
    set_source(line, cleaned.get("source"), form.has_changed())
    return line


def non_staff_line(form: forms.Form) -> dict[str, Any]:
    line = copy.deepcopy(dict(form.original or {}))
    cleaned = form.cleaned_data
    line["label"] = cleaned["label"]
    line["annual_cost"] = defaults.json_number(cleaned["annual_cost"])
    set_source(line, cleaned.get("source"), form.has_changed())
    return line


def set_source(line: dict, source: str | None, changed: bool) -> None:
    source = (source or "").strip()
    if source:
        line["source"] = source
    else:
        line.pop("source", None)
    if changed:
        line.pop("illustrative", None)
