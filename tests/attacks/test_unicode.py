"""Unicode and Word typing: a private name or address typed any way a keyboard,
Word or a copy-paste can produce it is still that name, and is refused at its
source with file, line and column.
"""

from __future__ import annotations

import pytest

from tests.attacks.kit import add_people, contribute, refused
from tests.factory import Bench

LEAD = "Our thanks go to "

# (case, typed text, where the name starts, owner, other columns that are as good a place to point at)
CASES = [
    ("curly-apostrophe-in-text", "Orla O\u2019Farrell", "Orla", "orla", ()),
    ("straight-apostrophe-yaml-curly", "Niamh D'Arcy", "Niamh", "niamh", ()),
    ("modifier-letter-apostrophe", "Orla O\u02bcFarrell", "Orla", "orla", ()),
    ("prime-as-apostrophe", "Orla O\u2032Farrell", "Orla", "orla", ()),
    ("nfd-text-nfc-yaml", "Zoe\u0308 A\u030angstro\u0308m", "Zoe", "zoe", ()),
    ("nfc-text-nfd-yaml", "Ren\u00e9e P\u00e1lsd\u00f3ttir", "Ren", "renee", ()),
    ("accents-left-off", "Zoe Angstrom", "Zoe", "zoe", ()),
    ("accents-added", "\u00c9lias Th\u00f6rne", "\u00c9lias", "eli", ()),
    ("soft-hyphen", "Eli\u00adas Thorne", "Eli", "eli", ()),
    ("zero-width-space", "Eli\u200bas Thorne", "Eli", "eli", ()),
    ("zero-width-non-joiner", "Elias Tho\u200crne", "Elias", "eli", ()),
    ("zero-width-joiner", "El\u200dias Thorne", "El", "eli", ()),
    ("word-joiner", "Eli\u2060as Thorne", "Eli", "eli", ()),
    ("byte-order-mark-inside", "Elias Th\ufefforne", "Elias", "eli", ()),
    ("left-to-right-and-right-to-left-marks", "Elias\u200e \u200fThorne", "Elias", "eli", ()),
    ("bidi-embedding-inside", "Eli\u202das Tho\u202arne\u202c", "Eli", "eli", ()),
    ("no-break-space", "Elias\u00a0Thorne", "Elias", "eli", ()),
    ("narrow-no-break-space", "Elias\u202fThorne", "Elias", "eli", ()),
    ("ideographic-space", "Elias\u3000Thorne", "Elias", "eli", ()),
    ("spaces-and-tab", "Elias \t  Thorne", "Elias", "eli", ()),
    ("cyrillic-capital-ie", "\u0415lias Thorne", "\u0415lias", "eli", ()),
    ("cyrillic-small-o", "Elias Th\u043erne", "Elias", "eli", ()),
    ("greek-epsilon-and-tau", "\u0395lias \u03a4horne", "\u0395lias", "eli", ()),
    ("fullwidth-letters", "\uff25\uff4c\uff49\uff41\uff53 \uff34\uff48\uff4f\uff52\uff4e\uff45", "\uff25", "eli", ()),
    ("all-capitals", "ELIAS THORNE", "ELIAS", "eli", ()),
    ("mixed-case", "eLIAS thORNE", "eLIAS", "eli", ()),
    ("across-a-line-break", "Elias\nThorne", "Elias", "eli", ()),
    ("across-a-backslash-hard-break", "Elias\\\nThorne", "Elias", "eli", ()),
    ("across-a-two-space-hard-break", "Elias  \nThorne", "Elias", "eli", ()),
    ("split-by-strong-emphasis", "Eli**as** Thorne", "Eli", "eli", ()),
    ("split-by-emphasis-across-words", "Eli*as Tho*rne", "Eli", "eli", ()),
    ("inside-link-text", "[Elias Thorne](https://example.org/team)", "Elias", "eli", ("[",)),
    (
        "mailto-percent-encoded-at",
        "[write to us](mailto:cyrus.marlow%40example.com)",
        "cyrus",
        "cy",
        ("[", "mailto"),
    ),
    (
        "name-percent-encoded-in-url",
        "[our report](https://example.org/thanks/Elias%20Thorne)",
        "Elias",
        "eli",
        ("[", "https"),
    ),
    ("decimal-entity", "&#69;lias Thorne", "&#69;", "eli", ()),
    ("named-entity-no-break-space", "Elias&nbsp;Thorne", "Elias", "eli", ()),
    ("hex-entity-in-link-target", "[see](https://example.org/?to=Elias&#x20;Thorne)", "Elias", "eli", ("[", "https")),
    ("fullwidth-at-sign-in-address", "ELIAS\uff20EXAMPLE.NET", "ELIAS", "eli", ()),
    ("address-in-mixed-case", "Elias@Example.NET", "Elias", "eli", ()),
    ("address-with-soft-hyphen", "elias@exam\u00adple.net", "elias", "eli", ()),
    ("hyphenated-name-typed-with-spaces", "Mary Jane Achebe Lund", "Mary", "mj", ()),
    ("hyphenated-name-typed-with-en-dashes", "Mary\u2013Jane Achebe\u2013Lund", "Mary", "mj", ()),
    ("hyphenated-name-typed-with-non-breaking-hyphens", "Mary\u2011Jane Achebe\u2011Lund", "Mary", "mj", ()),
    ("split-by-an-html-comment", "Eli<!-- a note -->as Thorne", "Eli", "eli", ()),
    ("combining-overlay-on-every-letter", "E\u0338l\u0338i\u0338a\u0338s\u0338 Thorne", "E", "eli", ()),
    ("combining-grapheme-joiner", "Eli\u034fas Thorne", "Eli", "eli", ()),
    ("variation-selector", "Elias\ufe0f Thorne", "Elias", "eli", ()),
    ("invisible-tag-characters", "Eli\U000e0041as Thorne", "Eli", "eli", ()),
    ("mongolian-vowel-separator", "Elias Tho\u180erne", "Elias", "eli", ()),
    (
        "mathematical-bold-letters",
        "\U0001d404\U0001d425\U0001d422\U0001d41a\U0001d42c \U0001d413\U0001d421\U0001d428\U0001d42b\U0001d427\U0001d41e",
        "\U0001d404",
        "eli",
        (),
    ),
    ("split-by-emphasis-across-a-line-break", "Eli**as\nThor**ne", "Eli", "eli", ()),
    # two tricks at once
    ("soft-hyphen-and-cyrillic-a", "Eli\u00ad\u0430s Thorne", "Eli", "eli", ()),
    (
        "fullwidth-capitals-and-no-break-space",
        "\uff25\uff2c\uff29\uff21\uff33\u00a0\uff34\uff28\uff2f\uff32\uff2e\uff25",
        "\uff25",
        "eli",
        (),
    ),
    ("curly-apostrophe-across-a-line-break", "Orla\nO\u2019Farrell", "Orla", "orla", ()),
    (
        "percent-encoded-cyrillic-in-url",
        "[notes](https://example.org/%D0%95lias-Thorne)",
        "%D0",
        "eli",
        ("[", "https"),
    ),
    ("nfd-and-zero-width-space", "Zoe\u0308\u200b A\u030angstro\u0308m", "Zoe", "zoe", ()),
]


