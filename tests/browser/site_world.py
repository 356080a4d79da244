"""The realistic world the page walks show (tests/browser/site_pages.py): North's
assessment answered, submitted and with a plan; a shared assessment in progress; a case
with three options, shared with partners and out for sign-off; a service map with a
partner contributor; the shipped knowledge base, areas and prices."""

import datetime
import io
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from commissioning.accounts.models import Invitation
from commissioning.assessment import plan_services, sharing_services
from commissioning.assessment.models import Answer, Assessment, Question
from commissioning.assessment.services import assessment_start, assessment_submit
from commissioning.cases import option_services
from commissioning.cases import services as case_services
from commissioning.cases.models import Case, CaseCollaborator, CaseInvitation
from commissioning.cases.review import comments, signoff
from commissioning.knowledge.models import Action, Factor, Parameter, Programme, Source
from commissioning.render_queue.models import GeneratedDocument
from commissioning.servicemap import services as map_services
from commissioning.servicemap.models import MapContributor, MapInvitation
from tests.factories import make_membership, make_organisation, make_user


@dataclass
class World:
    """What the pages show: North's assessment answered, submitted and with a plan; a
    shared assessment in progress; a case with three options; a service map; the
    shipped knowledge base, areas and prices."""

    north: object
    submitted: Assessment
    in_progress: Assessment
    plan_item: object
    participant: object
    participant_invitation: object
    case: Case
    other_case: Case
    option_key: int
    service_map: object
    service: object
    document: GeneratedDocument
    invitation: Invitation
    question: Question
    unanswered: Question
    factor: Factor
    programme: Programme
    parameter: Parameter
    source: Source
    people: dict[str, object]
    unconfirmed: object


def build_world(*, alice, north) -> World:
    call_command("load_content", stdout=io.StringIO())
    colleague = make_user(email="colleague@north.example", name="Colin League")
    make_membership(user=colleague, organisation=north)
    invitation = Invitation.objects.create(
        organisation=north, email="pending@north.example", invited_by=alice
    )

    submitted = assessment_start(
        organisation=north, user=alice, title="North readiness 2027", area_name="North Borough"
    )
    questions = list(Question.objects.filter(section__instrument=submitted.instrument))
    for question in questions:
        Answer.objects.create(
            assessment=submitted, question=question, respondent=alice, rating=question.pk % 4
        )
    assessment_submit(assessment=submitted, user=alice)
    for action in Action.objects.filter(factor__status="published")[:3]:
        plan_item = plan_services.plan_adopt(assessment=submitted, action=action, user=alice)
    plan_services.plan_item_add(
        assessment=submitted,
        title="Agree a data-sharing protocol with the perinatal mental health service",
        owner="Priya, public health",
        due_date=datetime.date(2027, 3, 31),
        user=alice,
    )

    in_progress = assessment_start(
        organisation=north, user=alice, title="North readiness 2028", area_name="North Borough"
    )
    for question in questions[:5]:
        Answer.objects.create(assessment=in_progress, question=question, respondent=alice, rating=2)
    partner = make_user(email="partner@south.example", name="Pat Partner")
    token = sharing_services.invitation_token(
        sharing_services.participant_invite(
            assessment=in_progress, email=partner.email, role="rater", invited_by=alice
        )
    )
    participant, _ = sharing_services.invitation_accept(token=token, user=partner)
    for question in questions[:5]:
        Answer.objects.create(
            assessment=in_progress, question=question, respondent=partner, rating=4
        )
    waiting = sharing_services.participant_invite(
        assessment=in_progress, email="later@east.example", role="rater", invited_by=alice
    )

    case = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Northborough team"
    )
    option_services.option_add(case=case, user=alice, name="Do minimum")
    option = option_services.option_add(case=case, user=alice, name="Ambitious team")
    other_case = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Southside team"
    )

    service_map = map_services.map_create(
        organisation=north, area_name="North Borough", area_code="E38000001", user=alice
    )
    service, _ = map_services.service_save(
        service_map=service_map,
        service=None,
        data={
            "level": "targeted",
            "sector": "health_visiting",
            "name": "Enhanced health visiting",
            "provider": "North Community Trust",
            "ages": "Pregnancy to 2 years",
            "criteria": "Families with a concern about the parent-infant relationship",
            "exclusions": "",
            "capacity": 120,
            "funding_route": "unknown",
            "funding_ends": None,
            "specialised_team": False,
            "source": "Service specification, 2025",
        },
        user=alice,
    )
    people = _partners(alice=alice, case=case, service_map=service_map)
    document = GeneratedDocument.objects.create(
        kind="assessment_results",
        owner_type=ContentType.objects.get_for_model(submitted),
        owner_id=str(submitted.pk),
        organisation=north,
        fingerprint="walk",
        title="Results: North readiness 2027",
        filename="north-readiness-2027-results.pdf",
        status=GeneratedDocument.Status.FAILED,
        error="The document could not be made. Try again.",
        created_by=alice,
    )
    return World(
        north=north,
        submitted=submitted,
        in_progress=in_progress,
        plan_item=plan_item,
        participant=participant,
        participant_invitation=waiting,
        case=case,
        other_case=other_case,
        option_key=option.pk,
        service_map=service_map,
        service=service,
        document=document,
        invitation=invitation,
        question=questions[0],
        unanswered=questions[5],
        factor=Factor.objects.filter(status="published").first(),
        programme=Programme.objects.first(),
        parameter=Parameter.objects.filter(status="published").first(),
        source=Source.objects.first(),
        people=people,
        unconfirmed=make_user(email="new@east.example", email_verified_at=None),
    )


def _partners(*, alice, case, service_map) -> dict[str, object]:
    """South Shire's finance lead reviews North's case and its SRO approves it (a
    sign-off is open, with a comment on it); a provider's lead contributes to the
    service map; an invitation to each is waiting."""
    south = make_organisation(name="South Shire Council")
    people = {}
    for name, email in (
        ("reviewer", "finance@south.example"),
        ("approver", "sro@south.example"),
        ("contributor", "lead@provider.example"),
    ):
        people[name] = make_user(email=email, name=f"South {name.title()}")
        make_membership(user=people[name], organisation=south)
    for name in ("reviewer", "approver"):
        CaseCollaborator.objects.create(
            case=case, user=people[name], role="reviewer", organisation=south
        )
    CaseInvitation.objects.create(
        case=case, email="clinical@provider.example", role="co_editor", invited_by=alice
    )
    comments.comment_add(
        case=case, user=people["reviewer"], section="economic_figures", body="Check the unit costs."
    )
    signoff.signoff_request(
        case=case,
        user=alice,
        approver=people["approver"],
        approver_role="Senior responsible owner",
        reviewers=[people["reviewer"]],
    )
    MapContributor.objects.create(service_map=service_map, user=people["contributor"])
    MapInvitation.objects.create(
        service_map=service_map, email="vcs@provider.example", invited_by=alice
    )
    return people
