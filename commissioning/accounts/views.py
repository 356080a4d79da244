"""Account and organisation pages. Each view: check access, bind the form, call one
service, then redirect or render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from commissioning.accounts import services, verification
from commissioning.accounts.access import admin_membership_for, membership_for
from commissioning.accounts.forms import (
    AccountDeleteForm,
    InvitationForm,
    OrganisationForm,
    ProfileForm,
    ResendForm,
    RoleForm,
    SignupForm,
)
from commissioning.accounts.models import Invitation, Membership, Organisation, User
from commissioning.areas.models import Area

AFTER_CONFIRMING = "accounts.after_confirming"  # session key: where sign-up was going


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(
        request.POST if request.method == "POST" else None,
        initial={"email": request.GET.get("email", "")},
    )
    if request.method == "POST" and form.is_valid():
        services.signup_request(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        if target := _safe_next(request):  # back there once confirmed, in this browser
            request.session[AFTER_CONFIRMING] = target
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


def signup_sent(request: HttpRequest) -> HttpResponse:
    """ "Check your email", the same whatever the address had (verification.py)."""
    return render(
        request, "accounts/signup_sent.html", {"form": ResendForm(), "days": verification.days()}
    )


def confirmation_resend(request: HttpRequest) -> HttpResponse:
    """A new confirmation link: to the signed-in account's address, or to the address
    entered (answered the same whether or not it has an account)."""
    if request.method != "POST":
        return redirect("accounts:signup_sent")
    if request.user.is_authenticated:
        services.confirmation_send(user=request.user)
        messages.success(request, f"We have sent a new link to {request.user.email}.")
        return redirect("accounts:dashboard")
    form = ResendForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"].strip()).first()
        if user is not None:
            services.confirmation_send(user=user)
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup_sent.html", {"form": form, "days": verification.days()})


def confirm_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the email: a button confirms the address and signs in (a button,
    so that mail scanners following links confirm nothing)."""
    user = verification.user_for_link(uidb64, token)
    if user is None:
        return render(request, "accounts/confirm_email.html", {"valid": False}, status=400)
    if request.method == "POST":
        services.email_confirm(user=user)
        target = request.session.pop(AFTER_CONFIRMING, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your email address is confirmed. You are signed in.")
        return redirect(target or "accounts:dashboard")
    return render(request, "accounts/confirm_email.html", {"valid": True, "account": user})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation")
    verified = verification.is_verified(request.user)
    invitations = (
        Invitation.objects.filter(
            email__iexact=request.user.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("organisation")
        if verified
        else Invitation.objects.none()
    )
    return render(
        request,
        "accounts/dashboard.html",
        {"memberships": memberships, "invitations": invitations, "verified": verified},
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    blocking = services.orphaned_admin_organisations(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user)
        except services.AccountRuleError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, "Your account and personal details have been deleted.")
            return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form, "blocking": blocking})


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            creator=request.user,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            area_name=form.area_name,
        )
        messages.success(request, f"{organisation.name} has been created. You are its admin.")
        return redirect("accounts:organisation", organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


def _first_assessment_url(organisation: Organisation) -> str | None:
    """Where to start the organisation's first self-assessment (for it, with its area
    filled in), or None once it has one."""
    if organisation.assessments.exists():
        return None
    params = {"organisation": organisation.pk}
    area = Area.objects.filter(name=organisation.area_name, current=True).first()
    if area is not None:
        params["area"] = area.code
    return f"{reverse('assessment:index')}?{urlencode(params)}#start-heading"


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for(request.user, pk)
    organisation = membership.organisation
    members = organisation.memberships.select_related("user").order_by("user__name")
    invitations = organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
    invite_form = InvitationForm(prefix="invite") if membership.is_admin else None
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "start_url": _first_assessment_url(organisation),
            "membership": membership,
            "members": members,
            "invitations": invitations,
            "invite_form": invite_form,
        },
    )


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = admin_membership_for(request.user, pk)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The organisation's details have been saved.")
        return redirect("accounts:organisation", pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": membership.organisation, "creating": False},
    )


@login_required
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    membership = admin_membership_for(request.user, pk)
    organisation = membership.organisation
    form = InvitationForm(request.POST if request.method == "POST" else None, prefix="invite")
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except services.AccountRuleError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, f"An invitation has been sent to {form.cleaned_data['email']}."
            )
            return redirect("accounts:organisation", pk)
    return render(
        request, "accounts/invitation_form.html", {"form": form, "organisation": organisation}
    )


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    membership = admin_membership_for(request.user, pk)
    invitation = get_object_or_404(membership.organisation.invitations, pk=invitation_pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("accounts:organisation", pk)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.AccountRuleError as error:
        return render(
            request, "accounts/invitation_problem.html", {"problem": str(error)}, status=400
        )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except services.AccountRuleError as error:
            return render(
                request, "accounts/invitation_problem.html", {"problem": str(error)}, status=400
            )
        messages.success(request, f"You have joined {membership.organisation.name}.")
        return redirect("accounts:organisation", membership.organisation_id)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = admin_membership_for(request.user, pk)
    target = get_object_or_404(
        membership.organisation.memberships.select_related("user"), pk=member_pk
    )
    try:
        services.membership_remove(membership=target)
    except services.AccountRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{target.user} has been removed from {membership.organisation}.")
    return redirect("accounts:organisation", pk)


@require_POST
@login_required
def member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = admin_membership_for(request.user, pk)
    target = get_object_or_404(
        membership.organisation.memberships.select_related("user"), pk=member_pk
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select a valid role.")
        return redirect("accounts:organisation", pk)
    try:
        services.membership_set_role(membership=target, role=form.cleaned_data["role"])
    except services.AccountRuleError as error:
        messages.error(request, str(error))
    else:
        role = Membership.Role(form.cleaned_data["role"]).label
        messages.success(request, f"{target.user} is now: {role}.")
    return redirect("accounts:organisation", pk)


@require_POST
@login_required
def organisation_leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for(request.user, pk)
    try:
        services.membership_leave(membership=membership)
    except services.AccountRuleError as error:
        messages.error(request, str(error))
        return redirect("accounts:organisation", pk)
    messages.success(request, f"You have left {membership.organisation}.")
    return redirect("accounts:dashboard")