@pytest.mark.parametrize(("typed", "start", "pid", "others"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_private_name_typed_any_way_is_refused_at_its_source(
    bench: Bench, typed: str, start: str, pid: str, others: tuple[str, ...]
) -> None:
    add_people(bench)
    w = contribute(bench, "70-typed.md", f"{LEAD}{typed} for the map.\n")
    line, col = w.at(start)
    cols = {col} | w.cols(line, *others)
    refused(bench, w.rel, line, cols, pid)


def test_a_name_typed_twice_in_one_file_is_reported_twice(bench: Bench) -> None:
    w = contribute(bench, "70-typed.md", "Elias Thorne came.\n\nLater, ELIAS\u00a0THORNE came back.\n")
    out = refused(bench, w.rel, w.line_of("Elias"), w.at("Elias")[1], "eli")
    line2, col2 = w.at("ELIAS")
    assert f"{w.rel}:{line2}:{col2}:" in out, out


def test_the_column_is_given_for_a_name_far_into_a_long_line(bench: Bench) -> None:
    w = contribute(bench, "70-typed.md", "word " * 40 + "and Elias Thorne too.\n")
    refused(bench, w.rel, 6, w.at("Elias")[1], "eli")
    assert w.at("Elias")[1] == 205


def test_a_name_in_a_file_with_windows_line_ends_is_on_the_right_line(bench: Bench) -> None:
    w = contribute(bench, "70-typed.md", "First line.\r\nSecond line names Elias Thorne.\r\n")
    refused(bench, w.rel, 7, w.at("Elias")[1], "eli")
