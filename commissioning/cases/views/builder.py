"""One view for every step of the builders (steps.py holds the steps as data).

A POST is saved only when every form on the page is valid and the engine accepts the
whole resulting case; otherwise the page comes back with every problem in the error
summary and beside its field, and nothing is written."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.accounts.permissions import Action
from commissioning.areas.picker import CHOOSE, draft_keep, draft_take
from commissioning.cases import access, defaults, option_services, selectors, services, steps
from commissioning.cases.economics import CaseInvalid


def _seen_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("seen_version", ""))
    except ValueError:
        return None


def _step_url(case_pk: int, slug: str, option_key: str | None) -> str:
    url = reverse("cases:step", args=[case_pk, slug])
    return f"{url}?option={option_key}" if option_key else url


@login_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    definition = steps.get_step(step)
    if definition is None:
        raise Http404("No such step.")
    # ?option=PK edits another option of the case (views/options.py) through the same
    # steps; the narrative belongs to the whole case.
    option = selectors.option_for(case, request.GET["option"]) if "option" in request.GET else None
    if option is not None and definition.slug == "narrative":
        return redirect("cases:step", case.pk, definition.slug)
    shown = selectors.option_as_case(case, option) if option is not None else case
    key = str(option.pk) if option is not None else None
    library = defaults.Library.load()
    if request.method == "POST" and CHOOSE in request.POST:
        # "Choose your area": keep what was typed (nothing saved), choose, and come
        # back here with ?area=CODE and the typed figures filled in again.
        back = _step_url(case.pk, definition.slug, key) + "#case-area-heading"
        return redirect(draft_keep(request, back=back))
    area = request.GET.get("area")
    typed = draft_take(request) if request.method == "GET" else {}
    page = definition.page(
        shown,
        library,
        request.POST if request.method == "POST" else None,
        area=area,
        initial=typed,
    )
    if request.method == "POST" and page.is_valid():
        try:
            if option is not None:
                option_services.option_save(
                    case=case,
                    user=request.user,
                    option=option,
                    step=definition.slug,
                    seen_version=_seen_version(request),
                    comment=f"Saved '{definition.title}' for the option '{option.name}'",
                    **page.change(),
                )
            else:
                services.case_save(
                    case=case,
                    user=request.user,
                    step=definition.slug,
                    seen_version=_seen_version(request),
                    comment=f"Saved '{definition.title}'",
                    **page.change(),
                )
        except CaseInvalid as invalid:
            page.add_engine_errors(invalid.errors)
        except services.CaseConflict as conflict:
            case.refresh_from_db()
            if option is not None:
                option.refresh_from_db()
                shown = selectors.option_as_case(case, option)
            else:
                shown = case
            page = definition.page(shown, library, area=area)
            page.add_page_error(str(conflict))
        else:
            following = steps.following(definition.slug)
            if "save_and_return" in request.POST:
                return redirect("cases:options" if option is not None else "cases:tasks", case.pk)
            if following is None or (option is not None and following.slug == "narrative"):
                return redirect("cases:results", case.pk)
            return redirect(_step_url(case.pk, following.slug, key))
    errors = page.error_items()
    return render(
        request,
        definition.template,
        {
            **page.context(),
            "case": shown,
            "option": option,
            "option_label": option.name if option is not None else case.option_label,
            "options": selectors.options_of(case),
            "step": definition,
            "previous": steps.previous(definition.slug),
            "page": page,
            "errors": errors,
            # base.html prefixes the <title> with "Error:" when form.errors is set.
            "form": {"errors": bool(errors)},
        },
    )
