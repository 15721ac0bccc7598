"""Intake of what Word keeps beside the running text: hidden text, text boxes, comments, tracked
changes, footnotes and endnotes.

The .docx files are built here: python-docx's own file with hand-written parts, as Word writes them.
The people named in them are invented. The words a contribution should hold are checked against a
small reading of the XML made here, independent of the intake code.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from pipeline.workflow.intake.docx_reader import read_docx
from tests.conftest import run
from tests.factory import Bench
from tests.test_intake import fingerprint, intake, new_contributions, python_docx_bytes, rezip

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
# invented people: none of these may reach a contribution, the report or the record
HIDDEN_NAME = "Quilla Ravensworth"
STYLE_HIDDEN_NAME = "Orrin Vastly"
COMMENT_AUTHOR = "Perpetua Quenby"
CHANGE_AUTHOR = "Tamsin Okonkwo"
NEVER_SHOWN = (
    "Quilla",
    "Ravensworth",
    "Orrin",
    "Vastly",
    "Perpetua",
    "Quenby",
    "Tamsin",
    "Okonkwo",
    "private remark",
    "whole hidden paragraph",
    "web only words",
    "spec hidden words",
    "deleted words",
    "example.org/wrong",
)


# ------------------------------------------------------------------ building Word files


def r(text: str, props: str = "") -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def note_ref(kind: str, note_id: int) -> str:
    style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    return f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{kind}Reference w:id="{note_id}"/></w:r>'


def notes_part(kind: str, *notes: str) -> str:
    """A footnotes or endnotes part: Word's separator notes, then `notes` as ids 1, 2, ..."""
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
    )
    body = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r>{r(" ")}{note}</w:p></w:{kind}>'
        for i, note in enumerate(notes, 1)
    )
    return f"<w:{kind}s {XMLNS}>{separators}{body}</w:{kind}s>"


def text_box(text: str) -> str:
    """A text box as Word 2010 and later write it: a DrawingML shape, and a VML copy for older readers."""
    content = f"<w:txbxContent>{p(r(text))}</w:txbxContent>"
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" '
        'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="1828800" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    fallback = (
        '<mc:Fallback><w:pict><v:shape id="Text Box 1" type="#_x0000_t202" style="width:144pt;height:36pt">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
    )
    return f"<w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"


HIDDEN_STYLES = (
    '<w:style w:type="character" w:customStyle="1" w:styleId="Aside"><w:name w:val="Aside"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
    '<w:style w:type="character" w:customStyle="1" w:styleId="AsideNote"><w:name w:val="Aside Note"/>'
    '<w:basedOn w:val="Aside"/><w:rPr><w:i/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Draft"><w:name w:val="Draft"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
)


def word_file(
    body: str,
    *,
    footnotes: tuple[str, ...] = (),
    endnotes: tuple[str, ...] = (),
    comments: str = "",
    footnote_rels: str = "",
    more_rels: str = "",
) -> bytes:
    """A .docx with `body`, the styles above, and the notes and comments parts that are given."""
    base = python_docx_bytes("x")
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        doc_rels, types, styles = (
            z.read(n).decode() for n in ("word/_rels/document.xml.rels", "[Content_Types].xml", "word/styles.xml")
        )
    # the document's own rIdLink goes elsewhere: a footnote's link must be read from the footnotes' relationships
    rels = (
        f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" Target="https://example.org/wrong" TargetMode="External"/>'
    )
    rels += more_rels
    parts: dict[str, bytes | str | None] = {
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {XMLNS}><w:body>{body}</w:body></w:document>',
        "word/styles.xml": styles.replace("</w:styles>", HIDDEN_STYLES + "</w:styles>"),
    }
    for name, kind, content in (
        ("footnotes", "footnotes", notes_part("footnote", *footnotes) if footnotes else ""),
        ("endnotes", "endnotes", notes_part("endnote", *endnotes) if endnotes else ""),
        ("comments", "comments", comments),
    ):
        if content:
            parts[f"word/{name}.xml"] = content
            rels += f'<Relationship Id="rId{name}" Type="{REL}/{kind}" Target="{name}.xml"/>'
            types = types.replace(
                "</Types>", f'<Override PartName="/word/{name}.xml" ContentType="{CT}.{name}+xml"/></Types>'
            )
    if footnote_rels:
        parts["word/_rels/footnotes.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{footnote_rels}</Relationships>'
        )
    parts["word/_rels/document.xml.rels"] = doc_rels.replace("</Relationships>", rels + "</Relationships>")
    parts["[Content_Types].xml"] = types
    return rezip(base, parts)


COMMENTS = (
    f'<w:comments {XMLNS}><w:comment w:id="0" w:author="{COMMENT_AUTHOR}" w:date="2026-01-05T10:00:00Z" w:initials="PQ">'
    f"<w:p>{r('A private remark about this.')}</w:p></w:comment></w:comments>"
)
FOOTNOTE_LINK = f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" Target="https://example.org/board-papers" TargetMode="External"/>'
CHANGE = f'w:author="{CHANGE_AUTHOR}" w:date="2026-01-05T10:00:00Z"'

