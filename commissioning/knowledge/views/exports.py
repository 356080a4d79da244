"""Open-data downloads of the published knowledge base, and citation files.

- ``dataset.json``: the exchange format (``bundle_export.bundle_export``) with the
  reference frameworks and a metadata block (licence, when it was generated, counts).
- ``dataset-csv.zip``: the same data as one CSV file per section, protected against
  spreadsheet formula injection.
- ``citations.ris`` / ``citations.bib``: every published source, or those named by
  repeated ``?key=`` parameters, for reference managers.

Only published items appear. A published item's references to unpublished ones are
removed from lists and set to null where there is a single one, so a draft never
shows, not even as a key. The two dataset downloads are cached for everyone until the
content next changes (the knowledge-base generation in ``caching.py``).
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from commissioning.knowledge.bundle_export import bundle_export
from commissioning.knowledge.caching import PAGE_TIMEOUT, generation
from commissioning.knowledge.citations import Citation, bibtex_document, ris_document
from commissioning.knowledge.models import (
    BctGroup,
    BctTechnique,
    CombComponent,
    CombFunctionLink,
    CombSubcomponent,
    FunctionPolicyLink,
    InterventionFunction,
    MatrixNote,
    Perspective,
    PolicyCategory,
    Source,
    TdfDomain,
)
from commissioning.knowledge.views.api import query_params
from commissioning.lib.csvsafe import Cell, csv_safe_row
from commissioning.lib.http import CSV_ENCODING

DATASET_TITLE = "PAIR Commissioning Toolkit knowledge base"
# The product team is to confirm this licence before launch (see the final report).
LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "note": "Covers the toolkit's own summaries, mappings, actions and parameter notes. "
    "The cited sources remain under their publishers' terms.",
}
SECTIONS = ("sources", "factors", "programmes", "parameters")
DATASET_FILENAME = "pair-knowledge-base.json"
CSV_ZIP_FILENAME = "pair-knowledge-base-csv.zip"
RIS_FILENAME = "pair-sources.ris"
BIBTEX_FILENAME = "pair-sources.bib"
RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
MAX_KEYS = 500  # ?key= values read per request; more are ignored
LIST_SEPARATOR = "; "


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cached[T](name: str, build: Callable[[], T]) -> T:
    key = f"knowledge:export:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PAGE_TIMEOUT)
    return value


# --- The dataset ------------------------------------------------------------------


def _coded(rows: Iterable, **extra: Callable) -> list[dict]:
    return [
        {"code": row.code, "name": row.name, "description": row.description}
        | {name: get(row) for name, get in extra.items()}
        for row in rows
    ]


def _rows(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for row, column in pairs:
        rows.setdefault(row, []).append(column)
    return rows


def _matrix(note: MatrixNote | None, rows: dict[str, list[str]]) -> dict:
    return {
        "source_key": note.source_key if note else "",
        "note": note.note if note else "",
        "to_be_verified": note.to_be_verified if note else False,
        "rows": rows,
    }


def _matrices() -> dict[str, dict]:
    notes = {note.key: note for note in MatrixNote.objects.all()}
    comb_links = list(
        CombFunctionLink.objects.select_related("subcomponent", "function").order_by(
            "subcomponent__order", "subcomponent__code", "function__order", "function__code"
        )
    )
    policy_links = FunctionPolicyLink.objects.select_related("function", "policy").order_by(
        "function__order", "function__code", "policy__order", "policy__code"
    )
    comb_if = _matrix(
        notes.get("comb_if"), _rows((li.subcomponent.code, li.function.code) for li in comb_links)
    )
    comb_if["additions_2014"] = _rows(
        (li.subcomponent.code, li.function.code) for li in comb_links if li.added_in_2014
    )
    if_pc = _matrix(
        notes.get("if_pc"), _rows((li.function.code, li.policy.code) for li in policy_links)
    )
    return {"comb_if_matrix": comb_if, "if_pc_matrix": if_pc}


def frameworks_export() -> dict:
    """The reference frameworks in the shape of ``content/frameworks.json`` (plus the
    perspectives), read from the database so curators' edits are included."""
    number = {"number": lambda row: row.order}
    return {
        "comb_components": _coded(CombComponent.objects.all()),
        "comb_subcomponents": _coded(
            CombSubcomponent.objects.select_related("component"),
            component=lambda row: row.component.code,
        ),
        "tdf_domains": _coded(
            TdfDomain.objects.prefetch_related("comb"),
            **number,
            comb=lambda row: [c.code for c in row.comb.all()],
        ),
        "intervention_functions": _coded(InterventionFunction.objects.all(), **number),
        "policy_categories": _coded(PolicyCategory.objects.all(), **number),
        **_matrices(),
        "bct_groups": [{"number": g.number, "name": g.name} for g in BctGroup.objects.all()],
        "bct_techniques": [
            {"code": t.code, "group": t.group.number, "label": t.label}
            for t in BctTechnique.objects.select_related("group")
        ],
        "perspectives": [{"code": p.code, "name": p.name} for p in Perspective.objects.all()],
    }


