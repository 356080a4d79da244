"""The role walk: every route of the shared-work apps (assessments, cases, service
maps), POSTed by every role, against the one written rule (``permissions.RULES``).

Routes come from Django's resolver, so a new route is walked automatically; a route
that ``ROUTES`` does not know fails the test until someone says which (Work, Action)
it takes. What each role may do is not written here: ``ROLES`` says which roles each
kind of person holds on each kind of work, and the expected outcome is
``permissions.may`` of those roles. Adding a role is one entry in ``ROLES`` (and, if
it needs its own user, one line in ``world``).

For each (route, role), inside a savepoint rolled back afterwards (one world per
test, so the walk stays fast):
- allowed: the answer is not 403 or 404, and (for routes that change something) the
  database changed;
- not allowed: 404 when the role cannot even see the work, 403 otherwise, and nothing
  in the database changed.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commissioning.accounts.models import Membership
from commissioning.accounts.permissions import Action, Role, Work, may
from commissioning.assessment import services as assessment_services
from commissioning.assessment.models import (
    Answer,
    Assessment,
    ConsensusRating,
    Participant,
    ParticipantInvitation,
    PlanItem,
)
from commissioning.cases import option_services
from commissioning.cases import services as case_services
from commissioning.cases.models import (
    Case,
    CaseCollaborator,
    CaseComment,
    CaseInvitation,
    CaseOption,
    CaseVersion,
    SignoffRequest,
    SignoffReview,
)
from commissioning.cases.review import signoff
from commissioning.servicemap.models import (
    MapContributor,
    MapInvitation,
    NoService,
    Service,
    ServiceMap,
    ServiceMapVersion,
)
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user
from tests.servicemap.support import add_service, form_post, make_map

NAMESPACES = {"assessment": Work.ASSESSMENT, "cases": Work.CASE, "servicemap": Work.SERVICE_MAP}

ORG = frozenset({Role.MEMBER})
# Who each kind of person is on each kind of work. One entry per role.
ROLES: dict[str, dict[Work, frozenset[Role]]] = {
    "admin": dict.fromkeys(Work, frozenset({Role.ADMIN, Role.MEMBER})),
    "member": dict.fromkeys(Work, ORG),
    "starter": dict.fromkeys(Work, frozenset({Role.MEMBER, Role.STARTER})),
    "facilitator": {Work.ASSESSMENT: frozenset({Role.FACILITATOR})},
    "rater": {Work.ASSESSMENT: frozenset({Role.RATER})},
    "contributor": {Work.SERVICE_MAP: frozenset({Role.CONTRIBUTOR})},
    "reviewer": {Work.CASE: frozenset({Role.REVIEWER})},
    "co_editor": {Work.CASE: frozenset({Role.CO_EDITOR})},
    "required_reviewer": {Work.CASE: frozenset({Role.REVIEWER, Role.SIGNOFF_REVIEWER})},
    "approver": {Work.CASE: frozenset({Role.REVIEWER, Role.APPROVER})},
    "outsider": {},
    "anonymous": {},
}


@dataclass(frozen=True)
class Route:
    """What a route does: the action it takes on which work, what to post, which of
    the world's objects it names, and whether an allowed POST changes the database
    (False only with a reason: the change needs a state the walk does not set up,
    and is tested where named)."""

    action: Action
    data: dict = field(default_factory=dict)
    target: str = "main"  # which object of the world the route names
    changes: bool = True
    unchanged_because: str = ""


def view(target: str = "main") -> Route:
    return Route(Action.VIEW, target=target, changes=False, unchanged_because="reads only")


SERVICE = form_post(name="Walked service")
ROUTES: dict[str, Route] = {
    # Assessments
    "assessment:tasks": view(),
    "assessment:check": view(),
    "assessment:results": view(),
    "assessment:results_pdf": view(),
    "assessment:export_csv": view(),
    "assessment:plan": view(),
    "assessment:people": view(),
    "assessment:consensus": view(),
    "assessment:question": Route(Action.RATE, {"rating": "2", "note": "walk"}),
    "assessment:submit": Route(Action.SUBMIT, {"confirm": "on"}),
    "assessment:submitted": view(),
    "assessment:reopen": Route(Action.REOPEN, target="submitted"),
    "assessment:use_current_map": Route(
        Action.CHANGE_AREA,
        {"code": "E38000001"},
        changes=False,
        unchanged_because="needs an area on an abolished map: tests/areas/test_assessment_map",
    ),
    "assessment:delete": Route(Action.DELETE),
    "assessment:plan_adopt": Route(
        Action.EDIT_PLAN,
        {"action": "1"},
        changes=False,
        unchanged_because="needs a published action: tests/assessment/test_plan",
    ),
    "assessment:plan_add": Route(Action.EDIT_PLAN, {"title": "Walk", "status": "planned"}),
    "assessment:plan_item": Route(Action.EDIT_PLAN, {"title": "Walked", "status": "done"}),
    "assessment:plan_item_remove": Route(Action.EDIT_PLAN),
    "assessment:people_invite": Route(Action.INVITE, {"email": "new@x.example", "role": "rater"}),
    "assessment:invitation_withdraw": Route(Action.INVITE),
    "assessment:participant_remove": Route(Action.INVITE),
    "assessment:consensus_record": Route(
        Action.RECORD_CONSENSUS, {"rating": "2", "rationale": "walk", "seen": ""}
    ),
    # Cases
    "cases:tasks": view(),
    "cases:results": view(),
    "cases:versions": view(),
    "cases:version": view(),
    "cases:document": view(),
    "cases:pdf": view(),
    "cases:docx": view(),
    "cases:csv": view(),
    "cases:name": Route(Action.EDIT, {"title": "Walked case"}),
    "cases:duplicate": Route(Action.DUPLICATE),
    "cases:delete": Route(Action.DELETE),
    "cases:restore": Route(Action.EDIT),
    "cases:options": Route(Action.EDIT, {"name": "Walked option", "copy_from": "{key}"}),
    "cases:prefer": Route(Action.EDIT, {"preferred": "{key}", "reason": "walk"}),
    "cases:option_name": Route(Action.EDIT, {"name": "Renamed option"}),
    "cases:option_delete": Route(Action.EDIT),
    "cases:step": Route(
        Action.EDIT,
        changes=False,
        unchanged_because="each step has its own inputs: tests/cases/test_builder",
    ),
    "cases:people": Route(
        Action.INVITE, changes=False, unchanged_because="the sharing page: reads only"
    ),
    "cases:invite": Route(Action.INVITE, {"email": "new@x.example", "role": "reviewer"}),
    "cases:invitation_withdraw": Route(Action.INVITE),
    "cases:share_remove": Route(Action.INVITE),
    "cases:comments": Route(Action.COMMENT, {"section": "whole", "body": "Walked comment"}),
    "cases:comment_reply": Route(Action.COMMENT, {"body": "Walked answer"}),
    "cases:comment_resolve": Route(Action.RESOLVE_COMMENT),
    "cases:signoff": view(),
    "cases:signoff_ask": Route(
        Action.REQUEST_SIGNOFF,
        changes=False,
        unchanged_because="a request is open already: tests/cases/test_review_signoff",
    ),
    "cases:signoff_review": Route(
        Action.REVIEW, {"verdict": "agreed", "comment": "Walked", "seen_version": "{version}"}
    ),
    "cases:signoff_decide": Route(
        Action.DECIDE, {"outcome": "returned", "text": "Walked", "seen_version": "{version}"}
    ),
    "cases:next_steps": view(),
    # Service maps
    "servicemap:detail": view(),
    "servicemap:versions": view(),
    "servicemap:csv": view(),
    "servicemap:service_add": Route(Action.EDIT, SERVICE),
    "servicemap:service_edit": Route(Action.EDIT, SERVICE),
    "servicemap:service_delete": Route(Action.EDIT),
    "servicemap:cell": Route(Action.EDIT, {"action": "mark", "note": "walk"}),
    "servicemap:delete": Route(Action.DELETE),
    "servicemap:contributor_invite": Route(Action.INVITE, {"email": "new@x.example"}),
    "servicemap:invitation_withdraw": Route(Action.INVITE),
    "servicemap:contributor_remove": Route(Action.INVITE),
}
# Routes that name no existing piece of work, with the reason.
NOT_ON_WORK = {
    "assessment:index": "starts new work: any member, for their own organisations",
    "assessment:compare": "lists only what the person may see (tests/assessment/test_compare)",
    "assessment:invitation_accept": "signed token (tests/assessment/test_people)",
    "cases:index": "starts new work: any member, for their own organisations",
    "cases:compare": "lists only what the person may see (tests/cases)",
    "cases:invitation_accept": "signed token (tests/cases/test_review_sharing)",
    "servicemap:index": "starts new work: any member, for their own organisations",
    "servicemap:invitation_accept": "signed token (tests/servicemap/test_contributors)",
}


def walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from walk(entry, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def shared_work_routes() -> dict[str, URLPattern]:
    return {
        name: pattern for name, pattern in walk(get_resolver()) if name.split(":")[0] in NAMESPACES
    }


def test_every_route_of_shared_work_is_in_the_walk():
    routes = set(shared_work_routes())
    unknown = routes - set(ROUTES) - set(NOT_ON_WORK)
    assert not unknown, f"Say which (Work, Action) these routes take in ROUTES: {sorted(unknown)}"
    assert not (set(ROUTES) | set(NOT_ON_WORK)) - routes, "ROUTES names routes that are gone"
    for name, route in ROUTES.items():
        assert route.changes or route.unchanged_because, name


def test_every_role_in_the_walk_is_a_real_role():
    for name, works in ROLES.items():
        for work, roles in works.items():
            assert roles <= set(Role), name
            assert work in Work


# --- The world ---------------------------------------------------------------------


def snapshot() -> dict[str, list]:
    """Every row a route could change, as plain values."""
    models = (
        Membership,
        Assessment,
        Answer,
        ConsensusRating,
        PlanItem,
        Participant,
        ParticipantInvitation,
        Case,
        CaseVersion,
        CaseOption,
        CaseCollaborator,
        CaseComment,
        CaseInvitation,
        SignoffRequest,
        SignoffReview,
        ServiceMap,
        Service,
        NoService,
        ServiceMapVersion,
        MapContributor,
        MapInvitation,
    )
    return {
        model.__name__: sorted(map(repr, model.objects.order_by("pk").values_list()))
        for model in models
    }


def world() -> tuple[dict[str, object], dict[str, dict]]:
    """North's work, started by a member (the starter), and a person for each role.
    Returns (users by role name, objects by target name)."""
    alice = make_user(email="admin@north.example", name="Admin North")
    north = make_organisation(name="North Borough ICB")
    make_membership(user=alice, organisation=north, role="admin")
    starter = make_user(email="starter@north.example", name="Starter North")
    make_membership(user=starter, organisation=north)
    member = make_user(email="member@north.example", name="Member North")
    make_membership(user=member, organisation=north)
    outsider = make_user(email="out@south.example", name="Out South")
    make_membership(user=outsider, organisation=make_organisation(name="South"))
    facilitator = make_user(email="fac@partner.example", name="Fac Partner")
    rater = make_user(email="rater@partner.example", name="Rater Partner")
    contributor = make_user(email="contrib@partner.example", name="Contrib Partner")
    other_partner = make_user(email="other@partner.example", name="Other Partner")

    make_small_instrument()
    assessment = make_assessment(organisation=north, user=starter)
    submitted = make_assessment(organisation=north, user=starter, title="Submitted")
    for work in (assessment, submitted):
        Participant.objects.create(assessment=work, user=facilitator, role="facilitator")
        Participant.objects.create(assessment=work, user=rater, role="rater")
    other = Participant.objects.create(assessment=assessment, user=other_partner)
    invitation = ParticipantInvitation.objects.create(
        assessment=assessment, email="waiting@partner.example", invited_by=alice
    )
    item = PlanItem.objects.create(assessment=assessment, title="Brief the board")
    assessment_services.assessment_submit(assessment=submitted, user=starter)

    case = case_services.case_create(
        organisation=north, user=starter, kind="new_team", title="Walk case"
    )
    option = option_services.option_add(case=case, user=starter, name="Walk option")
    case.refresh_from_db()
    south = make_organisation(name="South Shire Council")
    sharers = {}
    for name in ("reviewer", "co_editor", "required_reviewer", "approver", "removable"):
        person = make_user(email=f"{name}@south.example", name=name.replace("_", " ").title())
        make_membership(user=person, organisation=south)
        role = "co_editor" if name == "co_editor" else "reviewer"
        sharers[name] = CaseCollaborator.objects.create(
            case=case, user=person, role=role, organisation=south
        )
    signoff.signoff_request(
        case=case,
        user=starter,
        approver=sharers["approver"].user,
        approver_role="Senior responsible owner",
        reviewers=[sharers["required_reviewer"].user],
    )
    case.refresh_from_db()
    comment = CaseComment.objects.create(
        case=case, section="whole", version=case.version, body="Walk", author=member
    )
    case_invitation = CaseInvitation.objects.create(
        case=case, email="waiting@partner.example", role="reviewer", invited_by=alice
    )

    service_map = make_map(north, starter)
    service = add_service(service_map, starter)
    MapContributor.objects.create(service_map=service_map, user=contributor)
    removable = MapContributor.objects.create(service_map=service_map, user=other_partner)
    map_invitation = MapInvitation.objects.create(
        service_map=service_map, email="waiting@partner.example", invited_by=alice
    )

    users = {
        "admin": alice,
        "member": member,
        "starter": starter,
        "facilitator": facilitator,
        "rater": rater,
        "contributor": contributor,
        **{name: sharers[name].user for name in ROLES if name in sharers},
        "outsider": outsider,
    }
    kwargs = {
        "assessment": {
            "main": {
                "pk": assessment.pk,
                "section": "s1",
                "code": "s1-1",
                "item": item.pk,
                "invitation": invitation.pk,
                "participant": other.pk,
            },
            "submitted": {"pk": submitted.pk},
        },
        "cases": {
            "main": {
                "pk": case.pk,
                "step": "need",
                "version": case.version,
                "key": option.pk,
                "invitation": case_invitation.pk,
                "share": sharers["removable"].pk,
                "comment": comment.pk,
            }
        },
        "servicemap": {
            "main": {
                "pk": service_map.pk,
                "service_id": service.pk,
                "level": "specialist",
                "sector": "vcs",
                "invitation": map_invitation.pk,
                "contributor": removable.pk,
            }
        },
    }
    return users, kwargs


def known(kwargs: dict, name: str, route: Route) -> dict:
    """The world's objects a route can name (``{key}`` in its data is one of them)."""
    return kwargs[name.split(":")[0]][route.target]


