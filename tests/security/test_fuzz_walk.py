"""The fuzz walk: hostile values in every GET parameter and every form field of every
route, as an anonymous visitor, a member and a curator; no answer may be a 500.

Routes come from Django's resolver (a new route is walked without being listed here);
their arguments come from the authorisation matrix's world, or a real knowledge item,
area or object id. For each route and person:

- one plain GET, whose page is parsed for forms and the query names its links use;
- one GET per hostile value with that value in every query name the code reads
  (``request.GET`` names found in the source) and the page uses;
- for a route whose argument is free text (a token, an admin object id), one GET per
  hostile value in the path;
- for every POST form on the page: one POST per hostile value in every field at once,
  and one POST per field with only that field changed, to one of the "stubborn" values
  in turn (so a check that runs only once the other fields are valid is reached too).

The values: a NUL, a lone surrogate (as the UTF-8 bytes a browser could send), 100,000
characters, a number of 5,000 digits and one with a huge exponent. The walk does not
depend on the database engine except for NUL, which only PostgreSQL refuses; it is
marked ``walk`` (CI runs it on SQLite) and passes on PostgreSQL too.
"""

import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.knowledge.models import Factor, Parameter, Programme, Source
from tests.areas.support import load_shipped
from tests.factories import make_user
from tests.knowledge.curation_support import load_small_kb
from tests.security.test_authorisation_matrix import walk, world  # noqa: F401

pytestmark = [pytest.mark.walk, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]
VALUES: dict[str, bytes] = {
    "nul": b"ab\x00cd",
    "surrogate": b"ab\xed\xa0\x80cd",
    "long": b"x" * 100_000,
    "digits": b"9" * 5000,
    "exponent": b"1e999999999",
}
STUBBORN = ("digits", "long", "exponent")  # tried one field at a time, in turn
ICB = "E54000050"
# Routes left out, with the reason.
SKIPPED = {
    "accounts:logout": "signs the walker out",
    "admin:logout": "signs the walker out",
    "admin:password_change": "Django's own form",
}
# Server errors found by the walk and left to the work that owns the page, each with
# its reason; the walk still reports them in its count.
KNOWN_CRASHES: tuple[str, ...] = ()
# The admin's pages for one object of each model (change, delete, history, versions)
# are Django's own and all alike: the walk takes each model's list, add and upload or
# import pages instead (whose query names and fields the curators' pages share).
ADMIN_OBJECT_PAGES = ("_change", "_delete", "_history", "_recover", "_revision", "_recoverlist")


def source_query_names() -> set[str]:
    """Every name the code reads from ``request.GET``."""
    pattern = re.compile(r"GET(?:\.get|\.getlist)?[(\[]\"(\w+)\"")
    names: set[str] = set()
    for path in (ROOT / "commissioning").rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names | {"q", "o", "p"}  # the admin's search, ordering and page


