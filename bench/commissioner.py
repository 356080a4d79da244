"""A realistic commissioning organisation for the signed-in benchmarks (``bench/run.py``
and ``bench/signed_in_bench.py``): an admin, an assessment of the shipped 60-question
instrument answered by the admin and two partners from other organisations (some
ratings agreed as a group), with actions adopted into its plan; a submitted copy; and a
new-team business case with three options (the case and two alternatives).

Run inside Django after the shipped content is loaded: ``commissioner_seed()`` returns
the ids the pages need. Idempotent for one database: a second call reuses what is there.
"""

from dataclasses import dataclass

from django.db import transaction

EMAIL = "bench@bench.example"


@dataclass(frozen=True)
class Commissioner:
    user_pk: int
    organisation_pk: int
    assessment: str  # in progress, every question answered by three people
    submitted: str  # the same, submitted (its inputs frozen)
    section: str
    question: str
    case_pk: int


def _answer_all(assessment, questions, user, *, seed: int) -> None:
    from commissioning.assessment.models import Answer

    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=q,
            respondent=user,
            rating=None if (i + seed) % 7 == 6 else (i + seed) % 4,
            dont_know=(i + seed) % 7 == 6,
            note="From the JSNA and the perinatal plan." if i % 3 == 0 else "",
        )
        for i, q in enumerate(questions)
    )


def _assessment(organisation, user, partners, title: str):
    from commissioning.assessment import plan_services, services
    from commissioning.assessment.models import ConsensusRating, Participant, Question
    from commissioning.knowledge.models import Action

    assessment = services.assessment_start(
        organisation=organisation, user=user, title=title, area_name="Bench"
    )
    questions = list(
        Question.objects.filter(section__instrument=assessment.instrument).order_by(
            "section__order", "order"
        )
    )
    _answer_all(assessment, questions, user, seed=0)
    for n, partner in enumerate(partners, start=1):
        Participant.objects.create(assessment=assessment, user=partner)
        _answer_all(assessment, questions, partner, seed=n)
    # The group has agreed the first ten ratings.
    ConsensusRating.objects.bulk_create(
        ConsensusRating(
            assessment=assessment,
            question=q,
            rating=2,
            rationale="Agreed at the partnership workshop.",
            decided_by=user,
        )
        for q in questions[:10]
    )
    for action in Action.objects.order_by("pk")[:8]:
        plan_services.plan_adopt(assessment=assessment, action=action, user=user)
    return assessment, questions


def _case(organisation, user):
    from commissioning.cases import option_services, selectors, services
    from commissioning.cases.models import Case

    case = services.case_create(
        organisation=organisation, user=user, kind=Case.Kind.NEW_TEAM, title="Bench team"
    )
    for name, wte in (("Do minimum", 0.2), ("Bigger team", 2.0)):
        option = option_services.option_add(case=case, user=user, name=name)
        case.refresh_from_db()
        inputs = selectors.option_as_case(case, option).inputs
        inputs["staff"] = [dict(line, wte=wte) for line in inputs["staff"]]
        option_services.option_save(case=case, user=user, option=option, inputs=inputs)
        case.refresh_from_db()
    return case


