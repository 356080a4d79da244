"""Forms for the self-assessment journey (GOV.UK wording: "Enter ...", "Select ...")."""

from django import forms
from django.utils.html import format_html

from commissioning.accounts.models import Organisation
from commissioning.areas.picker import CHOOSE
from commissioning.assessment.models import Question
from commissioning.core.forms import BaseForm

DONT_KNOW = "dk"
RATING_REQUIRED = "Select how well this describes your local system, or select Don't know"


class StartForm(BaseForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the organisation this assessment is for",
            "invalid_choice": "Select one of your organisations",
        },
    )
    title = forms.CharField(
        label="Name this assessment",
        max_length=200,
        help_text="For example: Gateshead parent-infant readiness, spring 2027.",
        error_messages={"required": "Enter a name for the assessment"},
    )
    area_name = forms.CharField(
        label="Area it covers",
        max_length=200,
        help_text="The place or population, for example a local authority or an ICB.",
        error_messages={"required": "Enter the area the assessment covers"},
    )

    def __init__(self, *args: object, organisations, chosen_area=None, **kwargs: object) -> None:
        """``chosen_area``: an ``areas.Area`` picked with "Find your area" (the view puts
        its name in ``initial``); the field stays free text, so the user can change it."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        field = self.fields["area_name"]
        # A submit button, not a link: the view keeps what was typed (areas.picker) and
        # "Choose your area" comes back to the start form with ?area=CODE.
        button = (
            '<button type="submit" name="{}" value="1" class="btn btn-link p-0 align-baseline">'
            "{}</button>"
        )
        if chosen_area is None:
            field.help_text = format_html(
                "{} " + button + " (optional; what you have typed is kept).",
                field.help_text,
                CHOOSE,
                "Find your area by name or code",
            )
        else:
            field.help_text = format_html(
                "Filled in from the area you chose, {} ({}). You can change it. " + button + ".",
                chosen_area.name,
                chosen_area.code,
                CHOOSE,
                "Choose a different area",
            )


class AnswerForm(BaseForm):
    """One question: a 0-4 maturity rating or "Don't know", and optional notes."""

    rating = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": RATING_REQUIRED, "invalid_choice": RATING_REQUIRED},
    )
    note = forms.CharField(
        label="Notes and evidence (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you based your rating on, for example a document, data or a meeting.",
        error_messages={"max_length": "Notes must be 4,000 characters or fewer"},
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: object, question: Question, level_names: list[str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rating"]
        field.label = question.statement
        field.choices = [
            (str(n), f"{n} – {level_names[n]}") for n in range(len(question.levels))
        ] + [(DONT_KNOW, "Don't know")]

    def rating_value(self) -> tuple[int | None, bool]:
        """(rating, dont_know) from the cleaned choice."""
        choice = self.cleaned_data["rating"]
        if choice == DONT_KNOW:
            return None, True
        return int(choice), False


class SubmitForm(BaseForm):
    """Submitting: when someone taking part has not finished rating, the facilitator
    confirms they mean to submit without them (their unanswered questions are left out)."""

    confirm = forms.BooleanField(
        required=False,
        label="Submit now, without the ratings still to come",
        error_messages={"required": "Confirm that you want to submit before everyone has rated"},
    )

    def __init__(self, *args: object, waiting: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if waiting:
            self.fields["confirm"].required = True
        else:
            del self.fields["confirm"]
