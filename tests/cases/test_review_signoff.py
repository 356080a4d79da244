"""Sign-off: asking, reviews, decisions, stale and self approval refused, the decision
record in every output (page, PDF, Word, CSV), comments escaped, and the audit trail."""

import io
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document

from commissioning.cases import business_case, document, services
from commissioning.cases.models import CaseComment, SignoffRequest
from commissioning.cases.review import comments, signoff
from commissioning.datasafety.models import AuditEvent
from tests.cases.review_support import (  # noqa: F401
    approve,
    asked_fixture,
    case_fixture,
    library_fixture,
    member_fixture,
    reviewer_fixture,
    sro_fixture,
)

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil")'


@pytest.fixture(autouse=True)
def emails_now():
    with mock.patch("django.db.transaction.on_commit", lambda f: f()):
        yield


def test_the_owner_cannot_be_the_approver(case, alice, member):
    with pytest.raises(signoff.SignoffRefused, match="cannot be the person who owns"):
        signoff.signoff_request(
            case=case, user=member, approver=alice, approver_role="SRO", reviewers=[]
        )
    with pytest.raises(signoff.SignoffRefused, match="cannot be the person who owns"):
        signoff.signoff_request(
            case=case, user=alice, approver=alice, approver_role="SRO", reviewers=[]
        )


def test_asking_emails_the_approver_and_reviewers(case, alice, sro, reviewer, asked):
    sent = {address for message in mail.outbox for address in message.to}
    assert {sro.email, reviewer.email} <= sent
    assert asked.version == case.version and asked.status == "open"


def test_approval_needs_every_required_review_and_conditions_need_text(case, asked, sro, reviewer):
    with pytest.raises(signoff.SignoffRefused, match="Still to review: Fiona Finance"):
        signoff.decision_record(case=case, user=sro, request=asked, outcome="approved", text="")
    signoff.review_record(
        case=case, user=reviewer, request=asked, verdict="changes", comment="Fix X"
    )
    with pytest.raises(signoff.SignoffRefused, match=signoff.CONDITIONS_REQUIRED):
        signoff.decision_record(case=case, user=sro, request=asked, outcome="conditions", text=" ")
    with pytest.raises(signoff.SignoffRefused, match=signoff.REASON_REQUIRED):
        signoff.decision_record(case=case, user=sro, request=asked, outcome="returned", text="")
    decided = signoff.decision_record(
        case=case, user=sro, request=asked, outcome="conditions", text="Review at 6 months"
    )
    assert (
        decided.status == "conditions" and decided.decided_by_organisation == "South Shire Council"
    )


def test_a_stale_sign_off_is_refused_with_a_clear_message(case, alice, asked, sro, reviewer):
    services.case_rename(case=case, user=alice, title="Renamed meanwhile")
    with pytest.raises(signoff.SignoffRefused) as refused:
        approve(case, asked, reviewer, sro)
    assert "version 1 was sent for sign-off and the case is now version 2" in str(refused.value)
    asked.refresh_from_db()
    assert asked.status == "open" and signoff.decision_for(case) is None


def test_a_later_edit_makes_a_new_draft_that_needs_its_own_sign_off(
    case, alice, asked, sro, reviewer
):
    approve(case, asked, reviewer, sro)
    case.refresh_from_db()
    assert signoff.decision_for(case).mark == "Approved: version 1"
    services.case_rename(case=case, user=alice, title="Changed after approval")
    case.refresh_from_db()
    assert signoff.decision_for(case) is None  # version 2 is a draft
    assert SignoffRequest.objects.get(pk=asked.pk).is_approved  # version 1 stays approved


def test_a_return_records_the_reasons_and_emails_everyone(client, case, asked, sro, alice):
    client.force_login(sro)
    response = client.post(
        reverse("cases:signoff_decide", args=[case.pk]),
        {"outcome": "returned", "text": "", "seen_version": case.version},
    )
    assert response.status_code == 200 and signoff.REASON_REQUIRED in response.content.decode()
    response = client.post(
        reverse("cases:signoff_decide", args=[case.pk]),
        {"outcome": "returned", "text": HOSTILE, "seen_version": case.version},
    )
    assert response.status_code == 302
    assert "Returned" in mail.outbox[-1].subject and alice.email in mail.outbox[-1].to
    html = mail.outbox[-1].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    page = client.get(reverse("cases:signoff", args=[case.pk])).content.decode()
    assert "Returned" in page and "<script>alert" not in page and "&lt;script&gt;" in page


def _approved(case, asked, reviewer, sro):
    signoff.review_record(
        case=case, user=reviewer, request=asked, verdict="agreed", comment=HOSTILE
    )
    signoff.decision_record(case=case, user=sro, request=asked, outcome="conditions", text=HOSTILE)
    case.refresh_from_db()
    return case


