"""Pictures in a document: re-encoded without metadata, saved beside the contribution, with their alt text.

A reader hands each picture's bytes, its name inside the document and its alt
text to `Pictures.take`, and leaves a mark in the text where it stood. Each is
cleaned as a contribution's images are (`pipeline.load.images.reencode`: the
pixels alone, so no EXIF author, XMP or PNG text can follow). When the
contribution's name is known, `place` writes the pictures beside it and turns
the marks into Markdown images. A picture with no alt text gets an empty one
and a TODO that the check reports (image.no-alt); one that cannot be decoded,
or is not what its name says, is reported and left out, and the rest kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image

from pipeline.load.images import WrongFormat, reencode
from pipeline.render.write import write_atomic
from pipeline.vocabulary import IMAGE_FORMATS
from pipeline.workflow.intake.markdown_text import escape
from pipeline.workflow.intake.reading import plural

# a picture's place until its file name is known: XML text can never hold a NUL, so no text looks like it
MARK = re.compile("\x00p(\\d+)\x00")
NO_ALT = "<!-- TODO: describe this picture between the [ ] for people who cannot see it -->"
# drawings Word and LibreOffice keep as they were made; only PNG, JPEG and GIF can go into a response
DRAWING_KINDS = {".emf": "EMF", ".wmf": "WMF", ".svg": "SVG", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP"}


@dataclass(frozen=True)
class Picture:
    data: bytes  # cleaned: the pixels alone
    suffix: str  # ".png" or ".jpg"
    alt: str


@dataclass
class Pictures:
    """What one document's pictures became: the ones kept, and what was said about the others."""

    kept: list[Picture] = field(default_factory=list)
    no_alt: int = 0
    skipped: list[str] = field(default_factory=list)  # why each picture left out was, in words

    def take(self, raw: bytes | None, name: str, alt: str) -> str:
        """The mark to leave in the text for the picture `name` (its path in the document), or "" if left out."""
        shown = PurePosixPath(name).name or "a picture"
        suffix = PurePosixPath(name).suffix.lower()
        if raw is None:
            self.skipped.append(f"{shown} is missing from the file")
            return ""
        if suffix not in IMAGE_FORMATS:
            kind = DRAWING_KINDS.get(suffix, suffix.lstrip(".").upper())
            what = f"is in {kind} format" if kind else "is not a PNG, JPEG or GIF picture"
            self.skipped.append(f"{shown} {what}, and only PNG, JPEG and GIF pictures can be taken in")
            return ""
        try:
            cleaned = reencode(raw, IMAGE_FORMATS[suffix][0])
        except WrongFormat as exc:
            self.skipped.append(f"{shown} is really a {exc.found} picture, not what its name says")
            return ""
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            self.skipped.append(f"{shown} has too many pixels to open safely")
            return ""
        except Exception:  # any failure to decode a damaged picture is the same to the coordinator
            self.skipped.append(f"{shown} could not be read: it may be damaged")
            return ""
        alt = " ".join(alt.split())
        if not alt:
            self.no_alt += 1
        self.kept.append(Picture(cleaned.data, ".jpg" if cleaned.mime == "image/jpeg" else ".png", alt))
        return f"\x00p{len(self.kept) - 1}\x00"

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.kept:
            notes.append(
                f"it has {plural(len(self.kept), 'picture')}: taken in beside the contribution, "
                "saved again without their hidden details (camera, author, place)"
            )
        if self.no_alt:
            notes.append(
                f"{plural(self.no_alt, 'picture has', 'pictures have')} no alt text: describe "
                f"{'it' if self.no_alt == 1 else 'each'} between the [ ] where the TODO is, "
                "for people who cannot see it (check reports it until then)"
            )
        for why in self.skipped:
            notes.append(f"a picture was left out: {why}; the rest was taken in. Add it by hand as PNG, with alt text")
        return notes


def place(text: str, pictures: list[Picture], folder: Path, stem: str, response_dir: Path) -> str:
    """Write each picture into `folder` as `<stem>-picture-N.png`, and its mark in `text` as a Markdown image.

    A name already holding other bytes is never overwritten; one holding the same bytes (from a run that
    stopped part way) is used again, so a run done twice leaves one copy.
    """
    links: dict[int, str] = {}
    for index in sorted({int(i) for i in MARK.findall(text) if int(i) < len(pictures)}):
        picture, n = pictures[index], len(links) + 1  # only those in the text (not in a header line)
        path, k = folder / f"{stem}-picture-{n}{picture.suffix}", 2
        while path.exists() and path.read_bytes() != picture.data:
            path, k = folder / f"{stem}-picture-{n}-{k}{picture.suffix}", k + 1
        if not path.exists():
            write_atomic(path, picture.data)
        target = path.relative_to(response_dir).as_posix()
        alt = escape(picture.alt)
        links[index] = f"![{alt}]({target})" + ("" if alt else NO_ALT)
    return MARK.sub(lambda m: links.get(int(m.group(1)), ""), text)


def follow(body: str, old: Path, new: Path, response_dir: Path) -> tuple[str, list[tuple[Path, Path]]]:
    """`body` with the links to the pictures saved beside the draft `old` pointed beside `new` instead,
    and each (picture, its new path), for `coproduce assign` to copy before it files the draft."""
    old_prefix = old.parent.relative_to(response_dir).as_posix()
    old_prefix = "" if old_prefix == "." else old_prefix + "/"
    link = re.compile(r"\]\(" + re.escape(old_prefix + old.stem) + r"-picture-(\d+(?:-\d+)?)\.(png|jpg)\)")
    moves: list[tuple[Path, Path]] = []
    taken: set[Path] = set()

    def moved(match: re.Match[str]) -> str:
        source = old.parent / f"{old.stem}-picture-{match.group(1)}.{match.group(2)}"
        if not source.is_file() or source.is_symlink():
            return match.group(0)  # not there (moved or deleted by hand): the link is left as it was
        data = source.read_bytes()
        target, k = new.parent / f"{new.stem}-picture-{match.group(1)}.{match.group(2)}", 2
        while target in taken or target.exists() and target.read_bytes() != data:
            target, k = new.parent / f"{new.stem}-picture-{match.group(1)}-{k}.{match.group(2)}", k + 1
        taken.add(target)
        moves.append((source, target))
        return f"]({target.relative_to(response_dir).as_posix()})"

    return link.sub(moved, body), moves
