"""Comments on a case's sections: adding one, answering it and resolving its thread.

A comment names a section of the business case (``SECTIONS``: the whole case, each
written section, the figures of the economic and financial cases, the assumptions)
and the case version it was written on. Text is kept as typed and always shown as
text (templates autoescape; documents and emails never read it as markup)."""

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.cases.document.narrative import NARRATIVE_SECTIONS
from commissioning.cases.models import Case, CaseComment
from commissioning.cases.review.models import COMMENT_MAX
from commissioning.datasafety import audit

SECTIONS: tuple[tuple[str, str], ...] = (
    ("whole", "The whole case"),
    *((key, title) for key, title, _ in NARRATIVE_SECTIONS),
    ("economic_figures", "Economic case: costs, benefits and results"),
    ("financial_figures", "Financial case: budget profile and who pays"),
    ("assumptions", "Appendix A: assumptions"),
)
SECTION_TITLES = dict(SECTIONS)

BODY_REQUIRED = "Enter your comment"
BODY_TOO_LONG = f"Your comment must be {COMMENT_MAX:,} characters or fewer"
SECTION_REQUIRED = "Select the part of the case your comment is about"
NOT_ON_CASE = "That comment is not on this case."
ALREADY_RESOLVED = "This comment was already resolved."


class CommentRefused(Exception):
    """A comment that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise CommentRefused(BODY_REQUIRED, "body")
    if len(body) > COMMENT_MAX:
        raise CommentRefused(BODY_TOO_LONG, "body")
    return body


@transaction.atomic
def comment_add(*, case: Case, user: User, section: str, body: str) -> CaseComment:
    if section not in SECTION_TITLES:
        raise CommentRefused(SECTION_REQUIRED, "section")
    comment = CaseComment.objects.create(
        case=case, section=section, version=case.version, author=user, body=clean_body(body)
    )
    audit.record(
        actor=user,
        verb=audit.COMMENTED,
        target=case,
        details={"section": SECTION_TITLES[section], "version": case.version},
    )
    return comment


@transaction.atomic
def comment_reply(*, case: Case, user: User, parent: CaseComment, body: str) -> CaseComment:
    """An answer to ``parent`` (answers to an answer join the same thread)."""
    if parent.case_id != case.pk:
        raise CommentRefused(NOT_ON_CASE)
    thread = parent.parent or parent
    reply = CaseComment.objects.create(
        case=case,
        section=thread.section,
        parent=thread,
        version=case.version,
        author=user,
        body=clean_body(body),
    )
    audit.record(
        actor=user,
        verb=audit.COMMENTED,
        target=case,
        details={"section": SECTION_TITLES.get(thread.section, ""), "reply": True},
    )
    return reply


def comment_resolve(*, case: Case, user: User, comment: CaseComment) -> bool:
    """Mark the thread resolved; False if someone already had (nothing changes)."""
    if comment.case_id != case.pk:
        raise CommentRefused(NOT_ON_CASE)
    thread = comment.parent or comment
    with transaction.atomic():
        changed = CaseComment.objects.filter(pk=thread.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=user
        )
        if changed:
            audit.record(
                actor=user,
                verb=audit.COMMENT_RESOLVED,
                target=case,
                details={"section": SECTION_TITLES.get(thread.section, "")},
            )
    return bool(changed)


def threads(case: Case) -> list[tuple[str, list[CaseComment]]]:
    """Each section with comments, in the document's order, with its threads (each
    thread's replies prefetched as ``thread.answers``)."""
    rows = list(case.comments.select_related("author", "resolved_by"))
    replies: dict[int, list[CaseComment]] = {}
    for row in rows:
        if row.parent_id is not None:
            replies.setdefault(row.parent_id, []).append(row)
    grouped: dict[str, list[CaseComment]] = {}
    for row in rows:
        if row.parent_id is None:
            row.answers = replies.get(row.pk, [])
            grouped.setdefault(row.section, []).append(row)
    return [(title, grouped[key]) for key, title in SECTIONS if key in grouped]
