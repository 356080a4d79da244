"""Who contributes to a service map: inviting a partner, withdrawing an invitation,
removing a contributor (organisation members: ``Action.INVITE``), and the emailed
link a partner follows to accept. The people section itself is on the map page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.accounts import invitations
from commissioning.accounts.permissions import Action
from commissioning.servicemap import access, sharing
from commissioning.servicemap.forms import ContributorInviteForm
from commissioning.servicemap.services import ServiceMapError


def _people(pk: int) -> str:
    return reverse("servicemap:detail", args=[pk]) + "#people"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    service_map, _ = access.map_for(request.user, pk, Action.INVITE)
    form = ContributorInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = sharing.contributor_invite(
                service_map=service_map, email=form.cleaned_data["email"], invited_by=request.user
            )
        except ServiceMapError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, sharing.INVITE_SENT.format(email=invitation.email))
            return redirect(_people(service_map.pk))
    return render(request, "servicemap/invite.html", {"service_map": service_map, "form": form})


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int, invitation: int) -> HttpResponse:
    service_map, _ = access.map_for(request.user, pk, Action.INVITE)
    target = get_object_or_404(
        service_map.invitations.filter(accepted_at__isnull=True), pk=invitation
    )
    sharing.invitation_withdraw(invitation=target, user=request.user)
    messages.success(request, sharing.INVITE_WITHDRAWN.format(email=target.email))
    return redirect(_people(service_map.pk))


@login_required
@require_POST
def contributor_remove(request: HttpRequest, pk: int, contributor: int) -> HttpResponse:
    service_map, _ = access.map_for(request.user, pk, Action.INVITE)
    target = get_object_or_404(
        service_map.contributors.select_related("user", "service_map"), pk=contributor
    )
    sharing.contributor_remove(contributor=target, removed_by=request.user)
    messages.success(request, sharing.CONTRIBUTOR_REMOVED.format(name=target.user))
    return redirect(_people(service_map.pk))


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. Anyone may open it; accepting needs the invited address to be
    signed in, so signed-out visitors are offered sign-in and create-account links
    that come back here."""
    try:
        invitation = sharing.invitation_from_token(token, user=request.user)
    except ServiceMapError as error:
        return _problem(request, error)
    service_map = invitation.service_map
    if invitation.accepted_at is not None:
        messages.info(request, sharing.INVITE_ALREADY_ACCEPTED.format(area=service_map.area_name))
        return redirect("servicemap:detail", service_map.pk)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            _, created = sharing.invitation_accept(token=token, user=request.user)
        except ServiceMapError as error:
            return _problem(request, error)
        text = sharing.INVITE_ACCEPTED if created else sharing.INVITE_ALREADY_ACCEPTED
        messages.success(request, text.format(area=service_map.area_name))
        return redirect("servicemap:detail", service_map.pk)
    wrong_email = request.user.is_authenticated and not invitations.same_address(
        invitation.email, request.user.email
    )
    return render(
        request,
        "servicemap/invitation_accept.html",
        {
            "invitation": invitation,
            "service_map": service_map,
            "wrong_email": wrong_email,
            "problem": (
                invitations.WRONG_EMAIL.format(email=invitation.email, current=request.user.email)
                if wrong_email
                else ""
            ),
        },
    )


def _problem(request: HttpRequest, error: ServiceMapError) -> HttpResponse:
    return render(
        request, "servicemap/invitation_problem.html", {"problem": str(error)}, status=400
    )
