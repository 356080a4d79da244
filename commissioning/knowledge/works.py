"""The works a case's source notes cite, found and named in full (pure: no database).

A source note is free text ("Lifetime cost per case (Conti et al. 2017/2021, V)",
"Parameter library: ...: Jones et al. (2025), 2024 prices; ..."). A work is cited
when the note names it the way people cite: its lead author or publisher and year
("Conti et al. 2021", "Audit Commission 2014", "Mott MacDonald (2002)"), its short
title and year ("Green Book 2020"), or one of the abbreviations in ``CITED_AS``
("PSSRU 2024", "CMH 2026"). The catalogue of works is the knowledge base's sources
(``shipped_works`` reads the shipped file; the web pages pass the published sources).

A capitalised word before a year that names no known work ("Smith 2020") is listed
separately, as a citation to check; a date ("March 2026", "mid-2019", "In 2020") is
never taken for a citation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SHIPPED_SOURCES = Path(__file__).resolve().parent / "content" / "sources.json"

# Abbreviations the shipped notes use for works, and the source each one means.
CITED_AS: dict[str, str] = {
    "PSSRU 2023": "pssru2023",
    "PSSRU 2024": "pssru2024",
    "PSSRU 2025": "pssru2025",
    "CMH 2026": "cmh2026",
    "PIF 2025": "pif2025holding",
    "Green Book 2022": "greenbook2020",
    "HM Treasury Green Book": "greenbook2020",
    "DfT TAG 2026": "dft_tag_green_book_2026",
    "Green Book supplementary guidance": "greenbook_ob",
    "NHS National Cost Collection 2023/24": "nhse_ncc2023_24",
    "Central Bedfordshire JSNA": "centralbeds_jsna",
    "SROI guide": "sroi2012",
    "Conti et al.": "conti2021",
}

_YEAR = r"(?:19|20)\d{2}"
# Any capitalised name followed by a year, to catch citations of works not in the
# catalogue: "Smith 2020", "Smith et al. (2020)", "Smith and Jones 2019/2020".
_CANDIDATE = re.compile(
    r"\b(?:van |de |von )?[A-Z][\w&'\-]*(?: (?:[A-Z][\w&'\-]*|of|and|for))*(?: et al\.)?"
    rf",? \(?{_YEAR}(?:/(?:19|20)?\d{{2}})?\)?"
)
_MONTHS = (
    "January February March April May June July August September October November "
    "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_OTHER_DATE_WORDS = (
    "Spring Summer Autumn Winter Mid In From Since By Until Before After During The To "
    "For Of And At On As Year Years Financial Calendar Quarter Q1 Q2 Q3 Q4 FY Between "
    "Around About Also Update Updated Published Release Released Edition"
)
_NOT_NAMES = frozenset(f"{_MONTHS} {_OTHER_DATE_WORDS}".split())  # noqa: SIM905


@dataclass(frozen=True)
class Work:
    """One citable work: the bibliographic fields of a knowledge-base source."""

    key: str
    title: str
    authors: str = ""
    year: int | None = None
    container: str = ""
    url: str = ""
    doi: str = ""

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    @property
    def text(self) -> str:
        """ "Conti G, Morris S (2021). The economic cost .... Health Economics.
        https://..." (the publisher or title leads when there are no authors)."""
        who = self.authors or self.container
        year = f"({self.year})" if self.year else "(n.d.)"
        title = self.title.rstrip(".")
        parts = [f"{who} {year}. {title}." if who else f"{title} {year}."]
        if self.container and self.container != who:
            parts.append(f"{self.container.rstrip('.')}.")
        if self.link:
            parts.append(self.link)
        return " ".join(parts)


@dataclass(frozen=True)
class CitedWorks:
    """The works the notes cite, in order of first citation, and any other
    author-and-year citations that name no work in the catalogue."""

    works: list[Work] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)


def works_from_items(items: Iterable[Mapping[str, Any]]) -> tuple[Work, ...]:
    """Works from sources in the exchange format (``content/sources.json``)."""
    works = []
    for item in items:
        year = item.get("year")
        works.append(
            Work(
                key=str(item["key"]),
                title=str(item.get("title") or ""),
                authors=str(item.get("authors") or ""),
                year=int(year) if year not in (None, "") else None,
                container=str(item.get("container") or ""),
                url=str(item.get("url") or ""),
                doi=str(item.get("doi") or ""),
            )
        )
    return tuple(works)


@lru_cache(maxsize=1)
def shipped_works() -> tuple[Work, ...]:
    """The sources shipped with the knowledge base, as works."""
    return works_from_items(json.loads(SHIPPED_SOURCES.read_text(encoding="utf-8")))


