"""Images a user refers to, checked and cleaned once, when they are read.

A photo or chart carries more than its pixels: EXIF (the camera owner, GPS),
XMP and IPTC (the author's name), PNG text chunks, JPEG and GIF comments, an
ICC profile's description. Any of them can hold a name the person never chose
to have printed, and none of it is visible in a check of the text. So every
image is decoded and its pixels alone written again: PNG and GIF as PNG (the
first frame of an animation), JPEG as JPEG. Renderers embed these bytes and
never read the file themselves.

The file's real format must match its name (an SVG or a web page saved as
chart.png is not a PNG), and a picture too big to decode safely is refused.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import Problem
from pipeline.load.files import IMAGE_LIMIT, Refused, read_bytes
from pipeline.vocabulary import IMAGE_FORMATS, IMAGE_MIME

if TYPE_CHECKING:
    from PIL import Image

PIXEL_LIMIT = 40_000_000  # a 7,000 by 5,700 photo; far more than any page needs
JPEG_QUALITY = 90
# suffix -> the format Pillow must find, and the one written
SUFFIX = {"PNG": ".png", "GIF": ".gif", "JPEG": ".jpg"}


@dataclass(frozen=True)
class Cleaned:
    data: bytes  # the pixels alone, re-encoded: no metadata of any kind
    mime: str  # image/png or image/jpeg


def clean_image(
    path: Path, name: str, *, root: Path, where: str, line: int | None = None
) -> tuple[Cleaned | None, list[Problem]]:
    """Read, check and re-encode the image at `path`, which lies inside `root`.

    `name` is the image as the user wrote it; problems point at `where` (the file that
    refers to the image) and `line`. Returns the cleaned image, or None and the problems.
    """

    def problem(code: str, why: str, fix: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, line, f"the image '{name}' {why}", fix, code=code)]

    suffix = path.suffix.lower()
    if suffix == ".svg":
        return problem(
            "image.svg",
            "is an SVG drawing, which can fetch other files and hide text",
            "save it as PNG (most drawing programs have Export as PNG) and refer to that",
        )
    if suffix not in IMAGE_FORMATS:
        return problem("image.wrong-format", "is not a PNG, JPEG or GIF", "save the image as PNG or JPEG")
    try:
        raw = read_bytes(path, limit=IMAGE_LIMIT, root=root)
    except Refused as refused:
        return problem(refused.code, refused.why, refused.fix)
    expected, _ = IMAGE_FORMATS[suffix]
    from PIL import (  # Pillow only when there is a picture to read (a check of words needs none)
        Image,
        UnidentifiedImageError,
    )

    try:
        cleaned = reencode(raw, expected)
    except WrongFormat as exc:
        return problem(
            "image.wrong-format",
            f"is really a {exc.found} image, not a {expected}",
            f"rename it to end in {SUFFIX.get(exc.found, '.png')}, or save it again as {expected}",
        )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return problem(
            "image.too-large",
            f"has more than {PIXEL_LIMIT // 1_000_000} million pixels",
            "save it smaller: 2,000 pixels across is plenty for a page",
        )
    except UnidentifiedImageError:
        return problem(
            "image.wrong-format",
            f"is not really a {expected} image (it may be a drawing or a web page saved under that name)",
            f"open it and save it again as {expected}",
        )
    except Exception:  # any failure to decode a damaged file is the same problem to the user
        return problem("image.unreadable", "could not be read: it may be damaged", "open it and save it again")
    return cleaned, []


class WrongFormat(Exception):
    """The image is of another format than its name says."""

    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


def reencode(raw: bytes, expected: str) -> Cleaned:
    """The pixels of `raw`, which must be a PNG, JPEG or GIF of the format `expected`, written again alone.

    Used for images a contribution refers to and for pictures intake takes out of a document.
    Raises WrongFormat, Image.DecompressionBombError (too many pixels), PIL.UnidentifiedImageError
    (not an image Pillow may open here), or another exception for a damaged file.
    """
    from PIL import Image, ImageOps

    # Pillow warns between its own limit and twice it, and raises above; both are refusals here.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(raw), formats=list(SUFFIX)) as img:
            if img.format != expected:
                raise WrongFormat(img.format or "unknown")
            if img.width * img.height > PIXEL_LIMIT:
                raise Image.DecompressionBombError(f"{img.width} x {img.height}")
            img.load()  # the first frame only
            _, written = IMAGE_FORMATS[SUFFIX[expected]]
            return Cleaned(_encode(ImageOps.exif_transpose(img), written), IMAGE_MIME[written])


def _encode(img: Image.Image, fmt: str) -> bytes:
    """The pixels alone, in a new image: nothing of the original's `info` (EXIF, ICC, text, comments) can follow."""
    from PIL import Image

    alpha = fmt == "PNG" and (img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info)
    pixels = img.convert("RGBA" if alpha else "RGB")
    bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if fmt == "PNG":
        bare.save(out, "PNG", optimize=False)
    else:
        bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    return out.getvalue()
