"""The "choose your area" component: a GET search form whose results link back to a
page with ``?area=CODE``. No JavaScript.

A page embeds it with ``{% include "areas/_picker.html" with picker=picker %}``, where
``picker = picker_for(request)``, outside any other ``<form>`` (forms cannot nest). The
page then reads the chosen area with ``chosen_area(request.GET.get("area"))`` and
pre-fills its own fields from ``defaults.area_defaults(area.code)``; the user can
always change what was pre-filled.

A page whose form the user may have started typing in offers a submit button named
``CHOOSE`` inside that form instead of a plain link: the view keeps what was typed
(``draft_keep``, in the session, nothing saved) and sends the user to the choose page;
back on the page with ``?area=CODE`` it takes the draft (``draft_take``) as the form's
initial values, so choosing an area loses nothing already typed.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from commissioning.areas import selectors
from commissioning.areas.models import Area

RESULTS = 20
CHOOSE = "choose_area"  # the name of the "Choose your area" button inside a form
DRAFTS = "area_picker_drafts"  # session key: {page path: {field: [values]}}
DRAFT_FIELDS = 60  # at most this many fields, each value at most DRAFT_VALUE characters
DRAFT_VALUE = 5000
NOT_KEPT = frozenset({"csrfmiddlewaretoken", CHOOSE, "save_and_return", "seen_version"})


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


def draft_keep(request: HttpRequest, *, back: str) -> str:
    """Keep what the user typed in this POST for the page ``request.path`` (one draft a
    page, replacing any older one) and return the choose page's address, which links
    back to ``back`` with ``?area=CODE``. Nothing is validated or saved."""
    draft: dict[str, list[str]] = {}
    for name, values in request.POST.lists():
        if name in NOT_KEPT or len(draft) >= DRAFT_FIELDS:
            continue
        draft[name[:100]] = [value[:DRAFT_VALUE] for value in values[:20]]
    drafts = {**request.session.get(DRAFTS, {}), request.path: draft}
    request.session[DRAFTS] = drafts
    return reverse("areas:choose") + "?" + urlencode({"next": back})


def draft_take(request: HttpRequest) -> dict[str, str | list[str]]:
    """The draft kept for this page, once (it is forgotten as it is taken): each field's
    value, or its list of values when it had several (checkboxes)."""
    drafts = dict(request.session.get(DRAFTS, {}))
    draft = drafts.pop(request.path, None)
    if draft is None:
        return {}
    request.session[DRAFTS] = drafts
    return {name: values[0] if len(values) == 1 else values for name, values in draft.items()}
