"""Name forms: every way of writing a person's private identity is refused, a single
word with `name.word` and a whole name with `name.withheld`, and only the ways out
the specification gives (ordinary_words, coproduce-ignore for one word) let a word through.
"""

from __future__ import annotations

import pytest

from tests.attacks.kit import add_people, built_clean, contribute, refused, write_file
from tests.factory import Bench

LEAD = "We thank "

# (case, typed, where the name starts, owner, other acceptable columns)
FORMS = [
    ("full-name-with-middle", "Rosalind Amara Quayle", "Rosalind", "ros", ()),
    ("middle-name-left-out", "Rosalind Quayle", "Rosalind", "ros", ()),
    ("surname-comma-first", "Quayle, Rosalind", "Quayle", "ros", ()),
    ("surname-comma-first-and-middle", "Quayle, Rosalind Amara", "Quayle", "ros", ()),
    ("surname-comma-first-for-eli", "Thorne, Elias", "Thorne", "eli", ()),
    ("surname-then-first-without-comma", "Thorne Elias", "Thorne", "eli", ()),
    ("middle-initial", "Rosalind A. Quayle", "Rosalind", "ros", ()),
    ("first-name-alone", "Rosalind", "Rosalind", "ros", ()),
    ("surname-alone", "Quayle", "Quayle", "ros", ()),
    ("surname-possessive", "Quayle\u2019s team", "Quayle", "ros", ()),
    ("full-name-possessive", "Rosalind Quayle's notes", "Rosalind", "ros", ()),
    ("contributor-id-alone", "ros", "ros", "ros", ()),
    ("contributor-id-of-eli", "eli", "eli", "eli", ()),
    ("title-mr", "Mr Quayle", "Mr", "ros", ("Quayle",)),
    ("title-mrs", "Mrs Quayle", "Mrs", "ros", ("Quayle",)),
    ("title-ms", "Ms Quayle", "Ms", "ros", ("Quayle",)),
    ("title-mx", "Mx Quayle", "Mx", "ros", ("Quayle",)),
    ("title-dr", "Dr Quayle", "Dr", "ros", ("Quayle",)),
    ("title-miss", "Miss Quayle", "Miss", "ros", ("Quayle",)),
    ("title-with-full-stop", "Dr. Thorne", "Dr.", "eli", ("Thorne",)),
    ("public-person-address", "ada.fenwick@example.org", "ada.fenwick", "ada", ()),
    ("withdrawn-person-credited-by-name", "Gustav Pell", "Gustav", "gus", ()),
    ("withdrawn-person-by-title", "Mr Pell", "Mr", "gus", ("Pell",)),
    ("credit-name-without-recorded-consent", "Faye Grindle", "Faye", "fay", ()),
    ("initials-person-full-name", "Bo Lindqvist", "Bo", "bo", ()),
    ("pseudonym-person-surname", "Castell", "Castell", "ivy", ()),
    ("hyphenated-first-name-alone", "Mary-Jane", "Mary", "mj", ()),
    ("hyphenated-surname-alone", "Achebe-Lund", "Achebe", "mj", ()),
]


@pytest.mark.parametrize(("typed", "start", "pid", "others"), [c[1:] for c in FORMS], ids=[c[0] for c in FORMS])
def test_each_form_of_a_private_name_is_refused(
    bench: Bench, typed: str, start: str, pid: str, others: tuple[str, ...]
) -> None:
    add_people(bench)
    w = contribute(bench, "70-form.md", f"{LEAD}{typed} for their help.\n")
    line, col = w.at(start)
    refused(bench, w.rel, line, {col} | {w.at(o)[1] for o in others}, pid)


@pytest.mark.parametrize("text", ["As @eli said, the doors were locked.", "@eli wrote most of this."])
def test_at_id_in_running_text_is_refused(bench: Bench, text: str) -> None:
    w = contribute(bench, "70-mention.md", text + "\n")
    line, col = w.at("@eli")
    refused(bench, w.rel, line, {col, col + 1}, "eli")


