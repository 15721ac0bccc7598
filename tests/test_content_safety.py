"""Promise 3: contributed content cannot read local files or reach the network."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from tests.conftest import pdf_text, run
from tests.factory import Bench, signed

HOSTILE = """
---
answers: q3
by: [ada]
status: approved
---
<link rel="attachment" href="file:///etc/passwd">
<img src="file:///etc/passwd" alt="x">

<object data="http://127.0.0.1:9/x"></object>

<style>@import url("file:///etc/passwd");</style>

Text with an inline <iframe src="file:///etc/hostname"></iframe> tag.
"""


def _pdf_streams(path: Path) -> str:
    """Every stream of the PDF, inflated, so an embedded file would show."""
    data = path.read_bytes()
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            out.append(m.group(1).decode("latin-1"))
    return "\n".join(out)


def test_raw_html_is_printed_as_text_never_obeyed(bench: Bench) -> None:
    bench.contribution("70-hostile.md", signed(HOSTILE))
    result = run(["build", str(bench.response), "--format", "pdf,html,docx"])
    assert result.exit_code == 0, result.output
    html = (bench.out / "crisis-house.html").read_text()
    assert "&lt;link rel=&#34;attachment&#34;" in html or "&lt;link rel=&quot;attachment&quot;" in html
    assert "<link" not in html and "<iframe" not in html and "<object" not in html
    pdf = bench.out / "crisis-house.pdf"
    assert "root:x:0:0" not in _pdf_streams(pdf)
    assert "/EmbeddedFile" not in pdf.read_bytes().decode("latin-1")
    assert '<link rel="attachment"' in " ".join(pdf_text(pdf).split())  # shown as text


def test_passwd_would_be_visible_to_this_test(tmp_path: Path) -> None:
    # the stream reader above does find an embedded file when WeasyPrint is allowed to embed one
    import weasyprint

    pdf = weasyprint.HTML(string='<link rel="attachment" href="file:///etc/passwd"><p>x</p>').write_pdf()
    (tmp_path / "control.pdf").write_bytes(pdf)
    assert "root:" in _pdf_streams(tmp_path / "control.pdf")
