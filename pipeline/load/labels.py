"""Every fixed text a submission prints, by language: one table per language, and the rules for counts.

The headings, the title page's labels, the credits' sentences, the layouts' fixed lines ("Written
evidence submitted by", the salutation and closing of a letter, the publication note), the answers
export's words: each is a key in LABELS, in English and in Welsh. A response's `language:` picks
them; a language without its own table prints English (its dates still follow it, vocabulary.long_date).

Counts ("3 people", "1 hour") take the plural form CLDR gives the language (English has one and
other; Welsh zero, one, two, few, many and other), never `if n == 1`: CLDR's rules for the languages
with tables here are in PLURAL_RULES, read by Babel's evaluator, and compared with Babel's own data in
tests/test_plural_rules.py. A form the table does not give falls back to its `other`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from pipeline.vocabulary import language_of

if TYPE_CHECKING:
    from babel.plural import PluralRule

# Every fixed word a submission prints, by language. A response's `language:` picks them;
# a language without its own labels uses English ones (its dates still follow it).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "notes": "Notes",
        "credits": "Credits",
        "question": "Question",
        "content_note": "Content note",
        "summary": "Summary of key recommendations",
        "about": "About us",
        "method": "How this response was co-produced",
        "answers": "Answers to the consultation questions",
        "recommendations": "Recommendations",
        "draft": "DRAFT — not for submission",
        "page": "Page",
        "of": "of",
        "response_to": "Response to",
        "consultation": "Consultation",
        "consultation_by": "Consultation by",
        "consultation_page": "Consultation page",
        "closing_date": "Closing date",
        "date_of_response": "Date of response",
        "responding_as": "Responding as",
        "confidentiality": "Confidentiality",
        "confidential_annex": "Confidential annex to",
        # the answers export (render/text.py)
        "responding_to": "responding to",
        "export_draft": "DRAFT: not for submission",
        "publishing": "Publishing (the form's question)",
        # the answers export's first part: who is responding, as a form's "About you" asks (render/text.py)
        "about_you": "About you (the form's questions about who is responding)",
        "publish_full": "full: the response may be published in full",
        "publish_anonymous": "anonymous: the response may be published without saying who it is from",
        "publish_none": "none: the response must not be published",
        "how_counted": "How the counts are made",
        "counting_rule": "A word is a run of characters without a space, as Word and online forms count them;"
        " characters are counted as a web form counts what it is sent: spaces included, each line break as two"
        " (a browser sends it as CR LF), and an emoji, a flag or a rare character as the two or more UTF-16 units"
        " it takes.",
        "paste_only": "Paste only the text between '{start}' and '{end}' into the form's box for that question.",
        "paste_from": "--- paste from here ---",
        "paste_to": "--- to here ---",
        "none_answered": "No question has been answered yet.",
        "no_response": "No response",  # a question left unanswered on purpose (questions: unanswered:)
        "not_the_answer": "not part of the answer",
        "words_count": "Words",
        "chars_count": "characters",
        "limit": "limit",
        "over_limit": "OVER THE LIMIT",
        "words": "words",
        "as_organisation": "An organisation",
        "as_individual": "An individual",
        "as_group": "A group",
        "responding_as_organisation": "Responding as an organisation",
        "responding_as_individual": "Responding as an individual",
        "responding_as_group": "Responding as a group",
        "sessions_intro": "The sessions in which people gave their time to this response:",
        "date": "Date",
        "session": "Session",
        "people": "People",
        "hours": "Hours",
        "skip_to_content": "Skip to content",
        "back_to_reference": "Back to reference",
        "note": "Note",  # a note's reference, read aloud and in the PDF's link: "Note 1"
        "table": "Table",
        # what a person did, in the credits (assemble/credits.py), joined with `and_list`
        "did_coordinated": "coordinated the response",
        "did_began": "began work that others finished",
        "did_wrote": "wrote",
        "did_edited": "edited",
        "did_reviewed": "reviewed",
        "did_approved": "approved",
        "did_quoted": "was quoted",
        "did_sessions": "took part in {sessions}",
        # the credits' first sentence; {people}, {hours} and {sessions} from PLURALS
        # after the totals when `confirm_edits: false`: no one was asked to confirm an edit to their words
        "credits_stand_in": "Where someone else changed a contributor's words, the lead's approval stood in for"
        " the contributor's own confirmation of the change.",
        "credits_totals": "This response was co-produced with {people} with lived experience.",
        "credits_totals_hours": "This response was co-produced with {people} with lived experience,"
        " who gave {hours} across {sessions}.",
        # the layouts of profiles/shape.py
        "evidence_heading": "Written evidence submitted by",
        "salutation": "Dear Sir or Madam",
        "closing": "Yours sincerely,",
        "publication_to": "To: {by}, for the inquiry '{title}'.",
        "publication_rule": "Do not publish this evidence, in whole or in part, before the committee publishes it.\n"
        "Evidence sent to a committee is the committee's to publish. Until it does, share it only with\n"
        "the people who wrote it and your organisation; once the committee has published it, link to\n"
        "the committee's page.",
        "logo": "{organisation} logo",  # a logo's alt text when brand.yaml gives none
        # an organisation's details (profiles/shape.py): title page, letterhead or evidence's last lines
        "contact": "Contact",
        "email": "Email",
        "phone": "Phone",
        "address": "Address",
        "charity_number": "Registered charity number",
        "company_number": "Company number",
        "signed_for": "for {organisation}",  # under a co-signed letter's signatories of one organisation
        "credits_from": "{organisations} wrote and signed this response together.",
        # a co-signed response's credits: who is credited but not under an organisation's name (assemble/credits.py)
        "credits_also": "Also taking part",
        # which register a charity number is on (organisation_schema.CHARITY_REGISTERS)
        "register_ew": "England and Wales",
        "register_sc": "Scotland",
        "register_ni": "Northern Ireland",
        # a draft's word count under each answer (HTML and PDF)
        "word_count": "{words} words",
        "word_count_limit": "{words} of {limit} words",
    },
    "cy": {
        "contents": "Cynnwys",
        "notes": "Nodiadau",
        "credits": "Cydnabyddiaethau",
        "question": "Cwestiwn",
        "content_note": "Nodyn cynnwys",
        "summary": "Crynodeb o'r argymhellion allweddol",
        "about": "Amdanom ni",
        "method": "Sut y cyd-gynhyrchwyd yr ymateb hwn",
        "answers": "Atebion i gwestiynau'r ymgynghoriad",
        "recommendations": "Argymhellion",
        "draft": "DRAFFT — nid i'w gyflwyno",
        "page": "Tudalen",
        "of": "o",
        "response_to": "Ymateb i",
        "consultation": "Ymgynghoriad",
        "consultation_by": "Ymgynghoriad gan",
        "consultation_page": "Tudalen yr ymgynghoriad",
        "closing_date": "Dyddiad cau",
        "date_of_response": "Dyddiad yr ymateb",
        "responding_as": "Yn ymateb fel",
        "confidentiality": "Cyfrinachedd",
        "confidential_annex": "Atodiad cyfrinachol i",
        "responding_to": "yn ymateb i",
        "export_draft": "DRAFFT: nid i'w gyflwyno",
        "publishing": "Cyhoeddi (cwestiwn y ffurflen)",
        "about_you": "Amdanoch chi (cwestiynau'r ffurflen am bwy sy'n ymateb)",
        "publish_full": "llawn: gellir cyhoeddi'r ymateb yn llawn",
        "publish_anonymous": "dienw: gellir cyhoeddi'r ymateb heb ddweud gan bwy y daeth",
        "publish_none": "dim: ni ddylid cyhoeddi'r ymateb",
        "how_counted": "Sut y gwneir y cyfrif",
        "counting_rule": "Gair yw rhes o nodau heb fwlch, fel y mae Word a ffurflenni ar-lein yn eu cyfrif;"
        " cyfrifir y nodau fel y mae ffurflen ar y we yn cyfrif yr hyn a anfonir ati: gan gynnwys bylchau, pob"
        " toriad llinell yn ddau (mae porwr yn ei anfon fel CR LF), ac emoji, baner neu nod prin fel y ddwy uned"
        " UTF-16 neu fwy y mae'n eu cymryd.",
        "paste_only": "Gludwch y testun rhwng '{start}' a '{end}' yn unig i flwch y ffurflen ar gyfer y"
        " cwestiwn hwnnw.",
        "paste_from": "--- gludo o fan hyn ---",
        "paste_to": "--- hyd fan hyn ---",
        "none_answered": "Nid oes ateb i unrhyw gwestiwn eto.",
        "no_response": "Dim ymateb",
        "not_the_answer": "nid yw'n rhan o'r ateb",
        "words_count": "Geiriau",
        "chars_count": "nodau",
        "limit": "terfyn",
        "over_limit": "DROS Y TERFYN",
        "words": "geiriau",
        "as_organisation": "Sefydliad",
        "as_individual": "Unigolyn",
        "as_group": "Grŵp",
        "responding_as_organisation": "Yn ymateb fel sefydliad",
        "responding_as_individual": "Yn ymateb fel unigolyn",
        "responding_as_group": "Yn ymateb fel grŵp",
        "sessions_intro": "Y sesiynau lle rhoddodd pobl eu hamser i'r ymateb hwn:",
        "date": "Dyddiad",
        "session": "Sesiwn",
        "people": "Pobl",
        "hours": "Oriau",
        "skip_to_content": "Neidio i'r cynnwys",
        "back_to_reference": "Yn ôl i gyfeirnod",
        "note": "Nodyn",
        "table": "Tabl",
        "did_coordinated": "cydlynu'r ymateb",
        "did_began": "dechrau gwaith a orffennwyd gan eraill",
        "did_wrote": "ysgrifennu",
        "did_edited": "golygu",
        "did_reviewed": "adolygu",
        "did_approved": "cymeradwyo",
        "did_quoted": "rhannu geiriau a ddyfynnwyd",
        "did_sessions": "cymryd rhan mewn {sessions}",
        "credits_stand_in": "Lle newidiodd rhywun arall eiriau cyfrannwr, safodd cymeradwyaeth yr arweinydd yn lle"
        " cadarnhad y cyfrannwr ei hun o'r newid.",
        "credits_totals": "Cafodd yr ymateb hwn ei gyd-gynhyrchu {people} sydd â phrofiad bywyd.",
        "credits_totals_hours": "Cafodd yr ymateb hwn ei gyd-gynhyrchu {people} sydd â phrofiad bywyd,"
        " a roddodd {hours} dros {sessions}.",
        "evidence_heading": "Tystiolaeth ysgrifenedig a gyflwynwyd gan",
        "salutation": "Annwyl Syr neu Fadam",
        "closing": "Yn gywir,",
        "publication_to": "At: {by}, ar gyfer yr ymchwiliad '{title}'.",
        "publication_rule": "Peidiwch â chyhoeddi'r dystiolaeth hon, yn llawn nac yn rhannol, cyn i'r pwyllgor ei"
        " chyhoeddi.\nMater i'r pwyllgor yw cyhoeddi tystiolaeth a anfonir ato. Hyd nes y bydd yn gwneud hynny,\n"
        "rhannwch hi â'r bobl a'i hysgrifennodd a'ch sefydliad yn unig; unwaith y bydd y pwyllgor wedi'i\n"
        "chyhoeddi, rhowch ddolen i dudalen y pwyllgor.",
        "logo": "Logo {organisation}",
        "contact": "Cyswllt",
        "email": "E-bost",
        "phone": "Ffôn",
        "address": "Cyfeiriad",
        "charity_number": "Rhif elusen gofrestredig",
        "company_number": "Rhif cwmni",
        "signed_for": "ar ran {organisation}",
        "credits_from": "Ysgrifennodd a llofnododd {organisations} yr ymateb hwn gyda'i gilydd.",
        "credits_also": "Hefyd yn cymryd rhan",
        "register_ew": "Cymru a Lloegr",
        "register_sc": "Yr Alban",
        "register_ni": "Gogledd Iwerddon",
        "word_count": "{words} gair",  # Welsh counts in the singular: 300 gair
        "word_count_limit": "{words} allan o {limit} gair",
    },
}


# Counts by CLDR plural category; {n} is the number as printed.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "people": {"one": "{n} person", "other": "{n} people"},
        "sessions": {"one": "{n} session", "other": "{n} sessions"},
        "hours": {"one": "{n} hour", "other": "{n} hours"},
        # how many took part without being named: a sentence of its own, {n} a word (NUMBER_WORDS)
        "unnamed": {
            "one": "{n} more person took part and is not named here.",
            "other": "{n} more people took part and are not named here.",
        },
    },
    # Welsh counts a noun in the singular after a number (3 sesiwn, 2 awr), or with "o" and the
    # plural (3 o bobl); "un" is written out, as it is said.
    "cy": {
        "people": {"one": "gydag un person", "other": "gyda {n} o bobl"},
        "sessions": {"one": "un sesiwn", "other": "{n} sesiwn"},
        "hours": {"one": "un awr", "other": "{n} awr"},
        "unnamed": {
            "one": "Cymerodd un person arall ran, ac nid yw wedi'i enwi yma.",
            "other": "Cymerodd {n} o bobl eraill ran, ac nid ydynt wedi'u henwi yma.",
        },
    },
}
# Small numbers spelled out where a sentence begins with them ("Two more people took part ...").
NUMBER_WORDS = {"en": ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")}


# The letter asking a person to confirm a change to their words (workflow/review/letters.py): not part of any
# submission, so a table of its own, in the response's language (English where it has none).
LETTERS: dict[str, dict[str, str]] = {
    "en": {
        "title": "A change to your words",
        "heading": "A change to your words in our response to {consultation}",
        "hello": "Hello,",
        "why": "Someone at {organisation} has changed some of your words. Before we send our response, we would"
        " like you to see the change and tell us if you are happy with it.",
        "answer_to": "Your answer to: {question}",
        "answer_to_number": "Your answer to question {question}",
        "your_part": "Your part: {part}",
        "your_words": "your words",
        "quoted": "what you said that we quote",
        "as_seen": "This is {what}, as you last saw it ({date}) and as it is now.",
        "before": "Before",
        "after": "After",
        "not_kept": "(Your earlier words were not kept by coproduce; ask us and we will find them for you.)",
        "tell_us": "Please tell us one of these:",
        "happy": "1. I am happy with the change.",
        "keep": "2. I am not happy: keep my words as they were.",
        "leave_out": "3. I am not happy: leave this part out.",
        "reply": "You can reply by e-mail, by phone, or tell us in person. Thank you. From {organisation}.",
    },
    "cy": {
        "title": "Newid i'ch geiriau",
        "heading": "Newid i'ch geiriau yn ein hymateb i {consultation}",
        "hello": "Helo,",
        "why": "Mae rhywun yn {organisation} wedi newid rhai o'ch geiriau. Cyn i ni anfon ein hymateb, hoffem i chi"
        " weld y newid a dweud wrthym a ydych chi'n hapus ag ef.",
        "answer_to": "Eich ateb i: {question}",
        "answer_to_number": "Eich ateb i gwestiwn {question}",
        "your_part": "Eich rhan: {part}",
        "your_words": "eich geiriau",
        "quoted": "yr hyn a ddywedoch chi ac rydym yn ei ddyfynnu",
        "as_seen": "Dyma {what}, fel y gwelsoch chi nhw ddiwethaf ({date}) ac fel y maen nhw nawr.",
        "before": "Cyn",
        "after": "Ar ôl",
        "not_kept": "(Ni chadwodd coproduce eich geiriau cynharach; gofynnwch i ni a byddwn yn dod o hyd iddyn nhw"
        " i chi.)",
        "tell_us": "Dywedwch un o'r rhain wrthym, os gwelwch yn dda:",
        "happy": "1. Rwy'n hapus â'r newid.",
        "keep": "2. Dydw i ddim yn hapus: cadwch fy ngeiriau fel yr oedden nhw.",
        "leave_out": "3. Dydw i ddim yn hapus: gadewch y rhan hon allan.",
        "reply": "Gallwch ateb drwy e-bost, dros y ffôn, neu ddweud wrthym wyneb yn wyneb. Diolch. Oddi wrth"
        " {organisation}.",
    },
}


def letter_labels(language: str) -> dict[str, str]:
    """The confirmation letter's fixed texts in `language` (a tag: "cy-GB" gives Welsh), English where it has none."""
    return LETTERS.get(language_of(language), LETTERS["en"])


