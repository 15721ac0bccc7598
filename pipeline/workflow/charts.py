"""Bar charts for the year's report (hours by month, responses by outcome), drawn with Pillow.

A chart is only ever shown beside the same figures as a table, and carries a text alternative
that reads out every bar (`alt`), so nobody needs to see it to have its content. Bars are in the
organisation's colour darkened until it reaches 3:1 against white (WCAG's rule for graphics); the
same figures give the same bytes (no time or software stamp in the PNG).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 1200, 640
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 90, 150, 70


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str  # every bar read out: the chart's text alternative
    title: str


def _font(size: int) -> object:
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _number(value: Decimal | int) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if isinstance(value, Decimal) and "." in f"{value:f}" else str(value)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[Decimal | int], unit: str, colour: str) -> Chart:
    from PIL import Image, ImageDraw

    from pipeline.checks.brand_contrast import darker

    bar = darker(colour, ("#ffffff",), 3.0)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(30), _font(22)
    draw.text((MARGIN_LEFT, 18), title, fill="#1a1a1a", font=font)  # type: ignore[arg-type]
    top = max((float(v) for v in values), default=0) or 1
    room_x = WIDTH - MARGIN_LEFT - 30
    room_y = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base = HEIGHT - MARGIN_BOTTOM
    draw.line((MARGIN_LEFT, base, WIDTH - 30, base), fill="#1a1a1a", width=2)
    step = room_x / max(len(values), 1)
    for k, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = room_y * float(value) / top
        x0 = MARGIN_LEFT + k * step + step * 0.15
        x1 = MARGIN_LEFT + (k + 1) * step - step * 0.15
        draw.rectangle((x0, base - height, x1, base), fill=bar)
        draw.text(((x0 + x1) / 2, base - height - 6), _number(value), fill="#1a1a1a", font=small, anchor="md")  # type: ignore[arg-type]
        draw.text(((x0 + x1) / 2, base + 10), label, fill="#1a1a1a", font=small, anchor="ma")  # type: ignore[arg-type]
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    bars = "; ".join(f"{label}: {_number(v)} {unit}" for label, v in zip(labels, values, strict=True))
    return Chart(out.getvalue(), f"Bar chart, {title}. {bars or 'none'}.", title)