def test_every_output_carries_the_decision_record_with_text_escaped(
    client, case, asked, reviewer, sro
):
    case = _approved(case, asked, reviewer, sro)
    client.force_login(reviewer)
    page = client.get(reverse("cases:document", args=[case.pk])).content.decode()
    assert "Approved: version 1" in page and "Decision record" in page
    assert "Sara Senior" in page and "Director of Finance, senior responsible owner" in page
    assert (
        "South Shire Council" in page and "<script>alert" not in page and "&lt;script&gt;" in page
    )
    csv_text = business_case.csv_for(case).decode("utf-8-sig")
    assert "Sign-off decision record" in csv_text and "Sara Senior" in csv_text
    assert "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text
    context = business_case.context_for(case)
    docx = Document(io.BytesIO(document.render_business_case_docx(context, pictures={})))
    text = "\n".join(p.text for p in docx.paragraphs)
    cells = "\n".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    assert (
        "Approved: version 1" in text
        and docx.core_properties.content_status == "Approved: version 1"
    )
    assert "Sara Senior" in cells and "South Shire Council" in cells and HOSTILE in cells
    html = document.render_business_case_html(context, standalone=True)
    assert (
        "Approved: version 1" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    )


def test_the_approved_pdf_shows_the_decision_record(case, asked, reviewer, sro):
    from pypdf import PdfReader

    case = _approved(case, asked, reviewer, sro)
    pdf = document.render_business_case_pdf(business_case.context_for(case))
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Approved: version 1" in first and "Sara Senior" in first


def test_the_stored_pdf_is_made_again_after_approval(case, asked, reviewer, sro):
    before = business_case.case_fingerprint(case)
    case = _approved(case, asked, reviewer, sro)
    assert business_case.case_fingerprint(case) != before


def test_comments_attach_to_a_section_are_answered_and_resolved(client, case, reviewer, alice):
    client.force_login(reviewer)
    url = reverse("cases:comments", args=[case.pk])
    response = client.post(url, {"section": "", "body": ""})
    text = response.content.decode()
    assert comments.SECTION_REQUIRED in text and comments.BODY_REQUIRED in text
    client.post(url, {"section": "financial_affordability", "body": HOSTILE})
    comment = CaseComment.objects.get()
    assert comment.section == "financial_affordability" and comment.version == case.version
    page = client.get(url).content.decode()
    assert "Affordability" in page or "affordab" in page.lower()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    # A reviewer answers but may not resolve; the owner resolves.
    reply = client.post(
        reverse("cases:comment_reply", args=[case.pk, comment.pk]), {"body": "Noted"}
    )
    assert reply.status_code == 302
    assert (
        client.post(reverse("cases:comment_resolve", args=[case.pk, comment.pk])).status_code == 403
    )
    client.force_login(alice)
    client.post(reverse("cases:comment_resolve", args=[case.pk, comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved_by == alice and comment.replies.get().body == "Noted"
    verbs = set(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("verb", flat=True))
    assert {"commented", "comment_resolved"} <= verbs


def test_the_audit_trail_shows_every_step(case, asked, reviewer, sro):
    approve(case, asked, reviewer, sro)
    verbs = list(
        AuditEvent.objects.filter(object_id=str(case.pk))
        .order_by("at", "pk")
        .values_list("verb", flat=True)
    )
    assert verbs[-3:] == ["signoff_requested", "review_recorded", "decision_recorded"]


def test_next_steps_page_after_approval(client, case, asked, reviewer, sro):
    approve(case, asked, reviewer, sro)
    client.force_login(sro)
    page = client.get(reverse("cases:next_steps", args=[case.pk])).content.decode()
    assert "Approved: version 1" in page and "Health and Wellbeing Board" in page
    assert "Best Start local plan" in page and "Sources" in page


def test_decision_and_review_dates_are_the_days_in_the_sites_time_zone(
    client, case, asked, reviewer, sro
):
    """00:30 on 1 April 2026 in London (British Summer Time) is 23:30 on 31 March in
    UTC: every output dates the decision 1 April."""
    import datetime

    from django.conf import settings

    from commissioning.cases.document.formatting import _date

    assert settings.TIME_ZONE == "Europe/London"
    assert _date(datetime.date(2027, 3, 31)) == "31 March 2027"  # a date is a date
    case = _approved(case, asked, reviewer, sro)
    late = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    SignoffRequest.objects.filter(pk=asked.pk).update(decided_at=late)
    asked.reviews.update(recorded_at=late)
    record = signoff.decision_for(case)
    assert record.decided_on == "1 April 2026"
    assert [r.recorded_on for r in record.reviews] == ["1 April 2026"]
    client.force_login(reviewer)
    page = client.get(reverse("cases:document", args=[case.pk])).content.decode()
    csv_text = business_case.csv_for(case).decode("utf-8-sig")
    context = business_case.context_for(case)
    docx = Document(io.BytesIO(document.render_business_case_docx(context, pictures={})))
    cells = "\n".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(document.render_business_case_pdf(context)))
    pdf_text = "\n".join(p.extract_text() for p in pdf.pages[:3])
    for output in (page, csv_text, cells, pdf_text):
        assert "1 April 2026" in output and "31 March 2026" not in output