def labels(language: str) -> dict[str, str]:
    """The fixed texts of `language` (a tag: "cy-GB" gives Welsh), English where it has none."""
    return LABELS.get(language_of(language), LABELS["en"])


# CLDR's plural rules, as Babel's locale data has them, for the languages with tables here. Loading that data
# (every locale's fields, merged with the root's) to read two short rules was a tenth of a `check` at 40
# contributions; any other language is read from it.
PLURAL_RULES: dict[str, dict[str, str]] = {
    "en": {"one": "i in 1 and v in 0"},
    "cy": {"zero": "n in 0", "one": "n in 1", "two": "n in 2", "few": "n in 3", "many": "n in 6"},
}


@cache
def _plural_rule(language: str) -> PluralRule:
    from babel.plural import PluralRule  # only when a count is printed: `check` need not load it

    if language in PLURAL_RULES:
        return PluralRule(PLURAL_RULES[language])
    from babel import Locale

    return Locale.parse(language).plural_form


def plural_category(language: str, n: int | Decimal) -> str:
    """CLDR's plural category of `n` in `language` (a base tag: "en", "cy"): "one", "other", "few" ..."""
    return _plural_rule(language)(n)


def plural(language: str, key: str, n: int | Decimal, shown: str | None = None) -> str:
    """The count `n` with its noun in PLURALS[key], in the form CLDR gives `language` for n.

    `shown` is how the number is printed ("1.75", "Two"), `n` itself when not given."""
    base = language_of(language)
    forms = PLURALS.get(base, PLURALS["en"])[key]
    rule_language = base if base in PLURALS else "en"
    category = plural_category(rule_language, n)
    return forms.get(category, forms["other"]).format(n=n if shown is None else shown)


