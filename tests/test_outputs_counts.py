"""Characters counted as the form counts them (issue 22): UTF-16 units, a line break as the CR LF a browser sends.

An answer stated as fitting must fit: the count in the answers export is read back from the export, and
checked against real Chromium, which is not the code under test: a textarea whose `maxlength` is the stated
count takes the pasted text whole, and the form body it submits holds exactly that many characters.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from pipeline.assemble.plaintext import COUNTING_RULE, count_chars
from tests.conftest import findings, run
from tests.factory import RESPONSE, Bench, signed

PASTE_FROM = "--- paste from here ---"
PASTE_TO = "--- to here ---"

# written fresh: every kind of character a form counts differently from a code-point count
EMOJI = "We were heard \U0001f60a and thanked \U0001f64f."  # two units each
FLAGS = "Cymru \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f and UK \U0001f1ec\U0001f1e7."
ACCENTS = "Sio\u0302n and Zoe\u0308 chose cafe\u0301 chats."  # letters with combining accents: one unit each mark
CJK = "\u6211\u4eec\u9700\u8981\u5b89\u9759\u7684\u623f\u95f4\u3002 \U00020bb7 is outside the BMP."
ANSWER = f"{EMOJI}  \n{FLAGS}\n\n{ACCENTS}\n\n{CJK}"  # a hard line break, then paragraphs


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("\U0001f60a", 2),
        ("\U0001f1ec\U0001f1e7", 4),
        ("e\u0301", 2),
        ("\u6211\u4eec", 2),
        ("\U00020bb7", 2),
        ("a\nb", 4),
        ("a\r\nb", 4),  # a file's own CR LF is one line break, sent as CR LF
        ("a\rb", 4),
        ("\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", 14),  # the Welsh flag
    ],
)
def test_count_chars_counts_what_the_form_counts(text: str, units: int) -> None:
    assert count_chars(text) == units
    assert count_chars(text) >= len(text)  # never below the old code-point count


def test_the_rule_is_stated_once_and_says_what_it_counts() -> None:
    assert "UTF-16" in COUNTING_RULE and "CR LF" in COUNTING_RULE


def answer(bench: Bench, text: str, chars: int | None = None) -> None:
    if chars is not None:
        bench.write("responses/crisis-house/response.yaml", RESPONSE.replace("else?", f"else?\n        chars: {chars}"))
    bench.contribution("50-q3-mixed.md", signed(f"---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n{text}\n"))


def export(bench: Bench) -> tuple[str, str]:
    """The answers export's counts line and text to paste for question 3, as a coordinator reads them."""
    result = run(["build", str(bench.response), "--format", "txt", "--draft", "--out", str(bench.root / "draft")])
    assert result.exit_code == 0, result.output
    text = (bench.root / "draft" / "crisis-house-answers.txt").read_text(encoding="utf-8")
    assert "UTF-16" in text.split("=" * 72)[0]  # the header states the rule
    block = text.split("Question 3:")[1]
    counts = block.split("\n")[1]
    return counts, block.split(PASTE_FROM + "\n")[1].split("\n" + PASTE_TO)[0]


def stated(counts: str) -> int:
    return int(counts.split("characters: ")[1].split()[0].rstrip(";"))


def test_the_export_states_the_forms_count(bench: Bench) -> None:
    answer(bench, ANSWER)
    counts, pasted = export(bench)
    assert stated(counts) == utf16(pasted) + pasted.count("\n")
    assert stated(counts) > len(pasted)  # the old count (code points, LF) was short


def test_a_limit_between_the_old_count_and_the_forms_count_stops_a_final_build(bench: Bench) -> None:
    answer(bench, ANSWER)
    counts, pasted = export(bench)
    answer(bench, ANSWER, chars=len(pasted))  # fits by code points, not as the form counts
    [over] = [f for f in findings(bench) if f["code"] == "limit.chars"]
    assert f"has {stated(counts)} characters" in over["message"]
    answer(bench, ANSWER, chars=stated(counts))
    assert not [f for f in findings(bench) if f["code"] == "limit.chars"]


# ------------------------------------------------------------------ in a real browser

FORM = """<!doctype html><html lang="en"><title>Form</title><body>
<form method="post" action="http://form.invalid/submit"><textarea name="answer" id="a"></textarea>
<button id="send">Send</button></form></body></html>"""


def paste_and_submit(text: str, maxlength: int) -> tuple[str, int, str]:
    """Paste `text` (as an edit a user makes, which `maxlength` limits) into a textarea and submit the form:
    the textarea's value, its `value.length`, and the value the server receives."""
    from tests.browser import browser_page

    with browser_page() as page:
        sent: list[str] = []

        def receive(route: object) -> None:
            sent.append(route.request.post_data or "")  # type: ignore[attr-defined]
            route.fulfill(status=200, body="ok")  # type: ignore[attr-defined]

        page.route("http://form.invalid/**", receive)
        page.set_content(FORM)
        page.eval_on_selector("#a", "(el, n) => el.setAttribute('maxlength', n)", maxlength)
        page.focus("#a")
        page.evaluate("t => document.execCommand('insertText', false, t)", text)
        value = page.eval_on_selector("#a", "el => el.value")
        length = page.eval_on_selector("#a", "el => el.value.length")
        page.click("#send")
        page.wait_for_load_state()
        [body] = sent
        received = parse_qs(body, keep_blank_values=True)["answer"][0]
        return value, length, received


def test_chromium_takes_the_pasted_answer_whole_at_the_stated_count(bench: Bench) -> None:
    answer(bench, ANSWER)
    counts, pasted = export(bench)
    value, length, received = paste_and_submit(pasted, stated(counts))
    assert value == pasted  # nothing cut
    assert length + pasted.count("\n") == stated(counts)  # the form's counter, plus the CR each break gains
    assert "\r\n" in received and utf16(received) == stated(counts)  # what the server receives and counts


def test_chromium_cuts_one_character_below_the_stated_count(bench: Bench) -> None:
    one_line = f"{EMOJI} {FLAGS} {ACCENTS} {CJK}"  # no line breaks: the stated count is exactly the form's
    answer(bench, one_line)
    counts, pasted = export(bench)
    assert "\n" not in pasted
    value, length, _ = paste_and_submit(pasted, stated(counts) - 1)
    assert value != pasted and length < stated(counts)
    value, _, _ = paste_and_submit(pasted, len(pasted))  # the old, code-point count: the form cut the end off
    assert value != pasted
