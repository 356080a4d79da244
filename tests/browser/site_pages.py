"""Every page of the site, in a realistic world, for the walks that visit them all (the
320 px reflow walk in test_reflow.py).

``PAGES`` maps each URL name to the visits that show its pages: public and signed in,
normal and error states. ``EXEMPT`` lists the URL names that have no page to show, with
the reason. test_reflow.py fails when a URL name is in neither, so a new route needs
one line here: ``"app:name": lambda w: [Visit(f"/app/{w.thing.pk}/")],``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from commissioning.accounts import verification
from commissioning.accounts.services import invitation_token
from commissioning.cases.models import CaseComment
from tests.browser.site_world import World


@dataclass(frozen=True)
class Visit:
    """One page to open: as whom (``"anonymous"``, ``"alice"``, an admin of North, or
    one of the world's ``people``: partners with a role on North's work), and
    optionally a button to press with the form as it is, to show the page's error
    state."""

    path: str
    user: str = "alice"
    press: str = ""


def _assessment(w: World) -> str:
    return f"/assessments/{w.submitted.pk}"


def _shared(w: World) -> str:
    return f"/assessments/{w.in_progress.pk}"


def _case(w: World) -> str:
    return f"/cases/{w.case.pk}"


def _map(w: World) -> str:
    return f"/service-map/{w.service_map.pk}"


def _org(w: World) -> str:
    return f"/accounts/organisations/{w.north.pk}"


def _confirmation_link(w: World) -> str:
    uid, token = verification.link_parts(w.unconfirmed)
    return f"/accounts/confirm/{uid}/{token}/"


def _first_comment(w: World) -> int:
    return CaseComment.objects.filter(case=w.case).order_by("pk").first().pk


def _question(w: World) -> str:
    q = w.question
    return f"{_shared(w)}/{q.section.code}/{q.code}/"


CASE_STEPS = ("need", "service", "outcomes", "adjustments", "timescales", "narrative")

PAGES: dict[str, Callable[[World], list[Visit]]] = {
    # Public pages.
    "core:home": lambda w: [Visit("/", "anonymous"), Visit("/")],
    "core:accessibility": lambda w: [Visit("/accessibility/", "anonymous")],
    "core:privacy": lambda w: [Visit("/privacy/", "anonymous")],
    "core:contact": lambda w: [Visit("/contact/", "anonymous")],
    "core:api_index": lambda w: [Visit("/api/", "anonymous")],
    "accounts:signup": lambda w: [
        Visit("/accounts/signup/", "anonymous"),
        Visit("/accounts/signup/", "anonymous", press="Create account"),
    ],
    "accounts:login": lambda w: [
        Visit("/accounts/login/", "anonymous"),
        Visit("/accounts/login/", "anonymous", press="Sign in"),
    ],
    "accounts:password_reset": lambda w: [
        Visit("/accounts/password/reset/", "anonymous"),
        Visit("/accounts/password/reset/", "anonymous", press="Send link"),
    ],
    "accounts:password_reset_done": lambda w: [
        Visit("/accounts/password/reset/sent/", "anonymous")
    ],
    "accounts:password_reset_confirm": lambda w: [
        Visit("/accounts/password/reset/MQ/forged-token/", "anonymous")
    ],
    "accounts:password_reset_complete": lambda w: [
        Visit("/accounts/password/reset/complete/", "anonymous")
    ],
    "accounts:invitation_accept": lambda w: [
        Visit(f"/accounts/invitations/{invitation_token(w.invitation)}/", "anonymous"),
        Visit("/accounts/invitations/forged-token/", "anonymous"),
    ],
    "knowledge:index": lambda w: [
        Visit("/knowledge/", "anonymous"),
        Visit("/knowledge/?q=zebra+crossing&comb=nonsense", "anonymous"),
    ],
    "knowledge:explorer": lambda w: [Visit("/knowledge/behaviour-change-wheel/", "anonymous")],
    "knowledge:programme_list": lambda w: [Visit("/knowledge/programmes/", "anonymous")],
    "knowledge:programme": lambda w: [
        Visit(f"/knowledge/programmes/{w.programme.slug}/", "anonymous")
    ],
    "knowledge:parameter_list": lambda w: [Visit("/knowledge/parameters/", "anonymous")],
    "knowledge:parameter": lambda w: [
        Visit(f"/knowledge/parameters/{w.parameter.key}/", "anonymous")
    ],
    "knowledge:source_list": lambda w: [Visit("/knowledge/sources/", "anonymous")],
    "knowledge:source": lambda w: [Visit(f"/knowledge/sources/{w.source.key}/", "anonymous")],
    "knowledge:factor": lambda w: [Visit(f"/knowledge/{w.factor.slug}/", "anonymous")],
    "areas:index": lambda w: [
        Visit("/areas/", "anonymous"),
        Visit("/areas/?level=icb&page=2", "anonymous"),
    ],
    "areas:choose": lambda w: [Visit("/areas/choose/?q=Buckinghamshire", "anonymous")],
    "areas:detail": lambda w: [
        Visit("/areas/E54000044/", "anonymous"),
        Visit("/areas/E06000001/", "anonymous"),
    ],
    # Accounts, signed in.
    "accounts:dashboard": lambda w: [Visit("/accounts/")],
    "accounts:profile": lambda w: [Visit("/accounts/profile/")],
    "accounts:delete": lambda w: [
        Visit("/accounts/delete/"),
        Visit("/accounts/delete/", press="Delete my account"),
    ],
    "accounts:password_change": lambda w: [
        Visit("/accounts/password/change/"),
        Visit("/accounts/password/change/", press="Change password"),
    ],
    "accounts:password_change_done": lambda w: [Visit("/accounts/password/change/done/")],
    "accounts:signup_sent": lambda w: [Visit("/accounts/signup/check-your-email/", "anonymous")],
    "accounts:confirm_email": lambda w: [
        Visit("/accounts/confirm/MQ/forged-token/", "anonymous"),
        Visit(_confirmation_link(w), "anonymous"),
    ],
    "accounts:organisation_create": lambda w: [
        Visit("/accounts/organisations/new/"),
        Visit("/accounts/organisations/new/", press="Save"),
    ],
    "accounts:organisation": lambda w: [Visit(f"{_org(w)}/")],
    "accounts:organisation_edit": lambda w: [Visit(f"{_org(w)}/edit/")],
    "accounts:invitation_create": lambda w: [
        Visit(f"{_org(w)}/invite/"),
        Visit(f"{_org(w)}/invite/", press="Send invitation"),
    ],
    "accounts:activity": lambda w: [Visit(f"{_org(w)}/activity/")],
    # Assessments.
    "assessment:index": lambda w: [Visit("/assessments/")],
    "assessment:tasks": lambda w: [Visit(f"{_assessment(w)}/"), Visit(f"{_shared(w)}/")],
    "assessment:question": lambda w: [
        Visit(_question(w)),
        Visit(f"{_shared(w)}/{w.unanswered.section.code}/{w.unanswered.code}/", press="Continue"),
    ],
    "assessment:check": lambda w: [Visit(f"{_shared(w)}/{w.question.section.code}/check/")],
    "assessment:submit": lambda w: [
        Visit(f"{_shared(w)}/submit/"),
        Visit(f"{_shared(w)}/submit/", press="Submit and lock the assessment"),
    ],
    "assessment:submitted": lambda w: [Visit(f"{_assessment(w)}/submitted/")],
    "assessment:delete": lambda w: [Visit(f"{_shared(w)}/delete/")],
    "assessment:results": lambda w: [Visit(f"{_assessment(w)}/results/")],
    "assessment:plan": lambda w: [Visit(f"{_assessment(w)}/plan/")],
    "assessment:plan_add": lambda w: [
        Visit(f"{_assessment(w)}/plan/add/"),
        Visit(f"{_assessment(w)}/plan/add/", press="Add to the plan"),
    ],
    "assessment:plan_item": lambda w: [Visit(f"{_assessment(w)}/plan/items/{w.plan_item.pk}/")],
    "assessment:compare": lambda w: [
        Visit("/assessments/compare/"),
        Visit(f"/assessments/compare/?a={w.submitted.pk}&b={w.in_progress.pk}"),
        Visit("/assessments/compare/", press="Compare"),
    ],
    "assessment:people": lambda w: [Visit(f"{_shared(w)}/people/")],
    "assessment:people_invite": lambda w: [
        Visit(f"{_shared(w)}/people/invite/"),
        Visit(f"{_shared(w)}/people/invite/", press="Send invitation"),
    ],
    "assessment:invitation_accept": lambda w: [
        Visit("/assessments/invitations/forged-token/", "anonymous")
    ],
    "assessment:consensus": lambda w: [Visit(f"{_shared(w)}/consensus/")],
    "assessment:consensus_record": lambda w: [
        Visit(f"{_shared(w)}/consensus/{w.question.code}/"),
    ],
    # Cases.
    "cases:index": lambda w: [Visit("/cases/"), Visit("/cases/", press="Start the case")],
    "cases:compare": lambda w: [
        Visit("/cases/compare/"),
        Visit(f"/cases/compare/?case={w.case.pk}&case={w.other_case.pk}"),
        Visit(f"/cases/compare/?case={w.case.pk}"),
    ],
    "cases:tasks": lambda w: [Visit(f"{_case(w)}/")],
    "cases:name": lambda w: [Visit(f"{_case(w)}/name/")],
    "cases:delete": lambda w: [Visit(f"{_case(w)}/delete/")],
    "cases:results": lambda w: [Visit(f"{_case(w)}/results/")],
    "cases:versions": lambda w: [Visit(f"{_case(w)}/versions/")],
    "cases:version": lambda w: [Visit(f"{_case(w)}/versions/1/")],
    "cases:options": lambda w: [
        Visit(f"{_case(w)}/options/"),
        Visit(f"{_case(w)}/options/", press="Add the option"),
    ],
    "cases:option_name": lambda w: [Visit(f"{_case(w)}/options/{w.option_key}/name/")],
    "cases:option_delete": lambda w: [Visit(f"{_case(w)}/options/{w.option_key}/delete/")],
    "cases:document": lambda w: [Visit(f"{_case(w)}/document/")],
    "cases:step": lambda w: [Visit(f"{_case(w)}/{step}/") for step in CASE_STEPS],
    "cases:people": lambda w: [Visit(f"{_case(w)}/people/")],
    "cases:invite": lambda w: [
        Visit(f"{_case(w)}/people/invite/"),
        Visit(f"{_case(w)}/people/invite/", press="Send invitation"),
    ],
    "cases:invitation_accept": lambda w: [Visit("/cases/invitations/forged-token/", "anonymous")],
    "cases:comments": lambda w: [
        Visit(f"{_case(w)}/comments/"),
        Visit(f"{_case(w)}/comments/", "reviewer", press="Add comment"),
    ],
    "cases:comment_reply": lambda w: [
        Visit(f"{_case(w)}/comments/{_first_comment(w)}/reply/", "approver")
    ],
    "cases:signoff": lambda w: [
        Visit(f"{_case(w)}/sign-off/"),
        Visit(f"{_case(w)}/sign-off/", "approver"),
    ],
    "cases:signoff_ask": lambda w: [Visit(f"{_case(w)}/sign-off/ask/")],
    "cases:signoff_review": lambda w: [
        Visit(f"{_case(w)}/sign-off/review/", "reviewer"),
        Visit(f"{_case(w)}/sign-off/review/", "reviewer", press="Record my review"),
    ],
    "cases:signoff_decide": lambda w: [
        Visit(f"{_case(w)}/sign-off/decide/", "approver"),
        Visit(f"{_case(w)}/sign-off/decide/", "approver", press="Record my decision"),
    ],
    "cases:next_steps": lambda w: [Visit(f"{_case(w)}/next-steps/")],
    # Areas and benchmarks, signed in.
    "benchmarks:index": lambda w: [Visit("/benchmarks/")],
    "benchmarks:organisation": lambda w: [Visit(f"/benchmarks/{w.north.pk}/")],
    # Service map.
    "servicemap:index": lambda w: [Visit("/service-map/")],
    "servicemap:detail": lambda w: [Visit(f"{_map(w)}/"), Visit(f"{_map(w)}/", "contributor")],
    "servicemap:service_add": lambda w: [
        Visit(f"{_map(w)}/services/add/"),
        Visit(f"{_map(w)}/services/add/", press="Save and add another"),
    ],
    "servicemap:service_edit": lambda w: [Visit(f"{_map(w)}/services/{w.service.pk}/")],
    "servicemap:service_delete": lambda w: [Visit(f"{_map(w)}/services/{w.service.pk}/delete/")],
    "servicemap:cell": lambda w: [Visit(f"{_map(w)}/cells/specialist/camhs_imh/")],
    "servicemap:versions": lambda w: [Visit(f"{_map(w)}/versions/")],
    "servicemap:delete": lambda w: [Visit(f"{_map(w)}/delete/")],
    "servicemap:contributor_invite": lambda w: [
        Visit(f"{_map(w)}/people/invite/"),
        Visit(f"{_map(w)}/people/invite/", press="Send invitation"),
    ],
    "servicemap:invitation_accept": lambda w: [
        Visit("/service-map/invitations/forged-token/", "anonymous")
    ],
    # Generated documents.
    "documents:status": lambda w: [Visit(f"/documents/{w.document.pk}/")],
}


# URL names with no page of their own to walk, and why.
EXEMPT: dict[str, str] = {
    "core:healthz": "plain-text health check for the load balancer",
    "accounts:logout": "POST only; redirects",
    "accounts:my_data": "JSON download",
    "accounts:invitation_revoke": "POST only; redirects",
    "accounts:member_remove": "POST only; redirects",
    "accounts:member_role": "POST only; redirects",
    "accounts:organisation_leave": "POST only; redirects",
    "assessment:reopen": "POST only; redirects",
    "assessment:use_current_map": "POST only; redirects",
    "assessment:results_pdf": "PDF download (its layout is tested in tests/assessment)",
    "assessment:export_csv": "CSV download",
    "assessment:plan_adopt": "POST only; redirects",
    "assessment:invitation_withdraw": "POST only; redirects",
    "assessment:plan_item_remove": "POST only; redirects",
    "cases:duplicate": "POST only; redirects",
    "assessment:participant_remove": "POST only; redirects",
    "benchmarks:sharing": "POST only; redirects",
    "cases:restore": "POST only; redirects",
    "cases:prefer": "POST only; redirects",
    "cases:pdf": "PDF download (its layout is tested in tests/cases)",
    "cases:docx": "Word download",
    "cases:csv": "CSV download",
    "areas:api_search": "JSON API",
    "areas:api_area": "JSON API",
    "servicemap:csv": "CSV download",
    "documents:status_json": "JSON polled by the status page",
    "documents:download": "file download",
    "documents:retry": "POST only; redirects",
    "accounts:confirmation_resend": "POST only; redirects",
    "cases:invitation_withdraw": "POST only; redirects",
    "cases:share_remove": "POST only; redirects",
    "cases:comment_resolve": "POST only; redirects",
    "servicemap:invitation_withdraw": "POST only; redirects",
    "servicemap:contributor_remove": "POST only; redirects",
}
# Whole namespaces with no pages of the site's own design.
EXEMPT_NAMESPACES: dict[str, str] = {
    "admin": "Django's admin, for curators (walked by tests/browser/test_curation.py)",
    "api": "JSON and file downloads of the knowledge base",
}


def url_names() -> list[str]:
    """Every named URL pattern of the site, from Django's resolver."""

    def walk(patterns, namespace: str = ""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}"

    return sorted(set(walk(get_resolver().url_patterns)))


def unwalked() -> list[str]:
    """URL names neither walked nor exempt."""
    return [
        name
        for name in url_names()
        if name not in PAGES and name not in EXEMPT and name.split(":")[0] not in EXEMPT_NAMESPACES
    ]
