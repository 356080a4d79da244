"""Citations of knowledge-base sources as RIS and BibTeX (pure: no database).

Reference managers (Zotero, EndNote, Mendeley, JabRef) import both formats, so a
commissioner can take the evidence behind a factor into their own business case.
``Citation`` holds one source's bibliographic fields; ``citation_from_item`` builds
one from a source in the exchange format (``bundle_export.bundle_export``).

Authors are stored Vancouver-style, "Surname AB, Surname C", sometimes ending in
"et al.", and an organisation's document names the organisation instead.
``author_names`` tells the two apart: a person is a family name with at least one
lower-case letter followed by up to four capital initials ("Moran PM", "Tanner J-R",
"van IJzendoorn MH"); anything else ("Parent-Infant Foundation", "UNICEF", "Parent
Infant Partnership UK") is kept whole as an organisation.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Study types published in journals: cited as journal articles when a journal is named.
JOURNAL_KINDS = frozenset({"qualitative", "systematic_review", "trial", "economic"})
GOVERNMENT_KINDS = frozenset({"policy", "guidance"})
ET_AL = frozenset({"et al", "et. al", "and others"})
MAX_INITIALS = 4
# Capitals that end organisations' names ("Parent Infant Partnership UK"), not initials.
NOT_INITIALS = frozenset({"UK", "US", "USA", "EU", "UN", "NHS", "WHO", "CIC", "LLP", "PLC", "CIO"})

# The RIS specification ends every line with CR LF; some older importers insist.
RIS_NEWLINE = "\r\n"

# Characters with a meaning in (La)TeX. Braces become \textbraceleft{} rather than \{
# because BibTeX counts every brace, escaped or not, when it looks for a field's end.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_TYPES = {"JOUR": "article", "RPRT": "techreport"}
BIBTEX_CONTAINER_FIELD = {"article": "journal", "techreport": "institution", "misc": "howpublished"}
PAGE_RANGE = re.compile(r"^\s*(\S+?)\s*[-\u2013\u2014]+\s*(\S+)\s*$")
BIBTEX_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_\-:.]")


@dataclass(frozen=True)
class Citation:
    """One source's bibliographic fields, as stored (all text, empty when unknown)."""

    key: str
    kind: str  # Source.Kind value: qualitative, report, guidance, ...
    title: str
    authors: str = ""
    container: str = ""  # journal or publisher
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""  # without https://doi.org/
    url: str = ""


@dataclass(frozen=True)
class Name:
    """An author: a person's family name and initials ("P.", "M."), or an organisation
    (no initials)."""

    family: str
    initials: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        return bool(self.initials)

    def inverted(self) -> str:
        """ "Moran, P. M." for a person; the name unchanged for an organisation."""
        if not self.initials:
            return self.family
        return f"{self.family}, {' '.join(self.initials)}"


