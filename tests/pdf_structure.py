"""Reading a tagged PDF back with pypdf, for the PDF/UA checks (Matterhorn-style) the
business case and the results PDF share: the structure tree, the marked content on
each page and its text, and the checks themselves, each returning what failed."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


@dataclass(eq=False)
class Element:
    kind: str  # "/Table", "/TH", ...
    attributes: dict
    id: str | None
    parent: Element | None
    page: int | None
    number: int | None  # object number
    children: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID)
    annotations: list[DictionaryObject] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass(frozen=True)
class Chunk:
    page: int
    tags: tuple[str, ...]  # marked-content tags, outermost first
    mcid: int | None  # of the innermost marked content that has one
    text: str
    font: str = ""  # the font's /BaseFont, e.g. "/ABCDEF+LiberationSans-Bold"

    @property
    def artifact(self) -> bool:
        return "/Artifact" in self.tags


class TaggedPDF:
    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))
        catalog = self.reader.trailer["/Root"]
        self.pages = {
            page.indirect_reference.idnum: index for index, page in enumerate(self.reader.pages)
        }
        self.tree_root = resolve(catalog["/StructTreeRoot"])
        self.root = Element("/StructTreeRoot", {}, None, None, None, None)
        self._build(self.tree_root, self.root)
        self.chunks = self._chunks()

    def _build(self, node: DictionaryObject, element: Element) -> None:
        kids = resolve(node.get("/K"))
        if kids is None:
            return
        if not isinstance(kids, ArrayObject):
            kids = [kids]
        page = element.page
        for kid in kids:
            number = kid.idnum if isinstance(kid, IndirectObject) else None
            kid = resolve(kid)
            if isinstance(kid, int):
                element.mcids.append((page, int(kid)))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
                element.annotations.append(resolve(kid["/Obj"]))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                element.mcids.append((self.pages[kid["/Pg"].idnum], int(kid["/MCID"])))
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                pg = kid.get("/Pg")
                child = Element(
                    kind=str(kid["/S"]),
                    attributes={str(k): v for k, v in resolve(kid.get("/A", {})).items()},
                    id=str(kid["/ID"]) if "/ID" in kid else None,
                    parent=element,
                    page=self.pages[pg.idnum] if pg is not None else page,
                    number=number,
                )
                element.children.append(child)
                self._build(kid, child)

    def _chunks(self) -> list[Chunk]:
        chunks: list[Chunk] = []
        for index, page in enumerate(self.reader.pages):
            chunks += _page_chunks(index, page)
        return chunks

    # --- What the tree says --------------------------------------------------------

    def elements(self, kind: str | None = None) -> list[Element]:
        return [e for e in self.root.walk() if kind is None or e.kind == kind]

    def text_of(self, element: Element) -> str:
        owned = {m for e in element.walk() for m in e.mcids}
        return " ".join(c.text for c in self.chunks if (c.page, c.mcid) in owned)


def _page_chunks(index: int, page) -> list[Chunk]:
    """The page's text pieces with the marked content each sits in."""
    chunks: list[Chunk] = []
    stack: list[tuple[str, int | None]] = []

    def before(operator, arguments, cm, tm):
        if operator == b"BDC":
            properties = resolve(arguments[1])
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            stack.append((str(arguments[0]), mcid))
        elif operator == b"BMC":
            stack.append((str(arguments[0]), None))
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value, cm, tm, font, size):
        if value.strip():
            mcids = [m for _, m in stack if m is not None]
            chunks.append(
                Chunk(
                    index,
                    tuple(t for t, _ in stack),
                    int(mcids[-1]) if mcids else None,
                    value.strip(),
                    str(resolve(font).get("/BaseFont", "")) if font else "",
                )
            )

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return chunks


# --- The checks: each returns a list of what is wrong (empty when it passes) ----------


def untagged_or_orphan_content(pdf: TaggedPDF) -> list[Chunk]:
    """Text that is neither an artifact nor owned by an element in the tree (Matterhorn
    01-001 / 01-002: content must be tagged or marked as an artifact)."""
    owned = {m for e in pdf.root.walk() for m in e.mcids}
    return [c for c in pdf.chunks if not c.artifact and (c.page, c.mcid) not in owned]


def running_text_as_content(pdf: TaggedPDF, running: list[str]) -> list[Chunk]:
    """Chunks of running header or footer text that are not artifacts."""
    return [c for c in pdf.chunks if not c.artifact and any(r in c.text for r in running)]


def nested_links(pdf: TaggedPDF) -> list[Element]:
    return [e for e in pdf.elements("/Link") if any(a.kind == "/Link" for a in e.ancestors())]


def header_cells_without_scope(pdf: TaggedPDF) -> list[Element]:
    return [
        e
        for e in pdf.elements("/TH")
        if str(e.attributes.get("/Scope")) not in ("/Row", "/Column", "/Both")
    ]


def cells_naming_missing_headers(pdf: TaggedPDF) -> list[Element]:
    """Data cells whose /Headers name an ID no header cell in their table has."""
    wrong = []
    for table in pdf.elements("/Table"):
        ids = {e.id for e in table.walk() if e.kind == "/TH"}
        for cell in table.walk():
            if cell.kind == "/TD" and any(str(h) not in ids for h in cell.attributes["/Headers"]):
                wrong.append(cell)
    return wrong


def tables_with_more_than_one_caption(pdf: TaggedPDF) -> list[Element]:
    return [t for t in pdf.elements("/Table") if sum(c.kind == "/Caption" for c in t.children) > 1]


def pages_of(element: Element) -> set[int]:
    return {page for e in element.walk() for page, _ in e.mcids}


RAW = re.compile(r"^(https?://|www\.|#|/)|^[\w-]+$")


def links_with_poor_text(pdf: TaggedPDF, site_url: str) -> list[tuple[str, str]]:
    """(text, target) for links whose text is empty, a raw address or an id, or whose
    web target is not on the site."""
    wrong = []
    for link in pdf.elements("/Link"):
        text = pdf.text_of(link)
        for annotation in link.annotations:
            action = resolve(annotation.get("/A", {}))
            target = str(action.get("/URI", "")) or "internal"
            on_site = target == "internal" or target.startswith(site_url)
            raw = not text or text == target or (RAW.match(text) and " " not in text)
            if raw or not on_site:
                wrong.append((text, target))
    return wrong


def link_annotations_outside_the_tree(pdf: TaggedPDF) -> list[DictionaryObject]:
    """Link annotations no /Link element owns (Matterhorn 28-011)."""
    owned = {
        a.indirect_reference.idnum
        for e in pdf.elements("/Link")
        for a in e.annotations
        if a.indirect_reference is not None
    }
    wrong = []
    for page in pdf.reader.pages:
        for ref in page.get("/Annots", []) or []:
            annotation = resolve(ref)
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/StructParent" not in annotation or ref.idnum not in owned:
                wrong.append(annotation)
    return wrong


HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}


def headings_alone_at_the_foot(pdf: TaggedPDF) -> list[str]:
    """Headings that are the last content drawn on their page (the text that follows
    them starts on the next page)."""
    owner: dict[tuple[int, int], Element] = {}
    for element in pdf.root.walk():
        for mark in element.mcids:
            owner[mark] = element
    alone = []
    for page in range(len(pdf.reader.pages)):
        content = [c for c in pdf.chunks if c.page == page and not c.artifact]
        if not content or page == len(pdf.reader.pages) - 1:
            continue
        last = owner.get((page, content[-1].mcid))
        if last is not None and any(e.kind in HEADINGS for e in [last, *last.ancestors()]):
            alone.append(content[-1].text)
    return alone
