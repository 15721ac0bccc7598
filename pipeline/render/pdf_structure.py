"""The structure of the tagged PDF, made clean where WeasyPrint leaves it rough (PDF/UA-1 in substance).

WeasyPrint 70 tags every page on its own, straight from its boxes. What it leaves, and what is
done here, with pikepdf, on the finished file:

- running headers and footers (the @page margin boxes) are marked content no structure element
  claims: they become `/Artifact` (pagination) in the content stream;
- a table, list, section or paragraph that crosses a page is one structure element per page: the
  pieces of one HTML element are merged back into one, and the header row a table repeats on
  each page becomes an artifact (its cells' IDs folded into the first row's);
- header cells get `/Scope` (Column in a header row, Row at the start of a body row, or the HTML
  `scope`), and the IDs that cells use are listed in an /IDTree;
- a link inside a link (a contents entry is `<a>` with `::after` and a leader) is one link; the
  leader dots are artifacts;
- link annotations are described by their text (aria-label, else title, else what they show),
  not by their target ("fn-1");
- a passage whose HTML has its own `lang` carries /Lang; the catalog always does;
- an image whose HTML says it is decorative (alt="") is an artifact, not a figure without /Alt.

To know which structure elements are pieces of one HTML element, `recording()` wraps
WeasyPrint's `_build_box_tree` while the PDF is written and notes, for each structure element it
makes (by object number, which pikepdf keeps on reading), the HTML element and pseudo-element it
came from. The ParentTree is rebuilt from the finished tree, so every MCID on a page is either
claimed by exactly one element or inside an artifact.

`restructure()` raises on anything it does not expect; `pdf.render` then keeps WeasyPrint's own
file, which is valid, only less tidy.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger(__name__)
# WeasyPrint's tag builder is patched module-wide while a PDF is written: one at a time.
LOCK = threading.Lock()

_SPACE = re.compile(r"\s+")
_MARKED = re.compile(rb"/([A-Za-z]+)\n<</MCID (\d+)>>\nBDC\n")  # as pydyf writes marked content
_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


@dataclass(frozen=True)
class Source:
    """What one structure element came from in the HTML."""

    key: int  # one number per HTML element and pseudo-element: the pieces of one box share it
    tag: str  # WeasyPrint's element_tag: "a", "a::after", "th", ...; a leader's ends "::leader"
    text: str = ""  # for a link: what describes it (aria-label, title, else its text)
    lang: str = ""  # its own lang attribute, if any
    scope: str = ""  # for a header cell: its HTML scope, as a PDF name
    alt: str | None = None  # for an image: its alt attribute (None when absent)


@dataclass
class Recorder:
    """Sources of the structure elements WeasyPrint makes, by object number."""

    sources: dict[int, Source] = field(default_factory=dict)
    _keys: dict[tuple[int, str], int] = field(default_factory=dict)
    _held: list[object] = field(default_factory=list)  # keeps id()s unique while recording

    def note(self, number: int, box: Any) -> None:
        element = getattr(box, "element", None)
        if number in self.sources or element is None:
            return  # the innermost call names the element: it made it
        tag = str(getattr(box, "element_tag", "") or "")
        if getattr(box, "is_leader", False):  # leader(): an anonymous box inside its pseudo-element
            tag += "::leader"
        ident = (id(element), tag)
        if ident not in self._keys:
            self._keys[ident] = len(self._keys)
            self._held.append(element)
        attrib = getattr(element, "attrib", {})
        text = ""
        if tag == "a":
            said = (
                attrib.get("aria-label")
                or attrib.get("title")
                or "".join(element.itertext()).strip()
                or " ".join(str(e.get("alt", "")) for e in element.iter() if str(e.tag).endswith("img"))
            )
            text = _SPACE.sub(" ", said).strip()
        self.sources[number] = Source(
            key=self._keys[ident],
            tag=tag,
            text=text,
            lang=str(attrib.get("lang", "")) if "::" not in tag else "",
            scope=_SCOPES.get(str(attrib.get("scope", "")).lower(), "") if tag == "th" else "",
            alt=attrib.get("alt") if tag == "img" else None,
        )


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    """Note where each structure element comes from while WeasyPrint builds its tag tree.

    Hold LOCK around it. If WeasyPrint no longer has the function, nothing is recorded and
    `restructure` merges nothing it cannot place."""
    from weasyprint.pdf import tags

    original: Callable[..., Iterator[Any]] | None = getattr(tags, "_build_box_tree", None)
    if original is None:
        yield
        return
    build = original

    def _recorded(box: Any, *args: Any) -> Iterator[Any]:
        for element in build(box, *args):
            number = getattr(element, "number", None)
            if isinstance(number, int):
                recorder.note(number, box)
            yield element

    tags._build_box_tree = _recorded
    try:
        yield
    finally:
        tags._build_box_tree = original


# ----------------------------------------------------------------------------- the tree


class _Tree:
    """The structure tree of one PDF, read with pikepdf, and what is to become artifacts."""

    def __init__(self, pdf: Any, sources: dict[int, Source]) -> None:
        import pikepdf

        self.pk = pikepdf
        self.pdf = pdf
        self.sources = sources
        self.page_of = {page.objgen: i for i, page in enumerate(pdf.pages)}
        self.artifacts: dict[tuple[int, int], str] = {}  # (page, MCID) -> artifact type
        self.id_moved: dict[bytes, bytes] = {}  # a repeated header cell's ID -> the first one's
        self._kids: dict[tuple[int, int], list[Any]] = {}
        self._is_elem: dict[tuple[int, int], bool] = {}

    # -- reading

    def is_elem(self, obj: Any) -> bool:
        """A structure element (MCR and OBJR have no /S); remembered for each indirect object."""
        if isinstance(obj, int):
            return False
        ref = obj.objgen
        found = self._is_elem.get(ref) if ref[0] else None
        if found is None:
            found = isinstance(obj, self.pk.Dictionary) and "/S" in obj
            if ref[0]:
                self._is_elem[ref] = found
        return found

    def source(self, elem: Any) -> Source | None:
        return self.sources.get(elem.objgen[0])  # 0 for a direct object: never a source

    def key(self, elem: Any) -> int | None:
        found = self.source(elem)
        return found.key if found else None

    def kids(self, elem: Any) -> list[Any]:
        """/K as a list (a copy: change it with `set_kids`); read once per element, then cached."""
        ref = elem.objgen
        cached = self._kids.get(ref) if ref[0] else None
        if cached is None:
            k = elem.get("/K")
            cached = [] if k is None else list(k) if isinstance(k, self.pk.Array) else [k]
            if ref[0]:
                self._kids[ref] = cached
        return list(cached)

    def set_kids(self, elem: Any, kids: list[Any]) -> None:
        elem.K = self.pk.Array(kids)
        if elem.objgen[0]:
            self._kids[elem.objgen] = list(kids)

    def page(self, elem: Any, holder: Any | None = None) -> int | None:
        """The page index of an MCR/OBJR/element, or of its holder's /Pg."""
        for obj in (elem, holder):
            if isinstance(obj, self.pk.Dictionary) and "/Pg" in obj:
                return self.page_of.get(obj.Pg.objgen)
        return None

    def where(self, kid: Any, holder: Any) -> tuple[int, int] | None:
        """(page, MCID) of a marked-content kid of `holder`: an MCID or an MCR."""
        if isinstance(kid, int):
            page = self.page(holder)
            mcid = int(kid)
        elif isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/MCR":
            page = self.page(kid, holder)
            mcid = int(kid.MCID)
        else:
            return None
        if page is None:
            raise ValueError("marked content with no page")
        return page, mcid

    def marked(self, elem: Any) -> Iterator[tuple[int, int]]:
        """Every (page, MCID) in elem and below."""
        for kid in self.kids(elem):
            if self.is_elem(kid):
                yield from self.marked(kid)
            elif (found := self.where(kid, elem)) is not None:
                yield found

    def to_artifact(self, elem: Any, kind: str) -> None:
        for where in self.marked(elem):
            self.artifacts[where] = kind

    # -- moving content between elements

    def portable(self, kid: Any, holder: Any, into: Any) -> Any:
        """A kid of `holder` that keeps its page when moved into `into`."""
        if isinstance(kid, int) and self.page(holder) != self.page(into):
            return self.pk.Dictionary(Type=self.pk.Name.MCR, Pg=holder.Pg, MCID=kid)
        if isinstance(kid, self.pk.Dictionary) and kid.get("/Type") in ("/MCR", "/OBJR") and "/Pg" not in kid:
            kid.Pg = holder.Pg
        return kid

    # -- the passes

    def merge(self, elem: Any) -> None:
        """Pieces of one HTML element that sit side by side become one element, all the way down."""
        kids = self.kids(elem)
        out: list[Any] = []
        more: list[list[Any]] = []  # what each kept kid absorbs from its later pieces
        for kid in self.drop_repeats(kids):
            if out and self.is_elem(kid) and self.is_elem(out[-1]):
                key = self.key(kid)
                if key is not None and self.key(out[-1]) == key:
                    more[-1] += [self.portable(k, kid, out[-1]) for k in self.kids(kid)]
                    continue
            out.append(kid)
            more.append([])
        for kept, extra in zip(out, more, strict=True):
            if extra:
                self.set_kids(kept, self.kids(kept) + extra)
        if len(out) != len(kids):
            self.set_kids(elem, out)
        for kid in out:
            if self.is_elem(kid):
                self.merge(kid)

    def drop_repeats(self, kids: list[Any]) -> list[Any]:
        """A table's header group repeated on each page: the first stays; a footer group: the last."""
        groups: dict[int, list[int]] = {}
        for i, kid in enumerate(kids):
            if self.is_elem(kid) and kid.S in ("/THead", "/TFoot") and self.key(kid) is not None:
                groups.setdefault(self.key(kid), []).append(i)  # type: ignore[arg-type]
        dropped: set[int] = set()
        for places in groups.values():
            if len(places) < 2:
                continue
            keep = places[0] if kids[places[0]].S == "/THead" else places[-1]
            for i in places:
                if i != keep:
                    self.repeated_header(kids[keep], kids[i])
                    dropped.add(i)
        return [kid for i, kid in enumerate(kids) if i not in dropped]

    def repeated_header(self, first: Any, again: Any) -> None:
        """`again` repeats `first` on a later page: an artifact, its cells' IDs now the first's."""
        firsts = {self.key(c): c for c in self.walk(first) if "/ID" in c}
        for cell in self.walk(again):
            if "/ID" in cell and self.key(cell) in firsts:
                self.id_moved[bytes(cell.ID)] = bytes(firsts[self.key(cell)].ID)
        self.to_artifact(again, "/Pagination")

    def walk(self, elem: Any) -> Iterator[Any]:
        yield elem
        for kid in self.kids(elem):
            if self.is_elem(kid):
                yield from self.walk(kid)

    def flatten_links(self, elem: Any, in_link: bool = False) -> None:
        """A link inside a link gives its content to the outer one; a leader's dots are artifacts."""
        out: list[Any] = []
        changed = False
        for kid in self.kids(elem):
            if self.is_elem(kid):
                source = self.source(kid)
                if source and source.tag.endswith("::leader"):
                    self.to_artifact(kid, "/Layout")
                    out.extend(k for k in self.kids(kid) if _is_objr(k))  # its annotation stays tagged
                    changed = True
                    continue
                self.flatten_links(kid, in_link or kid.S == "/Link")
                if in_link and kid.S == "/Link":
                    out.extend(self.portable(k, kid, elem) for k in self.kids(kid))
                    changed = True
                    continue
            out.append(kid)
        if changed:
            self.set_kids(elem, out)

    def annotations_to_links(self, elem: Any, link: Any | None = None) -> None:
        """A link annotation held by an element inside a link (a linked picture's Figure) moves
        up to that link: PDF/UA wants every link annotation in a Link element."""
        if elem.S == "/Link":
            link = elem
        kept: list[Any] = []
        moved: list[Any] = []
        for kid in self.kids(elem):
            if self.is_elem(kid):
                self.annotations_to_links(kid, link)
            elif link is not None and elem is not link and _is_objr(kid) and kid.Obj.get("/Subtype") == "/Link":
                moved.append(self.portable(kid, elem, link))
                continue
            kept.append(kid)
        if moved:
            self.set_kids(elem, kept)
            self.set_kids(link, self.kids(link) + moved)

    def decorative_images(self) -> None:
        for elem in self.walk(self.document):
            if elem.S == "/Figure" and "/Alt" not in elem:
                source = self.source(elem)
                if source is not None and source.alt == "":
                    self.to_artifact(elem, "/Layout")
                    elem.S = self.pk.Name.Artifact  # removed by `prune`

    def prune(self, elem: Any) -> bool:
        """Drop elements that became artifacts or hold nothing; True if elem itself should go."""
        kids = self.kids(elem)
        out = []
        for kid in kids:
            if self.is_elem(kid):
                if self.prune(kid):
                    continue
            elif self.where(kid, elem) in self.artifacts:
                continue
            out.append(kid)
        if len(out) != len(kids):
            self.set_kids(elem, out)
        return elem.S == "/Artifact" or (not out and len(kids) > 0)

    def cells(self, elements: list[Any]) -> None:
        """/Scope on header cells; /Headers that pointed at a repeated row now point at the first."""
        for row in elements:
            if row.S != "/TR":
                continue
            in_head = row.P.get("/S") == "/THead"
            cells = [k for k in self.kids(row) if self.is_elem(k)]
            all_headers = all(c.S == "/TH" for c in cells)  # a header row outside <thead>
            for i, cell in enumerate(cells):
                attrs = cell.get("/A")
                if not isinstance(attrs, self.pk.Dictionary):
                    continue
                if cell.S == "/TH":
                    source = self.source(cell)
                    scope = (source.scope if source else "") or (
                        "/Row" if i == 0 and not (in_head or all_headers) else "/Column"
                    )
                    attrs.Scope = self.pk.Name(scope)
                headers = attrs.get("/Headers")
                if isinstance(headers, self.pk.Array) and self.id_moved:
                    ids = [self.id_moved.get(bytes(h), bytes(h)) for h in headers]
                    attrs.Headers = self.pk.Array([self.pk.String(h) for h in dict.fromkeys(ids)])

    def links(self, elements: list[Any]) -> None:
        """Each link annotation described by its link's text."""
        for elem in elements:
            if elem.S != "/Link":
                continue
            source = self.source(elem)
            if source is None or not source.text:
                continue
            for kid in self.kids(elem):
                if _is_objr(kid) and "/Obj" in kid:
                    kid.Obj.Contents = self.pk.String(source.text)

    def languages(self, elements: list[Any], lang: str) -> None:
        if not str(self.pdf.Root.get("/Lang", "")):
            self.pdf.Root.Lang = self.pk.String(lang)
        top = str(self.pdf.Root.Lang).lower()
        for elem in elements:
            source = self.source(elem)
            if source and source.lang and source.lang.lower() != top:
                elem.Lang = self.pk.String(source.lang)

    def ids(self, elements: list[Any]) -> None:
        """An /IDTree of every element with an /ID (PDF 1.7, 14.7.2)."""
        named = {bytes(e.ID): e for e in elements if "/ID" in e}
        root = self.pdf.Root.StructTreeRoot
        if not named:
            if "/IDTree" in root:
                del root.IDTree
            return
        names: list[Any] = []
        for key in sorted(named):
            names += [self.pk.String(key), named[key]]
        root.IDTree = self.pdf.make_indirect(self.pk.Dictionary(Names=self.pk.Array(names)))

    def settle(self, elem: Any, into: list[Any]) -> list[Any]:
        """Every element from `elem` down, in reading order, each with /P its parent."""
        into.append(elem)
        for kid in self.kids(elem):
            if self.is_elem(kid):
                kid.P = elem
                self.settle(kid, into)
        return into

    def parent_tree(self, elements: list[Any]) -> set[tuple[int, int]]:
        """Rebuild /ParentTree from the tree as it now stands; the (page, MCID)s it claims."""
        claimed: dict[tuple[int, int], Any] = {}
        annots: dict[int, Any] = {}
        for elem in elements:
            for kid in self.kids(elem):
                if (found := self.where(kid, elem)) is not None:
                    if found in claimed:
                        raise ValueError(f"marked content {found} claimed twice")
                    claimed[found] = elem
                elif _is_objr(kid) and "/StructParent" in kid.Obj:
                    annots[int(kid.Obj.StructParent)] = elem
        by_page: dict[int, dict[int, Any]] = {}
        for (page_index, mcid), elem in claimed.items():
            by_page.setdefault(page_index, {})[mcid] = elem
        nums: list[Any] = []
        entries: dict[int, Any] = dict(annots)
        for i, page in enumerate(self.pdf.pages):
            if "/StructParents" not in page.obj:
                continue
            mcids = by_page.get(i, {})
            row = [mcids.get(m) for m in range(max(mcids) + 1 if mcids else 0)]
            entries[int(page.obj.StructParents)] = self.pdf.make_indirect(self.pk.Array(row))
        for key in sorted(entries):
            nums += [key, entries[key]]
        root = self.pdf.Root.StructTreeRoot
        root.ParentTree = self.pdf.make_indirect(self.pk.Dictionary(Nums=self.pk.Array(nums)))
        root.ParentTreeNextKey = max(entries) + 1 if entries else 0
        return set(claimed)

    @property
    def document(self) -> Any:
        kids = self.kids(self.pdf.Root.StructTreeRoot)
        if len(kids) != 1 or not self.is_elem(kids[0]):
            raise ValueError("expected one /Document element at the root of the structure tree")
        return kids[0]

    def drawn(self) -> dict[int, set[int]]:
        """The MCIDs WeasyPrint drew on each page, from its ParentTree (margin boxes included)."""
        nums = list(self.pdf.Root.StructTreeRoot.ParentTree.get("/Nums", []))
        rows = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
        found: dict[int, set[int]] = {}
        for i, page in enumerate(self.pdf.pages):
            row = rows.get(int(page.obj.get("/StructParents", -1)))
            if isinstance(row, self.pk.Array):
                found[i] = {m for m, elem in enumerate(row) if elem is not None}
        return found

    def mark_artifacts(self, claimed: set[tuple[int, int]], drawn: dict[int, set[int]]) -> None:
        """Every marked content sequence no element claims becomes an artifact, in place.

        pydyf writes each as `/Tag\\n<</MCID n>>\\nBDC`: those are rewritten in the bytes when
        they are exactly the MCIDs the page should hold; otherwise the page is parsed (slower)."""
        for i, page in enumerate(self.pdf.pages):
            wanted = {m for m in drawn.get(i, set()) if (i, m) not in claimed}
            if not wanted:
                continue
            data = page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, self.pk.Stream) else b""
            found = [int(m.group(2)) for m in _MARKED.finditer(data)]
            if data and sorted(found) == sorted(drawn[i]):

                def artifact(match: re.Match[bytes], page: int = i) -> bytes:
                    kind = self.artifacts.get((page, int(match.group(2))))
                    if (page, int(match.group(2))) in claimed:
                        return match.group(0)
                    return b"/Artifact\n<</Type " + (kind or "/Pagination").encode() + b">>\nBDC\n"

                page.obj.Contents.write(_MARKED.sub(artifact, data))
            else:
                self.parse_and_mark(i, page, claimed)

    def parse_and_mark(self, i: int, page: Any, claimed: set[tuple[int, int]]) -> None:
        pk = self.pk
        bdc = pk.Operator("BDC")
        out = []
        for inst in pk.parse_content_stream(page):
            if isinstance(inst, pk.ContentStreamInstruction) and inst.operator == bdc:
                props = inst.operands[1] if len(inst.operands) == 2 else None
                if not isinstance(props, pk.Dictionary):
                    raise ValueError("marked content with a named property list")
                if "/MCID" in props and (i, int(props.MCID)) not in claimed:
                    kind = self.artifacts.get((i, int(props.MCID)), "/Pagination")
                    inst = pk.ContentStreamInstruction([pk.Name.Artifact, pk.Dictionary(Type=pk.Name(kind))], bdc)
            out.append(inst)
        page.obj.Contents = self.pdf.make_stream(pk.unparse_content_stream(out))


