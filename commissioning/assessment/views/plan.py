"""The action plan: for each priority, the intervention functions the Behaviour
Change Wheel suggests and the knowledge base's actions; adopting actions, adding
your own, and tracking each item's owner, due date and status.

Everyone who may see the assessment sees its plan; members of the owning organisation
change it (``Action.EDIT_PLAN``), also after the assessment is submitted (the plan is
how progress is tracked). Invited raters and facilitators do not.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from commissioning.accounts.permissions import Action
from commissioning.assessment import plan_services, stored_results, summaries
from commissioning.assessment.access import actions_on, assessment_for
from commissioning.assessment.forms_plan import AdoptForm, PlanItemForm
from commissioning.assessment.models import PlanItem
from commissioning.lib.http import GET_POST, refuse_method


@login_required
def plan(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    scored = stored_results.scored_for(assessment)
    items = summaries.plan_items(assessment)
    # The suggestions are worked out only when the template needs them: that part of
    # the page is a fragment cached under the ratings' content version, the actions
    # already adopted and whether the viewer may change the plan (its Adopt buttons).
    adopted = sorted(item.action_id for item in items if item.action_id)
    return render(
        request,
        "assessment/plan.html",
        {
            "assessment": assessment,
            "content_version": f"{scored.content_version}:{adopted}",
            "entries": SimpleLazyObject(
                lambda: summaries.plan_entries(summaries.analysis_of(scored), items)
            ),
            "items": items,
            "pdf": False,
            "link_base": "",
            "may_edit_plan": Action.EDIT_PLAN in actions_on(request.user, assessment),
        },
    )


@require_POST
@login_required
def adopt(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.EDIT_PLAN)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["action"][0])
        return redirect("assessment:plan", assessment.pk)
    try:
        item = plan_services.plan_adopt(
            assessment=assessment, action=form.cleaned_data["action"], user=request.user
        )
    except plan_services.PlanRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"“{item.title}” has been added to your plan. Set an owner and a due date."
        )
    return redirect(reverse("assessment:plan", args=[assessment.pk]) + "#your-plan")


@login_required
def add(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.EDIT_PLAN)
    if refused := refuse_method(request, GET_POST):
        return refused
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        initial={"status": PlanItem.Status.PLANNED},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan_services.plan_item_add(
            assessment=assessment,
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            status=data["status"],
            user=request.user,
        )
        messages.success(request, f"“{data['title']}” has been added to your plan.")
        return redirect("assessment:plan", assessment.pk)
    return render(
        request,
        "assessment/plan_item.html",
        {"assessment": assessment, "form": form, "item": None},
    )


@login_required
def item_edit(request: HttpRequest, pk: str, item: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.EDIT_PLAN)
    plan_item = get_object_or_404(
        PlanItem.objects.select_related("factor", "action"), assessment=assessment, pk=item
    )
    if refused := refuse_method(request, GET_POST):
        return refused
    own = plan_item.action_id is None
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        own=own,
        initial=PlanItemForm.initial_for(plan_item),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan_services.plan_item_update(
            item=plan_item,
            owner=data["owner"],
            due_date=data["due_date"],
            status=data["status"],
            title=data.get("title"),
            description=data.get("description"),
            user=request.user,
        )
        messages.success(request, f"“{plan_item.title}” has been updated.")
        return redirect("assessment:plan", assessment.pk)
    return render(
        request,
        "assessment/plan_item.html",
        {"assessment": assessment, "form": form, "item": plan_item},
    )


@require_POST
@login_required
def item_remove(request: HttpRequest, pk: str, item: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, Action.EDIT_PLAN)
    plan_item = get_object_or_404(PlanItem, assessment=assessment, pk=item)
    plan_services.plan_item_remove(item=plan_item, user=request.user)
    messages.success(request, f"“{plan_item.title}” has been removed from your plan.")
    return redirect("assessment:plan", assessment.pk)
