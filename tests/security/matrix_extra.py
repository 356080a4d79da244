"""Additions to the authorisation matrix from later parts of the assessment app
(results, plans and exports; people and consensus). Each part adds its route
arguments, member/admin expectations and the rows whose counts must not change."""

# Routes exempt from the matrix (argument is not an object id), with the reason.
EXEMPT: dict[str, str] = {
    "assessment:invitation_accept": "signed invitation token, tested in assessment/test_people",
    "servicemap:invitation_accept": "signed token, tested in servicemap/test_contributors",
}
# Assessment routes plain members may use are all routes not in ADMIN_ROUTES.
MEMBER_ROUTES: set[str] = {"assessment:submitted"}  # the "submitted" confirmation page
ADMIN_ROUTES: set[str] = {
    "assessment:people_invite",
    "assessment:invitation_withdraw",
    "assessment:participant_remove",
    "assessment:consensus_record",
    # Opting in to or out of benchmarking is for organisation admins.
    "benchmarks:sharing",
    # Deleting is for admins and the starter (an admin here, so other members get 403).
    "assessment:delete",
    "cases:delete",
    "servicemap:delete",
}


def extra_world(*, assessment, user) -> dict[str, dict]:
    """Objects the new routes name, as {namespace: {argument: value}}."""
    world: dict[str, dict] = {"assessment": {}}
    world["assessment"].update(_sharing_world(assessment=assessment, user=user))
    world["assessment"].update(_results_world(assessment=assessment, user=user))
    world["cases"] = _cases_world(assessment=assessment, user=user)
    world["documents"] = _documents_world(assessment=assessment, user=user)
    world["benchmarks"] = {"pk": assessment.organisation.pk}
    world["servicemap"] = _servicemap_world(assessment=assessment, user=user)
    return world


def state() -> tuple:
    """Counts that an outsider's or anonymous request must leave unchanged."""
    return (
        *_sharing_state(),
        *_results_state(),
        *_cases_state(),
        *_documents_state(),
        *_benchmarks_state(),
        *_servicemap_state(),
    )


# --- People and consensus (sharing) ----------------------------------------------


def _sharing_world(*, assessment, user) -> dict:
    """A participant from a partner organisation and a pending invitation."""
    from commissioning.assessment.models import Participant, ParticipantInvitation
    from tests.factories import make_user

    partner = make_user(email="partner@partner.example")
    participant = Participant.objects.create(assessment=assessment, user=partner)
    invitation = ParticipantInvitation.objects.create(
        assessment=assessment, email="invitee@partner.example", invited_by=user
    )
    return {"participant": participant.pk, "invitation": invitation.pk}


def _sharing_state() -> tuple:
    from commissioning.assessment.models import (
        ConsensusRating,
        Participant,
        ParticipantInvitation,
    )

    return (
        Participant.objects.count(),
        ParticipantInvitation.objects.count(),
        ParticipantInvitation.objects.filter(accepted_at__isnull=False).count(),
        ConsensusRating.objects.count(),
    )


# --- Results, action plans and exports -----------------------------------------------
# Every plan route is a member route: any member of the organisation may change the plan
# (invited raters and facilitators may not: tests/security/test_role_walk.py).


def _results_world(*, assessment, user) -> dict:
    """A plan item (the organisation's own action) in the world's assessment."""
    from commissioning.assessment.models import PlanItem

    item = PlanItem.objects.create(assessment=assessment, title="Brief the board")
    return {"item": item.pk}


def _results_state() -> tuple:
    from commissioning.assessment.models import PlanItem

    return (
        PlanItem.objects.count(),
        PlanItem.objects.filter(status="done").count(),
        PlanItem.objects.exclude(title="Brief the board").count(),
    )


# --- Value-for-money cases ------------------------------------------------------------
# Every case route but deleting is a member route: any member of the organisation may build, change,
# version, duplicate and download its cases.


