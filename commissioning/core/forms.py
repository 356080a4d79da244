"""Shared form behaviour: GOV.UK-style wording and crispy rendering with Bootstrap 5.

Our templates draw the ``<form>`` tag (with ``novalidate``, so the server's clear
messages are shown rather than the browser's bubbles) and the "There is a problem"
error summary; crispy renders the fields.
"""

from crispy_forms.helper import FormHelper
from django import forms


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
