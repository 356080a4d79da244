"""Sign-off: the owner asks for it on the case's current version, naming an approver
(the senior responsible owner) and required reviewers; each reviewer records "content
agreed" or "changes needed" with a comment; the approver approves (with conditions or
without) or returns the case with reasons.

The version asked about is a ``CaseVersion`` (a snapshot nothing can change), so the
version under review is frozen. Any later save makes a new version: from then on a
review or decision on the old request is refused as stale, and the outputs of the new
version are a draft until it has its own sign-off. Decisions lock the case row and
update the request only while it is still open on the case's current version, so two
people acting at once cannot both decide, nor decide on a changed version."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.cases.access import case_roles
from commissioning.cases.document.decision import DecisionRecord, ReviewLine
from commissioning.cases.document.formatting import _date
from commissioning.cases.models import Case, SignoffRequest, SignoffReview
from commissioning.cases.review.models import COMMENT_MAX, DECISION_TEXT_MAX
from commissioning.cases.review.sharing import organisation_of
from commissioning.datasafety import audit
from commissioning.lib.emails import send_templated_email

Status = SignoffRequest.Status
Verdict = SignoffReview.Verdict
APPROVED = (Status.APPROVED, Status.CONDITIONS)

STALE = (
    "This case has changed since sign-off was asked for: version {asked} was sent for "
    "sign-off and the case is now version {now}. Nothing has been recorded. The owner "
    "needs to ask for sign-off of the new version."
)
PAGE_STALE = (
    "The case changed while you had this page open: it is now version {now}. Nothing has "
    "been recorded. Check the latest version and try again."
)
CLOSED = "This sign-off request is closed: {status}. Nothing has been recorded."
APPROVER_IS_OWNER = (
    "The approver cannot be the person who owns this case or asked for sign-off. "
    "Name someone else as the senior responsible owner."
)
APPROVER_REQUIRED = "Select the approver (the senior responsible owner)"
APPROVER_CANNOT_SEE = (
    "{name} cannot see this case. Share it with them first, then ask for sign-off."
)
APPROVER_ROLE_REQUIRED = "Enter the approver's role, for example Senior responsible owner"
REVIEWER_IS_APPROVER = "The approver cannot also be a required reviewer"
VERDICT_REQUIRED = "Select content agreed or changes needed"
REVIEW_COMMENT_REQUIRED = "Enter a comment on the case"
DECISION_REQUIRED = "Select approve, approve with conditions, or return"
CONDITIONS_REQUIRED = "Enter the conditions of the approval"
REASON_REQUIRED = "Enter the reasons you are returning the case"
TEXT_TOO_LONG = f"Enter {DECISION_TEXT_MAX:,} characters or fewer"
REVIEWS_MISSING = (
    "Every required reviewer must record their review before the case can be approved. "
    "Still to review: {names}."
)
NOT_REVIEWER = "You are not a required reviewer on this sign-off request."
NOT_APPROVER = "You are not the approver named on this sign-off request."


class SignoffRefused(Exception):
    """A sign-off step that cannot be recorded; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _name(user: User | None) -> str:
    return (user.name or user.email) if user is not None else "Former member"


def _text(value: str, *, required: str, field: str, limit: int = DECISION_TEXT_MAX) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise SignoffRefused(required, field)
    if len(value) > limit:
        raise SignoffRefused(TEXT_TOO_LONG, field)
    return value


def _check_current(locked: Case, request: SignoffRequest, seen_version: int | None) -> None:
    if request.status != Status.OPEN:
        raise SignoffRefused(CLOSED.format(status=request.get_status_display().lower()))
    if locked.version != request.version:
        raise SignoffRefused(STALE.format(asked=request.version, now=locked.version))
    if seen_version is not None and seen_version != locked.version:
        raise SignoffRefused(PAGE_STALE.format(now=locked.version))


def _people(request: SignoffRequest) -> list[str]:
    emails = [r.reviewer.email for r in request.reviews.select_related("reviewer") if r.reviewer]
    for user in (request.requested_by, request.approver):
        if user is not None:
            emails.append(user.email)
    return sorted(set(emails))


def _email(template: str, to: list[str], context: dict) -> None:
    if to:
        context = {**context, "link": reverse("cases:signoff", args=[context["case"].pk])}
        transaction.on_commit(
            lambda: send_templated_email(f"emails/{template}", to=to, context=context)
        )


def signoff_request(
    *,
    case: Case,
    user: User,
    approver: User | None,
    approver_role: str,
    reviewers: list[User],
    seen_version: int | None = None,
) -> SignoffRequest:
    """Ask for sign-off of the case's current version. Replaces any open request."""
    if approver is None:
        raise SignoffRefused(APPROVER_REQUIRED, "approver")
    if approver.pk in (user.pk, case.created_by_id):
        raise SignoffRefused(APPROVER_IS_OWNER, "approver")
    role = _text(approver_role, required=APPROVER_ROLE_REQUIRED, field="approver_role", limit=200)
    if any(r.pk == approver.pk for r in reviewers):
        raise SignoffRefused(REVIEWER_IS_APPROVER, "reviewers")
    for person in (approver, *reviewers):
        if not case_roles(person, case):
            field = "approver" if person is approver else "reviewers"
            raise SignoffRefused(APPROVER_CANNOT_SEE.format(name=_name(person)), field)
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("organisation")
        locked = locked.get(pk=case.pk)
        if seen_version is not None and seen_version != locked.version:
            raise SignoffRefused(PAGE_STALE.format(now=locked.version))
        SignoffRequest.objects.filter(case=locked, status=Status.OPEN).update(
            status=Status.REPLACED
        )
        request = SignoffRequest.objects.create(
            case=locked,
            version=locked.version,
            requested_by=user,
            approver=approver,
            approver_role=role,
        )
        for person in reviewers:
            SignoffReview.objects.create(
                request=request,
                reviewer=person,
                reviewer_name=_name(person),
                reviewer_organisation=organisation_of(person, locked),
            )
        audit.record(
            actor=user,
            verb=audit.SIGNOFF_REQUESTED,
            target=locked,
            details={"version": locked.version, "approver": _name(approver)},
        )
        context = {"case": locked, "request": request, "requester": user}
        _email("case_signoff_requested", _people(request), context)
    return request


