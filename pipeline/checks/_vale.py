"""The language guide as a Vale style (`coproduce language --vale DIR`): one `substitution` rule an entry.

Vale reads Go regular expressions (RE2, or regexp2 in Vale 3): no lookaround, no capture groups in a
swap key. The guide's exemptions are kept the one way Vale allows: each key also matches, first, the
whole of every name or kept term that holds the phrase, and the phrase inside the name of a law; the
rule's `exceptions` then drop a match that is one of them (Vale tests each match against them).
`VALE_CANNOT` (written beside the rules as README.txt) says which context rules Vale cannot express.
"""

from __future__ import annotations

import re

from pipeline.checks._guide import Guide, variants
from pipeline.privacy.normalise import fold

VALE_STYLE = "Coproduce"
_GO_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")


def _vale_pattern(phrase: str) -> str:
    """A phrase as a Vale (Go) regular expression: words parted by a space, a hyphen, a line break or nothing."""
    words = [_GO_SPECIAL.sub(r"\\\1", w) for w in re.split(r"[\s\-‐‑–—]+", phrase.strip()) if w]
    return r"[-\s]?".join(words)


def _rule_name(ident: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", ident) if part) or "Entry"


# The name of a law around a phrase, as STATUTE reads it, in the regular expressions Vale reads (Go's RE2 or
# regexp2; no capture groups): capitalised words before and after, case kept whatever `ignorecase` says
_VALE_SMALL = r"(?:of|and|for|the|on|in|to|&)"
_VALE_BEFORE = rf"(?-i:(?:[A-Z][\w'’-]*\s+(?:{_VALE_SMALL}\s+)*)*)"
_VALE_AFTER = rf"(?-i:(?:\s+(?:{_VALE_SMALL}\s+)*[A-Z][\w'’-]*)*\s+(?:Act|Bill))"
_VALE_STATUTE = "(?-i:Act|Bill)"  # an exception: a match that ends in the name of a law is that law
VALE_CANNOT = """What this Vale style does not do that  coproduce check  does:

- Reported speech: words in quotation marks are advice only in coproduce; Vale reports them at the
  rule's level, as it has no way to lower a finding by what is around it.
- People's lived-experience quotes (lines starting with >) are their own words, never checked by coproduce;
  Vale checks them unless your .vale.ini ignores block quotes.
- The organisation's own name (response.yaml organisation:) is never flagged by coproduce; add it to a
  Vale vocabulary (accept.txt) so Vale leaves it alone too.
- <!-- coproduce-ignore: phrase --> silences one use in coproduce; Vale's own is <!-- vale off -->.

What it does keep: every name and preferred term of the guide (names: and keep:) and the names of laws
("the Rehabilitation of Offenders Act 1974"): each rule's pattern also matches the whole name, and the
rule's exceptions drop a match that is one.
"""


def _shielding(guide: Guide, phrase: str) -> list[tuple[str, str]]:
    """(name, the whole text to match) for each of the guide's names and kept terms that holds `phrase`
    as whole words, or overlaps it ("a psychotic" and "psychotic episode" in "a psychotic episode"): the
    guide never flags the phrase there."""
    found: list[tuple[str, str]] = []
    for form in sorted(variants(phrase)):
        words = form.split()
        for name in guide.names:
            held = fold(name).split()
            if f" {form} " in f" {' '.join(held)} ":
                found.append((name, name))
                continue
            for k in range(1, min(len(words), len(held))):
                if words[-k:] == held[:k]:  # the phrase runs on into the name
                    found.append((name, " ".join(words + held[k:])))
                if words[:k] == held[-k:]:  # the name runs on into the phrase
                    found.append((name, " ".join(held + words[k:])))
    return list(dict.fromkeys(found))


def _vale_key(guide: Guide, phrase: str) -> tuple[str, list[str]]:
    """(the swap key for `phrase`, its exceptions): the name of a law or a shielding name matched whole, first."""
    pattern = _vale_pattern(phrase)
    shields = _shielding(guide, phrase)
    wholes = sorted({_vale_pattern(whole) for _, whole in shields}, key=len, reverse=True)
    names = sorted({_vale_pattern(name) for name, _ in shields})
    alternatives = [f"{_VALE_BEFORE}(?:{pattern}){_VALE_AFTER}", *wholes, pattern]
    return "(?:" + "|".join(alternatives) + ")", [_VALE_STATUTE, *(f"(?i:{n})" for n in names)]


def vale_rules(guide: Guide) -> dict[str, dict[str, object]]:
    """The guide as a Vale style: file name -> one `substitution` rule for each entry, keeping the
    guide's exemptions as far as Vale can (VALE_CANNOT says what it cannot)."""
    rules: dict[str, dict[str, object]] = {}
    for entry in guide.entries:
        why = f" ({entry.reason})" if entry.reason else ""
        src = f" [{entry.source}]" if entry.source else ""
        message = f"Consider '%s' instead of '%s'{why.replace('%', '%%')}{src.replace('%', '%%')}"
        name = _rule_name(entry.id)
        while f"{name}.yml" in rules:
            name += "X"
        rules[f"{name}.yml"] = {
            "extends": "substitution",
            "message": message,
            "level": "error" if entry.severity == "final" else "warning",
            "ignorecase": True,
            "swap": {},
            "exceptions": [],
        }
        swap: dict[str, str] = {}
        exceptions: list[str] = []
        for p in entry.avoid:
            key, excepted = _vale_key(guide, p)
            swap[key] = ", ".join(entry.prefer)
            exceptions += [e for e in excepted if e not in exceptions]
        rules[f"{name}.yml"] |= {"swap": swap, "exceptions": exceptions}
    return rules
