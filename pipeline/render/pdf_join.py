"""The laid-out parts of a long page (pdf_parts.py) joined into one tagged PDF, with pikepdf.

- the pages in order; the first part's catalog (language, MarkInfo, viewer preferences, XMP metadata,
  title) stands for the whole;
- one structure tree: each part's /Document children go under the first part's /Document in order, and
  an element a part carries on (`continues`: the <main> and answers section it reopened) is made one
  with the element it continues, its children moved into it; an MCID moved with them keeps its page as an
  MCR; each ID in part n (header cells', notes') begins `<n>.`, with the /Headers that use them: given
  as the part was laid out (pdf_tree.Tree.prefix), else here;
- every page and link annotation numbered afresh (/StructParents, /StructParent) and the ParentTree and
  IDTree rebuilt from the joined tree (pdf_artifacts.ArtifactTree, as for a single file);
- a `coproduce-part:<id>` link (pdf_split.py) becomes a link to the named destination <id>; the named
  destinations are every part's anchors, at their pages in the whole;
- the outline made again from the headings' own levels (WeasyPrint's bookmarks, as each part reported
  them), not from each part's nesting, so a part that begins at an h3 still puts it under its h2;
- a fixed /ID (the hash of the whole page, as pdf.py gives a single file), so the same parts give the
  same bytes.
Anything unexpected raises; pdf.py then lays the page out whole, as for a short one.
"""

from __future__ import annotations

import io
from typing import Any

from pipeline.render.pdf_footer import stamp
from pipeline.render.pdf_split import PART_LINK
from pipeline.render.pdf_tree import id_prefix

Laid = tuple[bytes, dict[str, Any], int]  # a part's bytes, what it reported (pdf_parts.lay_out), `continues`


def _kids(obj: Any) -> list[Any]:
    import pikepdf

    k = obj.get("/K")
    return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]


def _is_elem(obj: Any) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _document(pdf: Any) -> Any:
    kids = _kids(pdf.Root.StructTreeRoot)
    if len(kids) != 1 or not _is_elem(kids[0]):
        raise ValueError("a part's structure tree has no single /Document")
    return kids[0]


def _elements(elem: Any) -> list[Any]:
    found = [elem]
    for kid in _kids(elem):
        if _is_elem(kid):
            found += _elements(kid)
    return found


def _own_ids(pdf: Any, document: Any, number: int, given: str) -> None:
    """The IDs of part `number` (WeasyPrint's are numbers that another part may use too) made its own: done
    in the part's layout (`given`, pdf_parts.lay_out) when it was tidied, whose /IDTree lists every ID; else
    here, walking every element."""
    import pikepdf

    prefix = id_prefix(number)
    mark = prefix.encode("ascii")
    listed = pdf.Root.StructTreeRoot.get("/IDTree")  # a flat list of names (pdf_tree.ids), or none: no IDs
    names = [] if listed is None else list(listed.Names)[::2] if "/Names" in listed else None
    if given == prefix and names is not None and all(bytes(n).startswith(mark) for n in names):
        return

    def renamed(value: Any) -> Any:
        return pikepdf.String(mark + bytes(value))  # as pdf_tree.Tree.cells gives them

    for elem in _elements(document):
        if "/ID" in elem:
            elem.ID = renamed(elem.ID)
        attributes = elem.get("/A")
        for attr in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(attr, pikepdf.Dictionary) and "/Headers" in attr:
                attr.Headers = pikepdf.Array([renamed(h) for h in attr.Headers])


def _portable(kid: Any, holder: Any) -> Any:
    """A kid that can move to another element: an MCID keeps the page of the element it came from."""
    import pikepdf

    if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
        if "/Pg" not in holder:
            raise ValueError("an MCID without a page")
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=holder.Pg, MCID=int(kid))
    loose = isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") in ("/MCR", "/OBJR") and "/Pg" not in kid
    if loose and "/Pg" in holder:
        kid.Pg = holder.Pg
    return kid