def _is_objr(obj: Any) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/OBJR"


def write(html: Any, lang: str, **options: Any) -> bytes:
    """`html.write_pdf(**options)` (a weasyprint.HTML), tagged, with the structure above.

    pydyf's page lookup is cached while it writes (pydyf_patch.py). If the tidying meets anything
    it does not expect, WeasyPrint's own valid file is returned, and a warning logged."""
    from pipeline.render.pydyf_patch import cached_page_references

    recorder = Recorder()
    with LOCK, cached_page_references(), recording(recorder):
        raw: bytes = html.write_pdf(**options)
    try:
        return restructure(raw, recorder.sources, lang)
    except Exception as exc:  # noqa: BLE001 - any surprise keeps WeasyPrint's own, valid file
        LOG.warning("the PDF's structure was left as WeasyPrint made it: %s", exc)
        return raw


def restructure(data: bytes, sources: dict[int, Source], lang: str) -> bytes:
    """WeasyPrint's tagged PDF with the structure above; raises on anything unexpected."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = _Tree(pdf, sources)
        drawn = tree.drawn()
        document = tree.document
        tree.merge(document)
        tree.flatten_links(document)
        tree.annotations_to_links(document)
        tree.decorative_images()
        tree.prune(document)
        elements = tree.settle(document, [])
        tree.cells(elements)
        tree.links(elements)
        tree.languages(elements, lang)
        tree.ids(elements)
        claimed = tree.parent_tree(elements)
        tree.mark_artifacts(claimed, drawn)
        out = io.BytesIO()
        # qpdf keeps the first /ID (the page's hash) and derives the second from the content
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        pages = len(pdf.pages)
    with pikepdf.open(io.BytesIO(out.getvalue())) as written:  # read back before it replaces WeasyPrint's
        if len(written.pages) != pages or "/StructTreeRoot" not in written.Root:
            raise ValueError("the tidied PDF did not read back whole")
    return out.getvalue()
