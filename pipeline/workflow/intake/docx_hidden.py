"""Whether Word hides a run: `w:vanish`, `w:specVanish` or `w:webHidden`, set on the run or by a style.

Hidden text is often what a writer meant to keep private (a name, a note to
self), so it must never become visible in a contribution. Word's own rules let
a hidden setting at one style level cancel one at another; here hidden at any
level counts as hidden, as showing a hidden name is worse than holding back
words that are then reported. Only an explicit setting on the run itself wins.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

HIDING = tuple(qn(t) for t in ("w:vanish", "w:specVanish", "w:webHidden"))
OFF = ("0", "false", "off")


def says_hidden(rpr: etree._Element | None) -> bool | None:
    """True or False when these run properties say whether text is hidden; None when they say nothing."""
    if rpr is None:
        return None
    flags = [f for f in (rpr.find(t) for t in HIDING) if f is not None]
    return any(f.get(qn("w:val")) not in OFF for f in flags) if flags else None


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(qn("w:val"))


class HiddenText:
    def __init__(self, styles: etree._Element | None) -> None:
        found = [] if styles is None else list(styles.iter(qn("w:style")))
        self.styles = {s.get(qn("w:styleId")) or "": s for s in found}
        self.default_paragraph = next(
            (
                s.get(qn("w:styleId"))
                for s in found
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) not in (None, *OFF)
            ),
            None,
        )
        defaults = None if styles is None else styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.everywhere = bool(says_hidden(defaults))
        self._styles: dict[str, bool] = {}

    def style(self, style_id: str | None) -> bool:
        """Whether a style hides text: the first style along its basedOn chain that says decides."""
        if not style_id:
            return False
        if style_id not in self._styles:
            said, seen, current = None, set(), style_id
            while said is None and current in self.styles and current not in seen:  # seen: a chain may loop
                seen.add(current)
                said = says_hidden(self.styles[current].find(qn("w:rPr")))
                current = _val(self.styles[current].find(qn("w:basedOn"))) or ""
            self._styles[style_id] = bool(said)
        return self._styles[style_id]

    def run(self, r: etree._Element) -> bool:
        rpr = r.find(qn("w:rPr"))
        said = says_hidden(rpr)
        if said is not None:
            return said
        char_style = _val(rpr.find(qn("w:rStyle"))) if rpr is not None else None
        p = r.getparent()
        while p is not None and p.tag != qn("w:p"):
            p = p.getparent()
        p_style = _val(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")) if p is not None else None
        if p_style not in self.styles:  # Word falls back to the default style, as here
            p_style = self.default_paragraph
        return self.style(char_style) or self.style(p_style) or self.everywhere
