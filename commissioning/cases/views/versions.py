"""A case's saved versions: who saved what and when, what each version said, and
restoring one (as a new version, so nothing is lost)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.accounts.permissions import Action
from commissioning.cases import access, defaults, document, selectors, services
from commissioning.cases.models import Case, CaseVersion


def _version(case: Case, number: int) -> CaseVersion:
    try:
        return case.versions.select_related("created_by").get(number=number)
    except CaseVersion.DoesNotExist:
        raise Http404("No such version.") from None


@login_required
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)
    return render(
        request,
        "cases/versions.html",
        {"case": case, "versions": case.versions.select_related("created_by")},
    )


@login_required
def version(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    case = access.case_for(request.user, pk)
    snapshot = _version(case, version)
    library = defaults.Library.load()
    return render(
        request,
        "cases/version.html",
        {
            "case": case,
            "snapshot": snapshot,
            "inputs": selectors.input_rows(snapshot.inputs, snapshot.provenance, library),
            "narrative": [
                s for s in document.narrative_sections(snapshot.narrative).values() if s["written"]
            ],
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.EDIT)
    snapshot = _version(case, version)
    restored = services.case_restore(case=case, user=request.user, version=snapshot)
    messages.success(
        request, f"Version {snapshot.number} has been restored as version {restored.version}."
    )
    return redirect("cases:versions", case.pk)
