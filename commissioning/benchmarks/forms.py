"""Forms for the benchmarks: the group filter (GET) and opting in or out."""

from django import forms

from commissioning.accounts.models import Organisation
from commissioning.benchmarks.benchmarking import ANY, UNKNOWN_REGION
from commissioning.core.forms import BaseForm

OPT_IN = "opt_in"
OPT_OUT = "opt_out"
REGION_NEEDS_TYPE = "Select an organisation type to compare organisations by region"


class GroupForm(BaseForm):
    kind = forms.ChoiceField(label="Organisation type", required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args: object, regions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(ANY, "All types"), *Organisation.Kind.choices]
        self.fields["region"].choices = [
            (ANY, "All regions"),
            *((r, r) for r in regions),
            (UNKNOWN_REGION, "Region not known"),
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("region") and not data.get("kind"):
            self.add_error("region", REGION_NEEDS_TYPE)
        return data


class SharingForm(BaseForm):
    action = forms.ChoiceField(
        choices=[(OPT_IN, OPT_IN), (OPT_OUT, OPT_OUT)], widget=forms.HiddenInput
    )
    agree = forms.BooleanField(
        required=False,
        label="We agree to share our submitted self-assessment scores anonymously",
        help_text="Only section and COM-B scores are shared, never names, answers or notes. "
        "You can stop sharing at any time.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == OPT_IN and not data.get("agree"):
            self.add_error("agree", "Select the box to agree to share your scores")
        return data
