"""The confidential annex by the paths the first suite did not walk (issue 18): words of a
confidential contribution restated in response.yaml (the title, also the PDF's and DOCX's
metadata, a question's text, an activity, the `confidentiality:` line), and short or reordered
copies of them in other contributions. Restating a passage in response.yaml never makes it public.

Outputs are read with the attack kit's readers; refusals are read as check and build print them.
"""

from __future__ import annotations

import pytest

from tests.attacks.kit import R, built_clean, contribute, edit, refused
from tests.factory import Bench

RY = f"{R}/response.yaml"
PASSAGE = "The manager admitted that two night shifts last winter ran with one agency nurse."
SHORT = "Ward four smelled of damp mould."


def with_annex(bench: Bench) -> None:
    contribute(bench, "45-private.md", f"{PASSAGE}\n\n{SHORT}\n", answers="q1", by="ada", extra="confidential: true")


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        (
            "title: Response to the Eastmoor crisis-house survey",
            "title: Two night shifts last winter ran with one agency nurse",
            "Two night",
        ),
        (
            "text: Anything else?",
            "text: Anything else, given the manager admitted that two night shifts last winter ran with one agency"
            " nurse?",
            "the manager",
        ),
        (
            "activity: Workshop on what helps in a crisis",
            "activity: Workshop where the manager admitted two night shifts ran with one agency nurse last winter",
            "Workshop where",
        ),
        ("confidentiality: none", "confidentiality: Ward four smelled of damp mould", "Ward four"),
    ],
    ids=["title", "question", "activity", "confidentiality-line"],
)
def test_confidential_words_restated_in_response_yaml_are_refused_there(
    bench: Bench, old: str, new: str, needle: str
) -> None:
    with_annex(bench)
    w = edit(bench, RY, old, new)
    refused(bench, RY, w.line_of(needle), also=("45-private.md",))


def test_restating_a_passage_in_response_yaml_does_not_make_it_public_elsewhere(bench: Bench) -> None:
    with_annex(bench)
    edit(bench, RY, "text: Anything else?", f"text: {PASSAGE}")
    w = contribute(bench, "70-copy.md", f"As we said: {PASSAGE.lower()}\n", answers="q2", by="hal")
    out = refused(bench, w.rel, w.line_of("As we said"), also=("45-private.md",))
    assert f"{RY}:" in out, out  # and the question itself, where it was restated


@pytest.mark.parametrize(
    "copy",
    [
        "Ward four smelled of damp mould.",  # a short passage, whole
        "Last winter two night shifts ran with one agency nurse, the manager admitted.",  # reordered
        "Last winter, two night shifts ran with one agency nurse.",  # a telling part, under eight words
        "WARD\u00a0FOUR smelled of damp \u2014 mould!",  # Word's characters
    ],
)
def test_a_short_or_reordered_copy_of_a_confidential_passage_is_refused(bench: Bench, copy: str) -> None:
    with_annex(bench)
    w = contribute(bench, "70-copy.md", f"From the visit.\n\n{copy}\n", answers="q2", by="hal")
    refused(bench, w.rel, w.line_of(copy[:9]), also=("45-private.md",))


def test_ordinary_words_shared_with_the_annex_are_no_copy(bench: Bench) -> None:
    with_annex(bench)
    edit(bench, RY, "text: How should people be referred?", "text: How should night shifts be staffed in winter?")
    contribute(bench, "70-own.md", "Night shifts should never run short of staff in winter.\n", answers="q2", by="hal")
    built_clean(
        bench,
        phrases=(PASSAGE, "one agency nurse", SHORT),
        present=("Night shifts should never run short of staff in winter.", "How should night shifts be staffed"),
    )