def _cases_world(*, assessment, user) -> dict:
    """A case of the world's organisation (from its template, no library needed)."""
    from commissioning.cases import option_services, services

    case = services.case_create(
        organisation=assessment.organisation, user=user, kind="new_team", title="Matrix case"
    )
    option = option_services.option_add(case=case, user=user, name="Matrix option")
    case.refresh_from_db()
    return {"pk": case.pk, "step": "need", "version": case.version, "key": option.pk}


def _cases_state() -> tuple:
    from django.db.models import Sum

    from commissioning.cases.models import Case, CaseOption, CaseVersion

    return (
        Case.objects.count(),
        CaseVersion.objects.count(),
        Case.objects.aggregate(total=Sum("version"))["total"],
        CaseOption.objects.count(),
        Case.objects.exclude(preferred_option="").count(),
    )


# --- Generated documents (PDFs) -------------------------------------------------------
# Every document route is a member route of the organisation that owns the document's
# object (status page, JSON status, download, "Try again").


def _documents_world(*, assessment, user) -> dict:
    """A failed results PDF of the world's assessment (so "Try again" would change it)."""
    from django.contrib.contenttypes.models import ContentType

    from commissioning.render_queue.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        kind="assessment_results",
        owner_type=ContentType.objects.get_for_model(assessment),
        owner_id=str(assessment.pk),
        organisation=assessment.organisation,
        fingerprint="matrix",
        title="Results: matrix",
        filename="matrix-results.pdf",
        status=GeneratedDocument.Status.FAILED,
        error="Matrix failure",
        created_by=user,
    )
    return {"pk": document.pk}


def _documents_state() -> tuple:
    from commissioning.render_queue.models import GeneratedDocument

    return (
        GeneratedDocument.objects.count(),
        GeneratedDocument.objects.filter(status="failed").count(),
    )


# --- Benchmarks -------------------------------------------------------------------------
# The benchmark page is a member route; opting in or out (benchmarks:sharing) is admin-only.


def _benchmarks_state() -> tuple:
    from commissioning.benchmarks.models import BenchmarkSharing

    return (BenchmarkSharing.objects.count(),)


# --- Service map -------------------------------------------------------------------------
# Every service map route but deleting the map is a member route (any member contributes);
# deleting is for admins and the member who started it (an admin here).


def _servicemap_world(*, assessment, user) -> dict:
    """A map of the world's organisation with one service and one "no service" cell."""
    from commissioning.servicemap import services

    service_map = services.map_create(
        organisation=assessment.organisation, area_name="Matrix", area_code="", user=user
    )
    data = dict.fromkeys(services.SERVICE_FIELDS, "")
    data.update(
        level="targeted",
        sector="vcs",
        name="Matrix service",
        provider="Matrix provider",
        capacity=None,
        funding_route="unknown",
        funding_ends=None,
        specialised_team=False,
    )
    service, _ = services.service_save(service_map=service_map, service=None, data=data, user=user)
    services.no_service_mark(
        service_map=service_map, level="universal", sector="other", note="", user=user
    )
    from commissioning.servicemap.models import MapContributor, MapInvitation
    from tests.factories import make_user

    partner = make_user(email="mapper@partner.example")
    contributor = MapContributor.objects.create(service_map=service_map, user=partner)
    invitation = MapInvitation.objects.create(
        service_map=service_map, email="maybe@partner.example", invited_by=user
    )
    return {
        "pk": service_map.pk,
        "service_id": service.pk,
        "level": "universal",
        "sector": "other",
        "contributor": contributor.pk,
        "invitation": invitation.pk,
    }


def _servicemap_state() -> tuple:
    from commissioning.servicemap.models import (
        MapContributor,
        MapInvitation,
        NoService,
        Service,
        ServiceMap,
        ServiceMapVersion,
    )

    return (
        MapContributor.objects.count(),
        MapInvitation.objects.count(),
        ServiceMap.objects.count(),
        Service.objects.count(),
        NoService.objects.count(),
        ServiceMapVersion.objects.count(),
    )
