"""Site-wide pages: home, statements, health check, API index and error pages."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from commissioning.core.journey import JOURNEY
from commissioning.core.middleware import RETRY_AFTER_SECONDS

# Read-only API endpoints, listed at /api/ once the app that serves them exists.
API_ENDPOINTS = (
    ("factors", "api:factors"),
    ("actions", "api:actions"),
    ("sources", "api:sources"),
    ("programmes", "api:programmes"),
    ("parameters", "api:parameters"),
    ("dataset", "api:dataset"),
)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"journey": JOURNEY})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "core/contact.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database answers a query, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def api_index(request: HttpRequest) -> JsonResponse:
    endpoints = {}
    for name, url_name in API_ENDPOINTS:
        try:
            endpoints[name] = request.build_absolute_uri(reverse(url_name))
        except NoReverseMatch:
            continue
    return JsonResponse(
        {
            "name": "PAIR Commissioning Toolkit API",
            "description": "Read-only, open data. Lists are paginated.",
            "endpoints": endpoints,
        }
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the error is the database being unreachable (for example
    while PostgreSQL restarts, including failures inside middleware such as saving a
    session). Renders plain templates: nothing here may touch the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