def number_word(language: str, n: int) -> str:
    """`n` as a sentence may begin with it: a word where the language's table has one, else the digits."""
    words = NUMBER_WORDS.get(language_of(language), ())
    return words[n] if 0 <= n < len(words) else str(n)


def and_list(language: str, parts: list[str]) -> str:
    """ "wrote, edited and reviewed"; in Welsh "ysgrifennu, golygu ac adolygu" (ac before a vowel,
    a with the aspirate mutation: a chymeradwyo)."""
    if len(parts) == 1:
        return parts[0]
    last = parts[-1]
    if language_of(language) == "cy":
        return ", ".join(parts[:-1]) + " " + _welsh_and(last)
    return ", ".join(parts[:-1]) + " and " + last


_VOWELS = "aeiouwyâêîôûŵŷáéíóúàèìòùäëïöü"
_ASPIRATE = {"c": "ch", "p": "ph", "t": "th"}


def _welsh_and(word: str) -> str:
    """ "a" or "ac" before `word`, with the aspirate mutation "a" brings (c, p, t to ch, ph, th)."""
    first = word[:1].lower()
    if first and first in _VOWELS:
        return f"ac {word}"
    if first in _ASPIRATE and word[1:2].lower() != "h":
        mutated = _ASPIRATE[first] if word[:1].islower() else _ASPIRATE[first].capitalize()
        return f"a {mutated}{word[1:]}"
    return f"a {word}"
