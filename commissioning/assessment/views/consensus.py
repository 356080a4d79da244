"""Agreeing ratings together (SCIROCCO's workshop step): everyone's individual ratings
side by side with the group's median, spread and agreement, and a page where a
facilitator records the rating the group agreed, with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.accounts.permissions import Action
from commissioning.assessment import consensus_services
from commissioning.assessment.access import assessment_for, is_facilitator
from commissioning.assessment.forms_sharing import DONT_KNOW, ConsensusForm
from commissioning.assessment.models import Assessment, Question
from commissioning.assessment.services import AssessmentRuleError
from commissioning.lib.http import refuse_method


@login_required
def consensus(request: HttpRequest, pk: str) -> HttpResponse:
    # Access first, so an outsider learns nothing (404) whatever the method.
    assessment = assessment_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    sections = consensus_services.consensus_sections(assessment)
    # The tables are a fragment cached under a digest of what they show and whether
    # the viewer is a facilitator (who sees the links to record agreed ratings).
    return render(
        request,
        "assessment/consensus.html",
        {
            "assessment": assessment,
            "sections": sections,
            "content_version": consensus_services.consensus_version(assessment, sections),
            "facilitator": is_facilitator(request.user, assessment),
            "level_names": assessment.instrument.level_names,
        },
    )


def _question_or_404(assessment: Assessment, code: str) -> Question:
    question = (
        Question.objects.filter(section__instrument_id=assessment.instrument_id, code=code)
        .select_related("section")
        .first()
    )
    if question is None:
        raise Http404("No such question.")
    return question


@login_required
def consensus_record(request: HttpRequest, pk: str, code: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.RECORD_CONSENSUS)
    question = _question_or_404(assessment, code)
    row = consensus_services.consensus_row(assessment, question)
    level_names = assessment.instrument.level_names
    if row.agreed is not None:
        default = DONT_KNOW if row.agreed.dont_know else str(row.agreed.rating)
    elif row.summary.suggested is not None:
        default = str(row.summary.suggested)
    else:
        default = DONT_KNOW if row.dont_know else None
    form = ConsensusForm(
        request.POST if request.method == "POST" else None,
        level_names=level_names,
        initial={
            "rating": default,
            "rationale": row.agreed.rationale if row.agreed else "",
            "seen": consensus_services.consensus_stamp(row.agreed),
        },
    )
    if request.method == "POST" and form.is_valid():
        rating, dont_know = form.rating_value()
        try:
            result = consensus_services.consensus_record(
                assessment=assessment,
                question=question,
                user=request.user,
                rating=rating,
                dont_know=dont_know,
                rationale=form.cleaned_data["rationale"],
                seen=form.cleaned_data["seen"],
            )
        except AssessmentRuleError as error:
            form.add_error(None, str(error))
        else:
            text = consensus_services.consensus_message(
                result, question=question, level_names=level_names
            )
            if result.overtaken:
                messages.warning(request, text)
            else:
                messages.success(request, text)
            url = reverse("assessment:consensus", args=[assessment.pk])
            return redirect(f"{url}#question-{question.code}")
    return render(
        request,
        "assessment/consensus_record.html",
        {"assessment": assessment, "question": question, "row": row, "form": form},
    )
