"""The assessment journey: list and start, task list, one question per page, check
answers per section, submit and reopen. Every answer is saved to the database when
its page is submitted, so leaving, signing out or a timeout loses nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import member_organisations
from commissioning.accounts.permissions import Action
from commissioning.areas.history import area_map_of, map_change
from commissioning.areas.picker import CHOOSE, chosen_area, draft_keep, draft_take
from commissioning.assessment import selectors, services
from commissioning.assessment.access import actions_on, assessment_for
from commissioning.assessment.forms import DONT_KNOW, AnswerForm, StartForm, SubmitForm
from commissioning.assessment.models import Answer, Assessment, ConsensusRating, Question
from commissioning.assessment.sharing_services import invitations_waiting, people_taking_part
from commissioning.servicemap.panel import panel_for


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisations = member_organisations(request.user)
    if request.method == "POST" and CHOOSE in request.POST:
        # "Find your area": keep what was typed, choose, come back with ?area=CODE.
        return redirect(draft_keep(request, back=reverse("assessment:index") + "#start-heading"))
    chosen = chosen_area(request.GET.get("area"))
    asked = request.GET.get("organisation", "")
    # An id the database can hold (a 100-digit "id" is nobody's, not a crash).
    wanted = asked.isdigit() and len(asked) <= 18 and organisations.filter(pk=asked).first()
    initial = {"organisation": wanted or organisations.first()}
    if request.method == "GET":
        typed = draft_take(request)
        initial.update({k: v for k, v in typed.items() if k in StartForm.base_fields})
    if chosen is not None:
        initial["area_name"] = chosen.name
    form = StartForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial=initial,
        chosen_area=chosen,
    )
    if request.method == "POST" and form.is_valid():
        area_name = form.cleaned_data["area_name"]
        # Kept as chosen: remember the code and the ICB map it was chosen on.
        kept = chosen is not None and area_name == chosen.name
        try:
            assessment = services.assessment_start(
                organisation=form.cleaned_data["organisation"],
                user=request.user,
                title=form.cleaned_data["title"],
                area_name=area_name,
                area_code=chosen.code if kept else "",
                area_map=area_map_of(chosen.code) if kept else "",
            )
        except services.AssessmentRuleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("assessment:tasks", assessment.pk)
    assessments = (
        Assessment.objects.for_user(request.user)
        .select_related("organisation", "instrument")
        .order_by("-created_at")
    )
    return render(
        request,
        "assessment/index.html",
        {
            "assessments": assessments,
            "form": form,
            "organisations": organisations,
            "default_button": True,
        },
    )


# Pages about one assessment, linked from its task list once they exist.
EXTRA_LINKS = (
    ("Results and action plan", "assessment:results"),
    ("People taking part", "assessment:people"),
    ("Agree ratings together", "assessment:consensus"),
    ("Download answers (CSV)", "assessment:export_csv"),
)


def _extra_links(assessment: Assessment) -> list[dict[str, str]]:
    links = []
    for title, name in EXTRA_LINKS:
        try:
            links.append({"title": title, "url": reverse(name, args=[assessment.pk])})
        except NoReverseMatch:
            continue
    return links


@login_required
def tasks(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    sections = selectors.progress(assessment, request.user)
    resume = next((first for _, first in sections if first is not None), None)
    actions = actions_on(request.user, assessment)
    return render(
        request,
        "assessment/tasks.html",
        {
            "assessment": assessment,
            "sections": sections,
            "resume": resume,
            "started": any(p.answered for p, _ in sections),
            "completed": sum(1 for p, _ in sections if p.status == "Completed"),
            "facilitator": Action.CHANGE_AREA in actions,
            "extra_links": _extra_links(assessment),
            "may_delete": Action.DELETE in actions,
            "may_submit": Action.SUBMIT in actions,
            "may_reopen": Action.REOPEN in actions,
            "map_change": _map_change(assessment),
        },
    )


def _map_change(assessment: Assessment):
    if not assessment.area_code:
        return None
    return map_change(
        {"code": assessment.area_code, "configuration": {"name": assessment.area_map}}
    )


@login_required
@require_POST
def use_current_map(request: HttpRequest, pk: str) -> HttpResponse:
    """Move the assessment onto one of the current map's areas offered for its old one."""
    assessment = assessment_for(request.user, pk, Action.CHANGE_AREA)
    change = _map_change(assessment)
    option = change.option(request.POST.get("code", "")) if change else None
    if option is None:
        messages.error(request, "Nothing was changed: that area is not offered here.")
        return redirect("assessment:tasks", assessment.pk)
    try:
        services.assessment_area_change(
            assessment=assessment,
            user=request.user,
            code=option.code,
            name=option.name,
            area_map=change.current_map,
        )
    except services.AssessmentRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The assessment now covers {option.name}, on the {change.current_map} map."
        )
    return redirect("assessment:tasks", assessment.pk)


def _neighbours(assessment: Assessment, section_code: str, question_code: str):
    route = selectors.flow(assessment)
    index = next(
        (
            i
            for i, q in enumerate(route)
            if q.code == question_code and q.section.code == section_code
        ),
        None,
    )
    if index is None:
        raise Http404("No such question.")
    question = route[index]
    in_section = [q for q in route if q.section_id == question.section_id]
    previous = route[index - 1] if index > 0 else None
    following = route[index + 1] if index + 1 < len(route) else None
    return question, previous, following, in_section


