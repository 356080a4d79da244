"""Turn a database outage into a clean 503 page instead of a server error.

While PostgreSQL restarts (or a connection drops), requests fail with
``OperationalError`` or ``InterfaceError``. Users then see "Service unavailable" with
a Retry-After header; nothing is half-saved because each write is one transaction,
and persistent connections are health-checked, so the site recovers by itself on the
next request once the database answers.
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        # A plain template: rendering must not touch the database (no context processors).
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
