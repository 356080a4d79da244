"""Sign-off of a case: where it stands, asking for it, a required reviewer's review,
the approver's decision, and what happens next after approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.models import Membership, User
from commissioning.accounts.permissions import Action, Work, allowed
from commissioning.cases import access
from commissioning.cases.access import case_roles
from commissioning.cases.models import Case, SignoffRequest
from commissioning.cases.review import signoff
from commissioning.cases.review.forms import DecisionForm, RequestForm, ReviewForm


def _people(case: Case) -> list[User]:
    """Everyone who can see the case now (its organisation's members and the people it
    is shared with), who may be named on a sign-off request."""
    members = User.objects.filter(
        pk__in=Membership.objects.filter(organisation_id=case.organisation_id).values("user")
    )
    shared = User.objects.filter(case_shares__case=case)
    return [u for u in (members | shared).distinct() if case_roles(u, case)]


def _open(case: Case) -> SignoffRequest:
    request = signoff.open_request(case)
    if request is None:
        raise Http404("There is no open sign-off request for this case.")
    return request


def _refused(form: object, refused: signoff.SignoffRefused) -> None:
    field = refused.field if refused.field in form.fields else None  # type: ignore[attr-defined]
    form.add_error(field, str(refused))  # type: ignore[attr-defined]


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.VIEW)
    current = signoff.open_request(case)
    return render(
        request,
        "cases/review/signoff.html",
        {
            "case": case,
            "open": current,
            "reviews": current.reviews.all() if current else [],
            "stale": current is not None and current.version != case.version,
            "history": case.signoffs.exclude(status=SignoffRequest.Status.OPEN),
            "decision": signoff.decision_for(case),
            "actions": allowed(Work.CASE, case_roles(request.user, case)),
            "Action": {a.name: a for a in Action},
        },
    )


@login_required
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.REQUEST_SIGNOFF)
    people = [p for p in _people(case) if p.pk not in (request.user.pk, case.created_by_id)]
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={"seen_version": case.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signoff.signoff_request(
                case=case,
                user=request.user,
                approver=form.cleaned_data["approver"],
                approver_role=form.cleaned_data["approver_role"],
                reviewers=list(form.cleaned_data["reviewers"]),
                seen_version=form.cleaned_data["seen_version"],
            )
        except signoff.SignoffRefused as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                f"Sign-off of version {case.version} has been asked for. "
                "Everyone named has been emailed.",
            )
            return redirect("cases:signoff", case.pk)
    return render(request, "cases/review/ask.html", {"case": case, "form": form})


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.REVIEW)
    current = _open(case)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"seen_version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signoff.review_record(
                case=case, user=request.user, request=current, **form.cleaned_data
            )
        except signoff.SignoffRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Your review has been recorded.")
            return redirect("cases:signoff", case.pk)
    return render(
        request, "cases/review/review.html", {"case": case, "open": current, "form": form}
    )


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.DECIDE)
    current = _open(case)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"seen_version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decided = signoff.decision_record(
                case=case, user=request.user, request=current, **form.cleaned_data
            )
        except signoff.SignoffRefused as refused:
            _refused(form, refused)
        else:
            messages.success(
                request, f"Your decision has been recorded: {decided.get_status_display()}."
            )
            if decided.is_approved:
                return redirect("cases:next_steps", case.pk)
            return redirect("cases:signoff", case.pk)
    return render(
        request,
        "cases/review/decide.html",
        {"case": case, "open": current, "reviews": current.reviews.all(), "form": form},
    )


@login_required
def next_steps(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.VIEW)
    return render(
        request,
        "cases/review/next_steps.html",
        {"case": case, "decision": signoff.decision_for(case)},
    )
