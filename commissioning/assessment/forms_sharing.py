"""Forms for sharing an assessment: inviting people and recording agreed ratings
(GOV.UK wording: "Enter ...", "Select ...")."""

from django import forms

from commissioning.assessment import consensus_services
from commissioning.assessment.models import Participant, ParticipantInvitation
from commissioning.core.forms import BaseForm, BaseModelForm

DONT_KNOW = "dk"
RATING_REQUIRED = consensus_services.CONSENSUS_RATING_INVALID
RATIONALE_REQUIRED = consensus_services.CONSENSUS_RATIONALE_REQUIRED


class ParticipantInviteForm(BaseModelForm):
    class Meta:
        model = ParticipantInvitation
        fields = ("email", "role")
        labels = {"email": "Their email address", "role": "What they will do"}
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "email": (
                "They can be from any organisation, for example a partner in the local "
                "system. They will see and rate this assessment only, without joining "
                "your organisation."
            )
        }
        error_messages = {
            "email": {
                "required": "Enter their email address",
                "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            },
            "role": {
                "required": "Select what they will do",
                "invalid_choice": "Select what they will do",
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Radios need no "select an option" entry; each role says what it allows.
        self.fields["role"].choices = [
            (Participant.Role.RATER, "Rater: rates each question"),
            (
                Participant.Role.FACILITATOR,
                "Facilitator: rates, invites people and records the ratings the group agrees",
            ),
        ]
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class ConsensusForm(BaseForm):
    """The rating a group agreed for one question, with the reason."""

    rating = forms.ChoiceField(
        label="Rating the group agreed",
        widget=forms.RadioSelect,
        error_messages={"required": RATING_REQUIRED, "invalid_choice": RATING_REQUIRED},
    )
    rationale = forms.CharField(
        label="Why the group agreed this rating",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "For example, the evidence discussed and why it outweighed the other views. "
            "Everyone taking part will see this."
        ),
        error_messages={
            "required": RATIONALE_REQUIRED,
            "max_length": "The reason must be 4,000 characters or fewer",
        },
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, level_names: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [
            (str(n), f"{n} – {name}") for n, name in enumerate(level_names)
        ] + [(DONT_KNOW, "Don't know")]

    def rating_value(self) -> tuple[int | None, bool]:
        """(rating, dont_know) from the cleaned choice."""
        choice = self.cleaned_data["rating"]
        if choice == DONT_KNOW:
            return None, True
        return int(choice), False
