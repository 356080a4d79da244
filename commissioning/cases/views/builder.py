"""One view for every step of the builders (steps.py holds the steps as data).

A POST is saved only when every form on the page is valid and the engine accepts the
whole resulting case; otherwise the page comes back with every problem in the error
summary and beside its field, and nothing is written."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.cases import defaults, selectors, services, steps
from commissioning.cases.economics import CaseInvalid


def _seen_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("seen_version", ""))
    except ValueError:
        return None


@login_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    definition = steps.get_step(step)
    if definition is None:
        raise Http404("No such step.")
    library = defaults.Library.load()
    # "Choose your area" (commissioning.areas) links back here with ?area=CODE.
    area = request.GET.get("area")
    page = definition.page(
        case, library, request.POST if request.method == "POST" else None, area=area
    )
    if request.method == "POST" and page.is_valid():
        try:
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
            page = definition.page(case, library, area=area)
            page.add_page_error(str(conflict))
        else:
            following = steps.following(definition.slug)
            if "save_and_return" in request.POST:
                return redirect("cases:tasks", case.pk)
            if following is None:
                return redirect("cases:results", case.pk)
            return redirect("cases:step", case.pk, following.slug)
    errors = page.error_items()
    return render(
        request,
        definition.template,
        {
            **page.context(),
            "case": case,
            "step": definition,
            "previous": steps.previous(definition.slug),
            "page": page,
            "errors": errors,
            # base.html prefixes the <title> with "Error:" when form.errors is set.
            "form": {"errors": bool(errors)},
        },
    )
