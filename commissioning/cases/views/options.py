"""A case's options: the list, adding one as a copy of another, renaming, deleting, and
recording the preferred option and why. Members of the case's organisation only (others
get 404, as for the case); every change through option_services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.accounts.permissions import Action
from commissioning.cases import access, option_services, selectors
from commissioning.cases.economics.options import MAX_OPTIONS
from commissioning.cases.forms.options import AddOptionForm, OptionNameForm, PreferForm


def _refused(form: object, refused: option_services.OptionRefused) -> None:
    for field, message in refused.errors.items():
        form.add_error(field if field in form.fields else None, message)  # type: ignore[attr-defined]


@login_required
def options(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    views = selectors.options_of(case)
    choices = [(view.key, view.name) for view in views]
    add = AddOptionForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"copy_from": views[-1].key},
    )
    if request.method == "POST" and add.is_valid():
        try:
            option = option_services.option_add(
                case=case,
                user=request.user,
                name=add.cleaned_data["name"],
                copy_from=add.cleaned_data["copy_from"],
            )
        except option_services.OptionRefused as refused:
            _refused(add, refused)
        else:
            messages.success(request, f"The option '{option.name}' has been added.")
            return redirect("cases:options", case.pk)
    prefer = PreferForm(
        choices=choices,
        initial={"preferred": case.preferred_option, "reason": case.preferred_reason},
    )
    return render(
        request,
        "cases/options.html",
        {
            "case": case,
            "options": views,
            "add": add,
            "prefer": prefer,
            "form": add,
            "may_add": len(views) < MAX_OPTIONS,
            "max_options": MAX_OPTIONS,
        },
    )


@login_required
def rename(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    if key == option_services.MAIN:
        current = case.option_label
    else:
        current = selectors.option_for(case, key).name
    form = OptionNameForm(
        request.POST if request.method == "POST" else None, initial={"name": current}
    )
    if request.method == "POST" and form.is_valid():
        try:
            option_services.option_rename(
                case=case, user=request.user, key=key, name=form.cleaned_data["name"]
            )
        except option_services.OptionRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "The option has been renamed.")
            return redirect("cases:options", case.pk)
    return render(
        request, "cases/option_name.html", {"case": case, "form": form, "current": current}
    )


@login_required
def delete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    option = selectors.option_for(case, key)
    if request.method == "POST":
        if option_services.option_delete(case=case, user=request.user, option=option):
            messages.success(request, f"The option '{option.name}' has been deleted.")
        return redirect("cases:options", case.pk)
    return render(request, "cases/option_delete.html", {"case": case, "option": option})


@login_required
@require_POST
def prefer(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    views = selectors.options_of(case)
    form = PreferForm(request.POST, choices=[(view.key, view.name) for view in views])
    if form.is_valid():
        try:
            option_services.option_prefer(
                case=case,
                user=request.user,
                key=form.cleaned_data["preferred"],
                reason=form.cleaned_data["reason"],
            )
        except option_services.OptionRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "The preferred option has been recorded.")
            return redirect("cases:results", case.pk)
    return render(
        request,
        "cases/options.html",
        {
            "case": case,
            "options": views,
            "add": AddOptionForm(choices=[(v.key, v.name) for v in views]),
            "prefer": form,
            "form": form,
            "may_add": len(views) < MAX_OPTIONS,
            "max_options": MAX_OPTIONS,
        },
    )
