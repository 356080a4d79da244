"""Forms for a case's options: add (as a copy of another option), rename, and the
preferred option with the reasons for it. The rules (names, how many, what a reason
needs) are applied by option_services; these forms only read the answers."""

from __future__ import annotations

from django import forms

from commissioning.cases.economics.options import MAX_NAME
from commissioning.cases.option_services import MAX_REASON
from commissioning.core.forms import BaseForm

_TEXT = {"class": "form-control"}


class OptionNameForm(BaseForm):
    name = forms.CharField(
        label="Name of the option",
        max_length=MAX_NAME,
        help_text="For example: Do minimum, A specialised team, System champions.",
        error_messages={"required": "Enter a name for the option"},
        widget=forms.TextInput(attrs=_TEXT),
    )


class AddOptionForm(OptionNameForm):
    copy_from = forms.ChoiceField(
        label="Start as a copy of",
        help_text="The new option starts with every input of this one: change only what differs.",
        error_messages={"required": "Choose an option to start from"},
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].choices = choices


class PreferForm(BaseForm):
    preferred = forms.ChoiceField(
        label="Which option do you prefer?",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose the preferred option"},
    )
    reason = forms.CharField(
        label="Why is it preferred?",
        help_text="The value for money, the risks, what each option would achieve for "
        "families, and anything not valued in money. Required before the case goes for review.",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
        error_messages={"required": "Say why this option is preferred"},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred"].choices = choices