def test_the_id_of_a_public_person_as_at_mention_is_refused_too(bench: Bench) -> None:
    # @id has one meaning, a quote's attribution; in running text it is an error whoever it names
    w = contribute(bench, "70-mention.md", "Ask @ada about the rota.\n")
    line, col = w.at("@ada")
    refused(bench, w.rel, line, {col, col + 1}, "ada")


# ------------------------------------------------------------------ ways out for ordinary words

HOPE = "name: Hope Garside\ncredit: anonymous\nlived_experience: true\nconsent: {recorded: 2025-01-10, quotes: attributed}\n"


def test_ordinary_words_lets_the_word_through(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE + "ordinary_words: [Hope]\n")
    contribute(bench, "70-hope.md", "We hope for more beds, and we live in hope.\n")
    built_clean(bench, present=("we hope for more beds",))


def test_ordinary_words_never_lets_the_whole_name_through(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE + "ordinary_words: [Hope]\n")
    w = contribute(bench, "70-hope.md", "We hope Hope Garside will come back.\n")
    refused(bench, w.rel, 6, w.at("Hope Garside")[1], "hope")


def test_ordinary_words_do_not_let_the_surname_through(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE + "ordinary_words: [Hope]\n")
    w = contribute(bench, "70-hope.md", "We hope Ms Garside will come back.\n")
    refused(bench, w.rel, 6, {w.at("Ms")[1], w.at("Garside")[1]}, "hope")


def test_without_ordinary_words_the_first_name_is_a_name_word(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE)
    w = contribute(bench, "70-hope.md", "Beds give us hope.\n")
    refused(bench, w.rel, 6, w.at("hope")[1], "hope")


def test_coproduce_ignore_silences_the_word_on_the_next_line(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE)
    contribute(bench, "70-hope.md", "<!-- coproduce-ignore: Hope -->\nBeds give us hope.\n")
    built_clean(bench, phrases=("coproduce-ignore",), present=("beds give us hope",), allow=("hope",))


def test_coproduce_ignore_silences_only_the_next_line(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE)
    w = contribute(bench, "70-hope.md", "<!-- coproduce-ignore: Hope -->\nBeds give us hope.\nWe hope for more.\n")
    line, col = w.at("hope", 1)
    assert line == 8
    refused(bench, w.rel, 8, col, "hope")


def test_coproduce_ignore_cannot_silence_a_whole_name(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE)
    w = contribute(bench, "70-hope.md", "<!-- coproduce-ignore: Hope Garside -->\nThanks to Hope Garside.\n")
    refused(bench, w.rel, 7, w.at("Hope Garside", 1)[1], "hope")


def test_coproduce_ignore_for_one_word_does_not_silence_the_whole_name(bench: Bench) -> None:
    write_file(bench, "contributors/hope.yaml", HOPE)
    w = contribute(bench, "70-hope.md", "<!-- coproduce-ignore: Hope -->\nThanks to Hope Garside.\n")
    refused(bench, w.rel, 7, w.at("Hope Garside")[1], "hope")


# ------------------------------------------------------------------ a chosen credit that is someone's name


def test_a_pseudonym_that_is_someone_elses_private_name_is_refused(bench: Bench) -> None:
    w = write_file(
        bench,
        "contributors/cy.yaml",
        "name: Cyrus Marlow\ncredit: pseudonym\npseudonym: Elias Thorne\nlived_experience: true\n"
        "consent: {recorded: 2025-01-10, quotes: attributed}\n",
    )
    refused(bench, w.rel, 3, None, "eli")


def test_a_role_that_is_someone_elses_private_name_in_other_letters_is_refused(bench: Bench) -> None:
    w = write_file(
        bench,
        "contributors/dee.yaml",
        "name: Delphine Oduya\ncredit: role\nrole: BO LINDQVIST\nlived_experience: true\n"
        "consent: {recorded: 2025-01-10, quotes: attributed}\n",
    )
    refused(bench, w.rel, 3, None, "bo")


def test_a_final_build_refuses_a_name_as_a_draft_does(bench: Bench) -> None:
    w = contribute(bench, "70-form.md", "We thank Elias Thorne.\n")
    refused(bench, w.rel, 6, w.at("Elias")[1], "eli", draft=False)
