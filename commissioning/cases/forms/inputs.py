"""Forms of number questions that say where each figure comes from.

For each ``InputSpec`` the form has the number, a "Where does this figure come from?"
note and, when the parameter library has values for it, a choice between those values
and "My own figure". A figure the user types that differs from the case's current one
(or replaces a library value) needs a source note; a library value brings its citation.

``clean`` leaves ``self.updates``: one ``Update`` per question, which the step applies
to a copy of the case's inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms

from commissioning.cases import defaults
from commissioning.cases.forms.fields import OWN, InputSpec, NumberField, source_field, style
from commissioning.core.forms import BaseForm
from commissioning.knowledge.models import Parameter

SOURCE_NEEDED = "Enter where this figure comes from"
SELECT_VALUE = "Select a value from the library or 'My own figure'"
OPTIONAL_SOURCE_HINT = "For example the funding settlement or the guidance you followed."


@dataclass
class Update:
    """A change to one input: a new value with its source and origin, or (``remove``)
    taking an optional input out of the case."""

    path: str
    value: Decimal | None = None
    source: str | None = None
    parameters: list[Parameter] = field(default_factory=list)
    user: bool = False
    changed: bool = False
    remove: bool = False
    note: str = ""  # the user's reasons, added after a library citation
    area: dict[str, Any] | None = None  # provenance of an area's figure kept unchanged

    def apply(self, data: dict, provenance: dict) -> None:
        if self.remove:
            defaults.remove_entry(data, self.path)
            provenance.pop(self.path, None)
        elif self.parameters:
            defaults.use_parameters(
                data, provenance, self.path, self.parameters, self.value, note=self.note
            )
        else:
            defaults.set_number(data, self.path, self.value, source=self.source)
            if self.area is not None:
                provenance[self.path] = dict(self.area)
            elif self.user:
                provenance[self.path] = defaults.from_user()


def parameter_label(parameter: Parameter, *, percent: bool, money: bool) -> str:
    value = parameter.value.normalize()
    if percent:
        shown = f"{defaults_display(value * 100)}%"
    elif money:
        shown = f"£{defaults_display(value)}"
    else:
        shown = f"{defaults_display(value)} {parameter.unit}"
    return f"{parameter.name}: {shown}"


def defaults_display(number: Decimal) -> str:
    number = number.normalize()
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,f}"


class SourcedInputsForm(BaseForm):
    """Number questions with provenance. Subclasses set ``SPECS``."""

    SPECS: tuple[InputSpec, ...] = ()

    def __init__(
        self,
        *args: Any,
        inputs: Mapping,
        provenance: Mapping,
        library: defaults.Library,
        **kwargs: Any,
    ) -> None:
        self.case_inputs, self.provenance, self.library = inputs, provenance, library
        self.options: dict[str, list[Parameter]] = {}
        typed = kwargs.pop("initial", {}) or {}  # what the user had typed wins
        initial: dict[str, Any] = {}
        for spec in self.SPECS:
            initial.update(self.initial_for(spec))
        initial.update(typed)
        super().__init__(*args, initial=initial, **kwargs)
        for spec in self.SPECS:
            self.add_question(spec)
        style(self)
        self.updates: list[Update] = []

    # --- building ---------------------------------------------------------------------

    def library_options(self, spec: InputSpec) -> list[Parameter]:
        if not spec.choices:
            return []
        if spec.name not in self.options:
            self.options[spec.name] = getattr(self.library, spec.choices)()
        return self.options[spec.name]

    def initial_for(self, spec: InputSpec) -> dict[str, str]:
        value = defaults.get_value(self.case_inputs, spec.path)
        keys = defaults.library_keys(self.provenance, spec.path)
        options = {p.key for p in self.library_options(spec)}
        initial = {spec.name: spec.field().show(value)}
        if spec.choices:
            chosen = keys[0] if len(keys) == 1 and keys[0] in options else OWN
            initial[f"{spec.name}_choice"] = chosen
        if not keys:
            initial[f"{spec.name}_source"] = defaults.get_source(self.case_inputs, spec.path)
        return initial

    def add_question(self, spec: InputSpec) -> None:
        if spec.choices:
            choices = [
                (p.key, parameter_label(p, percent=spec.percent, money=spec.money))
                for p in self.library_options(spec)
            ]
            self.fields[f"{spec.name}_choice"] = forms.ChoiceField(
                label=spec.label,
                choices=[*choices, (OWN, "My own figure")],
                widget=forms.RadioSelect,
                required=False,
            )
        self.fields[spec.name] = spec.field()
        if spec.choices:
            self.fields[spec.name].label = "Your figure"
        if spec.source_required:
            self.fields[f"{spec.name}_source"] = source_field()
        else:
            self.fields[f"{spec.name}_source"] = source_field(
                label="Why this figure? (optional)", hint=OPTIONAL_SOURCE_HINT
            )

    # --- reading ----------------------------------------------------------------------

    def questions(self) -> list[dict[str, Any]]:
        """What the template needs for each question, in order: the fields, the radio
        options with their parameters, and where the current value came from."""
        from commissioning.cases.selectors import origin

        result = []
        for spec in self.SPECS:
            choice = self[f"{spec.name}_choice"] if spec.choices else None
            options = self.library_options(spec)
            radios = []
            if choice is not None:
                radios = [
                    {"widget": widget, "parameter": options[i] if i < len(options) else None}
                    for i, widget in enumerate(choice)
                ]
            result.append(
                {
                    "spec": spec,
                    "value": self[spec.name],
                    "source": self[f"{spec.name}_source"],
                    "choice": choice,
                    "radios": radios,
                    "origin": origin(self.case_inputs, self.provenance, spec.path, self.library),
                }
            )
        return result

    def field_for_path(self, path: str) -> str | None:
        for spec in self.SPECS:
            if spec.path == path:
                return spec.name
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.updates = []
        for spec in self.SPECS:
            update = self.clean_question(spec, cleaned)
            if update is not None:
                self.updates.append(update)
        return cleaned

    def clean_question(self, spec: InputSpec, cleaned: dict[str, Any]) -> Update | None:
        name, source_name = spec.name, f"{spec.name}_source"
        current = defaults.get_value(self.case_inputs, spec.path)
        from_library = bool(defaults.library_keys(self.provenance, spec.path))
        if spec.choices:
            choice = cleaned.get(f"{name}_choice")
            if not choice:
                self.add_error(f"{name}_choice", SELECT_VALUE)
                return None
            if choice != OWN:
                parameter = self.library.get(choice)
                if parameter is None:  # the choice list only offers published ones
                    self.add_error(f"{name}_choice", SELECT_VALUE)
                    return None
                # The typed figure is ignored, so no complaint about it either.
                self.errors.pop(name, None)
                self.errors.pop(source_name, None)
                return Update(spec.path, parameter.value.normalize(), parameters=[parameter])
        if name in self.errors:
            return None
        value = cleaned.get(name)
        if value is None:
            if spec.required:
                self.add_error(name, self.fields[name].error_messages["required"])
                return None
            return Update(spec.path, remove=True)
        source = (cleaned.get(source_name) or "").strip()
        changed = current is None or value != current or from_library
        if changed and spec.source_required and not source:
            self.add_error(source_name, SOURCE_NEEDED)
            return None
        if not changed and not source and not spec.source_required:
            source = defaults.get_source(self.case_inputs, spec.path)
        return Update(spec.path, value, source=source, user=changed, changed=changed)

    def number_field(self, name: str) -> NumberField:
        return self.fields[name]  # type: ignore[return-value]
