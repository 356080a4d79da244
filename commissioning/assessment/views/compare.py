"""History: two of the user's assessments side by side, per section and per COM-B
sub-component, and the plan actions completed between them.

``?a=<uuid>&b=<uuid>``. Either id naming an assessment the user cannot see is a 404,
exactly as its own pages would be."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commissioning.assessment import summaries
from commissioning.assessment.forms_plan import CompareForm
from commissioning.assessment.models import Assessment

# Hidden field the form sends, so a link with only ?a= shows no errors.
SUBMITTED = "compare"


def _check_visible(assessments: QuerySet[Assessment], value: str | None) -> None:
    if not value:
        return
    try:
        UUID(value)
    except ValueError:
        raise Http404("No such assessment.") from None
    if not assessments.filter(pk=value).exists():
        raise Http404("No such assessment.")


@require_safe
@login_required
def compare(request: HttpRequest) -> HttpResponse:
    assessments = (
        Assessment.objects.for_user(request.user)
        .select_related("organisation", "instrument")
        .order_by("-created_at")
    )
    for name in ("a", "b"):
        _check_visible(assessments, request.GET.get(name))
    submitted = SUBMITTED in request.GET or ("a" in request.GET and "b" in request.GET)
    form = CompareForm(
        request.GET if submitted else None,
        assessments=assessments,
        initial={"a": request.GET.get("a")},
    )
    result = None
    if submitted and form.is_valid():
        result = summaries.comparison(form.cleaned_data["a"], form.cleaned_data["b"])
    return render(
        request,
        "assessment/compare.html",
        {"form": form, "assessments": list(assessments), "result": result},
    )