def review_record(
    *,
    case: Case,
    user: User,
    request: SignoffRequest,
    verdict: str,
    comment: str,
    seen_version: int | None = None,
) -> SignoffReview:
    """Record a required reviewer's verdict with their comment (again, to change it)."""
    if verdict not in Verdict.values:
        raise SignoffRefused(VERDICT_REQUIRED, "verdict")
    comment = _text(comment, required=REVIEW_COMMENT_REQUIRED, field="comment", limit=COMMENT_MAX)
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        fresh = SignoffRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        _check_current(locked, fresh, seen_version)
        review = SignoffReview.objects.filter(request=fresh, reviewer=user).first()
        if review is None:
            raise SignoffRefused(NOT_REVIEWER)
        review.verdict = verdict
        review.comment = comment
        review.recorded_at = timezone.now()
        review.save(update_fields=["verdict", "comment", "recorded_at"])
        audit.record(
            actor=user,
            verb=audit.REVIEW_RECORDED,
            target=locked,
            details={"version": fresh.version, "review": review.get_verdict_display()},
        )
        context = {"case": locked, "request": fresh, "review": review}
        _email("case_review_recorded", _people(fresh), context)
    return review


def decision_record(
    *,
    case: Case,
    user: User,
    request: SignoffRequest,
    outcome: str,
    text: str,
    seen_version: int | None = None,
) -> SignoffRequest:
    """Record the approver's decision: approved, approved with conditions (``text``
    the conditions) or returned (``text`` the reasons)."""
    if outcome not in (Status.APPROVED, Status.CONDITIONS, Status.RETURNED):
        raise SignoffRefused(DECISION_REQUIRED, "outcome")
    if outcome == Status.CONDITIONS:
        text = _text(text, required=CONDITIONS_REQUIRED, field="text")
    elif outcome == Status.RETURNED:
        text = _text(text, required=REASON_REQUIRED, field="text")
    else:
        text = ""
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("organisation")
        locked = locked.get(pk=case.pk)
        fresh = SignoffRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        _check_current(locked, fresh, seen_version)
        if fresh.approver_id != user.pk:
            raise SignoffRefused(NOT_APPROVER)
        if user.pk in (fresh.requested_by_id, locked.created_by_id):
            raise SignoffRefused(APPROVER_IS_OWNER)
        if outcome != Status.RETURNED:
            missing = [r.reviewer_name for r in fresh.reviews.all() if not r.verdict]
            if missing:
                raise SignoffRefused(REVIEWS_MISSING.format(names=", ".join(missing)))
        # Conditional: only an open request on the current version changes.
        changed = SignoffRequest.objects.filter(
            pk=fresh.pk, status=Status.OPEN, version=locked.version, approver=user
        ).update(
            status=outcome,
            decision_text=text,
            decided_at=timezone.now(),
            decided_by_name=_name(user),
            decided_by_organisation=organisation_of(user, locked),
        )
        if not changed:
            raise SignoffRefused(CLOSED.format(status="someone else has just decided"))
        fresh.refresh_from_db()
        audit.record(
            actor=user,
            verb=audit.DECISION_RECORDED,
            target=locked,
            details={"version": fresh.version, "decision": fresh.get_status_display()},
        )
        _email("case_decision", _people(fresh), {"case": locked, "request": fresh})
    return fresh


# --- Reads -----------------------------------------------------------------------------


def open_request(case: Case) -> SignoffRequest | None:
    return (
        SignoffRequest.objects.filter(case=case, status=Status.OPEN)
        .select_related("approver", "requested_by")
        .first()
    )


def approval_of(case: Case) -> SignoffRequest | None:
    """The approval of the case's current version, if it has one."""
    return (
        SignoffRequest.objects.filter(case=case, version=case.version, status__in=APPROVED)
        .select_related("requested_by")
        .first()
    )


def decision_for(case: Case) -> DecisionRecord | None:
    """The decision record the current version's outputs carry (None: a draft)."""
    request = approval_of(case)
    if request is None:
        return None
    return DecisionRecord(
        outcome=request.get_status_display(),
        version=request.version,
        approver_name=request.decided_by_name,
        approver_role=request.approver_role,
        approver_organisation=request.decided_by_organisation,
        decided_on=_date(request.decided_at),
        conditions=request.decision_text,
        requested_by=_name(request.requested_by),
        reviews=tuple(
            ReviewLine(
                name=r.reviewer_name,
                organisation=r.reviewer_organisation,
                verdict=r.get_verdict_display() if r.verdict else "",
                comment=r.comment,
                recorded_on=_date(r.recorded_at) if r.recorded_at else "",
            )
            for r in request.reviews.all()
        ),
    )


def decision_stamp(case: Case) -> str:
    """Changes whenever the current version's decision record would (for the stored
    PDF and Word copy)."""
    request = approval_of(case)
    return f"approved:{request.pk}" if request is not None else "draft"
