"""Our own readers: every output read back as a person or a tool would, and every
private string folded the same way before it is looked for.

Nothing here uses the project's code: the PDF is read with pypdf, the DOCX is
unzipped by hand, data: URIs are decoded here, images are opened with Pillow,
and the people's private strings are worked out from the contributor files with
PyYAML. Every text is folded (`fold`) before it is searched, so an output that
printed a Cyrillic, fullwidth, accented or soft-hyphenated form is still caught.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

# ------------------------------------------------------------------ folding

# Latin look-alikes from Cyrillic and Greek (a hand-made subset of Unicode TR39 confusables).
_LOOKALIKES = {
    # Cyrillic capitals and small letters
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    "Ԛ": "Q",
    "Ԝ": "W",
    "Һ": "H",
    "Ӏ": "I",
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "к": "k",
    "м": "m",
    "т": "t",
    "н": "h",
    "в": "b",
    # Greek capitals and small letters
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "α": "a",
    "ο": "o",
    "ρ": "p",
    "ν": "v",
    "ι": "i",
    "κ": "k",
    "υ": "u",
    "ϲ": "c",
    "ϳ": "j",
    "ε": "e",
    "τ": "t",
    "χ": "x",
    # Latin letters that read as others
    "ı": "i",
    "ɑ": "a",
    "ɡ": "g",
    "ſ": "s",
}
_APOSTROPHES = "'\u2018\u2019\u201a\u201b\u02bc\u02b9\u02bb\u2032\u0060\u00b4\uff07"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_SPACE_RE = re.compile(r"\s+")


def _tables() -> tuple[dict[int, str | None], dict[int, str | None]]:
    """Two str.translate tables, built once: before case folding (look-alikes, apostrophes,
    dashes, invisible characters), and after decomposition (combining marks removed)."""
    first: dict[int, str | None] = {ord(k): v for k, v in _LOOKALIKES.items()}
    marks: dict[int, str | None] = {}
    for cp in range(0x110000):
        category = unicodedata.category(chr(cp))
        if category == "Cf":
            first[cp] = None
        elif category == "Mn":
            marks[cp] = None
    for ch in _APOSTROPHES:
        first[ord(ch)] = "'"
    for ch in _DASHES:
        first[ord(ch)] = " "
    return first, marks


_FIRST, _MARKS = _tables()


def fold(text: str) -> str:
    """Entity- and percent-decode, NFKC, fold look-alikes, case-fold, drop invisible
    (Cf) characters and accents, unify apostrophes, treat every dash as a space and
    collapse whitespace."""
    text = html.unescape(html.unescape(text))
    text = unquote(text)
    text = unicodedata.normalize("NFKC", text).translate(_FIRST).casefold().translate(_FIRST)
    text = unicodedata.normalize("NFD", text).translate(_MARKS)
    text = unicodedata.normalize("NFC", text)
    return _SPACE_RE.sub(" ", text).strip()


def whole(folded_needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(folded_needle) + r"(?!\w)")


# ------------------------------------------------------------------ private strings

TITLES = ("Mr", "Mrs", "Ms", "Mx", "Dr", "Miss")


@dataclass(frozen=True)
class Secret:
    owner: str  # contributor id, or a label such as "git"
    text: str  # as written, for messages
    whole_name: bool  # more than one word, or an e-mail address


def name_variants(name: str) -> set[str]:
    """Every whole-name form of `name`: full, without middle names, Surname, First, title + surname."""
    spaced = fold(name)  # hyphens become spaces here
    parts = spaced.split()
    out = {spaced}
    if len(parts) >= 2:
        first, last = parts[0], parts[-1]
        # a hyphenated first name or surname counts whole: "Mary-Jane", "Achebe-Lund"
        raw_parts = unicodedata.normalize("NFKC", name).split()
        raw_last = fold(raw_parts[-1]) if len(raw_parts) >= 2 else last
        raw_first = fold(raw_parts[0]) if len(raw_parts) >= 2 else first
        for f in {first, raw_first}:
            for s in {last, raw_last}:
                out |= {f"{f} {s}", f"{s}, {f}", f"{s} {f}"}
        for t in TITLES:
            for s in {last, raw_last}:
                out |= {f"{fold(t)} {s}", f"{fold(t)}. {s}"}
        out.add(f"{last}, {' '.join(parts[:-1])}")
    return out


def name_words(name: str) -> set[str]:
    raw_parts = unicodedata.normalize("NFKC", name).split()
    words = {fold(raw_parts[0]), fold(raw_parts[-1])}
    return {w for w in words if w}


def _today() -> dt.date:
    from pipeline.vocabulary import today  # the one clock: COPRODUCE_TODAY, pinned for the suite

    return today()


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@dataclass
class People:
    """Private and public strings of everyone in a workbench, read from contributors/*.yaml."""

    secrets: list[Secret] = field(default_factory=list)
    public_words: set[str] = field(default_factory=set)


def people_of(root: Path) -> People:
    result = People()
    folder = root / "contributors"
    loaded: dict[str, dict] = {}
    for path in sorted(folder.glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            loaded[path.stem] = data
    for pid, data in loaded.items():
        consent = data.get("consent") or {}
        recorded = _as_date(consent.get("recorded"))
        withdrawn = _as_date(consent.get("withdrawn"))
        active = recorded is not None and not (withdrawn and withdrawn <= _today())
        credit = data.get("credit", "anonymous")
        name = data["name"]
        emails = [e for e in (data.get("emails") or []) if isinstance(e, str)]
        ordinary = {fold(w) for w in (data.get("ordinary_words") or []) if isinstance(w, str)}
        public_name = active and credit == "name"
        if active and credit == "pseudonym" and data.get("pseudonym"):
            result.public_words |= set(fold(str(data["pseudonym"])).split())
        if active and credit == "role" and data.get("role"):
            result.public_words |= set(fold(str(data["role"])).split())
        if public_name:
            result.public_words |= set(fold(name).split()) | {fold(pid)}
        for e in emails:
            result.secrets.append(Secret(pid, e, True))
        if public_name:
            continue
        for v in name_variants(name):
            result.secrets.append(Secret(pid, v, len(v.split()) > 1))
        for w in name_words(name) | {fold(pid)}:
            if w not in ordinary:
                result.secrets.append(Secret(pid, w, False))
    # a single word someone chose to have printed is not a leak of someone else
    result.secrets = [s for s in result.secrets if s.whole_name or fold(s.text) not in result.public_words]
    return result


# ------------------------------------------------------------------ reading outputs


@dataclass
class Outputs:
    """Texts (already folded) by where they were read, and image metadata problems."""

    texts: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # unfolded, for positive checks and binary scans
    images: dict[str, list[str]] = field(default_factory=dict)  # where -> metadata found
    binary: dict[str, str] = field(default_factory=dict)  # where -> embedded bytes, folded
    part_names: list[str] = field(default_factory=list)

    def add(self, where: str, text: str) -> None:
        self.raw[where] = text
        self.texts[where] = fold(text)
        if "+" in text:  # a URL query's + is a space
            self.texts[where + " (+ as space)"] = fold(text.replace("+", " "))

    def find(self, needle: str) -> list[str]:
        pattern = whole(fold(needle))
        return [where for where, text in self.texts.items() if pattern.search(text)]

    def contains(self, needle: str) -> bool:
        return bool(self.find(needle))


_DATA_URI = re.compile(r"data:([\w.+/-]+);base64,([A-Za-z0-9+/=\s]+)")
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def attribute_values(markup: str) -> str:
    """Every attribute value and comment of an XML or HTML text, one a line (links, alt text, metadata)."""
    values = [a or b for a, b in _ATTRIBUTE.findall(markup)]
    return "\n".join([*values, *_COMMENT.findall(markup)])


def image_metadata(data: bytes) -> list[str]:
    """What metadata an image carries, as a list of descriptions (empty = clean)."""
    from PIL import Image

    found: list[str] = []
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except Exception as exc:  # an SVG or a broken image: report what it is
        head = data[:200].decode("latin-1")
        return [f"not a raster image Pillow can read ({type(exc).__name__}): {head[:60]!r}"]
    for key, value in img.info.items():
        if key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "adobe", "iptc"):
            found.append(f"info[{key!r}]")
        elif isinstance(value, str | bytes) and key not in ("transparency", "version"):
            found.append(f"info[{key!r}]={value!r:.80}")
    text = getattr(img, "text", None)
    if text:
        found.append(f"text chunks {sorted(text)}")
    exif = img.getexif()
    if len(exif):
        found.append(f"EXIF tags {sorted(exif)}")
    applist = getattr(img, "applist", None) or []
    for marker, payload in applist:
        if marker in ("APP1", "APP2", "APP12", "APP13") or marker == "COM":
            found.append(f"JPEG {marker} {payload[:20]!r}")
    return found


def _binary(where: str, data: bytes, out: Outputs) -> None:
    """An embedded file: its metadata, and its bytes as text for multi-word secrets."""
    out.images[where] = image_metadata(data)
    out.binary[where] = fold(data.decode("latin-1"))


def read_html(path: Path, out: Outputs, label: str = "html") -> None:
    text = path.read_text(encoding="utf-8")
    for n, match in enumerate(_DATA_URI.finditer(text)):
        mime, payload = match.group(1), re.sub(r"\s", "", match.group(2))
        data = base64.b64decode(payload)
        where = f"{label} data: URI {n} ({mime})"
        if mime.startswith("image/") and "svg" not in mime:
            _binary(where, data, out)
        else:
            out.add(where, data.decode("utf-8", "replace"))
    stripped = _DATA_URI.sub("data:", text)
    out.add(f"{label} attribute values and comments", attribute_values(stripped))
    out.add(f"{label} text (tags removed)", _TAG.sub("", stripped))
    out.add(f"{label} text (tags as spaces)", _TAG.sub(" ", stripped))


def read_docx(path: Path, out: Outputs) -> None:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        for info in z.infolist():
            name = info.filename
            out.part_names.append(f"docx:{name}")
            data = z.read(name)
            # a second Word file (the confidential annex) is read under its own name, not over the first
            where = f"docx {name}" if f"docx {name} (attribute values)" not in out.texts else f"{path.name} {name}"
            if name.lower().endswith((".xml", ".rels")) or data.lstrip()[:5] == b"<?xml":
                xml = data.decode("utf-8", "replace")
                out.add(f"{where} (attribute values)", attribute_values(xml))
                # runs joined: paragraph and line ends become spaces, every other tag vanishes
                spaced = re.sub(r"</w:p>|<w:br\b[^>]*/>|<w:tab\b[^>]*/>|</w:tc>", " ", xml)
                out.add(f"{where} (text, runs joined)", _TAG.sub("", spaced))
                out.add(f"{where} (text, tags as spaces)", _TAG.sub(" ", xml))
            else:
                _binary(where, data, out)
        out.add(f"docx part names of {path.name}", "\n".join(info.filename for info in z.infolist()))


