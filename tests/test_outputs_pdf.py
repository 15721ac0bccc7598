"""PDF structure for lists, notes and numbered paragraphs (issue 22), read back with pikepdf.

Lists in the shapes the CommonMark spec's examples use (tight and loose, bullets and numbers, a start
other than 1, items of several blocks, a quote or code in an item, lists nested three deep, a list in a
quote and in a footnote) come out as L > LI > Lbl + LBody, every nested list inside its item's LBody;
each footnote is a Note with an /ID and each reference to one a Reference holding its Link; in numbered
written evidence each paragraph's number is a Lbl inside its paragraph, never a P inside a P.
The whole tree also passes test_pdf_structure's checks (every MCID claimed once, the ParentTree agrees).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.conftest import run
from tests.factory import RESPONSE, make_bench, signed
from tests.test_pdf_structure import Tree, assert_clean_structure, read_tree

pytestmark = pytest.mark.slow

# written fresh; each shape after one of the CommonMark spec's list examples
LISTS = """---
answers: q3
by: [hal]
status: approved
---
A tight list:

- a bed
- a key
- a kettle

A loose list:

- a quiet room

- a garden

Numbers that start at seven:

7. arrive
8. settle

An item of two paragraphs, a quote and code:

1. First, ring the house.

   Then wait for a call back.

   > They always rang back.

       call log kept for a week

2. Second, visit.

Nested three deep:

- housing
  - rent
    1. deposit
    2. first month
  - repairs
- money

> In a quote:
>
> - one
> - two

A note on beds.[^beds] Another on staff.[^staff]

[^beds]: Six beds, shared across:

    - the north
    - the south

[^staff]: Two peer workers a shift.
"""
ITEMS = 19  # every list item above


def build(response: Path, out: Path) -> Path:
    result = run(["build", str(response), "--out", str(out), "--format", "pdf", "--draft"])
    assert result.exit_code == 0, result.output
    return out / f"{response.name}.pdf"


@pytest.fixture(scope="module")
def lists_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = make_bench(tmp_path_factory.mktemp("lists") / "wb")
    bench.contribution("35-q3-lists.md", signed(LISTS))
    return build(bench.response, tmp_path_factory.mktemp("lists-out"))


@pytest.fixture(scope="module")
def evidence_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = make_bench(tmp_path_factory.mktemp("evidence") / "wb")
    bench.write(
        "responses/crisis-house/response.yaml",
        RESPONSE.replace("confidentiality: none", "submit_to: commons-committee"),
    )
    steps = "Referral should be simple.\n\n1. Ring the house.\n2. Talk to a peer.\n\nThat is all we ask.\n"
    bench.contribution("35-q3-steps.md", signed("---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n" + steps))
    return build(bench.response, tmp_path_factory.mktemp("evidence-out"))


def elements(e: Any) -> list[Any]:
    k = e.get("/K")
    kids = [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def kinds(e: Any) -> list[str]:
    return [str(kid.S) for kid in elements(e)]


def test_every_list_item_is_a_label_and_a_body(lists_pdf: Path) -> None:
    tree = assert_clean_structure(lists_pdf)
    items = tree.of_type("/LI")
    assert len(items) >= ITEMS
    for li in items:
        shape = kinds(li)
        assert shape in (["/Lbl", "/LBody"], ["/LBody"]), shape  # a list without markers has no Lbl
    for lbl in tree.of_type("/Lbl"):  # a label belongs to a list item or a paragraph's number, nothing else
        assert str(lbl.P.S) in ("/LI", "/P")


def test_a_nested_list_sits_in_its_items_body(lists_pdf: Path) -> None:
    tree = read_tree(pikepdf.open(lists_pdf))
    for element, ancestors in tree.elements:
        if element.S == "/L":
            assert str(element.P.S) != "/L"  # never lifted out of its item
            if "/LI" in ancestors:
                assert ancestors[-1] == "/LBody" or ancestors[-1] in ("/BlockQuote", "/Note", "/NonStruct")
    nested = [e for e, ancestors in tree.elements if e.S == "/L" and "/LI" in ancestors]
    assert len(nested) >= 3  # rent's list, deposit's list, and the note's list
    three_deep = [a for e, a in tree.elements if e.S == "/L" and a.count("/LI") == 2]
    assert three_deep, "the deposit list, inside rent, inside housing"


def test_footnotes_are_notes_and_references(lists_pdf: Path) -> None:
    tree = read_tree(pikepdf.open(lists_pdf))
    notes = tree.of_type("/Note")
    assert len(notes) == 3  # the two here and the bench's own note on beds
    ids = [bytes(n.ID) for n in notes]
    assert len(set(ids)) == len(ids) and all(ids)
    for note in notes:
        assert str(note.P.S) == "/LBody"
    references = tree.of_type("/Reference")
    assert len(references) == 3
    for ref in references:
        assert kinds(ref) == ["/Link"]


def test_numbered_paragraph_numbers_are_labels_not_paragraphs(evidence_pdf: Path) -> None:
    tree = assert_clean_structure(evidence_pdf)
    for element, ancestors in tree.elements:
        if element.S == "/P":
            assert "/P" not in ancestors, "a paragraph inside a paragraph"
    numbered = [p for p in tree.of_type("/P") if "/Lbl" in kinds(p)]
    assert len(numbered) >= 5
    for p in numbered:
        assert kinds(p)[0] == "/Lbl"  # the number first, then the words


def test_the_structure_checks_can_fail(lists_pdf: Path, tmp_path: Path) -> None:
    """An LI with its text straight under it, as WeasyPrint left it, is caught."""
    pdf = pikepdf.open(lists_pdf)
    tree: Tree = read_tree(pdf)
    li = tree.of_type("/LI")[0]
    body = next(k for k in elements(li) if k.S == "/LBody")
    body.S = pikepdf.Name.P
    broken = tmp_path / "broken.pdf"
    pdf.save(broken)
    with pytest.raises(AssertionError):
        test_every_list_item_is_a_label_and_a_body(broken)


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    "mental-health-act-review",
    "womens-health-strategy",
    "homelessness-inquiry-evidence",
    "young-carers-joint-evidence",  # co-signed (issue 22)
    "bus-route-joint-letter",
]


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_examples_lists_notes_and_numbers(slug: str, tmp_path: Path) -> None:
    tree = assert_clean_structure(build(ROOT / "responses" / slug, tmp_path))
    for element, ancestors in tree.elements:
        if element.S == "/LI":
            assert kinds(element) in (["/Lbl", "/LBody"], ["/LBody"]), (slug, kinds(element))
        if element.S == "/L":
            assert str(element.P.S) != "/L"
        if element.S == "/P":
            assert "/P" not in ancestors
    for ref in tree.of_type("/Reference"):
        assert kinds(ref) == ["/Link"]
    assert len(tree.of_type("/Note")) == len({bytes(n.ID) for n in tree.of_type("/Note")})


def test_a_list_in_numbered_evidence_prints_lettered(evidence_pdf: Path) -> None:
    """The PDF's text (PyMuPDF) holds (a), (b) where the Word file letters them, not a second "1."."""
    import pymupdf

    with pymupdf.open(evidence_pdf) as pdf:
        text = "\n".join(page.get_text() for page in pdf)
    # two numbered lists among the evidence's paragraphs (question 2's and question 3's), each lettered
    assert text.count("(a)") == 2 and text.count("(b)") == 2 and "(c)" not in text