def drop_unpublished_references(bundle: dict) -> None:
    """Remove (from lists) or null (single) references to items not in ``bundle``,
    which holds published items only."""
    sources = {item["key"] for item in bundle["sources"]}
    factors = {item["slug"] for item in bundle["factors"]}
    for factor in bundle["factors"]:
        factor["sources"] = [key for key in factor["sources"] if key in sources]
        factor["related"] = [slug for slug in factor["related"] if slug in factors]
        for action in factor["actions"]:
            action["sources"] = [key for key in action["sources"] if key in sources]
    for programme in bundle["programmes"]:
        programme["sources"] = [key for key in programme["sources"] if key in sources]
        for effect in programme["effect_sizes"]:
            effect["source"] = effect["source"] if effect["source"] in sources else None
    for parameter in bundle["parameters"]:
        parameter["source"] = parameter["source"] if parameter["source"] in sources else None


def dataset_build() -> dict:
    """The whole published knowledge base as one JSON-ready dict."""
    bundle = bundle_export(published_only=True)
    drop_unpublished_references(bundle)
    return {
        "meta": {
            "title": DATASET_TITLE,
            "licence": LICENCE,
            "generated": timezone.now().isoformat(timespec="seconds"),
            "counts": {name: len(bundle[name]) for name in SECTIONS},
        },
        "frameworks": frameworks_export(),
        **{name: bundle[name] for name in SECTIONS},
    }


@require_safe
def dataset(request: HttpRequest) -> HttpResponse:
    data = _cached("dataset", dataset_build)
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    return _attachment(response, DATASET_FILENAME)


# --- The dataset as CSV files -----------------------------------------------------


def _joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _mappings(entries: Iterable[dict]) -> str:
    return _joined(f"{entry['code']} ({entry['basis']})" for entry in entries)


def _number(text: str | None) -> Decimal | None:
    # Parameters travel as decimal strings; written as numbers, a negative value is
    # not mistaken for a formula and stays numeric in a spreadsheet.
    return None if text is None else Decimal(text)


type Rows = Iterable[list[Cell]]

FACTOR_COLUMNS = (
    "slug", "title", "kind", "level", "theme", "summary", "perspectives", "comb", "tdf",
    "functions", "policies", "bcts", "sources", "related", "actions", "body",
)  # fmt: skip
ACTION_COLUMNS = ("factor", "number", "title", "description", "function", "sources", "resources")
SOURCE_COLUMNS = (
    "key", "authors", "title", "container", "year", "volume", "issue", "pages", "doi", "url",
    "type", "grade", "notes",
)  # fmt: skip
PROGRAMME_COLUMNS = (
    "slug", "name", "summary", "age_range", "delivery", "rating", "rating_scheme",
    "evidence_summary", "description", "sources", "effect_sizes",
)  # fmt: skip
PARAMETER_COLUMNS = (
    "key", "name", "category", "value", "unit", "price_year", "low", "high", "source", "mark",
    "notes",
)  # fmt: skip


def factor_rows(data: dict) -> Rows:
    for f in data["factors"]:
        yield [
            f["slug"], f["title"], f["kind"], f["level"], f["theme"], f["summary"],
            _joined(f["perspectives"]), _mappings(f["comb"]), _mappings(f["tdf"]),
            _mappings(f["functions"]), _mappings(f["policies"]), _mappings(f["bcts"]),
            _joined(f["sources"]), _joined(f["related"]), len(f["actions"]), f["body"],
        ]  # fmt: skip