@login_required
def question(request: HttpRequest, pk: str, section: str, code: str) -> HttpResponse:
    action = Action.RATE if request.method == "POST" else Action.VIEW
    assessment = assessment_for(request.user, pk, action)
    current, previous, following, in_section = _neighbours(assessment, section, code)
    mine = Answer.objects.filter(
        assessment=assessment, respondent=request.user, question=current
    ).first()
    agreed = ConsensusRating.objects.filter(assessment=assessment, question=current).first()
    initial = {"note": mine.note if mine else "", "seen_version": mine.version if mine else None}
    if mine is not None:
        initial["rating"] = DONT_KNOW if mine.dont_know else str(mine.rating)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        question=current,
        level_names=assessment.instrument.level_names,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        rating, dont_know = form.rating_value()
        try:
            result = services.answer_record(
                assessment=assessment,
                question=current,
                user=request.user,
                rating=rating,
                dont_know=dont_know,
                note=form.cleaned_data["note"],
                seen_version=form.cleaned_data["seen_version"],
            )
        except services.AssessmentRuleError as error:
            form.add_error(None, str(error))
        else:
            if result.overwrote is not None:
                before = (
                    "Don't know" if result.overwrote.dont_know else str(result.overwrote.rating)
                )
                messages.info(
                    request,
                    f"You had changed your answer to {current.label} in another window "
                    f"(it said: {before}). It now says what you chose here.",
                )
            if "save_and_return" in request.POST:
                messages.success(
                    request, "Your answer has been saved. You can come back to it at any time."
                )
                return redirect("assessment:tasks", assessment.pk)
            if following is None or following.section_id != current.section_id:
                return redirect("assessment:check", assessment.pk, current.section.code)
            return redirect(
                "assessment:question", assessment.pk, following.section.code, following.code
            )
    position = next(i for i, q in enumerate(in_section, start=1) if q.pk == current.pk)
    return render(
        request,
        "assessment/question.html",
        {
            "assessment": assessment,
            "question": current,
            "form": form,
            "previous": previous,
            "position": position,
            "count": len(in_section),
            "levels": list(zip(assessment.instrument.level_names, current.levels, strict=True)),
            "agreed": agreed,
            "locked": assessment.is_locked or agreed is not None,
            "service_map_panel": panel_for(request.user, assessment, current.code),
        },
    )


@login_required
def check(request: HttpRequest, pk: str, section: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    sections = {s.code: (s, questions) for s, questions in selectors.sections_in_order(assessment)}
    if section not in sections:
        raise Http404("No such section.")
    current, questions = sections[section]
    answers = selectors.my_answers(assessment, request.user)
    rows = [(q, answers.get(q.pk)) for q in questions]
    return render(
        request,
        "assessment/check.html",
        {
            "assessment": assessment,
            "section": current,
            "rows": rows,
            "level_names": assessment.instrument.level_names,
        },
    )


def _question_count(assessment: Assessment) -> int:
    return Question.objects.filter(section__instrument_id=assessment.instrument_id).count()


@login_required
def submit(request: HttpRequest, pk: str) -> HttpResponse:
    """Who has and has not rated; a confirmation when someone has not finished; then
    the "submitted" page with what happens next."""
    assessment = assessment_for(request.user, pk, Action.SUBMIT)
    total = _question_count(assessment)
    gone = "No longer taking part"
    people = [p for p in people_taking_part(assessment) if p.role != gone]
    waiting = [p for p in people if p.answered < total]
    invited = [row for row in invitations_waiting(assessment) if not row.expired]
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        waiting=bool(waiting or invited),
    )
    if request.method == "POST" and (assessment.is_locked or form.is_valid()):
        if services.assessment_submit(assessment=assessment, user=request.user):
            return redirect("assessment:submitted", assessment.pk)
        messages.info(request, "This assessment had already been submitted; nothing changed.")
        return redirect("assessment:tasks", assessment.pk)
    sections = selectors.progress(assessment, request.user)
    unanswered = sum(len(p.questions) - p.answered for p, _ in sections)
    return render(
        request,
        "assessment/submit.html",
        {
            "assessment": assessment,
            "unanswered": unanswered,
            "people": people,
            "waiting": waiting,
            "invited": invited,
            "total": total,
            "form": form,
        },
    )


@login_required
def submitted(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if not assessment.is_locked:
        return redirect("assessment:submit", assessment.pk)
    return render(request, "assessment/submitted.html", {"assessment": assessment})


@require_POST
@login_required
def reopen(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.REOPEN)
    if not assessment.is_locked:
        messages.info(request, "This assessment is still open for answers.")
        return redirect("assessment:tasks", assessment.pk)
    copy = services.assessment_reopen(assessment=assessment, user=request.user)
    messages.success(
        request,
        "An editable copy has been made with every answer. "
        "The submitted version is kept as it was.",
    )
    return redirect("assessment:tasks", copy.pk)
