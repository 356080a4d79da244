"""Number fields as people type numbers, and the questions built from them.

One convention per field, said in its hint: shares (prevalence, reach, risks, effects,
adjustments, optimism bias, discount rates) are typed as percentages, so "15" means 15%
and the engine gets 0.15; counts and money are typed as they are. Every field reads
the text with ``commissioning.lib.numbers.parse_number`` (commas between thousands, a
full stop for decimals; "40.000,00" and "1,0,0,0" are refused as ambiguous); a leading
£ is accepted on money fields and a trailing % on percentage fields only. Numbers
outside the field's range are refused with a message naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from commissioning.lib.numbers import NumberInvalid, read_number

HUNDRED = Decimal(100)
PERCENT_HINT = "A percentage from 0 to 100, for example 15 for 15%."
SOURCE_LABEL = "Where does this figure come from?"
SOURCE_HINT = "For example a report, a local dataset or a colleague's estimate, with its date."
SOURCE_MAX = 1000
OWN = "own"


def plain(number: Decimal) -> str:
    """12500 -> "12,500"; 0.25 -> "0.25": as people write numbers."""
    number = number.normalize()
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,f}"


def display(value: Decimal | None, *, percent: bool = False) -> str:
    """A stored value as the form shows it (a share as a percentage)."""
    if value is None:
        return ""
    shown = (value * HUNDRED if percent else value).normalize()
    if shown == shown.to_integral_value():
        return f"{shown:.0f}"
    return f"{shown:f}"


class NumberField(forms.CharField):
    """A number typed by a person, returned in the engine's units (a percentage
    divided by 100). ``label`` names the field in messages ("Births a year"), ``what``
    completes "Enter ..." ("the number of births a year")."""

    def __init__(
        self,
        *,
        label: str,
        what: str,
        minimum: Decimal,
        maximum: Decimal,
        whole: bool = False,
        percent: bool = False,
        money: bool = False,
        places: int = 6,
        unit: str = "",
        **kwargs: object,
    ) -> None:
        self.short = label
        self.what = what
        self.minimum, self.maximum = minimum, maximum
        self.whole, self.percent, self.money, self.places = whole, percent, money, places
        self.unit = unit or ("%" if percent else "")
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(label=label, max_length=60, strip=True, **kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric" if whole else "decimal", "spellcheck": "false"}
        )

    @property
    def range_message(self) -> str:
        low, high = plain(self.minimum), plain(self.maximum)
        if self.percent:
            return f"{self.short} must be a percentage between {low}% and {high}%"
        if self.money:
            return f"{self.short} must be between £{low} and £{high}"
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.short} must be between {low} and {high}{unit}"

    # The engine's own message for a field it rejects is in its units (0 to 1 for a
    # share); ours says what the person typed.
    @property
    def engine_message(self) -> str:
        return self.range_message

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            typed = read_number(text, pounds_allowed=self.money, percent_allowed=self.percent)
        except NumberInvalid as invalid:
            raise ValidationError(f"{self.short} {invalid.message}", code="invalid") from None
        number = typed.value
        if not number.is_finite():
            raise ValidationError(f"{self.short} must be a number", code="invalid")
        if self.whole and number != number.to_integral_value():
            raise ValidationError(f"{self.short} must be a whole number", code="whole")
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(self.range_message, code="range")
        if -number.normalize().as_tuple().exponent > self.places:  # type: ignore[operator]
            raise ValidationError(
                f"{self.short} must have no more than {self.places} decimal places",
                code="places",
            )
        if self.percent:
            return number / HUNDRED
        return number.normalize() if not self.whole else Decimal(int(number))

    def validate(self, value: object) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: object) -> None:
        # CharField's length validators expect text; the range is checked above.
        return

    def has_changed(self, initial: object, data: object) -> bool:
        # Initial values are display strings ("15"), data is typed: compare numbers.
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True

    def show(self, value: Decimal | None) -> str:
        return display(value, percent=self.percent)


def source_field(*, label: str = SOURCE_LABEL, hint: str = SOURCE_HINT) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=SOURCE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Enter the source in {SOURCE_MAX:,} characters or fewer"},
    )


@dataclass(frozen=True)
class InputSpec:
    """One number question: its form field ``name``, the engine ``path`` it writes,
    the field's limits, whether it offers library values (``choices`` names a
    ``defaults.Library`` method) and whether a changed figure needs a source note."""

    name: str
    path: str
    label: str
    what: str
    hint: str
    minimum: Decimal
    maximum: Decimal
    whole: bool = False
    percent: bool = False
    money: bool = False
    required: bool = True
    choices: str = ""
    source_required: bool = True
    unit: str = ""

    def field(self) -> NumberField:
        return NumberField(
            label=self.label,
            what=self.what,
            minimum=self.minimum,
            maximum=self.maximum,
            whole=self.whole,
            percent=self.percent,
            money=self.money,
            unit=self.unit,
            help_text=self.hint,
            required=False,  # required-ness depends on the library choice (form.clean)
        )


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget (our templates draw labels, hints and errors;
    Django adds ``aria-describedby`` and ``aria-invalid`` itself)."""
    for field in form.fields.values():
        widget = field.widget
        if widget.is_hidden:
            continue
        if isinstance(
            widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css