def action_rows(data: dict) -> Rows:
    for f in data["factors"]:
        for number, a in enumerate(f["actions"], start=1):
            resources = _joined(f"{r['label']} <{r['url']}>" for r in a["resources"])
            yield [
                f["slug"], number, a["title"], a["description"], a["function"],
                _joined(a["sources"]), resources,
            ]  # fmt: skip


def source_rows(data: dict) -> Rows:
    for s in data["sources"]:
        yield [s[column] for column in SOURCE_COLUMNS]


def programme_rows(data: dict) -> Rows:
    for p in data["programmes"]:
        effects = _joined(
            f"{e['outcome']}: {e['measure']}, {e['value']} ({e['source'] or 'no source'})"
            for e in p["effect_sizes"]
        )
        yield [
            p["slug"], p["name"], p["summary"], p["age_range"], p["delivery"], p["rating"],
            p["rating_scheme"], p["evidence_summary"], p["description"], _joined(p["sources"]),
            effects,
        ]  # fmt: skip


def parameter_rows(data: dict) -> Rows:
    for p in data["parameters"]:
        yield [
            p["key"], p["name"], p["category"], _number(p["value"]), p["unit"], p["price_year"],
            _number(p["low"]), _number(p["high"]), p["source"], p["mark"], p["notes"],
        ]  # fmt: skip


CSV_FILES: tuple[tuple[str, tuple[str, ...], Callable[[dict], Rows]], ...] = (
    ("factors.csv", FACTOR_COLUMNS, factor_rows),
    ("actions.csv", ACTION_COLUMNS, action_rows),
    ("sources.csv", SOURCE_COLUMNS, source_rows),
    ("programmes.csv", PROGRAMME_COLUMNS, programme_rows),
    ("parameters.csv", PARAMETER_COLUMNS, parameter_rows),
)


def csv_text(columns: tuple[str, ...], rows: Rows) -> str:
    """A header row and the rows, every cell through ``csv_safe``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(csv_safe_row(row))
    return buffer.getvalue()


def _readme(data: dict) -> str:
    meta = data["meta"]
    licence = meta["licence"]
    return (
        f"{meta['title']}\n\nGenerated {meta['generated']}.\n"
        f"Licence: {licence['name']} ({licence['url']}). {licence['note']}\n\n"
        "One CSV file per section, UTF-8. Lists are separated by '; ' and framework "
        "mappings are written 'CODE (basis)', where basis is 'source' (the source made "
        "the link) or 'editor' (the editors proposed it). A cell that a spreadsheet "
        "would run as a formula starts with an apostrophe.\n"
    )


def dataset_zip(data: dict) -> bytes:
    """The dataset as a zip of CSV files and a README."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(data))
        for filename, columns, rows in CSV_FILES:
            archive.writestr(filename, csv_text(columns, rows(data)).encode(CSV_ENCODING))
    return buffer.getvalue()


@require_safe
def dataset_csv(request: HttpRequest) -> HttpResponse:
    content = _cached("dataset-csv", lambda: dataset_zip(_cached("dataset", dataset_build)))
    response = HttpResponse(content, content_type="application/zip")
    return _attachment(response, CSV_ZIP_FILENAME)


# --- Citations --------------------------------------------------------------------


def citation_from_source(source: Source) -> Citation:
    return Citation(
        key=source.key,
        kind=source.kind,
        title=source.title,
        authors=source.authors,
        container=source.container,
        year=source.year,
        volume=source.volume,
        issue=source.issue,
        pages=source.pages,
        doi=source.doi,
        url=source.url,
    )


def requested_citations(request: HttpRequest) -> list[Citation]:
    """Every published source, or only those named by ``?key=`` (unknown keys are
    ignored; an empty ``?key=`` names none), in the order of the sources list."""
    sources = Source.objects.published().order_by("authors", "year", "key")
    if any(request.GET.getlist("key")):
        keys = query_params(request).getlist("key")[:MAX_KEYS]
        sources = sources.filter(key__in=keys)
    return [citation_from_source(source) for source in sources]


@require_safe
def citations_ris(request: HttpRequest) -> HttpResponse:
    text = ris_document(requested_citations(request))
    return _attachment(HttpResponse(text, content_type=RIS_CONTENT_TYPE), RIS_FILENAME)


@require_safe
def citations_bibtex(request: HttpRequest) -> HttpResponse:
    text = bibtex_document(requested_citations(request))
    return _attachment(HttpResponse(text, content_type=BIBTEX_CONTENT_TYPE), BIBTEX_FILENAME)