def citation_from_item(item: Mapping[str, object]) -> Citation:
    """A ``Citation`` from a source in the exchange format (key ``type`` is the kind)."""

    def text(name: str) -> str:
        value = item.get(name)
        return "" if value is None else str(value)

    year = item.get("year")
    return Citation(
        key=text("key"),
        kind=text("type") or "other",
        title=text("title"),
        authors=text("authors"),
        container=text("container"),
        year=int(year) if isinstance(year, int | str) and str(year).isdigit() else None,
        volume=text("volume"),
        issue=text("issue"),
        pages=text("pages"),
        doi=text("doi"),
        url=text("url"),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _initials(token: str) -> tuple[str, ...] | None:
    """("P.", "M.") for "PM", ("J.-R.",) for "J-R"; None if ``token`` is not initials."""
    letters = token.replace("-", "")
    if token in NOT_INITIALS:
        return None
    if not (1 <= len(letters) <= MAX_INITIALS and letters.isalpha() and letters.isupper()):
        return None
    if token.startswith("-") or token.endswith("-") or "--" in token:
        return None
    if "-" in token:
        return ("-".join(f"{part}." for part in token.split("-")),)
    return tuple(f"{letter}." for letter in token)


def parse_name(text: str) -> Name:
    """One stored author as a ``Name`` (see the module docstring for the rule)."""
    text = _one_line(text)
    family, _, last = text.rpartition(" ")
    initials = _initials(last) if family else None
    if initials is None or not any(char.islower() for char in family):
        return Name(family=text)
    return Name(family=family, initials=initials)


def author_names(authors: str) -> tuple[list[Name], bool]:
    """The stored authors as names, and whether the list ended in "et al."."""
    names: list[Name] = []
    et_al = False
    for part in authors.split(","):
        part = _one_line(part)
        if not part:
            continue
        if part.lower().rstrip(".") in ET_AL:
            et_al = True
            continue
        names.append(parse_name(part))
    return names, et_al


def page_range(pages: str) -> tuple[str, str]:
    """("877", "885") for "877-885" (hyphen or dash); (pages, "") for "1020" or "e12"."""
    match = PAGE_RANGE.match(pages)
    if match:
        return match.group(1), match.group(2)
    return _one_line(pages), ""


# --- RIS ----------------------------------------------------------------------------


def ris_type(citation: Citation) -> str:
    """JOUR for a study with a named journal, RPRT for a report, GOVDOC for policy or
    guidance, GEN for anything else."""
    if citation.kind in JOURNAL_KINDS and citation.container.strip():
        return "JOUR"
    if citation.kind == "report":
        return "RPRT"
    if citation.kind in GOVERNMENT_KINDS:
        return "GOVDOC"
    return "GEN"


def ris_record(citation: Citation) -> str:
    """One RIS record: "TAG  - value" lines from TY to ER, each ending in CR LF.

    Authors come one per AU line, inverted ("Moran, P. M."); "et al." cannot be said
    in RIS and is left out. A journal goes in T2 and JO; any other container is the
    publisher (PB). Empty fields are left out."""
    kind = ris_type(citation)
    names, _ = author_names(citation.authors)
    start, end = page_range(citation.pages)
    container = _one_line(citation.container)
    lines: list[tuple[str, str]] = [("TY", kind)]
    lines += [("AU", name.inverted()) for name in names]
    lines += [
        ("PY", str(citation.year) if citation.year else ""),
        ("TI", _one_line(citation.title)),
    ]
    if kind == "JOUR":
        lines += [("T2", container), ("JO", container)]
    else:
        lines.append(("PB", container))
    lines += [
        ("VL", _one_line(citation.volume)),
        ("IS", _one_line(citation.issue)),
        ("SP", start),
        ("EP", end),
        ("DO", _one_line(citation.doi)),
        ("UR", _one_line(citation.url)),
    ]
    text = "".join(f"{tag}  - {value}{RIS_NEWLINE}" for tag, value in lines if value)
    return text + f"ER  - {RIS_NEWLINE}"


def ris_document(citations: Iterable[Citation]) -> str:
    """Every record, separated by a blank line."""
    return RIS_NEWLINE.join(ris_record(citation) for citation in citations)


# --- BibTeX -------------------------------------------------------------------------


def bibtex_type(citation: Citation) -> str:
    """article, techreport or misc, following ``ris_type``."""
    return BIBTEX_TYPES.get(ris_type(citation), "misc")


def bibtex_escape(text: str) -> str:
    """``text`` on one line with TeX's special characters escaped. Non-ASCII letters
    are kept as UTF-8, which biber, JabRef and Zotero read directly."""
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in _one_line(text))


def _bibtex_verbatim(text: str) -> str:
    # doi and url are verbatim fields: escaping "_" would corrupt the link. Braces are
    # percent-encoded (as a browser would) so they cannot end the field early.
    return "".join(text.split()).replace("{", "%7B").replace("}", "%7D")


def bibtex_authors(authors: str) -> str:
    """ "Moran, P. M. and {Parent-Infant Foundation} and others": organisations in
    braces so BibTeX does not split them into given and family names."""
    names, et_al = author_names(authors)
    parts = [
        bibtex_escape(name.inverted()) if name.is_person else "{" + bibtex_escape(name.family) + "}"
        for name in names
    ]
    if et_al and parts:
        parts.append("others")
    return " and ".join(parts)


def bibtex_entry(citation: Citation) -> str:
    """One BibTeX entry keyed by the source key; empty fields are left out."""
    entry_type = bibtex_type(citation)
    start, end = page_range(citation.pages)
    fields = [
        ("author", bibtex_authors(citation.authors)),
        ("title", bibtex_escape(citation.title)),
        (BIBTEX_CONTAINER_FIELD[entry_type], bibtex_escape(citation.container)),
        ("year", str(citation.year) if citation.year else ""),
        ("volume", bibtex_escape(citation.volume)),
        ("number", bibtex_escape(citation.issue)),
        ("pages", bibtex_escape(f"{start}--{end}" if end else start)),
        ("doi", _bibtex_verbatim(citation.doi)),
        ("url", _bibtex_verbatim(citation.url)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    key = BIBTEX_KEY_UNSAFE.sub("", citation.key) or "source"
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def bibtex_document(citations: Iterable[Citation]) -> str:
    """Every entry, separated by a blank line."""
    return "\n".join(bibtex_entry(citation) for citation in citations)
