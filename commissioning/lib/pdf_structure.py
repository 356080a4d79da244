"""Repairs to the structure tree WeasyPrint 70 writes for a tagged PDF (PDF/UA-1), run
as its ``finisher``, on the PDF objects, just before the file is written.

WeasyPrint builds the tree one page at a time, which leaves three gaps a screen
reader meets (WeasyPrint issues 1836 and 2903):

1. Running headers and footers (the ``@page`` margin boxes: title, organisation,
   "Page x of y") are marked content that no structure element in the tree owns. PDF
   1.7 has one way to say "not content": the ``/Artifact`` marked-content tag, so
   every piece of marked content the tree does not reach becomes a pagination
   artifact and leaves the parent tree.
2. A table that crosses a page break becomes one ``/Table`` per page, each with its
   own copy of the repeated header row. The parts are joined into the first (one
   table, its caption once, one body); the repeated header rows leave the tree, so
   (1) makes them artifacts, and the cells that named them now name the first
   header row's cells.
3. Header cells carry no ``/Scope``: each ``/TH`` gets the scope its HTML ``scope``
   attribute gives (``row`` or, as WeasyPrint itself assumes, column).

Nothing here fetches or reads anything: it only rearranges objects already built.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes

PAGINATION = {"Type": "/Pagination"}


def finish_structure(document: Any, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: apply the three repairs above (a no-op for an untagged PDF)."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = Tree(pdf)
    cells = list(table_cells(document))
    set_header_scopes(cells)
    root = next((box.element for box in _page_children(document) if box.element is not None), None)
    if root is not None:
        parents = {child: parent for parent in root.iter() for child in parent}
        join_split_tables(tree, cells, parents)
    mark_unreached_content_as_artifacts(tree)


def _page_children(document: Any):
    for page in document.pages[:1]:
        yield from page._page_box.children


class Tree:
    """The PDF's objects, looked up by reference (``b"12 0 R"``)."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.pages = {ref: index for index, ref in enumerate(pdf.page_references)}

    def get(self, reference: bytes) -> Any:
        return self.pdf.objects[int(reference.split()[0])]

    def kids(self, element: pydyf.Dictionary) -> list[bytes]:
        """References to the element's child elements (not its MCIDs or OBJRs)."""
        return [
            kid
            for kid in element.get("K", ())
            if isinstance(kid, bytes) and self.get(kid).get("Type") == "/StructElem"
        ]

    def remove(self, element: pydyf.Dictionary) -> None:
        """Take ``element`` out of its parent, and the parent out of the tree too when
        that leaves it empty (a section whose only content on a page was the table)."""
        parent = self.get(element["P"])
        parent["K"] = pydyf.Array(kid for kid in parent["K"] if kid != element.reference)
        if not parent["K"] and parent.get("S") != "/Document" and "P" in parent:
            self.remove(parent)

    def reachable(self) -> set[int]:
        """Object numbers of every structure element the tree reaches from its root."""
        seen: set[int] = set()
        stack = [self.root]
        while stack:
            node = stack.pop()
            for kid in node.get("K", ()):
                if isinstance(kid, bytes):
                    number = int(kid.split()[0])
                    target = self.pdf.objects[number]
                    if (
                        number not in seen
                        and isinstance(target, pydyf.Dictionary)
                        and target.get("Type") == "/StructElem"
                    ):
                        seen.add(number)
                        stack.append(target)
        return seen


def table_cells(document: Any):
    """(cell box, its ``/TD`` or ``/TH`` element) for every table cell on every page,
    in page order. WeasyPrint keeps each cell's element on its box as ``mark``."""
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TableCellBox) and getattr(box, "mark", None) is not None:
                yield box, box.mark
            if isinstance(box, boxes.ParentBox):
                stack.extend(reversed(box.children))