class Page(HTMLParser):
    """The POST forms of a page (action and fields with their values) and the query
    names its links and GET forms use."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.query_names: set[str] = set()
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "a" and "?" in attributes.get("href", ""):
            query = attributes["href"].split("?", 1)[1].split("#")[0]
            self.query_names.update(part.split("=")[0] for part in query.split("&") if part)
        if tag == "form":
            method = attributes.get("method", "get").lower()
            self._form = {"method": method, "action": attributes.get("action", ""), "fields": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attributes.get("name")
        if tag in ("input", "textarea") and name:
            if self._form["method"] == "get":
                self.query_names.add(name)
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                self._form["fields"].setdefault(name, attributes.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._form["fields"][name] = attributes.get("value", "")
        if tag == "select" and name:
            self._select = name
            self._form["fields"].setdefault(name, "")
        if tag == "option" and self._select and "selected" in attributes:
            self._form["fields"][self._select] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        if tag == "select":
            self._select = None


def encode(fields: dict[str, bytes | str]) -> bytes:
    return b"&".join(
        quote_from_bytes(name.encode()).encode()
        + b"="
        + quote_from_bytes(value if isinstance(value, bytes) else value.encode())
        .encode()
        .replace(b"%20", b"+")
        for name, value in fields.items()
    )


class Walker:
    def __init__(self, client: Client, who: str) -> None:
        self.client, self.who = client, who
        self.requests = 0
        self.crashes: list[str] = []

    def send(self, method: str, url: str, body: bytes = b"", note: str = "") -> object:
        self.requests += 1
        if method == "GET":
            response = self.client.get(url)
        else:
            response = self.client.post(
                url, data=body, content_type="application/x-www-form-urlencoded"
            )
        if response.status_code >= 500:
            self.crashes.append(f"{self.who} {method} {url[:120]} {note}")
        return response

    def route(self, url: str, names: set[str], free_text: bool) -> None:
        response = self.send("GET", url, note="plain")
        if url.startswith("/admin/") and self.who != "curator":
            return  # the admin's sign-in page, walked once for the anonymous visitor
        page = Page()
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            page.feed(response.content.decode("utf-8", "replace"))
        query_names = names | page.query_names
        for label, value in VALUES.items():
            query = encode(dict.fromkeys(sorted(query_names), value)).decode()
            self.send("GET", f"{url}?{query}", note=f"query {label}")
            if free_text:
                hostile = quote_from_bytes(value[:200])
                self.send("GET", re.sub(r"[^/]+/$", f"{hostile}/", url), note=f"path {label}")
        for form in page.forms:
            if form["method"] == "post":
                self.form(form, url)

    def form(self, form: dict, page_url: str) -> None:
        action = form["action"] or page_url
        if urlsplit(action).netloc:
            return
        fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
        if not fields:
            return  # a button only (sign out, delete, retry): nothing typed to fuzz
        for label, value in VALUES.items():
            self.send("POST", action, encode(dict.fromkeys(fields, value)), f"all {label}")
        if action.startswith("/admin/"):
            return  # Django's own admin forms: every field at once is enough
        for index, name in enumerate(fields):
            label = STUBBORN[index % len(STUBBORN)]
            body = encode({**fields, name: VALUES[label]})
            self.send("POST", action, body, f"{name}={label}")


def route_urls(worlds: dict) -> list[tuple[str, str, bool]]:
    """(name, url, whether an argument is free text) for every route."""
    factor = Factor.objects.order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    known = {
        "knowledge": {
            "slug": factor.slug,
            "key": (Parameter.objects.first() or Source.objects.first()).key,
        },
        "api": {"slug": factor.slug},
        "areas": {"code": ICB},
        "servicemap": {"level": "universal", "sector": "health", "service_id": 1},
    }
    urls = []
    for name, pattern in walk_routes():
        namespace = name.split(":")[0]
        arguments = {**known.get(namespace, {}), **worlds.get(namespace, {})}
        if name == "knowledge:programme" and programme:
            arguments["slug"] = programme.slug
        if name.startswith("knowledge:") and name.endswith("source"):
            arguments["key"] = Source.objects.first().key
        kwargs, free_text = {}, False
        for argument, converter in pattern.pattern.converters.items():
            kind = type(converter).__name__
            free_text = free_text or kind in ("StringConverter", "PathConverter")
            default = {"IntConverter": 1, "UUIDConverter": "0" * 8 + "-0000-0000-0000-" + "0" * 12}
            kwargs[argument] = arguments.get(argument, default.get(kind, "1"))
        urls.append((name, reverse_any(name, pattern, kwargs), free_text))
    return urls


def reverse_any(name: str, pattern, kwargs: dict) -> str:
    """The route's address; a regular-expression route (the admin's) gets an app label
    or "1" for each group."""
    regex = getattr(pattern.pattern, "regex", None)
    if pattern.pattern.converters or regex is None or not regex.groups:
        return reverse(name, kwargs=kwargs)
    if regex.groupindex:
        return reverse(name, kwargs=dict.fromkeys(regex.groupindex, "knowledge"))
    return reverse(name, args=["1"] * regex.groups)


def walk_routes():
    from django.urls import get_resolver

    for name, pattern in walk(get_resolver()):
        if name in SKIPPED or name.endswith(ADMIN_OBJECT_PAGES):
            continue
        yield name, pattern


@pytest.fixture
def walkers(world, alice):  # noqa: F811
    load_shipped()
    load_small_kb()
    curator = make_user(email="curator@toolkit.example", is_staff=True, is_superuser=True)
    people = {"anonymous": Client(), "member": Client(), "curator": Client()}
    people["member"].force_login(alice)
    people["curator"].force_login(curator)
    for client in people.values():
        client.raise_request_exception = False
    return world, {who: Walker(client, who) for who, client in people.items()}


def test_no_hostile_input_anywhere_gets_a_server_error(walkers, capsys):
    worlds, people = walkers
    names = source_query_names()
    started = time.monotonic()
    urls = route_urls(worlds)
    for walker in people.values():
        for _, url, free_text in urls:
            walker.route(url, names, free_text)
    requests = sum(walker.requests for walker in people.values())
    crashes = [crash for walker in people.values() for crash in walker.crashes]
    with capsys.disabled():
        print(
            f"\nfuzz walk: {len(urls)} routes x {len(people)} people, {requests:,} requests "
            f"in {time.monotonic() - started:.0f} s, {len(crashes)} server errors"
        )
    assert len(urls) > 100
    unknown = [crash for crash in crashes if not crash.startswith(KNOWN_CRASHES)]
    assert not unknown, "Server errors:\n" + "\n".join(unknown)
