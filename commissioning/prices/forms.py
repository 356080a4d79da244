"""The curators' upload of a new deflator series."""

from django import forms

from commissioning.lib.safe_json import text_problem

MAX_UPLOAD_BYTES = 1024 * 1024


class UploadForm(forms.Form):
    """A new version of the GDP deflator series, checked whole before anything is
    applied (``services.series_upload``)."""

    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the columns financial_year, index and status (outturn or "
        "forecast), one row a financial year (2012-13 or 2012/13), at most 1 MB.",
        error_messages={"required": "Choose a CSV file"},
    )
    title = forms.CharField(
        max_length=200,
        help_text="Shown beside every uprated figure, e.g. 'HM Treasury GDP deflators at "
        "market prices, June 2026 release'.",
        error_messages={"required": "Enter a title"},
    )
    release = forms.CharField(
        max_length=200,
        help_text="Which release, e.g. 'June 2026 (Quarterly National Accounts)'.",
        error_messages={"required": "Enter the release"},
    )
    source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the source"}
    )
    licence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the licence, or say that none is stated"},
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Say which years are forecasts and anything changed from the publisher's file.",
    )

    def clean_file(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text (CSV)") from None
        if problem := text_problem(text):
            raise forms.ValidationError(f"The file {problem}")
        return upload.name, text
