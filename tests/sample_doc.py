"""A small document that uses every node type, for renderer tests.

The people here are invented. `WITHHELD` holds strings that never appear in the
model, so a renderer test can also assert they never appear in its output.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

from pipeline import model as m

WITHHELD = ("Harriet Quill", "harriet@example.org")


def tiny_png(path: Path) -> Path:
    """Write a 2x2 blue PNG (no Pillow needed) and return its path."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x1f\x4e\x79" * 2 for _ in range(2))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


def tiny_image(path: Path, alt: str, title: str = "") -> m.Image:
    """An image node as the parser makes it: the bytes read once (this PNG has no metadata to clean)."""
    return m.Image(path, alt, title, data=tiny_png(path).read_bytes(), mime="image/png")


def sample_document(image_dir: Path, draft: bool = False) -> m.Document:
    src = m.Source("responses/sample/20-q1.md", 7)
    meta = m.Meta(
        slug="sample",
        title="Response to the crisis-house survey",
        organisation="Riverside Peer Network",
        consultation_title="Crisis houses in Eastmoor",
        consultation_by="Eastmoor Integrated Care Board",
        consultation_url="https://example.org/consultation",
        closes=dt.date(2026, 3, 1),
        date=dt.date(2026, 2, 20),
        language="en-GB",
        responding_as="organisation",
        confidentiality=None,
        draft=draft,
    )
    t = m.Text
    summary = m.Section(
        kind="summary",
        id="summary",
        title="Summary of key recommendations",
        blocks=(
            m.Paragraph(
                (
                    t("We ask for "),
                    m.Strong((t("more crisis beds"),)),
                    t(" and "),
                    m.Emphasis((t("peer support"),)),
                    t("."),
                ),
                src,
            ),
            m.BulletList(
                (
                    m.ListItem((m.Paragraph((t("Open a second crisis house."),)),)),
                    m.ListItem(
                        (
                            m.Paragraph((t("Pay peer workers fairly."),)),
                            m.BulletList((m.ListItem((m.Paragraph((t("Nested point."),)),)),)),
                        )
                    ),
                ),
                src,
            ),
            m.OrderedList(
                (m.ListItem((m.Paragraph((t("First step"),)),)), m.ListItem((m.Paragraph((t("Second step"),)),))),
                start=1,
                source=src,
            ),
        ),
    )
    answers = m.Section(
        kind="answers",
        id="answers",
        title="Answers to the consultation questions",
        answers=(
            m.Answer(
                question_id="q1",
                number=1,
                question="What should a crisis house offer?",
                blocks=(
                    m.ContentNote("discusses self-harm", src),
                    m.Paragraph(
                        (
                            t("See the "),
                            m.Link("https://example.org/report", (t("evidence report"),)),
                            t(" and "),
                            m.Code("code"),
                            t("."),
                            m.FootnoteRef(1),
                            m.LineBreak(),
                            t("A second line."),
                        ),
                        src,
                    ),
                    m.LivedQuote((m.Paragraph((t("Someone listened to me at 3am."),)),), "Peer Researcher", src),
                    m.LivedQuote((m.Paragraph((t("It was the first place I felt safe."),)),), None, src),
                    m.Quote((m.Paragraph((t("An ordinary quotation from a report."),)),), src),
                    m.Heading(1, (t("What works"),), src),
                    m.Table(
                        header=(m.TableCell((t("Service"),)), m.TableCell((t("Beds"),), "right")),
                        rows=((m.TableCell((t("Crisis house"),)), m.TableCell((t("6"),), "right")),),
                        source=src,
                    ),
                    m.Paragraph((tiny_image(image_dir / "chart.png", "A bar chart of crisis beds by year"),), src),
                    m.CodeBlock("plain preformatted text", src),
                    m.ThematicBreak(src),
                ),
                words=42,
                limit=250,
            ),
        ),
    )
    other = m.Section(
        kind="other",
        id="local-context",
        title="Local context",
        blocks=(m.Paragraph((t("Eastmoor has one crisis house."),)),),
    )
    credits = m.Credits(
        title="Credits",
        totals="This response was co-produced with 3 people with lived experience, who gave 12 hours across 2 sessions.",
        entries=(m.CreditEntry("Peer Researcher", "wrote; took part in 2 sessions"), m.CreditEntry("T.O.", "reviewed")),
        unnamed="One more person took part and chose not to be named.",
    )
    footnotes = (m.Footnote(1, (m.Paragraph((t("Eastmoor ICB board papers, 2025."),)),), src),)
    return m.Document(meta=meta, sections=(summary, answers, other), credits=credits, footnotes=footnotes)
