"""Forms for the action plan and the comparison page (GOV.UK wording)."""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import dateformat, timezone

from commissioning.assessment.models import Assessment, PlanItem
from commissioning.core.forms import BaseForm
from commissioning.knowledge.models import Action, Status

SELECT_ACTION = "Select an action to adopt"
TITLE_REQUIRED = "Enter the action"
TITLE_TOO_LONG = "The action must be 200 characters or fewer"
DESCRIPTION_TOO_LONG = "The details must be 4,000 characters or fewer"
OWNER_TOO_LONG = "The owner must be 200 characters or fewer"
STATUS_REQUIRED = "Select the action's status"
DATE_FORMAT = "Enter a date in the correct format, like 31 3 2027"
DATE_REAL = "The due date must be a real date"
DATE_YEAR = "Year must include 4 numbers"
DATE_MISSING = "The due date must include a {parts}"
SELECT_FIRST = "Select the first assessment"
SELECT_SECOND = "Select the assessment to compare it with"
SELECT_DIFFERENT = "Select two different assessments"
DATE_PARTS = ("day", "month", "year")


class AdoptForm(BaseForm):
    """Adopt one of the knowledge base's published actions."""

    action = forms.ModelChoiceField(
        queryset=Action.objects.filter(factor__status=Status.PUBLISHED).select_related("factor"),
        widget=forms.HiddenInput,
        error_messages={"required": SELECT_ACTION, "invalid_choice": SELECT_ACTION},
    )


def _date_part(label: str, length: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=length,
        error_messages={"max_length": DATE_FORMAT},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class PlanItemForm(BaseForm):
    """An item in the plan. Adopted actions keep the knowledge base's title, so
    ``own=False`` leaves out the title and details."""

    title = forms.CharField(
        label="Action",
        max_length=200,
        help_text="Start with a verb, for example: Present the needs estimate to the ICB board.",
        error_messages={"required": TITLE_REQUIRED, "max_length": TITLE_TOO_LONG},
    )
    description = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": DESCRIPTION_TOO_LONG},
    )
    owner = forms.CharField(
        label="Who is responsible (optional)",
        required=False,
        max_length=200,
        help_text="A name or a role, for example: Head of children's commissioning.",
        error_messages={"max_length": OWNER_TOO_LONG},
    )
    due_day = _date_part("Day", 2)
    due_month = _date_part("Month", 2)
    due_year = _date_part("Year", 4)
    status = forms.ChoiceField(
        label="Status",
        choices=PlanItem.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": STATUS_REQUIRED, "invalid_choice": STATUS_REQUIRED},
    )

    def __init__(self, *args: object, own: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.own = own
        self.date_faults: set[str] = set()  # names of the date inputs to mark as wrong
        if not own:
            del self.fields["title"]
            del self.fields["description"]

    @classmethod
    def initial_for(cls, item: PlanItem) -> dict:
        initial = {
            "title": item.title,
            "description": item.description,
            "owner": item.owner,
            "status": item.status,
        }
        if item.due_date:
            initial |= {
                "due_day": str(item.due_date.day),
                "due_month": str(item.due_date.month),
                "due_year": str(item.due_date.year),
            }
        return initial

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned["due_date"] = self._due_date(cleaned)
        return cleaned

    def _due_date(self, cleaned: dict) -> datetime.date | None:
        """The GOV.UK date-input rules: all three parts or none; numbers only; a
        four-digit year; a real date. Each error goes on the first part at fault,
        so the error summary links to it."""
        names = [f"due_{part}" for part in DATE_PARTS]
        if any(name in self.errors for name in names):
            self.date_faults = {name for name in names if name in self.errors}
            return None
        values = {part: (cleaned.get(f"due_{part}") or "").strip() for part in DATE_PARTS}
        if not any(values.values()):
            return None
        missing = [part for part in DATE_PARTS if not values[part]]
        if missing:
            self._date_error(missing, DATE_MISSING.format(parts=" and ".join(missing)))
            return None
        wrong = [p for p in DATE_PARTS if not (values[p].isascii() and values[p].isdigit())]
        if wrong:
            self._date_error(wrong, DATE_FORMAT)
            return None
        if len(values["year"]) != 4:
            self._date_error(["year"], DATE_YEAR)
            return None
        try:
            return datetime.date(int(values["year"]), int(values["month"]), int(values["day"]))
        except ValueError:
            self._date_error(list(DATE_PARTS), DATE_REAL)
            return None

    def _date_error(self, parts: list[str], message: str) -> None:
        self.add_error(f"due_{parts[0]}", message)
        self.date_faults = {f"due_{part}" for part in parts}

    @property
    def date_fields(self) -> list[forms.BoundField]:
        return [self[f"due_{part}"] for part in DATE_PARTS]

    @property
    def date_errors(self) -> list[str]:
        """The date group's errors, shown once above its three inputs."""
        return [e for part in DATE_PARTS for e in self.errors.get(f"due_{part}", [])]


def assessment_label(assessment: Assessment) -> str:
    """ "Spring review, North Borough – started 3 March 2027, submitted"."""
    started = dateformat.format(timezone.localtime(assessment.created_at), "j F Y")
    return (
        f"{assessment.title}, {assessment.area_name} – started {started}, "
        f"{assessment.get_status_display().lower()}"
    )


class CompareForm(BaseForm):
    """Pick two of the user's assessments."""

    a = forms.ModelChoiceField(
        queryset=Assessment.objects.none(),
        label="First assessment",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": SELECT_FIRST, "invalid_choice": SELECT_FIRST},
    )
    b = forms.ModelChoiceField(
        queryset=Assessment.objects.none(),
        label="Compare it with",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": SELECT_SECOND, "invalid_choice": SELECT_SECOND},
    )

    def __init__(self, *args: object, assessments: QuerySet[Assessment], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = assessments
            self.fields[name].label_from_instance = assessment_label

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("a") and cleaned.get("b") and cleaned["a"] == cleaned["b"]:
            self.add_error("b", SELECT_DIFFERENT)
        return cleaned
