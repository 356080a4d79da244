"""The "choose your area" component: a GET search form whose results link back to a
page with ``?area=CODE``. No JavaScript.

A page embeds it with ``{% include "areas/_picker.html" with picker=picker %}``, where
``picker = picker_for(request)``, outside any other ``<form>`` (forms cannot nest). The
page then reads the chosen area with ``chosen_area(request.GET.get("area"))`` and
pre-fills its own fields from ``defaults.area_defaults(area.code)``; the user can
always change what was pre-filled.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from commissioning.areas import selectors
from commissioning.areas.models import Area

RESULTS = 20


@dataclass(frozen=True)
class Result:
    code: str
    name: str
    level_label: str
    url: str


@dataclass(frozen=True)
class Picker:
    """What ``areas/_picker.html`` draws. ``action``: where the search form goes (GET);
    ``hidden``: parameters it carries along; ``results``: matches linking to
    ``target?area=CODE``; ``chosen``: the area already chosen, if any."""

    action: str
    query_param: str
    query: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    more: bool = False
    too_short: bool = False
    chosen: Area | None = None
    heading: str = "Find your area"
    input_id: str = "area-picker-query"


def chosen_area(code: str | None) -> Area | None:
    """The area with ``code`` (any case), or None for a blank or unknown code."""
    if not code:
        return None
    return Area.objects.filter(code=code.strip().upper()[:9]).first()


def link_with_area(target: str, code: str, keep: dict[str, str] | None = None) -> str:
    """``target`` with ``area=code`` (and ``keep``) in its query string; its own query
    parameters are kept and its #fragment stays at the end."""
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "area"]
    params = urlencode([*query, *(keep or {}).items(), ("area", code)])
    return urlunsplit(("", "", parts.path, params, parts.fragment))


def safe_next(request: HttpRequest, value: str | None, default: str) -> str:
    """``value`` if it is a path on this site, else ``default`` (no open redirects)."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return default


def picker_for(
    request: HttpRequest,
    *,
    target: str | None = None,
    query_param: str = "area_q",
    keep: dict[str, str] | None = None,
    heading: str = "Find your area",
) -> Picker:
    """The picker's state for this request: search ``request.GET[query_param]`` and
    link each result to ``target`` (default: this page) with ``?area=CODE``. ``keep``:
    extra parameters the search form carries (e.g. ``{"next": ...}``)."""
    query = request.GET.get(query_param, "").strip()[:100]
    target = target or request.path
    results: list[Result] = []
    more = too_short = False
    if query:
        if len(query) < selectors.MIN_QUERY:
            too_short = True
        else:
            found = list(selectors.area_search(query)[: RESULTS + 1])
            more = len(found) > RESULTS
            results = [
                Result(a.code, a.name, a.level_label, link_with_area(target, a.code))
                for a in found[:RESULTS]
            ]
    return Picker(
        action=request.path,
        query_param=query_param,
        query=query,
        hidden=list((keep or {}).items()),
        results=results,
        more=more,
        too_short=too_short,
        chosen=chosen_area(request.GET.get("area")),
        heading=heading,
    )
