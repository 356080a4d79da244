"""The organisation's activity log (admins only) and "download my data"."""

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commissioning.accounts.access import admin_membership_for
from commissioning.datasafety.models import AuditEvent
from commissioning.datasafety.personal_data import personal_data
from commissioning.lib.http import attachment, refuse_method

EVENTS_PER_PAGE = 50


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    # Access first (404 for outsiders, 403 for plain members), whatever the method.
    membership = admin_membership_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    organisation = membership.organisation
    events = organisation.audit_events.select_related("actor", "subject")
    object_type = request.GET.get("type", "")
    if object_type in AuditEvent.ObjectType.values:
        events = events.filter(object_type=object_type)
    else:
        object_type = ""
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "datasafety/activity.html",
        {
            "organisation": organisation,
            "page": page,
            "object_type": object_type,
            "object_types": AuditEvent.ObjectType.choices,
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    if refused := refuse_method(request):
        return refused
    data = personal_data(request.user)
    filename = f"pair-toolkit-my-data-{timezone.localdate():%Y-%m-%d}.json"
    return attachment(
        json.dumps(data, indent=2, ensure_ascii=False),
        "application/json; charset=utf-8",
        filename,
    )
