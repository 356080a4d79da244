"""Sharing a case: the people it is shared with, inviting someone, withdrawing an
invitation, removing someone, and the emailed invitation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.accounts.permissions import Action
from commissioning.cases import access
from commissioning.cases.access import case_roles
from commissioning.cases.review import sharing
from commissioning.cases.review.forms import AcceptForm, InviteForm


@login_required
def people(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.INVITE)
    shares = case.collaborators.select_related("user", "organisation")
    return render(
        request,
        "cases/review/people.html",
        {"case": case, "shares": shares, "waiting": sharing.invitations_waiting(case)},
    )


@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.INVITE)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sharing.case_invite(
                case=case,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except sharing.ShareRefused as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(request, sharing.INVITE_SENT.format(email=form.cleaned_data["email"]))
            return redirect("cases:people", case.pk)
    return render(request, "cases/review/invite.html", {"case": case, "form": form})


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int, invitation: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.INVITE)
    found = case.invitations.filter(pk=invitation).first()
    if found is None:
        raise Http404("No such invitation.")
    sharing.invitation_withdraw(invitation=found, user=request.user)
    messages.success(request, sharing.INVITE_WITHDRAWN.format(email=found.email))
    return redirect("cases:people", case.pk)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, share: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.INVITE)
    found = case.collaborators.select_related("user").filter(pk=share).first()
    if found is None:
        raise Http404("No such person.")
    sharing.collaborator_remove(share=found, removed_by=request.user)
    messages.success(request, sharing.REMOVED.format(name=found.user))
    return redirect("cases:people", case.pk)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. Anyone may open it; accepting needs the invited address to be
    signed in (signed-out visitors are offered sign-in links that come back here)."""
    try:
        invitation = sharing.invitation_from_token(token, user=request.user)
    except sharing.ShareRefused as error:
        return _problem(request, error)
    case = invitation.case
    if invitation.accepted_at is not None and case_roles(request.user, case):
        messages.info(request, sharing.INVITE_ALREADY_ACCEPTED.format(title=case.title))
        return redirect("cases:tasks", case.pk)
    user = request.user
    signed_in = user.is_authenticated
    wrong_email = signed_in and user.email.lower() != invitation.email.lower()
    form = None
    if signed_in and not wrong_email:
        many = user.organisations.count() > 1
        form = AcceptForm(request.POST if request.method == "POST" else None, user=user)
        if request.method == "POST" and (not many or form.is_valid()):
            chosen = form.cleaned_data.get("organisation") if many else None
            try:
                share, created = sharing.invitation_accept(
                    token=token, user=user, organisation=chosen
                )
            except sharing.ShareRefused as error:
                return _problem(request, error)
            text = sharing.INVITE_ACCEPTED if created else sharing.INVITE_ALREADY_ACCEPTED
            messages.success(request, text.format(title=case.title))
            return redirect("cases:tasks", case.pk)
        if not many:
            form = None
    return render(
        request,
        "cases/review/accept.html",
        {
            "invitation": invitation,
            "case": case,
            "form": form,
            "wrong_email": wrong_email,
            "problem": (
                sharing.invitations.WRONG_EMAIL.format(email=invitation.email, current=user.email)
                if wrong_email
                else ""
            ),
        },
    )


def _problem(request: HttpRequest, error: Exception) -> HttpResponse:
    return render(
        request, "cases/review/invitation_problem.html", {"problem": str(error)}, status=400
    )
