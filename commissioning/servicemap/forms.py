"""Forms for the service map (GOV.UK wording: "Enter ...", "Select ...")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html

from commissioning.accounts.models import Organisation
from commissioning.core.forms import BaseForm, CountField
from commissioning.servicemap.catalogue import (
    FUNDING_ROUTES,
    LEVELS,
    SECTORS,
    SPECIALISED_TEAM_DEFINITION,
)

SPECIALIST_ONLY = (
    "A specialised parent-infant relationship team works at the specialist level: select "
    "Specialist as the level, or untick this box"
)


def _too_long(limit: int, what: str) -> dict[str, str]:
    return {"max_length": f"{what} must be {limit:,} characters or fewer"}


class MapForm(BaseForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the organisation this map is for",
            "invalid_choice": "Select one of your organisations",
        },
    )
    area_name = forms.CharField(
        label="Area the map covers",
        max_length=200,
        help_text="For example a local authority or an ICB.",
        error_messages={
            "required": "Enter the area the map covers",
            **_too_long(200, "The area"),
        },
    )
    area_code = forms.CharField(required=False, widget=forms.HiddenInput, max_length=9)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ServiceForm(BaseForm):
    level = forms.ChoiceField(
        label="Level",
        choices=LEVELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the level of support",
            "invalid_choice": "Select universal, targeted or specialist",
        },
    )
    sector = forms.ChoiceField(
        label="Sector",
        choices=SECTORS,
        error_messages={
            "required": "Select the sector that provides it",
            "invalid_choice": "Select one of the sectors in the list",
        },
    )
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={"required": "Enter the name of the service", **_too_long(200, "The name")},
    )
    provider = forms.CharField(
        label="Who provides it",
        max_length=200,
        help_text="The organisation or team.",
        error_messages={
            "required": "Enter who provides the service",
            **_too_long(200, "Who provides it"),
        },
    )
    ages = forms.CharField(
        label="Ages (optional)",
        max_length=200,
        required=False,
        help_text="For example: pregnancy to 2 years.",
        error_messages=_too_long(200, "Ages"),
    )
    criteria = forms.CharField(
        label="Who it is for (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Referral or eligibility criteria.",
        error_messages=_too_long(2000, "Who it is for"),
    )
    exclusions = forms.CharField(
        label="Who it does not accept (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_too_long(2000, "Who it does not accept"),
    )
    capacity = CountField(
        short="Capacity",
        label="Capacity, families a year (optional)",
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Leave blank if not known.",
        error_messages={
            "invalid": "Enter capacity as a whole number of families a year, such as 40, "
            "or leave it blank if not known",
            "min_value": "Capacity must be 0 or more families a year",
            "max_value": "Capacity must be 1,000,000 families a year or fewer",
        },
    )
    funding_route = forms.ChoiceField(
        label="Funding route",
        choices=FUNDING_ROUTES,
        initial="unknown",
        error_messages={
            "required": "Select how the service is funded, or Not known",
            "invalid_choice": "Select one of the funding routes in the list",
        },
    )
    funding_ends = forms.DateField(
        label="Funding end date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="When the current funding stops, if it does.",
        error_messages={
            "invalid": "Enter the funding end date as a real date, for example 31/03/2027",
        },
    )
    specialised_team = forms.BooleanField(
        label="This is a specialised parent-infant relationship team",
        required=False,
    )
    source = forms.CharField(
        label="Source or contact (optional)",
        max_length=500,
        required=False,
        help_text="Where this came from or who to ask: a document, a web page or a person.",
        error_messages=_too_long(500, "The source"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialised_team"].help_text = format_html(
            "{} Tick only if the team meets all of this.", SPECIALISED_TEAM_DEFINITION
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("specialised_team") and data.get("level") not in (None, "specialist"):
            self.add_error("specialised_team", SPECIALIST_ONLY)
        return data


class NoServiceForm(BaseForm):
    note = forms.CharField(
        label="Note (optional)",
        max_length=500,
        required=False,
        help_text="For example who confirmed it, and when.",
        error_messages=_too_long(500, "The note"),
    )


class ContributorInviteForm(BaseForm):
    """The address of a partner invited to contribute to one map."""

    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text=(
            "They can be from any organisation, for example a provider or the council. "
            "They will see and change this service map only, without joining your "
            "organisation."
        ),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
