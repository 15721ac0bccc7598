"""The structure tree of a tagged PDF, read with pikepdf, and its repairs (the passes pdf_structure.py runs).

The pieces of one HTML element (pdf_tags.Source) merged into one element, a table's repeated
header row made an artifact with its cells' IDs folded into the first row's, a link inside a link
made one, leader dots and decorative images made artifacts, empty elements pruned, header cells
given /Scope, link annotations described by their text, passages given their /Lang, an /IDTree.
What then becomes an artifact in the content streams, and the rebuilt ParentTree: pdf_artifacts.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.render.pdf_tags import Source


class Tree:
    """The structure tree of one PDF, read with pikepdf, and what is to become artifacts."""

    def __init__(self, pdf: Any, sources: dict[int, Source], prefix: str = "") -> None:
        import pikepdf

        self.pk = pikepdf
        self.pdf = pdf
        self.sources = sources
        # what every ID in the tree begins with: "<n>." in part n of a long page (pdf_parts.py), where
        # WeasyPrint's numbers start again, so that no two parts share an ID once joined
        self.prefix = prefix
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
                    out.extend(k for k in self.kids(kid) if is_objr(k))  # its annotation stays tagged
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
            elif link is not None and elem is not link and is_objr(kid) and kid.Obj.get("/Subtype") == "/Link":
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
        """/Scope on header cells; /Headers that pointed at a repeated row now point at the first; each
        cell's /ID, and the IDs its /Headers name, begin with the tree's prefix."""
        prefix = self.prefix.encode("ascii")
        for row in elements:
            if row.S != "/TR":
                continue
            in_head = row.P.get("/S") == "/THead"
            cells = [k for k in self.kids(row) if self.is_elem(k)]
            all_headers = all(c.S == "/TH" for c in cells)  # a header row outside <thead>
            for i, cell in enumerate(cells):
                if prefix and "/ID" in cell:
                    cell.ID = self.pk.String(prefix + bytes(cell.ID))
                attrs = cell.get("/A")
                if prefix and isinstance(attrs, self.pk.Array):  # more than one attribute object
                    for attr in attrs:
                        if isinstance(attr, self.pk.Dictionary) and isinstance(attr.get("/Headers"), self.pk.Array):
                            attr.Headers = self.pk.Array([self.pk.String(prefix + bytes(h)) for h in attr.Headers])
                if not isinstance(attrs, self.pk.Dictionary):
                    continue
                if cell.S == "/TH":
                    source = self.source(cell)
                    scope = (source.scope if source else "") or (
                        "/Row" if i == 0 and not (in_head or all_headers) else "/Column"
                    )
                    attrs.Scope = self.pk.Name(scope)
                headers = attrs.get("/Headers")
                if isinstance(headers, self.pk.Array) and (self.id_moved or prefix):
                    ids = [self.id_moved.get(bytes(h), bytes(h)) for h in headers]
                    if self.id_moved:
                        ids = list(dict.fromkeys(ids))
                    attrs.Headers = self.pk.Array([self.pk.String(prefix + h) for h in ids])

    def links(self, elements: list[Any]) -> None:
        """Each link annotation described by its link's text."""
        for elem in elements:
            if elem.S != "/Link":
                continue
            source = self.source(elem)
            if source is None or not source.text:
                continue
            for kid in self.kids(elem):
                if is_objr(kid) and "/Obj" in kid:
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

    @property
    def document(self) -> Any:
        kids = self.kids(self.pdf.Root.StructTreeRoot)
        if len(kids) != 1 or not self.is_elem(kids[0]):
            raise ValueError("expected one /Document element at the root of the structure tree")
        return kids[0]


def id_prefix(part: int) -> str:
    """What every ID in part `part` of a long page begins with (pdf_parts.py lays it out, pdf_join.py checks it):
    WeasyPrint numbers IDs afresh in each file. The front matter, part 0, keeps its own as they are."""
    return f"{part}." if part else ""


def is_objr(obj: Any) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/OBJR"
