"""Refuse, for every view at once, requests that no person could send by typing.

- A NUL character (``%00``) in the path, a query parameter or a form field (name or
  value): PostgreSQL cannot store or even compare text with NUL in it, so a search or
  lookup with one would otherwise fail with a server error.
- A file sent to a view that takes none (it would be parsed, spooled to disk and then
  silently ignored). Views that take uploads say so with ``@accepts_files``.

Either gets a 400 page that says what was wrong, before the view runs, so nothing is
saved. (Lone surrogates cannot arrive in a request: Django decodes the query string and
form bodies as UTF-8 with replacement characters.)
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template import loader

NUL = "\x00"
NUL_PROBLEM = "The address or the form contained a NUL character (code 0), which is not allowed."
FILE_PROBLEM = "A file was sent to a page that does not take files."


def accepts_files[View: Callable[..., Any]](view: View) -> View:
    """Mark a view that takes file uploads (the only ones allowed to receive files)."""
    view.accepts_files = True  # type: ignore[attr-defined]
    return view


def has_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in data.getlist(key)) for key in data)


def refuse(request: HttpRequest, problem: str) -> HttpResponse:
    body = loader.render_to_string("400.html", {"problem": problem}, request=request)
    return HttpResponse(body, status=400)


class RequestChecksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if NUL in request.path or has_nul(request.GET):
            return refuse(request, NUL_PROBLEM)
        if request.method in ("POST", "PUT", "PATCH"):
            if has_nul(request.POST):
                return refuse(request, NUL_PROBLEM)
            if request.FILES and not getattr(view, "accepts_files", False):
                return refuse(request, FILE_PROBLEM)
        return None
