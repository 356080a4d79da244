"""The results page: the profile charts with their tables, a plain-English reading,
priorities, strengths and evidence gaps. Works for an assessment in progress (the
page says the results are provisional) and a submitted one."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from commissioning.assessment import stored_results, summaries
from commissioning.assessment.access import assessment_for
from commissioning.lib.http import refuse_method


@login_required
def results(request: HttpRequest, pk: str) -> HttpResponse:
    # Access first, so an outsider gets 404 whatever the method.
    assessment = assessment_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    # The report is worked out only when the template needs it: the page's body is a
    # fragment cached under the assessment's content version (its ratings, status,
    # instrument and the knowledge base's generation).
    scored = stored_results.scored_for(assessment)
    return render(
        request,
        "assessment/results.html",
        {
            "assessment": assessment,
            "content_version": scored.content_version,
            "report": SimpleLazyObject(lambda: summaries.report_of(scored)),
            "pdf": False,
            "link_base": "",
        },
    )