def _graft(target: Any, source: Any, depth: int) -> None:
    """`source` carries `target` on, `depth` elements deep: its children are moved into `target`."""
    import pikepdf

    if target.get("/S") != source.get("/S"):
        raise ValueError(f"a part continues {target.get('/S')} with {source.get('/S')}")
    kids = _kids(source)
    if depth > 1:
        inner = [k for k in kids if _is_elem(k)]
        last = [k for k in _kids(target) if _is_elem(k)]
        if not inner or not last:
            raise ValueError("a continued element has nothing to carry on")
        _graft(last[-1], inner[0], depth - 1)
        kids = [k for k in kids if not (_is_elem(k) and k.objgen == inner[0].objgen)]
    target.K = pikepdf.Array(_kids(target) + [_portable(k, source) for k in kids])


def join(parts: list[Laid], identifier: bytes, footers: list[bytes]) -> bytes:
    """One PDF of `parts` (the first the front matter), as the module docstring says, with `footers`
    (pdf_footer.py) stamped on its pages."""
    import pikepdf

    from pipeline.render.pdf_artifacts import ArtifactTree

    opened = [pikepdf.open(io.BytesIO(data)) for data, _, _ in parts]
    stamps = [pikepdf.open(io.BytesIO(data)) for data in footers]
    try:
        base = opened[0]
        document = _document(base)
        offsets = []
        for number, (other, (_, info, continues)) in enumerate(zip(opened, parts, strict=True)):
            offsets.append(len(base.pages) if number else 0)
            if len(other.pages) != int(info["pages"]):
                raise ValueError("a part's pages are not what it reported")
            if not number:
                continue
            theirs = _document(other)
            _own_ids(other, theirs, number, info["ids"])
            del theirs["/P"]  # the part's own StructTreeRoot stays behind
            base.pages.extend(other.pages)
            copied = base.copy_foreign(theirs)
            kids = _kids(copied)
            if continues:
                ours = [k for k in _kids(document) if _is_elem(k)]
                if not ours or not kids or not _is_elem(kids[0]):
                    raise ValueError("a part continues nothing")
                _graft(ours[-1], kids[0], continues)
                kids = kids[1:]
            document.K = pikepdf.Array(_kids(document) + [_portable(k, copied) for k in kids])
        _number_afresh(base)
        tree = ArtifactTree(base, {})
        elements = tree.settle(document, [])
        tree.ids(elements)
        tree.parent_tree(elements)
        _destinations(base, parts, offsets)
        _links(base)
        _outline(base, parts, offsets)
        stamp(base, stamps)
        base.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        out = io.BytesIO()
        base.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    finally:
        for pdf in (*opened, *stamps):
            pdf.close()


def _number_afresh(pdf: Any) -> None:
    """Each page's /StructParents its index; each link annotation's /StructParent after them."""
    number = len(pdf.pages)
    for i, page in enumerate(pdf.pages):
        page.obj.StructParents = i
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = number
                number += 1


def _destinations(pdf: Any, parts: list[Laid], offsets: list[int]) -> None:
    import pikepdf

    named: dict[str, Any] = {}
    for (_, info, _), offset in zip(parts, offsets, strict=True):
        for name, (page, x, y) in info["anchors"].items():
            if name not in named:
                target = pdf.pages[offset + int(page)].obj
                named[name] = pikepdf.Array([target, pikepdf.Name.XYZ, x, y, 0])
    flat: list[Any] = []
    for name in sorted(named):
        flat += [pikepdf.String(name), named[name]]
    names = pdf.Root.get("/Names") or pikepdf.Dictionary()
    names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))
    pdf.Root.Names = names


def _links(pdf: Any) -> None:
    """A link to another part's id made a link to its named destination."""
    import pikepdf

    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if not isinstance(action, pikepdf.Dictionary) or action.get("/S") != "/URI":
                continue
            uri = bytes(action.URI).decode("utf-8", "replace")
            if uri.startswith(PART_LINK):
                del annot["/A"]
                annot.Dest = pikepdf.String(uri.removeprefix(PART_LINK))


def _outline(pdf: Any, parts: list[Laid], offsets: list[int]) -> None:
    import pikepdf

    with pdf.open_outline() as outline:
        outline.root.clear()
        open_items: list[tuple[int, Any]] = []
        for (_, info, _), offset in zip(parts, offsets, strict=True):
            for page, level, label, x, y, state in info["bookmarks"]:
                item = pikepdf.OutlineItem(label, offset + int(page), "XYZ", left=x, top=y)
                item.is_closed = state == "closed"
                while open_items and open_items[-1][0] >= level:
                    open_items.pop()
                (open_items[-1][1].children if open_items else outline.root).append(item)
                open_items.append((level, item))