def _pdf_strings(obj: object, seen: set[int], found: list[str], depth: int = 0) -> None:
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    if depth > 60:
        return
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        try:
            obj = obj.get_object()
        except Exception:
            return
    if isinstance(obj, TextStringObject):
        found.append(str(obj))
    elif isinstance(obj, ByteStringObject):
        found.append(bytes(obj).decode("latin-1"))
    elif isinstance(obj, NameObject):
        found.append(str(obj).replace("#20", " "))
    elif isinstance(obj, DictionaryObject):
        if isinstance(obj, StreamObject) and obj.get("/Type") in ("/Metadata", "/EmbeddedFile"):
            with contextlib.suppress(Exception):
                found.append(obj.get_data().decode("utf-8", "replace"))
        for key, value in obj.items():
            if key in ("/Parent", "/P", "/Pg"):
                continue  # back references: already walked from above
            _pdf_strings(value, seen, found, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _pdf_strings(value, seen, found, depth + 1)


def read_pdf(path: Path, out: Outputs) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    for i, page in enumerate(reader.pages):
        out.add(f"pdf page {i + 1} text", page.extract_text() or "")
        try:
            for k, image in enumerate(page.images):
                _binary(f"pdf page {i + 1} image {k} ({image.name})", image.data, out)
        except Exception as exc:  # an image pypdf cannot hand over is reported, not ignored
            out.images[f"pdf page {i + 1} images"] = [f"could not read: {exc!r}"]
    out.add("pdf metadata", " | ".join(f"{k}={v}" for k, v in (reader.metadata or {}).items()))
    strings: list[str] = []
    _pdf_strings(reader.trailer, set(), strings)
    out.add("pdf objects (strings, names, XMP)", "\n".join(dict.fromkeys(strings)))


def read_outputs(folder: Path, slug: str = "crisis-house") -> Outputs:
    """Every output in `folder`, read as a person or a tool could read it."""
    out = Outputs()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out.part_names.extend(p.name for p in files)
    out.add("output file names", "\n".join(p.name for p in files))
    for p in files:
        if p.suffix == ".html":
            read_html(p, out)
        elif p.suffix == ".docx":
            read_docx(p, out)
        elif p.suffix == ".pdf":
            read_pdf(p, out)
        elif p.suffix == ".txt":
            out.add(f"txt {p.name}", p.read_text(encoding="utf-8"))
        else:
            out.add(f"other file {p.name}", p.read_bytes().decode("utf-8", "replace"))
    return out


def leaks(out: Outputs, secrets: list[Secret], phrases: tuple[str, ...] = ()) -> list[str]:
    """Where any secret or phrase is found. Embedded files are searched only for whole names and addresses."""
    found: list[str] = []
    needles: dict[str, str] = {}
    for s in secrets:
        needles.setdefault(fold(s.text), f"{s.text!r} ({s.owner})")
    for p in phrases:
        needles.setdefault(fold(p), f"{p!r} (phrase)")
    needles.pop("", None)
    if needles:
        alternation = "|".join(re.escape(n) for n in sorted(needles, key=lambda n: (-len(n), n)))
        pattern = re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")
        for where, folded in out.texts.items():
            for hit in dict.fromkeys(m.group(0) for m in pattern.finditer(folded)):
                found.append(f"{needles[hit]} in {where}")
        long = [n for n in needles if len(n) >= 6 and (" " in n or "@" in n)]
        for where, folded in out.binary.items():
            for n in long:
                if n in folded:
                    found.append(f"{needles[n]} in {where} (bytes)")
    for where, meta in out.images.items():
        if meta:
            found.append(f"image metadata in {where}: {meta}")
    return found