BODY = (
    p(r("Question: 1"))
    + p(r("Written by: ada"))
    + p(r("Beds are "), r(f"{HIDDEN_NAME} rang me and ", "<w:vanish/>"), r("too few."))
    + p(r("Peer "), r(f"{STYLE_HIDDEN_NAME} says ", '<w:rStyle w:val="AsideNote"/>'), r("workers help."))
    + p(r("A whole hidden paragraph here."), style="Draft")
    + p(r("Shown in spite of its style.", '<w:vanish w:val="0"/>'), style="Draft")
    + p(r("Also "), r("web only words ", "<w:webHidden/>"), r("spec hidden words ", "<w:specVanish/>"), r("kept."))
    + p(r("Evidence"), note_ref("footnote", 1), r(" is clear"), note_ref("endnote", 1), r("."))
    + p(r("Anchor words."), text_box("Boxed words here."))
    + p(r("After the box."))
    + p(
        '<w:commentRangeStart w:id="0"/>',
        r("Commented words."),
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>',
    )
    + p(
        r("Changed "),
        f'<w:ins w:id="1" {CHANGE}>{r("inserted words ")}</w:ins>',
        f'<w:del w:id="2" {CHANGE}><w:r><w:delText>deleted words </w:delText></w:r></w:del>',
        r("end."),
    )
)
FOOTNOTE = r("See ") + f'<w:hyperlink r:id="rIdLink">{r("the board papers")}</w:hyperlink>' + r(" twice", "<w:b/>")
ENDNOTE = r("Endnote words here.")


def answer() -> bytes:
    return word_file(BODY, footnotes=(FOOTNOTE,), endnotes=(ENDNOTE,), comments=COMMENTS, footnote_rels=FOOTNOTE_LINK)


# ------------------------------------------------------------------ an independent reading

W = f"{{{NS['w']}}}"
FALLBACK = f"{{{NS['mc']}}}Fallback"
OFF = ("0", "false", "off")


def _hidden_styles(styles: etree._Element) -> set[str]:
    """Style ids that hide text, themselves or through what they are based on."""
    said: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for s in styles.iter(W + "style"):
        sid = s.get(W + "styleId") or ""
        flag = s.find(f"{W}rPr/{W}vanish")
        said[sid] = None if flag is None else flag.get(W + "val") not in OFF
        parent = s.find(W + "basedOn")
        if parent is not None:
            based[sid] = parent.get(W + "val") or ""

    def hides(sid: str) -> bool:
        for _ in range(20):
            if said.get(sid) is not None:
                return bool(said[sid])
            sid = based.get(sid, "")
        return False

    return {sid for sid in said if hides(sid)}


def _shown(run: etree._Element, hidden_styles: set[str]) -> bool:
    props = run.find(W + "rPr")
    flags = [] if props is None else [props.find(W + t) for t in ("vanish", "specVanish", "webHidden")]
    flags = [f for f in flags if f is not None]
    if flags:
        return all(f.get(W + "val") in OFF for f in flags)
    char = props.find(W + "rStyle") if props is not None else None
    para = next(a for a in run.iterancestors(W + "p"))
    para_style = para.find(f"{W}pPr/{W}pStyle")
    return not any(s is not None and s.get(W + "val") in hidden_styles for s in (char, para_style))


def expected_words(data: bytes) -> Counter[str]:
    """The words a reader sees in Word, header lines aside: every shown run, each text box once, every note."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        hidden = _hidden_styles(etree.fromstring(z.read("word/styles.xml")))
        roots = [etree.fromstring(z.read(n)) for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")]
    words: Counter[str] = Counter()
    for root in roots:
        for para in root.iter(W + "p"):
            note = next(para.iterancestors(W + "footnote", W + "endnote"), None)
            if note is not None and note.get(W + "type"):
                continue  # the separator line above the notes
            runs = [
                run
                for run in para.iter(W + "r")
                if next(run.iterancestors(W + "p")) is para
                and not any(a.tag in (W + "del", FALLBACK) for a in run.iterancestors())
                and _shown(run, hidden)
            ]
            text = "".join(t.text or "" for run in runs for t in run.findall(W + "t"))
            if not text.startswith(("Question:", "Written by:")):
                words.update(text.split())
    return words


def contribution_words(text: str) -> Counter[str]:
    """The words of a contribution's body, Markdown marks taken off."""
    body = text.split("---\n", 2)[2]
    body = re.sub(r"\[\^\d+\](: )?", "", body)
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    return Counter(body.replace("**", "").replace("\\", "").split())


# ------------------------------------------------------------------ the tests


