"""What no structure element claims becomes an artifact, and the ParentTree is rebuilt from the repaired tree.

Running headers and footers (the @page margin boxes), a table's repeated header row and leader dots
are marked content no element claims: each becomes `/Artifact` in its page's content stream, so
every MCID on a page is either claimed by exactly one element or inside an artifact.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.render.pdf_tree import Tree, is_objr

_MARKED = re.compile(rb"/([A-Za-z]+)\n<</MCID (\d+)>>\nBDC\n")  # as pydyf writes marked content


class ArtifactTree(Tree):
    """The repaired tree, with the marked content it claims and what becomes artifacts."""

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
                elif is_objr(kid) and "/StructParent" in kid.Obj:
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