def set_header_scopes(cells) -> None:
    for box, element in cells:
        if box.element is not None and box.element.tag == "th":
            scope = box.element.get("scope", "col").lower()
            element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def join_split_tables(tree: Tree, cells, parents: dict) -> None:
    """Join each HTML table's per-page ``/Table`` elements into the first one."""
    parts: dict[Any, list[pydyf.Dictionary]] = defaultdict(list)
    groups: dict[int, Any] = {}  # row group element number -> its HTML element
    for box, cell in cells:
        row = tree.get(cell["P"])
        group = tree.get(row["P"])
        table = tree.get(group["P"])
        html_group = parents[parents[box.element]]
        groups[group.number] = html_group
        html_table = parents[html_group]
        if table not in parts[html_table]:
            parts[html_table].append(table)
    for tables in parts.values():
        first = tables[0]
        for later in tables[1:]:
            _join(tree, first, later, groups)


def _join(tree: Tree, first: pydyf.Dictionary, later: pydyf.Dictionary, groups) -> None:
    tree.remove(later)
    kept = {groups.get(tree.get(kid).number): tree.get(kid) for kid in tree.kids(first)}
    renamed: dict[Any, Any] = {}
    for reference in tree.kids(later):
        child = tree.get(reference)
        html = groups.get(child.number)
        earlier = kept.get(html) if html is not None else None
        if child["S"] == "/Caption" and any(
            tree.get(kid)["S"] == "/Caption" for kid in tree.kids(first)
        ):
            continue  # a repeated caption: left out, so it becomes an artifact
        if earlier is None:
            child["P"] = first.reference
            first["K"].append(reference)
            kept[html] = child
        elif child["S"] in ("/THead", "/TFoot"):
            renamed.update(_header_ids(tree, child, earlier))  # repeated: left out
        else:
            for row in tree.kids(child):
                tree.get(row)["P"] = earlier.reference
                earlier["K"].append(row)
    if renamed:
        for group in tree.kids(first):
            for row in tree.kids(tree.get(group)):
                for cell in tree.kids(tree.get(row)):
                    attributes = tree.get(cell).get("A", {})
                    if "Headers" in attributes:
                        attributes["Headers"] = pydyf.Array(
                            renamed.get(_text(h), h) for h in attributes["Headers"]
                        )


def _header_ids(tree: Tree, repeated: pydyf.Dictionary, original: pydyf.Dictionary) -> dict:
    """The repeated header cells' IDs mapped to the original header cells' IDs, by
    position (the same HTML rows, drawn again)."""

    def ids(group: pydyf.Dictionary) -> list:
        return [
            tree.get(cell).get("ID")
            for row in tree.kids(group)
            for cell in tree.kids(tree.get(row))
        ]

    old, new = ids(repeated), ids(original)
    if len(old) != len(new):
        return {}
    return {_text(a): b for a, b in zip(old, new, strict=True) if a is not None}


def _text(value: Any) -> Any:
    return value.string if isinstance(value, pydyf.String) else value


def mark_unreached_content_as_artifacts(tree: Tree) -> None:
    """Every MCID whose structure element the tree does not reach becomes a
    pagination artifact in its page's content stream and leaves the parent tree."""
    reachable = tree.reachable()
    nums = tree.get(tree.root["ParentTree"])["Nums"]
    for page_index in range(0, len(tree.pdf.page_references)):
        mapping = nums[2 * page_index + 1]
        if nums[2 * page_index] != page_index:
            raise ValueError("Unexpected parent tree layout")
        unreached = {
            mcid
            for mcid, reference in enumerate(mapping)
            if isinstance(reference, bytes)
            and reference != b"null"
            and int(reference.split()[0]) not in reachable
        }
        if not unreached:
            continue
        page = tree.get(tree.pdf.page_references[page_index])
        stream = tree.get(page["Contents"])
        _artifact_marked_content(stream, unreached)
        for mcid in unreached:
            mapping[mcid] = b"null"


def _artifact_marked_content(stream: pydyf.Stream, mcids: set[int]) -> None:
    items = stream.stream
    for index, item in enumerate(items):
        if (
            isinstance(item, pydyf.Dictionary)
            and item.get("MCID") in mcids
            and index + 1 < len(items)
            and items[index + 1] == b"BDC"
        ):
            items[index - 1] = "/Artifact"
            item.clear()
            item.update(PAGINATION)