@pytest.fixture
def taken_in(bench: Bench, tmp_path: Path) -> tuple[Path, str, str]:
    """The answer dropped into a shared folder and taken in: (shared folder, contribution, what intake said)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "answer.docx").write_bytes(answer())
    before = fingerprint(shared)
    code, output = intake(bench, shared)
    assert code == 0, output
    assert fingerprint(shared) == before
    [text] = new_contributions(bench).values()
    return shared, text, output


def test_words_kept_are_exactly_the_words_word_shows(taken_in: tuple[Path, str, str]) -> None:
    shared, text, _ = taken_in
    expected = expected_words((shared / "answer.docx").read_bytes())
    assert expected["Boxed"] == 1 and "Quilla" not in expected  # the reading here is itself right
    assert contribution_words(text) == expected


def test_hidden_text_and_private_names_never_appear(bench: Bench, taken_in: tuple[Path, str, str]) -> None:
    _, text, output = taken_in
    record = (bench.response / "intake" / "record.yaml").read_text(encoding="utf-8")
    for outcome in (text, output, record):
        for secret in NEVER_SHOWN:
            assert secret.lower() not in outcome.lower(), (secret, outcome)
    body = text.split("---\n", 2)[2]
    assert "Beds are too few.\n\nPeer workers help.\n\nShown in spite of its style.\n\nAlso kept." in body
    # "Quilla Ravensworth rang me and" 5, "Orrin Vastly says" 3, the Draft paragraph 5, web and spec hidden 6
    assert "it has hidden text (19 words); hidden text was not taken in" in output
    assert "unhide it in Word (Font, untick Hidden) and drop the file in again" in output


def test_notes_become_markdown_footnotes(taken_in: tuple[Path, str, str]) -> None:
    _, text, output = taken_in
    assert text.endswith(
        "Evidence[^1] is clear[^2].\n\n"
        "Anchor words.\n\nBoxed words here.\n\nAfter the box.\n\nCommented words.\n\nChanged inserted words end.\n\n"
        "[^1]: See [the board papers](https://example.org/board-papers) **twice**\n"
        "[^2]: Endnote words here.\n"
    )
    assert "\\[" not in text
    assert "it has 1 footnote and 1 endnote: taken in as footnotes at the end" in output


def test_text_box_is_taken_in_once_and_reported(taken_in: tuple[Path, str, str]) -> None:
    _, text, output = taken_in
    assert text.count("Boxed words here.") == 1
    assert "it has 1 text box: its text was taken in after the paragraph it is anchored to" in output
    assert "picture" not in output


def test_comments_and_changes_are_reported_not_copied(taken_in: tuple[Path, str, str]) -> None:
    _, text, output = taken_in
    assert "remark" not in text and "inserted words" in text and "deleted" not in text
    assert "it has 1 comment and 2 tracked changes by 2 people (not named here)" in output
    assert "as if every change were accepted and left the comments out" in output


def test_the_contribution_builds_with_its_footnotes(bench: Bench, taken_in: tuple[Path, str, str]) -> None:
    result = run(["build", str(bench.response), "--draft", "--format", "html"])
    assert result.exit_code == 0, result.output
    [page] = bench.draft_out.glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "Endnote words here." in html and 'href="https://example.org/board-papers"' in html
    assert "Boxed words here." in html and "Quilla" not in html and "Perpetua" not in html


def test_reading_is_the_same_every_time() -> None:
    data = answer()
    first, second = read_docx(data), read_docx(data)
    assert (first.text, first.notes) == (second.text, second.notes)


# ------------------------------------------------------------------ smaller cases, read directly


def test_endnotes_are_numbered_after_footnotes_whatever_the_order() -> None:
    body = p(r("First"), note_ref("endnote", 1), r(" then"), note_ref("footnote", 1), r(": after a colon."))
    reading = read_docx(word_file(body, footnotes=(r("A footnote."),), endnotes=(r("An endnote."),)))
    assert reading.text == "First[^2] then[^1]\\: after a colon.\n\n[^1]: A footnote.\n[^2]: An endnote."


def test_a_hidden_note_mark_hides_its_note() -> None:
    hidden_mark = note_ref("footnote", 1).replace("<w:rStyle", "<w:vanish/><w:rStyle")
    body = p(r("Visible"), hidden_mark, r(" words."))
    reading = read_docx(word_file(body, footnotes=(r(f"Ask {HIDDEN_NAME} first."),)))
    assert reading.text == "Visible words."
    assert "it has hidden text (4 words)" in " ".join(reading.notes)
    assert "footnote" not in " ".join(reading.notes)


def test_hidden_link_address_is_not_reported() -> None:
    rels = f'<Relationship Id="rIdLocal" Type="{REL}/hyperlink" Target="file:///C:/Users/quilla/secret.docx" TargetMode="External"/>'
    body = p(r("Kept."), f'<w:hyperlink r:id="rIdLocal">{r("hidden link", "<w:vanish/>")}</w:hyperlink>')
    reading = read_docx(word_file(body, more_rels=rels))
    assert reading.text == "Kept."
    assert "quilla" not in " ".join(reading.notes).lower()


def test_vml_text_box_without_alternate_content() -> None:
    box = text_box("Old style box.")
    vml = box[box.index("<w:pict>") : box.index("</w:pict>") + len("</w:pict>")]
    reading = read_docx(word_file(p(r("Anchor."), f"<w:r>{vml}</w:r>")))
    assert reading.text == "Anchor.\n\nOld style box."