@transaction.atomic
def commissioner_seed() -> Commissioner:
    from commissioning.accounts.models import Membership, Organisation, User
    from commissioning.assessment import services
    from commissioning.assessment.models import Assessment, Question
    from commissioning.cases.models import Case

    user, _ = User.objects.get_or_create(email=EMAIL, defaults={"name": "Bench User"})
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench ICB", defaults={"kind": "icb", "area_name": "Bench"}
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, role="admin")
    partners = []
    for n in (1, 2):
        partner, _ = User.objects.get_or_create(
            email=f"partner{n}@bench.example", defaults={"name": f"Partner {n}"}
        )
        other, _ = Organisation.objects.get_or_create(
            name=f"Partner council {n}", defaults={"kind": "local_authority", "area_name": "Bench"}
        )
        Membership.objects.get_or_create(user=partner, organisation=other, role="admin")
        partners.append(partner)

    mine = Assessment.objects.filter(organisation=organisation).order_by("created_at")
    if mine.count() < 2:
        assessment, questions = _assessment(organisation, user, partners, "Bench readiness")
        submitted, _ = _assessment(organisation, user, partners, "Bench readiness (submitted)")
        services.assessment_submit(assessment=submitted, user=user)
    else:
        assessment, submitted = mine[0], mine[1]
        questions = None
    if questions is None:
        questions = list(
            Question.objects.filter(section__instrument=assessment.instrument).order_by(
                "section__order", "order"
            )
        )
    question = questions[12]  # not one of the ten agreed, so it can still be answered
    case = Case.objects.filter(organisation=organisation).first() or _case(organisation, user)
    return Commissioner(
        user_pk=user.pk,
        organisation_pk=organisation.pk,
        assessment=str(assessment.pk),
        submitted=str(submitted.pk),
        section=question.section.code,
        question=question.code,
        case_pk=case.pk,
    )


@dataclass(frozen=True)
class SignedInPage:
    name: str
    path: str
    body: str | None = None  # a form POST when set
    # Compared in-process against 10 ms (p50): issue 17's target for computed pages.
    computed: bool = False


CASE_STEPS = ("need", "service", "outcomes", "adjustments", "timescales", "narrative")


def signed_in_pages(c: Commissioner, factor_slug: str) -> list[SignedInPage]:
    """Every page a signed-in commissioner uses, on ``c``'s organisation."""
    a, s = f"/assessments/{c.assessment}", f"/assessments/{c.submitted}"
    case = f"/cases/{c.case_pk}"
    return [
        SignedInPage("assessments list", "/assessments/"),
        SignedInPage("task list", f"{a}/"),
        SignedInPage("question page", f"{a}/{c.section}/{c.question}/"),
        SignedInPage(
            "answer a question (POST)",
            f"{a}/{c.section}/{c.question}/",
            body="rating=2&note=Checked+with+the+perinatal+team.",
        ),
        SignedInPage("check answers", f"{a}/{c.section}/check/"),
        SignedInPage("results", f"{a}/results/", computed=True),
        SignedInPage("results (submitted)", f"{s}/results/", computed=True),
        SignedInPage("action plan", f"{a}/plan/", computed=True),
        SignedInPage("consensus", f"{a}/consensus/", computed=True),
        SignedInPage("cases list", "/cases/"),
        SignedInPage("case task list", f"{case}/"),
        *(SignedInPage(f"case step: {step}", f"{case}/{step}/") for step in CASE_STEPS),
        SignedInPage("case options", f"{case}/options/"),
        SignedInPage("case results", f"{case}/results/", computed=True),
        SignedInPage("business case (HTML)", f"{case}/document/"),
        SignedInPage("benchmarks", "/benchmarks/"),
        SignedInPage("knowledge list", "/knowledge/"),
        SignedInPage("knowledge filtered", "/knowledge/?kind=barrier&comb=OPh&level=general"),
        SignedInPage("knowledge search", "/knowledge/?q=funding+budget"),
        SignedInPage("knowledge factor", f"/knowledge/{factor_slug}/"),
        SignedInPage("your account", "/accounts/"),
        SignedInPage("organisation", f"/accounts/organisations/{c.organisation_pk}/"),
    ]


def query_counts(pages: list[tuple[str, str | None, bool]], user_pk: int) -> list[int]:
    """The database queries each (path, POST body or None, signed in) runs, warm, through
    Django's test client (CSRF is the load generator's business, not counted here)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.models import User

    anonymous, signed_in = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(User.objects.get(pk=user_pk))
    counts = []
    for path, body, signed in pages:
        client = signed_in if signed else anonymous
        for _ in range(2):  # the second, warm, is counted
            with CaptureQueriesContext(connection) as captured:
                if body is None:
                    client.get(path)
                else:
                    client.post(path, body, content_type="application/x-www-form-urlencoded")
        counts.append(len(captured))
    return counts
