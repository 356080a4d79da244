"""Forms for sharing, comments and sign-off (GOV.UK wording: "Enter ...", "Select ...").
The services check every rule again; the forms give each field its message."""

from django import forms

from commissioning.accounts.models import User
from commissioning.cases.review import comments, signoff
from commissioning.cases.review.models import COMMENT_MAX, DECISION_TEXT_MAX, ShareRole
from commissioning.core.forms import BaseForm

EMAIL_REQUIRED = "Enter their email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.nhs.uk"


class SeenVersion(BaseForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InviteForm(BaseForm):
    email = forms.EmailField(
        label="Their email address",
        help_text=(
            "They can be in your organisation's partner organisations, for example the "
            "council's finance lead or the provider's clinical lead. They will see this "
            "case only, and nothing else of your organisation's work."
        ),
        error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID},
    )
    role = forms.ChoiceField(
        label="What they will do",
        choices=ShareRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what they will do",
            "invalid_choice": "Select what they will do",
        },
    )


class AcceptForm(BaseForm):
    organisation = forms.ModelChoiceField(
        label="Which organisation are you reviewing this case for?",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="If you leave this organisation, you will no longer see the case.",
        error_messages={
            "required": "Select the organisation you are reviewing this case for",
            "invalid_choice": "Select the organisation you are reviewing this case for",
        },
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = user.organisations.order_by("name")


class CommentForm(BaseForm):
    section = forms.ChoiceField(
        label="Which part of the case is your comment about?",
        choices=[("", "Select a part of the case"), *comments.SECTIONS],
        error_messages={
            "required": comments.SECTION_REQUIRED,
            "invalid_choice": comments.SECTION_REQUIRED,
        },
    )
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        error_messages={"required": comments.BODY_REQUIRED, "max_length": comments.BODY_TOO_LONG},
    )


class ReplyForm(BaseForm):
    body = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX,
        error_messages={
            "required": "Enter your answer",
            "max_length": comments.BODY_TOO_LONG,
        },
    )


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class RequestForm(SeenVersion):
    approver = _PersonChoice(
        label="Who will approve the case?",
        help_text=(
            "The senior responsible owner who decides. Not you, and not the person who "
            "started the case. Only people who can see the case are listed: share it "
            "with them first."
        ),
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": signoff.APPROVER_REQUIRED,
            "invalid_choice": signoff.APPROVER_REQUIRED,
        },
    )
    approver_role = forms.CharField(
        label="The approver's role",
        initial="Senior responsible owner",
        max_length=200,
        help_text="Shown in the decision record, for example Director of Commissioning.",
        error_messages={"required": signoff.APPROVER_ROLE_REQUIRED},
    )
    reviewers = _PeopleChoice(
        label="Who must review the case first? (optional)",
        help_text="Each records content agreed or changes needed before it can be approved.",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select reviewers from the list"},
    )

    def __init__(self, *args: object, people: list[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        pks = [p.pk for p in people]
        self.fields["approver"].queryset = User.objects.filter(pk__in=pks).order_by("name")
        self.fields["reviewers"].queryset = User.objects.filter(pk__in=pks).order_by("name")


class ReviewForm(SeenVersion):
    verdict = forms.ChoiceField(
        label="Your review",
        choices=signoff.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": signoff.VERDICT_REQUIRED,
            "invalid_choice": signoff.VERDICT_REQUIRED,
        },
    )
    comment = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        error_messages={"required": signoff.REVIEW_COMMENT_REQUIRED},
    )


DECISIONS = [
    (signoff.Status.APPROVED, "Approve"),
    (signoff.Status.CONDITIONS, "Approve with conditions"),
    (signoff.Status.RETURNED, "Return the case with reasons"),
]


class DecisionForm(SeenVersion):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": signoff.DECISION_REQUIRED,
            "invalid_choice": signoff.DECISION_REQUIRED,
        },
    )
    text = forms.CharField(
        label="Conditions or reasons",
        help_text="Required to approve with conditions (the conditions) or to return (why).",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DECISION_TEXT_MAX,
        required=False,
        error_messages={"max_length": signoff.TEXT_TOO_LONG},
    )
