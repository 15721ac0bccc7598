"""Lists, notes and paragraph numbers as PDF/UA wants them, on the tree pdf_tree.py reads (run by pdf_structure).

WeasyPrint tags a list item's text straight under its LI (LI > Lbl + P, no LBody) and lifts a nested
list out of its item (L > LI, L); a footnote is a plain list item and its reference a plain link; a
numbered paragraph's number (a positioned span) is a P inside the P. Here:

- every LI is Lbl + LBody, whatever it held, and a list nested in an item sits inside that item's LBody;
- a footnote (the notes' `<li id="fn-N">`) holds its text in a Note with an /ID, and a link to one is
  a Link inside a Reference;
- a numbered paragraph's number is a Lbl inside its paragraph.
"""

from __future__ import annotations

from typing import Any

from pipeline.render.pdf_tree import Tree


def _new(tree: Tree, kind: str, parent: Any, kids: list[Any]) -> Any:
    """A new structure element of `kind` under `parent`, holding `kids` (moved from `parent`)."""
    pk = tree.pk
    elem = tree.pdf.make_indirect(pk.Dictionary(Type=pk.Name.StructElem, S=pk.Name("/" + kind), P=parent))
    if "/Pg" in parent:
        elem.Pg = parent.Pg
    tree.set_kids(elem, [tree.portable(k, parent, elem) for k in kids])
    return elem


def nested_lists(tree: Tree, elem: Any) -> None:
    """A list that WeasyPrint lifted out of its item goes back into the item before it."""
    kids = tree.kids(elem)
    if elem.S == "/L":
        out: list[Any] = []
        for kid in kids:
            if tree.is_elem(kid) and kid.S == "/L" and out and tree.is_elem(out[-1]) and out[-1].S == "/LI":
                tree.set_kids(out[-1], [*tree.kids(out[-1]), kid])
                continue
            out.append(kid)
        if len(out) != len(kids):
            tree.set_kids(elem, out)
            kids = out
    for kid in kids:
        if tree.is_elem(kid):
            nested_lists(tree, kid)


def item_bodies(tree: Tree, elem: Any) -> None:
    """Every LI as Lbl + LBody: what is neither goes into the item's LBody, in order."""
    for kid in tree.kids(elem):
        if tree.is_elem(kid):
            item_bodies(tree, kid)
    if elem.S != "/LI":
        return
    kids = tree.kids(elem)
    labels = [k for k in kids if tree.is_elem(k) and k.S == "/Lbl"]
    bodies = [k for k in kids if tree.is_elem(k) and k.S == "/LBody"]
    rest = [k for k in kids if not (tree.is_elem(k) and k.S in ("/Lbl", "/LBody"))]
    if not rest and len(bodies) <= 1:
        return
    inside: list[Any] = []
    for kid in kids:
        if tree.is_elem(kid) and kid.S == "/LBody":
            inside += [tree.portable(k, kid, elem) for k in tree.kids(kid)]
        elif not (tree.is_elem(kid) and kid.S == "/Lbl"):
            inside.append(kid)
    tree.set_kids(elem, [*labels, _new(tree, "LBody", elem, inside)])


def notes(tree: Tree, elem: Any) -> None:
    """A footnote's body in a Note with an /ID; a link to a footnote inside a Reference."""
    kids = tree.kids(elem)
    changed = False
    for i, kid in enumerate(kids):
        if not tree.is_elem(kid):
            continue
        notes(tree, kid)
        source = tree.source(kid)
        role = source.role if source else ""
        if role == "noteref":
            kids[i] = _new(tree, "Reference", elem, [kid])
            changed = True
        elif role == "note":
            for body in tree.kids(kid):
                if tree.is_elem(body) and body.S == "/LBody":
                    note = _new(tree, "Note", body, tree.kids(body))
                    note.ID = tree.pk.String(f"{tree.prefix}note-{source.key}")  # type: ignore[union-attr]
                    tree.set_kids(body, [note])
    if changed:
        tree.set_kids(elem, kids)


def paragraph_numbers(tree: Tree, elements: list[Any]) -> None:
    """A numbered paragraph's number, tagged as a paragraph of its own by WeasyPrint, is its Lbl; the words
    beside it, which WeasyPrint puts in a paragraph of their own inside the paragraph, are the paragraph's."""
    for elem in elements:
        kids = tree.kids(elem)
        numbers = [k for k in kids if tree.is_elem(k) and (found := tree.source(k)) and found.role == "para-number"]
        if not numbers:
            continue
        out: list[Any] = []
        for kid in kids:
            if any(kid is n for n in numbers):
                kid.S = tree.pk.Name.Lbl
                out.append(kid)
            elif tree.is_elem(kid) and kid.S == "/P" and elem.S == "/P":
                out += [tree.portable(k, kid, elem) for k in tree.kids(kid)]
            else:
                out.append(kid)
        tree.set_kids(elem, out)


def restructure(tree: Tree, document: Any) -> None:
    nested_lists(tree, document)
    item_bodies(tree, document)
    notes(tree, document)
    paragraph_numbers(tree, list(tree.walk(document)))
