"""Escaping: put a script-and-attribute-breaking payload into every free-text field a
person or curator can fill (organisation name and area, people's names, assessment
title and area, answer notes, agreed-rating reasons, plan items, invitation addresses,
case titles, knowledge-base content entered through the admin), then open every page
of the site. The payload must never appear raw, and must appear escaped on the pages
that show each field.

Every route is visited (from the resolver, with the authorisation matrix's arguments),
so a new page is checked the day it is added.
"""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.html import escape

from commissioning.accounts import services as account_services
from commissioning.accounts.models import Invitation
from commissioning.assessment import consensus_services, plan_services, services, sharing_services
from commissioning.assessment.models import ParticipantInvitation, Question
from commissioning.cases.models import Case, CaseCollaborator, CaseInvitation
from commissioning.cases.review import comments, signoff
from commissioning.cases.review import sharing as case_sharing
from commissioning.knowledge.models import Theme
from commissioning.servicemap import sharing as map_sharing
from commissioning.servicemap.models import MapInvitation
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user
from tests.knowledge.builders import (
    load_frameworks,
    make_action,
    make_factor,
    make_parameter,
    make_programme,
    make_source,
)
from tests.security import matrix_extra
from tests.security.test_csrf import walk

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
ESCAPED = escape(PAYLOAD)
RAW = ("<script>alert(1)", "<img src=x onerror", "\"'><")

# Routes not visited, with the reason.
SKIPPED = {
    "accounts:logout": "POST only; shows no stored text",
    "accounts:password_reset_confirm": "signed one-time token; shows no stored text",
}
# Namespaces whose pages show no text people type, so the world gives them no objects;
# their pages without arguments are still visited.
OTHER_NAMESPACES = {
    "areas": "figures and place names from published datasets, not text people type",
}
# Pages that must show the payload escaped (proof that the field was rendered).
MUST_SHOW = {
    "accounts:dashboard": "organisation name",
    "accounts:organisation": "organisation name and area, member name, invitation address",
    "accounts:invitation_accept": "invitation address and organisation",
    "accounts:activity": "assessment title",
    "assessment:index": "assessment title",
    "assessment:tasks": "assessment title and area",
    "assessment:delete": "assessment title and area",
    "assessment:question": "answer notes",
    "assessment:check": "answer notes",
    "assessment:results": "assessment title",
    "assessment:plan": "plan item",
    "assessment:plan_item": "plan item",
    "assessment:people": "participant name, invitation address",
    "assessment:consensus": "agreed-rating reason, rater name",
    "assessment:consensus_record": "agreed-rating reason",
    "assessment:invitation_accept": "invitation address, assessment title",
    "cases:index": "case title",
    "cases:tasks": "case title",
    "cases:delete": "case title",
    "knowledge:index": "factor title and theme",
    "knowledge:factor": "factor title, summary, action",
    "knowledge:source": "source title",
    "knowledge:source_list": "source title",
    "knowledge:programme": "programme name",
    "knowledge:programme_list": "programme name",
    "knowledge:parameter": "parameter name",
    "knowledge:parameter_list": "parameter name",
}
ADMIN_PAGES = [
    ("admin:knowledge_factor_changelist", None),
    ("admin:knowledge_factor_change", "factor"),
    ("admin:knowledge_source_change", "source"),
    ("admin:knowledge_programme_change", "programme"),
    ("admin:knowledge_parameter_changelist", None),
    ("admin:accounts_organisation_changelist", None),
    ("admin:accounts_organisation_change", "north"),
    ("admin:accounts_user_changelist", None),
    ("admin:accounts_invitation_changelist", None),
    ("admin:cases_case_changelist", None),
]


def assert_safe(html: str, where: str) -> None:
    for fragment in RAW:
        assert fragment not in html, f"raw payload {fragment!r} on {where}"


