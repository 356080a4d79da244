"""A realistic site for the backup tests, and a field-by-field snapshot of every row
the export covers."""

import datetime

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from commissioning.accounts.models import Invitation
from commissioning.accounts.roles import CURATORS, roles_sync
from commissioning.assessment import consensus_services, plan_services, services, sharing_services
from commissioning.assessment.models import Question
from commissioning.cases import services as case_services
from commissioning.datasafety.backup import exported_models
from commissioning.knowledge.models import Action, Factor
from tests.assessment.support import load_shipped_instrument
from tests.factories import make_membership, make_organisation, make_user


def build_site(*, alice, bob) -> dict:
    """Two organisations with people, an assessment shared with a partner (answers,
    agreed ratings, a plan, submitted and reopened), a case with versions, the shipped
    knowledge base and questionnaire, a curator's edit in the knowledge base's history
    and an admin log entry."""
    instrument = load_shipped_instrument()
    roles_sync()
    north = alice.organisations.get()
    colleague = make_user(email="colleague@north.example", name="Colin Colleague")
    make_membership(user=colleague, organisation=north)
    partner = make_user(email="partner@partner.example", name="Pat Partner")
    partner_org = make_organisation(name="Partner Trust", kind="nhs_provider")
    make_membership(user=partner, organisation=partner_org, role="admin")
    Invitation.objects.create(organisation=north, email="later@north.example", invited_by=alice)
    curator = make_user(email="curator@pair.example", name="Cora Curator", is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATORS))
    curator.user_permissions.add(Permission.objects.get(codename="view_organisation"))

    assessment = services.assessment_start(
        organisation=north, user=alice, title="Spring review", area_name="North Borough"
    )
    invitation = sharing_services.participant_invite(
        assessment=assessment, email=partner.email, role="facilitator", invited_by=alice
    )
    sharing_services.invitation_accept(
        token=sharing_services.invitation_token(invitation), user=partner
    )
    questions = list(
        Question.objects.filter(section__instrument=instrument).select_related("section")[:6]
    )
    for n, question in enumerate(questions):
        for person, rating in ((alice, n % 5), (colleague, (n + 1) % 5), (partner, None)):
            services.answer_record(
                assessment=assessment,
                question=question,
                user=person,
                rating=rating,
                dont_know=rating is None,
                note=f"Evidence from {person.name} on {question.code}",
                seen_version=None,
            )
    for question in questions[:2]:
        consensus_services.consensus_record(
            assessment=assessment,
            question=question,
            user=partner,
            rating=2,
            dont_know=False,
            rationale="The group agreed after discussion.",
        )
    action = Action.objects.filter(factor__status="published").first()
    plan_services.plan_adopt(assessment=assessment, action=action, user=alice)
    plan_services.plan_item_add(
        assessment=assessment,
        title="Brief the board",
        owner="Priya",
        due_date=datetime.date(2027, 3, 31),
        user=colleague,
    )
    services.assessment_submit(assessment=assessment, user=alice)
    reopened = services.assessment_reopen(assessment=assessment, user=alice)

    case = case_services.case_create(
        organisation=north, user=alice, kind="new_team", title="Gateshead PAIR team"
    )
    case_services.case_rename(case=case, user=colleague, title="Gateshead PAIR team 2027")
    case_services.case_create(
        organisation=bob.organisations.get(), user=bob, kind="expansion", title="South"
    )

    factor = Factor.objects.filter(related__isnull=False).first() or Factor.objects.first()
    with reversion.create_revision():
        reversion.set_user(curator)
        reversion.set_comment("Clarified the summary")
        factor.summary = factor.summary[:280] + " (checked)"
        factor.save()
    LogEntry.objects.log_actions(
        user_id=curator.pk,
        queryset=[factor],
        action_flag=CHANGE,
        change_message="Changed summary.",
    )
    return {"assessment": assessment, "reopened": reopened, "case": case}


def snapshot() -> dict[str, list[dict]]:
    """Every row of every exported model, every concrete field and many-to-many set,
    keyed by model. References to content types and permissions, which a fresh
    database numbers in its own order, are compared by natural key."""
    rows: dict[str, list[dict]] = {}
    for model in exported_models():
        rows[model._meta.label_lower] = [
            _row(obj) for obj in model._base_manager.order_by(model._meta.pk.name)
        ]
    return rows


def _by_natural_key(model: type[Model]) -> bool:
    return model in (ContentType, Permission)


def _row(obj: Model) -> dict:
    row = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.is_relation and _by_natural_key(field.related_model) and value is not None:
            value = getattr(obj, field.name).natural_key()
        if isinstance(value, memoryview):
            value = bytes(value)
        row[field.attname] = value
    for field in obj._meta.many_to_many:
        related = getattr(obj, field.name).all()
        if _by_natural_key(field.related_model):
            row[field.name] = sorted(r.natural_key() for r in related)
        else:
            row[field.name] = sorted(related.values_list("pk", flat=True))
    return row
