"""Curators' CSV format for importing and exporting one section of the knowledge base
(pure: no database).

A CSV file holds one section (sources, factors, programmes or parameters) with one
row per item, so it can be edited in a spreadsheet. Lists are separated by ";",
mappings are written "CODE:basis" (basis "source" or "editor", default editor), and a
factor's actions (or a programme's effect sizes) sit in numbered columns
``action_1_title`` ... ``action_8_resources``. Exports protect cells that a
spreadsheet would run as a formula with a leading apostrophe; imports remove it.
``read_csv`` turns a file into bundle items for ``bundle.validate_bundle``.
"""

import csv
import io

from commissioning.knowledge.bundle import Problem
from commissioning.lib.csvsafe import csv_safe

MAX_ACTIONS = 8
MAX_EFFECTS = 6
LIST_SEPARATOR = ";"
MAPPING_FIELDS = ("comb", "tdf", "functions", "policies", "bcts")
ACTION_PARTS = ("title", "description", "function", "sources", "resources")
EFFECT_PARTS = ("outcome", "measure", "value", "source")

COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": (
        "key",
        "authors",
        "title",
        "container",
        "year",
        "volume",
        "issue",
        "pages",
        "doi",
        "url",
        "type",
        "grade",
        "notes",
        "status",
    ),
    "parameters": (
        "key",
        "name",
        "category",
        "value",
        "unit",
        "price_year",
        "low",
        "high",
        "source",
        "mark",
        "status",
        "notes",
    ),
    "programmes": (
        "slug",
        "name",
        "summary",
        "description",
        "age_range",
        "delivery",
        "evidence_summary",
        "rating",
        "rating_scheme",
        "sources",
        "status",
        *(f"effect_{n}_{part}" for n in range(1, MAX_EFFECTS + 1) for part in EFFECT_PARTS),
    ),
    "factors": (
        "slug",
        "title",
        "kind",
        "level",
        "theme",
        "summary",
        "body",
        "perspectives",
        *MAPPING_FIELDS,
        "sources",
        "related",
        "status",
        *(f"action_{n}_{part}" for n in range(1, MAX_ACTIONS + 1) for part in ACTION_PARTS),
    ),
}
LIST_FIELDS = {"perspectives", "sources", "related"}
PROTECTED_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _join(values: list[str]) -> str:
    return f"{LIST_SEPARATOR} ".join(values)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _unprotect(cell: str) -> str:
    if cell.startswith("'") and cell[1:2] and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _mapping_cell(entries: list[dict]) -> str:
    return _join([f"{entry['code']}:{entry.get('basis', 'editor')}" for entry in entries])


def _mapping_entries(cell: str) -> list[dict]:
    entries = []
    for part in _split(cell):
        code, _, basis = part.partition(":")
        entries.append({"code": code.strip(), "basis": basis.strip() or "editor"})
    return entries


def item_to_row(section: str, item: dict) -> dict[str, str]:
    """One bundle item as a CSV row (every column present, all strings)."""
    row = dict.fromkeys(COLUMNS[section], "")
    for column in COLUMNS[section]:
        if column in item and not column.startswith(("action_", "effect_")):
            value = item[column]
            if column in MAPPING_FIELDS:
                row[column] = _mapping_cell(value or [])
            elif column in LIST_FIELDS and isinstance(value, list):
                row[column] = _join(value)
            else:
                row[column] = "" if value is None else str(value)
    if section == "factors":
        for n, action in enumerate(item.get("actions", [])[:MAX_ACTIONS], start=1):
            row[f"action_{n}_title"] = action["title"]
            row[f"action_{n}_description"] = action["description"]
            row[f"action_{n}_function"] = action["function"]
            row[f"action_{n}_sources"] = _join(action.get("sources", []))
            row[f"action_{n}_resources"] = _join(
                [f"{r['label']} | {r['url']}" for r in action.get("resources", [])]
            )
    if section == "programmes":
        for n, effect in enumerate(item.get("effect_sizes", [])[:MAX_EFFECTS], start=1):
            for part in EFFECT_PARTS:
                row[f"effect_{n}_{part}"] = str(effect.get(part, ""))
    return row


def write_csv(section: str, items: list[dict]) -> str:
    """The items as CSV text, formula-protected for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[section], lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        writer.writerow({k: csv_safe(v) for k, v in item_to_row(section, item).items()})
    return buffer.getvalue()


def row_to_item(section: str, row: dict[str, str]) -> dict:
    """One CSV row as a bundle item; blank cells are left for validation to judge."""
    cells = {k: _unprotect((v or "").strip()) for k, v in row.items() if k}
    item: dict = {}
    for column in COLUMNS[section]:
        if column.startswith(("action_", "effect_")):
            continue
        value = cells.get(column, "")
        if column in MAPPING_FIELDS:
            item[column] = _mapping_entries(value)
        elif column in LIST_FIELDS:
            item[column] = _split(value)
        elif column in {"year", "price_year", "low", "high"}:
            item[column] = value or None
        else:
            item[column] = value
    if section == "factors":
        item["actions"] = []
        for n in range(1, MAX_ACTIONS + 1):
            parts = {part: cells.get(f"action_{n}_{part}", "") for part in ACTION_PARTS}
            if not any(parts.values()):
                continue
            resources = []
            for entry in _split(parts["resources"]):
                label, _, url = entry.partition("|")
                resources.append({"label": label.strip(), "url": url.strip()})
            item["actions"].append(
                {
                    "title": parts["title"],
                    "description": parts["description"],
                    "function": parts["function"],
                    "sources": _split(parts["sources"]),
                    "resources": resources,
                }
            )
    if section == "programmes":
        item["effect_sizes"] = []
        for n in range(1, MAX_EFFECTS + 1):
            parts = {part: cells.get(f"effect_{n}_{part}", "") for part in EFFECT_PARTS}
            if any(parts.values()):
                item["effect_sizes"].append(parts)
        item["rating"] = item.get("rating") or None
    return item


def read_csv(section: str, text: str) -> tuple[list[dict], list[Problem]]:
    """Parse a CSV file of one section. Problems with the file's shape (unknown or
    missing columns, unreadable rows) are returned, not raised."""
    problems: list[Problem] = []
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        header = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as error:
        return [], [Problem(section, 0, "", "(file)", f"is not readable CSV: {error}")]
    expected = COLUMNS[section]
    required = tuple(c for c in expected if not c.startswith(("action_", "effect_")))
    for column in required:
        if column not in header:
            problems.append(
                Problem(section, 0, "", column, "column is missing from the header row")
            )
    for column in header:
        if column not in expected:
            problems.append(
                Problem(section, 0, "", column or "(blank)", "is not a column this import knows")
            )
    for number, row in enumerate(rows, start=1):
        if None in row:
            problems.append(Problem(section, number, "", "(row)", "has more cells than the header"))
    if problems:
        return [], problems
    return [row_to_item(section, row) for row in rows], []