def url_for(name: str, pattern: URLPattern, kwargs: dict, route: Route) -> str:
    objects = known(kwargs, name, route)
    arguments = {}
    for argument in pattern.pattern.converters:
        assert argument in objects, f"Add '{argument}' (used by {name}) to the walk's world"
        arguments[argument] = objects[argument]
    return reverse(name, kwargs=arguments)


class Undo(Exception):
    """Raised to roll a savepoint back after each request."""


def post_and_undo(client, user, url: str, data: dict) -> tuple[int, bool, object]:
    """POST as ``user`` (None: not signed in); return the status and whether the
    database changed, leaving the database as it was. Someone with no role on the work
    also gets 404 (or 405 where the route takes only POST) for a GET."""
    outcome: list = []
    try:
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            before = snapshot()
            response = client.post(url, data)
            outcome = [response.status_code, snapshot() != before, response]
            raise Undo
    except Undo:
        pass
    return outcome[0], outcome[1], outcome[2]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_on_every_route_gets_what_the_rule_says(client, role, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users, kwargs = world()
    holds = ROLES[role]
    patterns = shared_work_routes()
    wrong = []
    for name, route in ROUTES.items():
        work = NAMESPACES[name.split(":")[0]]
        roles = holds.get(work, frozenset())
        url = url_for(name, patterns[name], kwargs, route)
        data = {
            key: value.format(**known(kwargs, name, route)) for key, value in route.data.items()
        }
        status, changed, response = post_and_undo(client, users.get(role), url, data)
        if role == "anonymous":
            if status != 302 or not response.url.startswith("/accounts/login/"):
                wrong.append(f"{name}: anonymous not sent to sign in ({status})")
            if changed:
                wrong.append(f"{name}: anonymous changed something")
            continue
        if not roles:
            client.force_login(users[role])
            if client.get(url).status_code not in (404, 405):
                wrong.append(f"{name}: {role} can GET it")
        if may(work, route.action, roles):
            if status in (403, 404):
                wrong.append(f"{name}: {role} may {route.action.value}, got {status}")
            elif route.changes and not changed:
                wrong.append(f"{name}: {role} may {route.action.value}, nothing changed")
        else:
            expected = 403 if may(work, Action.VIEW, roles) else 404
            if status != expected:
                wrong.append(
                    f"{name}: {role} may not {route.action.value}: {status}, not {expected}"
                )
            if changed:
                wrong.append(f"{name}: {role} may not {route.action.value}, but it changed")
    assert not wrong, "\n".join(wrong)
