"""Deleting an assessment: a confirmation page that says what will go, then the
deletion (organisation admins and the member who started it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.permissions import Action
from commissioning.assessment import services
from commissioning.assessment.access import assessment_for


@login_required
def delete(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.DELETE)
    if request.method == "POST":
        if services.assessment_delete(assessment=assessment, user=request.user):
            messages.success(request, f"The assessment '{assessment.title}' has been deleted.")
        else:
            messages.info(request, f"The assessment '{assessment.title}' was already deleted.")
        return redirect("assessment:index")
    return render(
        request,
        "assessment/delete.html",
        {
            "assessment": assessment,
            "answers": assessment.answers.count(),
            "participants": assessment.participants.count(),
            "plan_items": assessment.plan.count(),
        },
    )
