"""The list of an organisation's cases, starting a case, its task list, renaming,
duplicating and deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.accounts.access import member_organisations
from commissioning.accounts.permissions import Action
from commissioning.cases import access, defaults, selectors, services, steps
from commissioning.cases.forms.questions import NameForm, StartForm
from commissioning.cases.models import Case


def _kinds() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Case.Kind.choices]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisations = member_organisations(request.user)
    form = StartForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        kinds=_kinds(),
        initial={"organisation": organisations.first()},
    )
    if request.method == "POST" and form.is_valid():
        case = services.case_create(
            organisation=form.cleaned_data["organisation"],
            user=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
        )
        messages.success(request, f"Your case '{case.title}' has been started.")
        return redirect("cases:tasks", case.pk)
    return render(
        request,
        "cases/index.html",
        {
            "cases": selectors.cases_for(request.user),
            "shared": selectors.shared_with(request.user),
            "form": form,
            "organisations": organisations,
            "summaries": {kind: defaults.template_summary(kind) for kind, _ in _kinds()},
        },
    )


@login_required
def tasks(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)
    actions = access.case_actions(request.user, case)
    return render(
        request,
        "cases/tasks.html",
        {
            "case": case,
            "tasks": steps.task_list(case),
            "options": selectors.options_of(case),
            "may_delete": Action.DELETE in actions,
            "may_invite": Action.INVITE in actions,
            "may_edit": Action.EDIT in actions,
            "may_duplicate": Action.DUPLICATE in actions,
        },
    )


@login_required
def name(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    form = NameForm(
        request.POST if request.method == "POST" else None, initial={"title": case.title}
    )
    if request.method == "POST" and form.is_valid():
        services.case_rename(case=case, user=request.user, title=form.cleaned_data["title"])
        messages.success(request, "The case has been renamed.")
        return redirect("cases:tasks", case.pk)
    return render(request, "cases/name.html", {"case": case, "form": form})


@login_required
@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.DUPLICATE)
    copied = services.case_duplicate(case=case, user=request.user)
    messages.success(request, f"'{case.title}' has been copied. You are now working on the copy.")
    return redirect("cases:tasks", copied.pk)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.DELETE)
    if request.method == "POST":
        if services.case_delete(case=case, user=request.user):
            messages.success(request, f"The case '{case.title}' has been deleted.")
        else:
            messages.info(request, f"The case '{case.title}' was already deleted.")
        return redirect("cases:index")
    return render(request, "cases/delete.html", {"case": case})
