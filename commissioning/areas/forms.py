"""Forms for the areas pages (search) and the curators' upload."""

from django import forms

from commissioning.areas.models import Area, Configuration, Dataset
from commissioning.areas.services import LOOKUP_FOR
from commissioning.core.forms import BaseForm
from commissioning.lib.safe_json import text_problem

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
LEVEL_CHOICES = [
    ("", "All levels"),
    (Area.Level.LAD, "Local authority districts (including unitaries)"),
    (Area.Level.UTLA, "Upper-tier authorities (counties and unitaries)"),
    (Area.Level.ICB, "Integrated Care Boards"),
]


class SearchForm(BaseForm):
    q = forms.CharField(
        label="Name or code",
        required=False,
        max_length=100,
        help_text="For example Gateshead, E08000037 or Frimley.",
    )
    level = forms.ChoiceField(label="Level", required=False, choices=LEVEL_CHOICES)


class UploadForm(forms.Form):
    """A new version of one dataset. The figures are checked whole before anything is
    applied (``services.dataset_upload``)."""

    kind = forms.ChoiceField(
        label="Dataset",
        choices=Dataset.Kind.choices,
        error_messages={"required": "Select the dataset this file replaces"},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the same columns as the current version, at most 5 MB.",
        error_messages={"required": "Choose a CSV file"},
    )
    lookup = forms.ModelChoiceField(
        label="Lookup on the same boundaries",
        queryset=Dataset.objects.filter(
            kind__in=[Dataset.Kind.LOOKUP_LAD_ICB, Dataset.Kind.LOOKUP_UTLA_ICB]
        ).order_by("kind", "-version"),
        required=False,
        help_text="Required for births: every area in the file must be in this lookup and "
        "every area in the lookup must be in the file. Optional for IMD (without one, the "
        "file must cover the current version's areas).",
    )
    new_boundaries = forms.BooleanField(
        label="This lookup is for new boundaries",
        required=False,
        help_text="Lookups only: allow areas of the current version to be missing.",
    )
    configuration = forms.ModelChoiceField(
        label="ICB map",
        queryset=Configuration.objects.order_by("-effective_from"),
        required=False,
        help_text="Lookups only: the ICB map the file describes (for example ICBs of April "
        "2026 for the official ONS April 2026 lookup). A new map (such as April 2027) is "
        "added under ICB maps first.",
    )
    derived = forms.BooleanField(
        label="Derived by us, not an official file as published",
        required=False,
        help_text="Pages then label the figures as derived.",
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    period = forms.CharField(
        max_length=200,
        help_text="What the figures cover, shown next to every figure. For births say "
        "whether they are mid-year estimates or calendar-year registrations.",
        error_messages={"required": "Enter the period the figures cover"},
    )
    period_short = forms.CharField(
        label="Period in a few words",
        max_length=100,
        required=False,
        help_text="For example 'mid-2024 (year to 30 June 2024)' or 'calendar year 2024'.",
    )
    period_end = forms.DateField(
        label="Last day the figures cover",
        required=False,
        help_text="Births: required, as YYYY-MM-DD (30 June 2024 is 2024-06-30). Pages say "
        "how old the figures are from it.",
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, for example 2024-12-31"},
    )
    source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the source"},
    )
    licence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the licence, or say that none is stated"},
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_file(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text (CSV)") from None
        if problem := text_problem(text):
            raise forms.ValidationError(f"The file {problem}")
        return upload.name, text

    def clean(self) -> dict:
        data = super().clean()
        kind, lookup = data.get("kind"), data.get("lookup")
        if not kind:
            return data
        wanted = LOOKUP_FOR.get(kind)
        if lookup is not None and wanted != lookup.kind:
            self.add_error(
                "lookup",
                "Select a district to ICB lookup for district data, an upper-tier lookup "
                "for upper-tier births, or none for a lookup",
            )
        elif lookup is None and kind in (Dataset.Kind.BIRTHS_LAD, Dataset.Kind.BIRTHS_UTLA):
            self.add_error("lookup", "Select the lookup on the same boundaries as the births")
        is_lookup = kind in (Dataset.Kind.LOOKUP_LAD_ICB, Dataset.Kind.LOOKUP_UTLA_ICB)
        if data.get("new_boundaries") and not is_lookup:
            self.add_error("new_boundaries", "Only a lookup can be for new boundaries")
        if is_lookup and not data.get("configuration"):
            self.add_error("configuration", "Select the ICB map this lookup describes")
        if not is_lookup and data.get("configuration"):
            self.add_error("configuration", "Only a lookup describes an ICB map")
        is_births = kind in (Dataset.Kind.BIRTHS_LAD, Dataset.Kind.BIRTHS_UTLA)
        if is_births and not data.get("period_end") and "period_end" not in self.errors:
            self.add_error("period_end", "Enter the last day the births cover")
        return data
