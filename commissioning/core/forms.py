"""Shared form behaviour: GOV.UK-style wording and crispy rendering with Bootstrap 5.

Our templates draw the ``<form>`` tag (with ``novalidate``, so the server's clear
messages are shown rather than the browser's bubbles) and the "There is a problem"
error summary; crispy renders the fields.
"""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.fields import InvalidJSONInput

from commissioning.lib.numbers import NumberInvalid, read_number
from commissioning.lib.safe_json import UnsafeInput, load_json


class BaseFormMixin:
    """Give every form a crispy helper that renders fields only."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BaseForm(BaseFormMixin, forms.Form):
    pass


class BaseModelForm(BaseFormMixin, forms.ModelForm):
    pass


class CountField(forms.IntegerField):
    """A whole number typed as people type it ("40,000"), read by
    ``commissioning.lib.numbers``: "40.000", "1,0,0,0", a £ or a % are refused with a
    message starting with ``short`` ("Capacity must have commas only between ...").
    The range is checked before the number is made whole, so "1e999999999" is refused
    rather than built."""

    def __init__(self, *, short: str, **kwargs: Any) -> None:
        self.short = short
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            typed = read_number(str(value), pounds_allowed=False, percent_allowed=False)
        except NumberInvalid as invalid:
            if invalid.message == "must be a number":
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            raise ValidationError(f"{self.short} {invalid.message}", code="invalid") from None
        number = typed.value
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(
                self.error_messages.get("min_value", MinValueValidator.message),
                "min_value",
                {"limit_value": self.min_value},
            )
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                self.error_messages.get("max_value", MaxValueValidator.message),
                "max_value",
                {"limit_value": self.max_value},
            )
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class SafeJSONField(forms.JSONField):
    """Django's JSON form field, read through ``commissioning.lib.safe_json``: deep
    nesting, a number of thousands of digits, a NUL or a lone surrogate is a validation
    error, not a server error (``json.loads`` raises ValueError or RecursionError)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not self.disabled:
            try:
                load_json(value)
            except UnsafeInput as unsafe:
                raise ValidationError(f"The JSON {unsafe.message}", code="invalid") from None
        return super().to_python(value)

    def bound_data(self, data: Any, initial: Any) -> Any:
        # Re-showing the form parses the text again: keep hostile text as typed.
        if isinstance(data, str) and not self.disabled:
            try:
                load_json(data)
            except UnsafeInput:
                return InvalidJSONInput(data)
        return super().bound_data(data, initial)


# For ModelAdmin.formfield_overrides: every JSON field in the admin uses SafeJSONField.
SAFE_JSON_OVERRIDES = {models.JSONField: {"form_class": SafeJSONField}}