def _surname(name: str) -> str:
    parts = name.strip().split(" ")
    if len(parts) >= 2 and parts[-1].replace("-", "").isupper() and len(parts[-1]) <= 4:
        return " ".join(parts[:-1])
    return name.strip()


def _leads(work: Work) -> set[str]:
    """How people name the author of ``work``: "Conti et al.", "Conti", "Bauer and
    Knapp", an organisation in full ("Audit Commission"), and its short title with
    any leading "The" ("Green Book")."""
    names = [n.strip() for n in work.authors.replace(";", ",").split(",") if n.strip()]
    names = [n for n in names if not n.lower().startswith("et al")]
    surnames = [_surname(n) for n in names]
    leads: set[str] = set()
    if surnames:
        leads.add(surnames[0])
        many = len(surnames) > 2 or "et al" in work.authors.lower()
        if many:
            leads.add(f"{surnames[0]} et al.")
        elif len(surnames) == 2:
            leads.add(f"{surnames[0]} and {surnames[1]}")
    elif work.container:
        leads.add(work.container)
    title = re.sub(r"^The ", "", work.title)
    if len(title.split()) <= 4:
        leads.add(title)
    return {lead for lead in leads if lead}


def _forms(work: Work) -> list[re.Pattern[str]]:
    """Patterns that cite ``work``: a lead and its year (an earlier year may come
    first, "2017/2021"; the year may be in brackets), or "(n.d.)" without a year."""
    patterns = []
    for lead in _leads(work):
        name = re.escape(lead)
        year = rf"\(?(?:{_YEAR}/)?{work.year}\)?" if work.year else r"\(n\.d\.\)"
        patterns.append(re.compile(rf"(?<![\w-]){name},? {year}(?!\d)"))
    return patterns


def _without_date_words(candidate: str) -> str:
    """A possible citation with any date words dropped ("HM Treasury March 2026" ->
    "HM Treasury 2026"), or "" when nothing but a date is left ("March 2026",
    "In 2020")."""
    match = re.search(rf",? \(?{_YEAR}", candidate)
    if match is None:
        return ""
    words, year = candidate[: match.start()].split(), candidate[match.start() :]
    while words and words[-1] in _NOT_NAMES:
        words.pop()
    if not words or words[0] in _NOT_NAMES:
        return ""
    return " ".join(words) + " " + re.sub(r"[(),\s]", "", year)


def cited_works(notes: Iterable[str], works: Iterable[Work]) -> CitedWorks:
    """The works the ``notes`` cite, each once, in order of first citation; and the
    author-and-year citations that match no work (without dates)."""
    catalogue = list(works)
    by_key = {work.key: work for work in catalogue}
    patterns: list[tuple[re.Pattern[str], list[Work]]] = []
    seen_forms: dict[str, list[Work]] = {}
    for work in catalogue:
        for pattern in _forms(work):
            seen_forms.setdefault(pattern.pattern, []).append(work)
    for text, matching in seen_forms.items():
        patterns.append((re.compile(text), matching))
    for alias, key in CITED_AS.items():
        if key in by_key:
            name = re.escape(alias)
            patterns.append((re.compile(rf"(?<![\w-]){name}(?![\w])"), [by_key[key]]))

    hits: list[tuple[int, int, Work]] = []
    unlisted: dict[str, None] = {}
    for number, note in enumerate(notes):
        spans: list[tuple[int, int]] = []
        for pattern, matching in patterns:
            for match in pattern.finditer(note):
                found = _one(matching, note)
                if found is not None:
                    spans.append(match.span())
                    hits.append((number, match.start(), found))
        for match in _CANDIDATE.finditer(note):
            start, end = match.span()
            if any(start < s_end and s_start < end for s_start, s_end in spans):
                continue
            text = _without_date_words(" ".join(match.group(0).split()))
            if text:
                unlisted.setdefault(text, None)
    ordered: dict[str, Work] = {}
    for _, _, work in sorted(hits, key=lambda hit: (hit[0], hit[1])):
        ordered.setdefault(work.key, work)
    return CitedWorks(works=list(ordered.values()), unlisted=list(unlisted))


def _one(matching: list[Work], note: str) -> Work | None:
    """The work a citation means: the only candidate, or the one whose title the note
    also gives; None when it stays ambiguous."""
    if len(matching) == 1:
        return matching[0]
    named = [work for work in matching if work.title and work.title in note]
    return named[0] if len(named) == 1 else None
