"""Forms for accounts and organisations. Messages follow the GOV.UK style:
"Enter ...", "Select ..."."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from commissioning.accounts.models import Invitation, Membership, Organisation, User
from commissioning.areas.selectors import area_choices
from commissioning.core.forms import BaseForm, BaseFormMixin, BaseModelForm


class SignupForm(BaseFormMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("name", "email")
        labels = {"name": "Full name", "email": "Work email address"}
        help_texts = {"email": "You will use this to sign in."}
        error_messages = {
            "name": {"required": "Enter your full name"},
            "email": {
                "required": "Enter your work email address",
                "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            },
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].error_messages["required"] = "Enter your password again"
        self.fields["password2"].label = "Confirm password"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["email"].widget.attrs.pop("autofocus", None)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self) -> set[str]:
        """The email's uniqueness is not checked here: whether an address has an
        account is never shown (an email to the address says so instead;
        services.signup_request)."""
        return {*super()._get_validation_exclusions(), "email"}


class ResendForm(BaseForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )


class LoginForm(BaseFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. Both are case-sensitive "
            "except the email address."
        ),
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.pop("autofocus", None)


class StyledPasswordChangeForm(BaseFormMixin, PasswordChangeForm):
    pass


class StyledPasswordResetForm(BaseFormMixin, PasswordResetForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"


class StyledSetPasswordForm(BaseFormMixin, SetPasswordForm):
    pass


class ProfileForm(BaseModelForm):
    class Meta:
        model = User
        fields = ("name",)
        labels = {"name": "Full name"}
        error_messages = {"name": {"required": "Enter your full name"}}


class AccountDeleteForm(BaseForm):
    password = forms.CharField(
        label="Enter your password to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm"},
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct")
        return password


class OrganisationForm(BaseModelForm):
    """An organisation's name, type and the area it serves, chosen from the area list
    (a place typed freehand before this list existed is offered to keep)."""

    KEEP = "as-before"  # the choice that keeps an area name not on the list

    area = forms.ChoiceField(
        label="Area it serves",
        help_text="Choose the ICB or council area from the list. The list is in "
        "alphabetical order within each group.",
        error_messages={
            "required": "Select the area the organisation serves",
            "invalid_choice": "Select an area from the list",
        },
    )

    class Meta:
        model = Organisation
        fields = ("name", "kind")
        labels = {"name": "Organisation name", "kind": "Type of organisation"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "kind": {"required": "Select the type of organisation"},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Radios need no "select an option" entry.
        self.fields["kind"].choices = Organisation.Kind.choices
        groups = area_choices()
        self.area_names = {code: name for _, options in groups for code, name in options}
        choices: list = [("", "Select an area")]
        before = self.instance.area_name if self.instance.pk else ""
        if before and before not in self.area_names.values():
            choices.append((self.KEEP, f"Keep {before} (as entered before)"))
            self.area_names[self.KEEP] = before
            self.initial.setdefault("area", self.KEEP)
        elif before:
            code = next(c for c, name in self.area_names.items() if name == before)
            self.initial.setdefault("area", code)
        self.fields["area"].choices = choices + groups

    @property
    def area_name(self) -> str:
        """The chosen area's name (after ``is_valid``)."""
        return self.area_names[self.cleaned_data["area"]]

    def save(self, commit: bool = True) -> Organisation:
        self.instance.area_name = self.area_name
        return super().save(commit=commit)


class InvitationForm(BaseModelForm):
    class Meta:
        model = Invitation
        fields = ("email", "role")
        labels = {"email": "Colleague's email address", "role": "Their role"}
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "email": "They can be from any organisation, for example a partner in the local system."
        }
        error_messages = {
            "email": {
                "required": "Enter your colleague's email address",
                "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            },
            "role": {"required": "Select their role"},
        }


class RoleForm(BaseForm):
    role = forms.ChoiceField(
        choices=Membership.Role.choices, error_messages={"required": "Select a role"}
    )