@pytest.fixture
def hostile(alice, north):
    """North's objects of every kind, every free-text field holding the payload."""
    north.name = north.area_name = PAYLOAD
    north.save()
    colleague = make_user(email="colleague@north.example", name=PAYLOAD)
    membership = make_membership(user=colleague, organisation=north)
    invitation = Invitation.objects.create(organisation=north, email=PAYLOAD, invited_by=alice)

    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice, title=PAYLOAD)
    assessment.area_name = PAYLOAD
    assessment.save()
    question = Question.objects.get(code="s1-1")
    for person in (alice, colleague):
        services.answer_record(
            assessment=assessment,
            question=question,
            user=person,
            rating=2,
            dont_know=False,
            note=PAYLOAD,
            seen_version=None,
        )
    consensus_services.consensus_record(
        assessment=assessment,
        question=question,
        user=alice,
        rating=2,
        dont_know=False,
        rationale=PAYLOAD,
    )
    plan_services.plan_item_add(
        assessment=assessment, title=PAYLOAD, description=PAYLOAD, owner=PAYLOAD, user=alice
    )
    world = {
        "accounts": {
            "pk": north.pk,
            "member_pk": membership.pk,
            "invitation_pk": invitation.pk,
            "token": account_services.invitation_token(invitation),
        },
        "assessment": {"pk": assessment.pk, "section": "s1", "code": "s1-1"},
    }
    for namespace, extra in matrix_extra.extra_world(assessment=assessment, user=alice).items():
        world.setdefault(namespace, {}).update(extra)
    participant_invitation = ParticipantInvitation.objects.create(
        assessment=assessment, email=PAYLOAD, invited_by=alice
    )
    world["assessment"]["invitation"] = participant_invitation.pk
    world["assessment"]["token"] = sharing_services.invitation_token(participant_invitation)
    world["assessment"]["item"] = assessment.plan.get(title=PAYLOAD).pk
    for participant in assessment.participants.select_related("user"):
        participant.user.name = PAYLOAD
        participant.user.save()
    Case.objects.filter(organisation=north).update(title=PAYLOAD)
    world["cases"].update(_review_world(Case.objects.get(pk=world["cases"]["pk"]), alice))
    world["servicemap"]["token"] = map_sharing.invitation_token(
        MapInvitation.objects.create(
            service_map_id=world["servicemap"]["pk"], email=PAYLOAD, invited_by=alice
        )
    )
    world["accounts"]["uidb64"] = "MQ"  # a confirmation link that does not check out

    load_frameworks()
    world["knowledge"] = _knowledge_through_the_admin()
    world["api"] = {"slug": world["knowledge"]["slug"]}
    return world


def _review_world(case, alice) -> dict:
    """The case shared with a partner whose name, organisation and role are the payload,
    a comment and an answer that are the payload, and an open sign-off."""
    partner = make_user(email="partner@south.example", name=PAYLOAD)
    south = make_organisation(name=PAYLOAD)
    make_membership(user=partner, organisation=south)
    share = CaseCollaborator.objects.create(
        case=case, user=partner, role="reviewer", organisation=south
    )
    comment = comments.comment_add(case=case, user=partner, section="whole", body=PAYLOAD)
    comments.comment_reply(case=case, user=alice, parent=comment, body=PAYLOAD)
    invitation = CaseInvitation.objects.create(
        case=case, email=PAYLOAD, role="reviewer", invited_by=alice
    )
    signoff.signoff_request(
        case=case, user=alice, approver=partner, approver_role=PAYLOAD, reviewers=[]
    )
    return {
        "share": share.pk,
        "comment": comment.pk,
        "invitation": invitation.pk,
        "token": case_sharing.invitation_token(invitation),
    }


def _knowledge_through_the_admin() -> dict:
    """A curator types the payload into a theme through the admin; the rest of the
    content holds it in every text field."""
    curator = make_user(email="curator@pair.example", is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(curator)
    response = admin_client.post(
        reverse("admin:knowledge_theme_add"), {"name": PAYLOAD, "slug": "hostile-theme"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    theme = Theme.objects.get(slug="hostile-theme")
    source = make_source(key="hostile", title=PAYLOAD, authors=PAYLOAD, notes=PAYLOAD)
    factor = make_factor(
        slug="hostile", title=PAYLOAD, summary=PAYLOAD, body=PAYLOAD, theme=theme, sources=[source]
    )
    make_action(factor=factor, title=PAYLOAD, description=PAYLOAD)
    make_programme(slug="hostile", name=PAYLOAD, summary=PAYLOAD, description=PAYLOAD)
    make_parameter(key="hostile", name=PAYLOAD, notes=PAYLOAD, source=source)
    return {"slug": "hostile", "key": "hostile"}


def url_for(name: str, pattern, world: dict) -> str | None:
    namespace = name.split(":")[0]
    known = world.get(namespace, {})
    kwargs = {}
    for argument in pattern.pattern.converters:
        if argument not in known:
            return None
        kwargs[argument] = known[argument]
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@pytest.mark.django_db
def test_no_page_shows_the_payload_raw(client, alice, hostile):
    client.force_login(alice)
    shown: set[str] = set()
    unvisited = []
    for name, pattern in walk(get_resolver()):
        if name.startswith("admin:") or name in SKIPPED:
            continue
        url = url_for(name, pattern, hostile)
        if url is None:
            if name.split(":")[0] not in OTHER_NAMESPACES:
                unvisited.append(name)
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert_safe(html, url)
        if ESCAPED in html:
            shown.add(name)
    assert not unvisited, f"add the arguments of {unvisited} to the escaping world"
    missing = sorted(set(MUST_SHOW) - shown)
    assert not missing, f"these pages did not show the escaped payload: {missing}"


@pytest.mark.django_db
def test_the_admin_escapes_curated_and_account_text(hostile, north):
    from commissioning.knowledge.models import Factor, Programme, Source

    objects = {
        "factor": Factor.objects.get(slug="hostile"),
        "source": Source.objects.get(key="hostile"),
        "programme": Programme.objects.get(slug="hostile"),
        "north": north,
    }
    superuser = make_user(email="root@pair.example", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    for name, obj in ADMIN_PAGES:
        url = reverse(name, args=[objects[obj].pk] if obj else [])
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_safe(html, url)
        assert ESCAPED in html, url
