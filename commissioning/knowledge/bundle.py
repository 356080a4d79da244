"""Validate knowledge-base content in the exchange format (pure: no database).

The exchange format is the one the shipped files in ``content/`` use, and the one
curators import and export: a dict with any of the lists ``sources``, ``factors``,
``programmes`` and ``parameters``, each item a dict of plain values (see
``content/README.md``). ``validate_bundle`` checks a whole bundle against the codes
and keys that exist (``Known``) and returns every problem with its row, so a bad file
is rejected whole with reasons and nothing is applied.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from commissioning.prices.deflators import price_year_problem

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s<>\"]+$")

SOURCE_TYPES = {
    "qualitative",
    "systematic_review",
    "trial",
    "economic",
    "report",
    "guidance",
    "policy",
    "other",
}
GRADES = {"A", "B", "C", "D", "M", "N"}
STATUSES = {"draft", "review", "published"}
KINDS = {"barrier", "enabler", "both"}
LEVELS = {"general", "pair", "context"}
BASES = {"source", "editor"}
CATEGORIES = {
    "unit_cost",
    "prevalence",
    "per_case_cost",
    "aggregate_cost",
    "discount_rate",
    "threshold",
    "adjustment",
    "optimism_bias",
    "other",
}
MARKS = {"V", "S", "D", "P", "U"}
MAPPINGS = {
    "comb": "COM-B sub-component",
    "tdf": "TDF domain",
    "functions": "intervention function",
    "policies": "policy category",
    "bcts": "behaviour change technique",
}
MAX_DECIMAL = Decimal("1e14")


@dataclass(frozen=True)
class Problem:
    """One reason a bundle cannot be applied, e.g. row 3 of factors, field 'kind'."""

    section: str
    row: int
    key: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.section} row {self.row}"
        if self.key:
            where += f" ({self.key})"
        return f"{where}, {self.field}: {self.message}"


@dataclass
class Known:
    """Codes and keys already in the database (or the framework files)."""

    comb: set[str] = field(default_factory=set)
    tdf: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    policies: set[str] = field(default_factory=set)
    bcts: set[str] = field(default_factory=set)
    perspectives: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    factors: set[str] = field(default_factory=set)


class _Checker:
    def __init__(self, section: str, row: int, item: object) -> None:
        self.section = section
        self.row = row
        self.item = item if isinstance(item, dict) else {}
        self.key = str(self.item.get("slug") or self.item.get("key") or "")
        self.problems: list[Problem] = []
        if not isinstance(item, dict):
            self.add("(row)", "must be an object of fields")

    def add(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.section, self.row, self.key, name, message))

    def text(self, name: str, *, required: bool = True, max_length: int = 0) -> str:
        value = self.item.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(name, "must be text")
            return ""
        value = value.strip()
        if required and not value:
            self.add(name, "is required")
        if max_length and len(value) > max_length:
            self.add(name, f"must be at most {max_length} characters (it has {len(value)})")
        return value

    def choice(self, name: str, allowed: set[str], *, default: str | None = None) -> str:
        value = self.item.get(name, default)
        if value is None or value == "":
            if default is not None:
                return default
            self.add(name, "is required")
            return ""
        if value not in allowed:
            self.add(name, f"'{value}' is not one of {', '.join(sorted(allowed))}")
        return str(value)

    def slug(self, name: str) -> str:
        value = self.text(name, max_length=120)
        if value and not SLUG.match(value):
            self.add(name, "must use only lower-case letters, digits, hyphens or underscores")
        return value

    def url(self, name: str) -> None:
        value = self.text(name, required=False, max_length=500)
        if value and not URL.match(value):
            self.add(name, "must be a web address starting with http:// or https://")

    def year(self, name: str) -> None:
        value = self.item.get(name)
        if value in (None, ""):
            return
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.add(name, "must be a year such as 2024")
            return
        try:
            number = int(value)
        except ValueError:
            self.add(name, f"'{value}' is not a year such as 2024")
            return
        if not 1900 <= number <= 2100:
            self.add(name, f"{number} is not a plausible year (1900 to 2100)")

    def decimal(self, name: str, *, required: bool) -> Decimal | None:
        value = self.item.get(name)
        if value is None or value == "":
            if required:
                self.add(name, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.add(name, 'must be a number written as text, such as "0.035"')
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.add(name, f"'{value}' is not a number")
            return None
        if not number.is_finite():
            self.add(name, "must be a finite number")
            return None
        if abs(number) >= MAX_DECIMAL:
            self.add(name, "is too large (must be below 100 trillion)")
            return None
        return number

    def key_list(self, name: str, known: set[str], what: str, *, minimum: int = 0) -> list[str]:
        values = self.item.get(name, []) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.add(name, "must be a list of keys")
            return []
        for value in values:
            if value not in known:
                self.add(name, f"unknown {what} '{value}'")
        if len(values) != len(set(values)):
            self.add(name, "lists the same key twice")
        if len(values) < minimum:
            self.add(name, f"needs at least {minimum} {what}")
        return values

    def mapping(self, name: str, known: set[str], *, minimum: int) -> None:
        what = MAPPINGS[name]
        entries = self.item.get(name, []) or []
        if not isinstance(entries, list):
            self.add(name, "must be a list of {code, basis} entries")
            return
        codes = []
        for entry in entries:
            if not isinstance(entry, dict):
                self.add(name, "each entry must have a code and a basis")
                continue
            code = entry.get("code")
            codes.append(code)
            if code not in known:
                self.add(name, f"unknown {what} '{code}'")
            if entry.get("basis", "editor") not in BASES:
                self.add(name, f"basis '{entry.get('basis')}' must be 'source' or 'editor'")
        if len(codes) != len(set(codes)):
            self.add(name, f"lists the same {what} twice")
        if len(codes) < minimum:
            self.add(name, f"needs at least {minimum} {what}")


def _unique(section: str, items: list, key: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for row, item in enumerate(items, start=1):
        value = item.get(key) if isinstance(item, dict) else None
        if not value:
            continue
        if value in seen:
            problems.append(Problem(section, row, value, key, f"duplicates row {seen[value]}"))
        else:
            seen[value] = row
    return problems


def _source(row: int, item: object) -> list[Problem]:
    c = _Checker("sources", row, item)
    c.slug("key")
    c.text("authors", required=False, max_length=400)
    c.text("title", max_length=400)
    c.text("container", required=False, max_length=300)
    c.year("year")
    for name in ("volume", "issue", "pages"):
        c.text(name, required=False, max_length=40)
    c.text("doi", required=False, max_length=200)
    c.url("url")
    c.choice("type", SOURCE_TYPES)
    c.choice("grade", GRADES)
    c.text("notes", required=False)
    c.choice("status", STATUSES, default="published")
    return c.problems


def _factor(row: int, item: object, known: Known, factor_slugs: set[str]) -> list[Problem]:
    c = _Checker("factors", row, item)
    c.slug("slug")
    c.text("title", max_length=200)
    c.choice("kind", KINDS)
    c.text("summary", max_length=300)
    c.text("body")
    c.choice("level", LEVELS)
    c.text("theme", max_length=100)
    c.key_list("perspectives", known.perspectives, "perspective", minimum=1)
    c.mapping("comb", known.comb, minimum=1)
    c.mapping("tdf", known.tdf, minimum=1)
    c.mapping("functions", known.functions, minimum=1)
    c.mapping("policies", known.policies, minimum=1)
    c.mapping("bcts", known.bcts, minimum=0)
    c.key_list("sources", known.sources, "source", minimum=1)
    related = c.key_list("related", factor_slugs, "factor")
    if c.key and c.key in related:
        c.add("related", "a factor cannot be related to itself")
    c.choice("status", STATUSES, default="published")
    actions = c.item.get("actions", [])
    if not isinstance(actions, list):
        c.add("actions", "must be a list")
        actions = []
    for number, action in enumerate(actions, start=1):
        if not isinstance(action, dict):
            c.add(f"actions[{number}]", "must be an object")
            continue
        title = action.get("title")
        if not isinstance(title, str) or not title.strip():
            c.add(f"actions[{number}].title", "is required")
        elif len(title) > 200:
            c.add(f"actions[{number}].title", "must be at most 200 characters")
        description = action.get("description")
        if not isinstance(description, str) or not description.strip():
            c.add(f"actions[{number}].description", "is required")
        if action.get("function") not in known.functions:
            c.add(
                f"actions[{number}].function",
                f"unknown intervention function '{action.get('function')}'",
            )
        for key in action.get("sources", []) or []:
            if key not in known.sources:
                c.add(f"actions[{number}].sources", f"unknown source '{key}'")
        for resource in action.get("resources", []) or []:
            if not isinstance(resource, dict) or not resource.get("label"):
                c.add(f"actions[{number}].resources", "each resource needs a label and a url")
            elif not URL.match(str(resource.get("url", ""))):
                c.add(
                    f"actions[{number}].resources", f"'{resource.get('url')}' is not a web address"
                )
    return c.problems


def _programme(row: int, item: object, known: Known) -> list[Problem]:
    c = _Checker("programmes", row, item)
    c.slug("slug")
    c.text("name", max_length=200)
    c.text("summary", max_length=300)
    c.text("description")
    c.text("age_range", required=False, max_length=200)
    c.text("delivery", required=False, max_length=400)
    c.text("evidence_summary")
    c.text("rating", required=False, max_length=100)
    c.text("rating_scheme", required=False, max_length=100)
    c.key_list("sources", known.sources, "source", minimum=1)
    c.choice("status", STATUSES, default="published")
    effects = c.item.get("effect_sizes", []) or []
    if not isinstance(effects, list):
        c.add("effect_sizes", "must be a list")
        effects = []
    for number, effect in enumerate(effects, start=1):
        if not isinstance(effect, dict):
            c.add(f"effect_sizes[{number}]", "must be an object")
            continue
        for name in ("outcome", "measure", "value"):
            if not str(effect.get(name) or "").strip():
                c.add(f"effect_sizes[{number}].{name}", "is required")
        if effect.get("source") not in known.sources:
            c.add(f"effect_sizes[{number}].source", f"unknown source '{effect.get('source')}'")
    return c.problems


def _parameter(row: int, item: object, known: Known) -> list[Problem]:
    c = _Checker("parameters", row, item)
    c.slug("key")
    c.text("name", max_length=200)
    c.choice("category", CATEGORIES)
    value = c.decimal("value", required=True)
    low = c.decimal("low", required=False)
    high = c.decimal("high", required=False)
    if value is not None and low is not None and low > value:
        c.add("low", f"must not be above the value ({low} > {value})")
    if value is not None and high is not None and high < value:
        c.add("high", f"must not be below the value ({high} < {value})")
    unit = c.text("unit", max_length=100)
    if problem := price_year_problem(unit, c.item.get("price_year")):
        c.add("price_year", problem)
    source = c.item.get("source")
    if source not in known.sources:
        c.add("source", f"unknown source '{source}'")
    mark = c.choice("mark", MARKS)
    status = c.choice("status", STATUSES, default="published")
    if mark == "U" and status == "published":
        c.add("status", "an unverified (U) value cannot be published; check it first")
    c.text("notes", required=False)
    return c.problems


def validate_bundle(bundle: object, known: Known) -> list[Problem]:
    """Every problem in ``bundle``; an empty list means it can be applied.

    Keys defined in the bundle itself count as known, so a file may add a source and
    cite it in the same import.
    """
    if not isinstance(bundle, dict):
        return [Problem("file", 0, "", "(file)", "must be an object with lists of items")]
    sections = ("sources", "factors", "programmes", "parameters")
    unknown = set(bundle) - set(sections)
    problems = [
        Problem("file", 0, "", name, "is not a section this import understands")
        for name in sorted(unknown)
    ]
    lists = {}
    for name in sections:
        items = bundle.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(name, 0, "", "(section)", "must be a list"))
            items = []
        lists[name] = items
    if not any(lists.values()) and not problems:
        problems.append(Problem("file", 0, "", "(file)", "contains no items"))

    known = Known(**{k: set(v) for k, v in vars(known).items()})
    known.sources |= {
        i["key"] for i in lists["sources"] if isinstance(i, dict) and isinstance(i.get("key"), str)
    }
    factor_slugs = known.factors | {
        i["slug"]
        for i in lists["factors"]
        if isinstance(i, dict) and isinstance(i.get("slug"), str)
    }

    problems += _unique("sources", lists["sources"], "key")
    problems += _unique("factors", lists["factors"], "slug")
    problems += _unique("programmes", lists["programmes"], "slug")
    problems += _unique("parameters", lists["parameters"], "key")
    for row, item in enumerate(lists["sources"], start=1):
        problems += _source(row, item)
    for row, item in enumerate(lists["factors"], start=1):
        problems += _factor(row, item, known, factor_slugs)
    for row, item in enumerate(lists["programmes"], start=1):
        problems += _programme(row, item, known)
    for row, item in enumerate(lists["parameters"], start=1):
        problems += _parameter(row, item, known)
    return problems
