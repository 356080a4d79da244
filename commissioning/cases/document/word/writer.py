"""A thin, safe layer over python-docx for the Word copy: every piece of text goes
through ``clean`` (XML forbids most control characters, and python-docx refuses
them), headings use Word's own heading styles, tables repeat their header row on
each page and carry a caption, pictures carry alt text, and numbered lists restart
at 1.

Text is only ever written as text (``w:t``): nothing here makes a field, a hyperlink
or any other element from what a user typed, so a value such as ``=cmd|' /c calc'!A1``
stays the characters it is."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table

# What a picture python-docx cannot read raises.
IMAGE_ERRORS = (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
    ValueError,
    EOFError,
)
logger = logging.getLogger(__name__)

# XML 1.0 allows tab, line feed and carriage return below U+0020, and no surrogates
# or U+FFFE/U+FFFF. Other control characters become a space, so words stay apart.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PICTURE_WIDTH = Cm(16)
SMALL = 18  # half-points: 9 pt
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def clean(value: object) -> str:
    """``value`` as text Word can store: XML-illegal characters replaced by spaces."""
    return ILLEGAL_XML.sub(" ", "" if value is None else str(value))


class Writer:
    """Builds one Word document. ``language`` goes into the core properties and the
    default run language (for spelling and screen readers)."""

    def __init__(self, *, language: str) -> None:
        self.document = Document()
        self.language = language
        self._body = self.document.element.body
        self._style_ids: dict[str, str] = {}
        self._table_style = self.document.styles["Table Grid"]
        self._set_default_language(language)

    # --- Document properties ---------------------------------------------------------

    def properties(
        self,
        *,
        title: str,
        author: str,
        subject: str,
        keywords: str,
        status: str,
        created: datetime | None,
    ) -> None:
        core = self.document.core_properties
        core.title = clean(title)[:255]
        core.author = clean(author)[:255]
        core.subject = clean(subject)[:255]
        core.keywords = clean(keywords)[:255]
        core.content_status = clean(status)
        core.language = self.language
        core.comments = ""
        if created is not None:
            core.created = core.modified = created.replace(tzinfo=None)
        core.last_modified_by = ""
        core.revision = 1

    def _set_default_language(self, language: str) -> None:
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = run_properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_properties.append(lang)
        lang.set(qn("w:val"), language)

    def footer(self, text: str, *, header: str = "") -> None:
        section = self.document.sections[0]
        section.footer.paragraphs[0].text = clean(text)
        if header:
            section.header.paragraphs[0].text = clean(header)

    # --- Text ------------------------------------------------------------------------
    # Paragraphs and runs are made as XML directly: python-docx's paragraph and table
    # helpers look styles up by name and recompute table grids on every call, which
    # took seconds for a case's hundred-row tables.

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def _p(self, style: str | None = None, parent: Any = None) -> Any:
        p = OxmlElement("w:p")
        if style:
            p.style = self._style_id(style)
        if parent is None:
            self._body._insert_p(p)
        else:
            parent.append(p)
        return p

    def title(self, text: str) -> Any:
        return _run(self._p("Title"), text)

    def heading(self, text: str, level: int) -> Any:
        """Heading ``level`` (1 for each part of the case, 2 and 3 below it)."""
        return _run(self._p(f"Heading {level}"), text)

    def paragraph(
        self, text: str = "", *, lead: str = "", style: str | None = None, small: bool = False
    ) -> Any:
        """A paragraph, with ``lead`` in bold before the text ("Reading the BCR:")."""
        p = self._p(style)
        size = SMALL if small else None
        if lead:
            _run(p, lead + (" " if text else ""), bold=True, size=size)
        if text:
            _run(p, text, size=size)
        return p

    def text_block(self, text: str) -> None:
        """Free text the commissioner wrote: a paragraph per blank-line-separated block,
        line breaks kept (as Django's ``linebreaks`` does for the page)."""
        for block in re.split(r"\n\s*\n", clean(text).replace("\r", "")):
            lines = block.strip("\n").split("\n")
            if not "".join(lines).strip():
                continue
            p = self._p()
            for i, line in enumerate(lines):
                _run(p, line, line_break=i > 0)

    def items(self, texts: Iterable[str], *, numbered: bool) -> None:
        """A bulleted or numbered list; each numbered list starts again at 1."""
        style = "List Number" if numbered else "List Bullet"
        number = self._new_numbering() if numbered else None
        for text in texts:
            p = self._p(style)
            if number is not None:
                numbering = OxmlElement("w:numPr")
                level, num = OxmlElement("w:ilvl"), OxmlElement("w:numId")
                level.set(qn("w:val"), "0")
                num.set(qn("w:val"), str(number))
                numbering.extend([level, num])
                p.get_or_add_pPr().append(numbering)
            _run(p, text)

    def _new_numbering(self) -> int:
        """A new ``w:num`` on the "List Number" style's list, restarting at 1."""
        numbering = self.document.part.numbering_part.element
        style = self.document.styles["List Number"].element
        style_num = style.find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:numId"))
        existing = {int(n.get(qn("w:numId"))): n for n in numbering.findall(qn("w:num"))}
        abstract = existing[int(style_num.get(qn("w:val")))].find(qn("w:abstractNumId"))
        new_id = max(existing) + 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(new_id))
        abstract_ref = OxmlElement("w:abstractNumId")
        abstract_ref.set(qn("w:val"), abstract.get(qn("w:val")))
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.extend([abstract_ref, override])
        numbering.append(num)
        return new_id

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- Tables and pictures ---------------------------------------------------------

    def table(self, table: Mapping[str, Any]) -> Table | None:
        """A table from the content model's ``table`` dict (caption, head, rows, foot;
        cells with ``text`` and ``numeric``): caption above it, header row repeated on
        every page, figures right-aligned."""
        head: Sequence[Mapping[str, Any]] = table.get("head") or []
        body = [*(table.get("rows") or []), *(table.get("foot") or [])]
        return self.grid(
            table.get("caption", ""),
            [cell["text"] for cell in head],
            [[cell["text"] for cell in row] for row in body],
            numeric=[bool(cell.get("numeric")) for cell in head],
        )

    def grid(
        self,
        caption: str,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        numeric: Sequence[bool] = (),
    ) -> Table | None:
        if not head:
            return None
        if caption:
            self.paragraph(caption, style="Caption")
        columns = len(head)
        grid = self.document.add_table(rows=1 + len(rows), cols=columns)
        grid.style = self._table_style
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        _table_caption(grid, caption)
        right = [i < len(numeric) and numeric[i] for i in range(columns)]
        for r, tr in enumerate(grid._tbl.tr_lst):
            texts = head if r == 0 else rows[r - 1]
            if r == 0:
                _repeat_header(tr)
            for i, tc in enumerate(tr.tc_lst):
                p = tc.p_lst[0]
                if right[i]:
                    p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
                # The header row, and each row's first cell (its header, as <th> on
                # the page), in bold.
                _run(p, texts[i] if i < len(texts) else "", bold=r == 0 or i == 0)
        self._p()
        return grid

    def picture(self, png: bytes, *, title: str, alt: str) -> bool:
        """A picture with alt text (``wp:docPr`` ``descr``) and a title; False, and
        nothing added, if ``png`` is not an image python-docx can read."""
        try:
            image = self.document.part.new_pic_inline(io.BytesIO(png), PICTURE_WIDTH, None)
        except IMAGE_ERRORS as error:
            logger.warning("A chart's picture was left out of the Word copy: %r", error)
            return False
        paragraph = self.document.add_paragraph()
        paragraph.add_run()._r.add_drawing(image)
        properties = image.docPr
        properties.set("descr", clean(alt))
        properties.set("title", clean(title))
        return True

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _run(
    p: Any, text: str, *, bold: bool = False, size: int | None = None, line_break: bool = False
) -> Any:
    """Append a run of ``text`` (cleaned) to the paragraph element ``p``."""
    run = OxmlElement("w:r")
    if bold or size:
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        if size:
            for name in ("w:sz", "w:szCs"):
                element = OxmlElement(name)
                element.set(qn("w:val"), str(size))
                properties.append(element)
        run.append(properties)
    if line_break:
        run.append(OxmlElement("w:br"))
    t = OxmlElement("w:t")
    t.text = clean(text)
    t.set(XML_SPACE, "preserve")
    run.append(t)
    p.append(run)
    return p


def _repeat_header(tr: Any) -> None:
    """Mark the row ``tr`` as a header row Word repeats at the top of each page
    (``w:tblHeader``); screen readers read it as the column headers."""
    properties = tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader"):  # in the schema's order
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _table_caption(grid: Table, caption: str) -> None:
    """The table's title for assistive technology (``w:tblCaption``, Word's "Alt Text
    title"), placed where the schema expects it."""
    if not caption:
        return
    properties = grid._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), clean(caption)[:255])
    properties.append(element)
