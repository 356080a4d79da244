"""The builder's question pages as forms: area and need, costs, staff and non-staff
lines, outcomes, adjustments, timescales and the narrative. Steps (steps.py) put them
together and turn their answers into changes to the case."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from commissioning.cases import defaults
from commissioning.cases.economics.inputs import (
    MAX_BIRTHS,
    MAX_CAPACITY,
    MAX_DISCOUNT_RATE,
    MAX_HORIZON,
    MAX_MONEY,
    MAX_OPTIMISM_BIAS_COSTS,
    MAX_TEXT,
)
from commissioning.cases.forms.fields import (
    HUNDRED,
    PERCENT_HINT,
    InputSpec,
    display,
    source_field,
    style,
)
from commissioning.cases.forms.inputs import (
    SourcedInputsForm,
    Update,
    defaults_display,
)
from commissioning.core.forms import BaseForm

D = Decimal

# --- Area and need ----------------------------------------------------------------------


class NeedForm(SourcedInputsForm):
    SPECS = (
        InputSpec(
            "births",
            "births_per_year",
            "Births a year in your area",
            "the number of births a year",
            "A whole number, for example 5000. ONS publishes live births for every local "
            "authority each year.",
            D(0),
            MAX_BIRTHS,
            whole=True,
            unit="births",
        ),
        InputSpec(
            "prevalence",
            "prevalence",
            "Share of families who need the service",
            "the share of families who need the service",
            PERCENT_HINT,
            D(0),
            HUNDRED,
            percent=True,
            choices="prevalence",
        ),
        InputSpec(
            "reach",
            "reach",
            "Share of those families the service will reach",
            "the share of families in need the service will reach",
            PERCENT_HINT + " Specialised teams today reach about 4 to 6% of the families "
            "who need them.",
            D(0),
            HUNDRED,
            percent=True,
        ),
        InputSpec(
            "capacity",
            "capacity_families_per_year",
            "Families the service can see a year (optional)",
            "the number of families the service can see a year",
            "A whole number of families, for example 120. Families reached are capped at "
            "this number. Leave it empty for no limit.",
            D(1),
            MAX_CAPACITY,
            whole=True,
            required=False,
            choices="capacity",
            unit="families",
        ),
    )

    def __init__(self, *args: Any, area: Any = None, **kwargs: Any) -> None:
        """``area``: the chosen area's ``AreaDefaults``; its births, when it has them,
        pre-fill the births question (the user can still change them)."""
        self.area = area if area is not None and area.births is not None else None
        super().__init__(*args, **kwargs)
        if self.area is not None:
            self.initial["births"] = self.fields["births"].show(D(self.area.births.value))
            # A changed figure is the user's own and needs their own source.
            self.initial["births_source"] = ""

    def clean_question(self, spec: Any, cleaned: dict[str, Any]) -> Update | None:
        if spec.name == "births" and self.area is not None and "births" not in self.errors:
            from commissioning.cases.selectors import area_source, from_area

            if cleaned.get("births") == D(self.area.births.value):
                self.errors.pop("births_source", None)
                return Update(
                    spec.path,
                    D(self.area.births.value),
                    source=area_source(self.area),
                    area=from_area(self.area),
                    changed=True,
                )
        return super().clean_question(spec, cleaned)


# --- Service model and costs --------------------------------------------------------------


class CostsForm(SourcedInputsForm):
    SPECS = (
        InputSpec(
            "setup",
            "setup_cost",
            "One-off set-up cost (£)",
            "the one-off set-up cost",
            "In pounds, for example 40000: recruitment, initial training, equipment and "
            "premises. Enter 0 if there is none.",
            D(0),
            MAX_MONEY,
            money=True,
        ),
        InputSpec(
            "overhead",
            "overhead_rate",
            "Overheads on running costs",
            "the overhead rate",
            PERCENT_HINT + " PSSRU unit costs already include overheads, so 0 is usual "
            "when staff are costed from the library.",
            D(0),
            HUNDRED,
            percent=True,
        ),
    )


# --- Adjustments ----------------------------------------------------------------------------

BANDS = (D(0), D("0.1"), D("0.25"), D("0.5"), D("0.75"))
ADJUSTMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "deadweight",
        "Deadweight: how much of the improvement would have happened anyway?",
        "Without the service, some families would have got better on their own or with "
        "other help. That share is taken off the benefits.",
        (
            "None: without the service, no family would have improved.",
            "Very little: a few families would have improved anyway.",
            "Some: a quarter of the improvement would have happened anyway.",
            "Half of the improvement would have happened anyway.",
            "Most of the improvement would have happened anyway; the service adds little.",
        ),
    ),
    (
        "attribution",
        "Attribution: how much of the improvement is due to other services?",
        "Health visiting, perinatal mental health, children's centres and others also "
        "help these families. Their share of the credit is taken off the benefits.",
        (
            "None: the service alone brings about the change.",
            "A little: other services play a small part.",
            "Some: other services bring about a quarter of the change.",
            "Half the credit belongs to other services.",
            "Most of the credit belongs to other services.",
        ),
    ),
    (
        "displacement",
        "Displacement: how much of the benefit is only moved elsewhere?",
        "A benefit that simply moves a problem (or a cost) somewhere else is not a gain. "
        "That share is taken off the benefits.",
        (
            "None: helping one family does not move the problem to another.",
            "A little of the benefit is moved elsewhere.",
            "A quarter of the benefit is moved elsewhere.",
            "Half of the benefit is moved elsewhere.",
            "Most of the benefit is moved elsewhere.",
        ),
    ),
)


class AdjustmentsForm(SourcedInputsForm):
    SPECS = (
        InputSpec(
            "ob_costs",
            "optimism_bias_costs",
            "Optimism bias on costs",
            "the optimism bias on costs",
            "A percentage from 0 to 200 added to every cost. The Green Book asks you to "
            "start at the upper bound for your kind of project (41% for outsourced "
            "operating costs) and lower it only as you show the risks are managed.",
            D(0),
            MAX_OPTIMISM_BIAS_COSTS * HUNDRED,
            percent=True,
            choices="optimism_bias_costs",
        ),
        InputSpec(
            "ob_benefits",
            "optimism_bias_benefits",
            "Optimism bias on benefits",
            "the optimism bias on benefits",
            "A percentage from 0 to 100 taken off every benefit, because plans tend to "
            "expect more than services achieve. There is no generic Green Book figure: "
            "base it on how strong the evidence for the effects is.",
            D(0),
            HUNDRED,
            percent=True,
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        inputs, provenance = kwargs["inputs"], kwargs["provenance"]
        initial = kwargs.setdefault("initial", {})
        self.band_extra: dict[str, Decimal | None] = {}
        for name, *_ in ADJUSTMENTS:
            current = defaults.get_value(inputs, name)
            current = D(0) if current is None else current
            initial[name] = band_key(current)
            source = defaults.get_source(inputs, name)
            if not defaults.library_keys(provenance, name):
                initial[f"{name}_reason"] = source
            elif defaults.REASONS in source:
                initial[f"{name}_reason"] = source.split(defaults.REASONS, 1)[1]
            self.band_extra[name] = None if current in BANDS else current
        super().__init__(*args, **kwargs)
        for name, label, hint, meanings in ADJUSTMENTS:
            choices = [
                (band_key(band), f"{defaults_display(band * HUNDRED)}%: {meaning}")
                for band, meaning in zip(BANDS, meanings, strict=True)
            ]
            extra = self.band_extra[name]
            if extra is not None:
                choices.append(
                    (band_key(extra), f"Keep the current figure, {display(extra, percent=True)}%")
                )
            self.fields[name] = forms.ChoiceField(
                label=label,
                help_text=hint,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select how much {name.replace('_', '-')} to allow for"
                },
            )
            self.fields[f"{name}_reason"] = source_field(
                label="Your reasons (optional)",
                hint="What you based this on, for example other services these families use.",
            )
        style(self)

    def adjustment_fields(self) -> list[dict[str, Any]]:
        return [
            {"field": self[name], "reason": self[f"{name}_reason"], "name": name}
            for name, *_ in ADJUSTMENTS
        ]

    def field_for_path(self, path: str) -> str | None:
        if path in {name for name, *_ in ADJUSTMENTS}:
            return path
        return super().field_for_path(path)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, *_ in ADJUSTMENTS:
            key = cleaned.get(name)
            if key is None or name in self.errors:
                continue
            value = D(key)
            current = defaults.get_value(self.case_inputs, name)
            reason = (cleaned.get(f"{name}_reason") or "").strip()
            if value == current and not reason:
                continue  # unchanged, and the existing source stands
            parameter = self.library.adjustment_band(name, value)
            if parameter is not None:
                self.updates.append(Update(name, value, parameters=[parameter], note=reason))
            else:
                changed = value != current
                self.updates.append(
                    Update(name, value, source=reason or BAND_CHOSEN, user=changed, changed=changed)
                )
        return cleaned


BAND_CHOSEN = "Band chosen in the case builder."


def band_key(value: Decimal) -> str:
    return f"{value.normalize():f}"


# --- Timescales and discounting ---------------------------------------------------------------

GREEN_BOOK, FLAT = "green_book", "flat"


class TimescalesForm(SourcedInputsForm):
    SPECS = (
        InputSpec(
            "horizon",
            "horizon_years",
            "Appraisal horizon (years)",
            "the appraisal horizon",
            "A whole number of years from 1 to 60: how long you count costs and benefits "
            "for, for example 20.",
            D(1),
            D(MAX_HORIZON),
            whole=True,
            source_required=False,
            unit="years",
        ),
        InputSpec(
            "service",
            "service_years",
            "Years the service runs",
            "the number of years the service runs",
            "A whole number of years, no more than the horizon: how long the service is "
            "funded for, for example 3.",
            D(1),
            D(MAX_HORIZON),
            whole=True,
            source_required=False,
            unit="years",
        ),
        InputSpec(
            "flat_rate",
            "discounting.rate",
            "Flat discount rate",
            "the discount rate",
            "A percentage from 0 to 20 used for every year, for example 3.5.",
            D(0),
            MAX_DISCOUNT_RATE * HUNDRED,
            percent=True,
            choices="discount_rates",
        ),
    )

    method = forms.ChoiceField(
        label="How should future costs and benefits be discounted?",
        choices=[
            (
                GREEN_BOOK,
                "The Green Book (2026) schedule (recommended): 3.5% a year for costs and "
                "most benefits, 1.5% for health values, falling after 30 years",
            ),
            (FLAT, "One flat rate for every year, costs and benefits alike"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how to discount"},
    )
    price_year = forms.CharField(
        label="Price year (optional)",
        required=False,
        max_length=MAX_TEXT,
        help_text="The financial year every money figure is shown in, for example 2024/25. "
        "Leave blank for the latest year the GDP deflators measure. Library figures in other "
        "years' prices are uprated to it; figures you type are taken to be in it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        inputs = kwargs["inputs"]
        schedule = inputs.get("discounting") or {}
        method = schedule.get("method", GREEN_BOOK) if isinstance(schedule, Mapping) else GREEN_BOOK
        initial = kwargs.setdefault("initial", {})
        initial["method"] = method
        initial["price_year"] = inputs.get("price_year", "")
        super().__init__(*args, **kwargs)
        if method not in (GREEN_BOOK, FLAT):
            self.fields["method"].choices = [
                *self.fields["method"].choices,
                (method, "Keep the case's own discount schedule"),
            ]
        style(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("method") != FLAT:
            for name in ("flat_rate", "flat_rate_choice", "flat_rate_source"):
                self.errors.pop(name, None)
            self.updates = [u for u in self.updates if u.path != "discounting.rate"]
        return cleaned


# --- Narrative ------------------------------------------------------------------------------


class NarrativeForm(BaseForm):
    """One text box for each section of the business case's narrative."""

    def __init__(self, *args: Any, sections: tuple, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for key, title, prompt in sections:
            self.fields[key] = forms.CharField(
                label=title,
                help_text=prompt,
                required=False,
                max_length=max_length,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={
                    "max_length": f"Enter {title.lower()} in {max_length:,} characters or fewer"
                },
            )
        style(self)


# --- Starting and naming a case -----------------------------------------------------------


class StartForm(BaseForm):
    title = forms.CharField(
        label="Name of the case",
        max_length=MAX_TEXT,
        help_text="For example 'Parent-infant team for Northborough, 2026 to 2029'.",
        error_messages={
            "required": "Enter a name for the case",
            "max_length": f"Enter a name in {MAX_TEXT} characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What do you want to make the case for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you want to make the case for"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Select an organisation",
            "invalid_choice": "Select an organisation",
        },
    )

    def __init__(self, *args: Any, organisations: Any, kinds: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["kind"].choices = kinds
        if organisations.count() <= 1:
            self.fields["organisation"].widget = forms.HiddenInput()


class NameForm(BaseForm):
    title = StartForm.base_fields["title"]
