"""Who takes part in an assessment: the people page, invitations (to anyone, including
partners from other organisations), accepting, withdrawing and removing.

Everyone who can see the assessment sees who takes part; organisation admins and
facilitators invite and remove people."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commissioning.accounts.permissions import Action
from commissioning.assessment import sharing_services
from commissioning.assessment.access import actions_on, assessment_for
from commissioning.assessment.forms_sharing import ParticipantInviteForm
from commissioning.assessment.models import Question
from commissioning.assessment.services import AssessmentRuleError
from commissioning.lib.http import refuse_method


@login_required
def people(request: HttpRequest, pk: str) -> HttpResponse:
    # Access first, so an outsider learns nothing (404) whatever the method.
    assessment = assessment_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    facilitator = Action.INVITE in actions_on(request.user, assessment)
    return render(
        request,
        "assessment/people.html",
        {
            "assessment": assessment,
            "people": sharing_services.people_taking_part(assessment),
            "invitations": sharing_services.invitations_waiting(assessment),
            "facilitator": facilitator,
            "form": ParticipantInviteForm() if facilitator else None,
            "days": settings.INVITATION_MAX_AGE_DAYS,
            "question_count": Question.objects.filter(
                section__instrument_id=assessment.instrument_id
            ).count(),
        },
    )


@login_required
def people_invite(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.INVITE)
    form = ParticipantInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = sharing_services.participant_invite(
                assessment=assessment,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except AssessmentRuleError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, sharing_services.INVITE_SENT.format(email=invitation.email))
            return redirect("assessment:people", assessment.pk)
    return render(
        request, "assessment/people_invite.html", {"assessment": assessment, "form": form}
    )


@require_POST
@login_required
def invitation_withdraw(request: HttpRequest, pk: str, invitation: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.INVITE)
    target = get_object_or_404(
        assessment.invitations.filter(accepted_at__isnull=True), pk=invitation
    )
    sharing_services.invitation_withdraw(invitation=target, user=request.user)
    messages.success(request, sharing_services.INVITE_WITHDRAWN.format(email=target.email))
    return redirect("assessment:people", assessment.pk)


@require_POST
@login_required
def participant_remove(request: HttpRequest, pk: str, participant: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.INVITE)
    target = get_object_or_404(
        assessment.participants.select_related("user", "assessment__organisation"),
        pk=participant,
    )
    try:
        sharing_services.participant_remove(participant=target, removed_by=request.user)
    except AssessmentRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, sharing_services.PARTICIPANT_REMOVED.format(name=target.user))
    return redirect("assessment:people", assessment.pk)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. Anyone may open it; accepting needs the invited address to
    be signed in, so signed-out visitors are offered sign-in and create-account links
    that come back here."""
    try:
        invitation = sharing_services.invitation_from_token(token, user=request.user)
    except AssessmentRuleError as error:
        return _problem(request, error)
    assessment = invitation.assessment
    if invitation.accepted_at is not None:
        # The invitee again (a second click, or the link opened later): nothing to do.
        messages.info(request, sharing_services.INVITE_ALREADY_ACCEPTED.format(title=assessment))
        return redirect("assessment:tasks", assessment.pk)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            _, created = sharing_services.invitation_accept(token=token, user=request.user)
        except AssessmentRuleError as error:
            return _problem(request, error)
        template = (
            sharing_services.INVITE_ACCEPTED
            if created
            else sharing_services.INVITE_ALREADY_ACCEPTED
        )
        messages.success(request, template.format(title=assessment))
        return redirect("assessment:tasks", assessment.pk)
    wrong_email = (
        request.user.is_authenticated and request.user.email.lower() != invitation.email.lower()
    )
    return render(
        request,
        "assessment/invitation_accept.html",
        {
            "invitation": invitation,
            "assessment": assessment,
            "wrong_email": wrong_email,
            "problem": (
                sharing_services.INVITE_WRONG_EMAIL.format(
                    email=invitation.email, current=request.user.email
                )
                if wrong_email
                else ""
            ),
        },
    )


def _problem(request: HttpRequest, error: AssessmentRuleError) -> HttpResponse:
    return render(
        request, "assessment/invitation_problem.html", {"problem": str(error)}, status=400
    )
