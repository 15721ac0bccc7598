"""Every fixed text of the letter `coproduce tell` writes to a person, by language, beside `labels.py`'s tables.

One table per language, English and Welsh, each key one sentence or heading with {braces} filled in by
`workflow/tell.py`. Counts go through `labels.plural` (CLDR's forms: Welsh "un awr", "3 awr", "3 sesiwn");
dates through `vocabulary.long_date` in the letter's language. A language with no table of its own writes
the English one (and the letter is then tagged English). The letter's words are the organisation's; the
person's own words are printed as they were written, each marked with the language they are in.
"""

from __future__ import annotations

from pipeline.vocabulary import language_of

TELL: dict[str, dict[str, str]] = {
    "en": {
        "title": "What happened to your part in our response to {title}",
        "dear": "Dear {credit},",
        "hello": "Hello,",
        "thanks": "Thank you for taking part in our response to {title}, run by {by}."
        " This letter is for you alone: it says what became of your part.",
        "withdrawn_heading": "Your words were left out, as you asked",
        "withdrawn": "You asked on {date} for your words to be left out. Nothing you wrote or said is in the"
        " response, and nothing of yours will be in any version we make from now on. You are not named in it.",
        "time_heading": "Your time",
        "still_owed": "Leaving the response does not change what you are owed for your time.",
        "went_in_heading": "What of yours went in",
        "in_where": "In {where}",
        "question_where": "Question {n}",
        "quoted_heading": "Your words quoted",
        "printed_as": " (printed as said by {who})",
        "printed_unnamed": " (printed without your name)",
        "shaped_it": "None of your own words are printed in the response; what you said shaped it.",
        "left_out_heading": "What was left out",
        "confidential": "Something you wrote was marked confidential, so it went only to the body, in a separate"
        " annex that is not published.",
        "empty": "One of your pieces had no text yet, so there was nothing to print.",
        "nothing_left_out": "Nothing of yours was left out.",
        "credit_heading": "How you were credited",
        "no_consent": "You asked to be credited, but we have no record of your consent to it, so you are not named"
        " in the response. Tell us if you would like to be, and we will record your consent.",
        "unnamed": "You chose not to be named, so you are not named anywhere in the response.",
        "credited": "You are credited as {credit}, as you chose{did}.",
        "credited_did": " for what you did: {did}",
        "no_sessions": "No sessions of yours are recorded for this response.",
        "gave": "You gave {hours_n} hours over {sessions}.",
        "owe": "For your time we owe {due}, and {expenses} in expenses.",
        "paid": "We have paid {paid}; {to_pay} is still to pay.",
        "declined": "You chose not to be paid for {sessions}.",
        "next_heading": "What happened next",
        "sent": "We sent the response on {date}.",
        "no_reply": "{body} has not replied yet. We will write to you again when it does.",
        "replied": "{body} replied on {date}.",
        "it_said": " It said: {summary}",
        "read_reply": "You can read its reply at {link}",
        "what_became": "What became of what we asked for:",
        "we_asked": "We asked: {what} {happened}{why}",
        "where_says": " Where it says so: {evidence}.",
        "adopted": "This was taken up.",
        "partly": "This was partly taken up.",
        "not": "This was not taken up.",
        "unknown": "We do not know yet what became of this.",
        "with_thanks": "With thanks from everyone at {organisation}.",
        # Easy Read: short sentences, one idea a line
        "easy_title": "What happened to your words",
        "easy_thanks": "Thank you for helping with our answer to {by}.",
        "easy_asked": "They asked people about {title}.",
        "easy_took_out": "You asked us to take your words out.",
        "easy_we_did": "We did.",
        "easy_words_not_in": "Your words are not in our answer.",
        "easy_name_not_in": "Your name is not in our answer.",
        "easy_words_in": "Some of your words are in our answer.",
        "easy_words_heading": "Your words",
        "easy_ideas": "Your ideas helped us write our answer.",
        "easy_thanks_as": "Our answer thanks you as {credit}.",
        "easy_came": "You came to {meetings}.",
        "easy_gave": "You gave {hours_n} hours of your time.",
        "easy_sent": "We sent our answer on {date}.",
        "easy_wrote_back": "{by} wrote back on {date}.",
        "easy_adopted": "They said yes to {n} of our ideas.",
        "easy_partly": "They said yes to part of {n} of our ideas.",
        "easy_not": "They said no to {n} of our ideas.",
        "easy_unknown": "We do not know yet about {n} of our ideas.",
        "easy_not_yet": "{by} has not written back yet.",
        "easy_will_tell": "We will tell you when they do.",
        "easy_thank_you": "Thank you.",
        "easy_from": "From everyone at {organisation}.",
    },
    "cy": {
        "title": "Beth ddigwyddodd i'ch rhan chi yn ein hymateb i {title}",
        "dear": "Annwyl {credit},",
        "hello": "Helo,",
        "thanks": "Diolch am gymryd rhan yn ein hymateb i {title}, a gynhaliwyd gan {by}."
        " Llythyr i chi yn unig yw hwn: mae'n dweud beth ddaeth o'ch rhan chi.",
        "withdrawn_heading": "Cafodd eich geiriau eu gadael allan, fel y gofynnoch",
        "withdrawn": "Gofynnoch ar {date} i'ch geiriau gael eu gadael allan. Nid oes dim a ysgrifennoch nac a"
        " ddywedoch yn yr ymateb, ac ni fydd dim o'ch eiddo mewn unrhyw fersiwn a wnawn o hyn ymlaen. Nid ydych"
        " wedi'ch enwi ynddo.",
        "time_heading": "Eich amser",
        "still_owed": "Nid yw gadael yr ymateb yn newid yr hyn sy'n ddyledus i chi am eich amser.",
        "went_in_heading": "Beth o'ch eiddo chi aeth i mewn",
        "in_where": "Yn {where}",
        "question_where": "Cwestiwn {n}",
        "quoted_heading": "Eich geiriau a ddyfynnwyd",
        "printed_as": " (wedi'u hargraffu fel geiriau {who})",
        "printed_unnamed": " (wedi'u hargraffu heb eich enw)",
        "shaped_it": "Nid oes dim o'ch geiriau eich hun wedi'u hargraffu yn yr ymateb; fe wnaeth yr hyn a"
        " ddywedoch ei siapio.",
        "left_out_heading": "Beth a adawyd allan",
        "confidential": "Cafodd rhywbeth a ysgrifennoch ei nodi'n gyfrinachol, felly aeth at y corff yn unig,"
        " mewn atodiad ar wahân nad yw'n cael ei gyhoeddi.",
        "empty": "Nid oedd testun yn un o'ch darnau eto, felly nid oedd dim i'w argraffu.",
        "nothing_left_out": "Ni adawyd dim o'ch eiddo allan.",
        "credit_heading": "Sut y cawsoch eich cydnabod",
        "no_consent": "Gofynnoch am gael eich cydnabod, ond nid oes gennym gofnod o'ch caniatâd i hynny, felly nid"
        " ydych wedi'ch enwi yn yr ymateb. Rhowch wybod i ni os hoffech gael eich enwi, a byddwn yn cofnodi eich"
        " caniatâd.",
        "unnamed": "Dewisoch beidio â chael eich enwi, felly nid ydych wedi'ch enwi yn unman yn yr ymateb.",
        "credited": "Rydych wedi'ch cydnabod fel {credit}, fel y dewisoch{did}.",
        "credited_did": " am yr hyn a wnaethoch: {did}",
        "no_sessions": "Nid oes sesiwn o'ch eiddo wedi'i chofnodi ar gyfer yr ymateb hwn.",
        "gave": "Rhoesoch {hours} dros {sessions}.",
        "owe": "Am eich amser mae arnom {due} i chi, a {expenses} o dreuliau.",
        "paid": "Rydym wedi talu {paid}; mae {to_pay} i'w dalu o hyd.",
        "declined": "Dewisoch beidio â chael eich talu am {sessions}.",
        "next_heading": "Beth ddigwyddodd nesaf",
        "sent": "Anfonon ni'r ymateb ar {date}.",
        "no_reply": "Nid yw {body} wedi ateb eto. Byddwn yn ysgrifennu atoch eto pan fydd yn gwneud hynny.",
        "replied": "Atebodd {body} ar {date}.",
        "it_said": " Dywedodd: {summary}",
        "read_reply": "Gallwch ddarllen ei ateb yn {link}",
        "what_became": "Beth ddaeth o'r hyn y gofynnon ni amdano:",
        "we_asked": "Gofynnon ni: {what} {happened}{why}",
        "where_says": " Lle mae'n dweud hynny: {evidence}.",
        "adopted": "Cafodd hyn ei dderbyn.",
        "partly": "Cafodd hyn ei dderbyn yn rhannol.",
        "not": "Ni chafodd hyn ei dderbyn.",
        "unknown": "Nid ydym yn gwybod eto beth ddaeth o hyn.",
        "with_thanks": "Gyda diolch gan bawb yn {organisation}.",
        "easy_title": "Beth ddigwyddodd i'ch geiriau",
        "easy_thanks": "Diolch am ein helpu gyda'n hateb i {by}.",
        "easy_asked": "Gofynnon nhw i bobl am {title}.",
        "easy_took_out": "Gofynnoch i ni dynnu eich geiriau allan.",
        "easy_we_did": "Fe wnaethon ni hynny.",
        "easy_words_not_in": "Nid yw eich geiriau yn ein hateb.",
        "easy_name_not_in": "Nid yw eich enw yn ein hateb.",
        "easy_words_in": "Mae rhai o'ch geiriau yn ein hateb.",
        "easy_words_heading": "Eich geiriau",
        "easy_ideas": "Fe wnaeth eich syniadau ein helpu i ysgrifennu ein hateb.",
        "easy_thanks_as": "Mae ein hateb yn diolch i chi fel {credit}.",
        "easy_came": "Daethoch i {meetings}.",
        "easy_gave": "Rhoesoch {hours} o'ch amser.",
        "easy_sent": "Anfonon ni ein hateb ar {date}.",
        "easy_wrote_back": "Ysgrifennodd {by} yn ôl ar {date}.",
        "easy_adopted": "Dywedon nhw ie i {n} o'n syniadau.",
        "easy_partly": "Dywedon nhw ie i ran o {n} o'n syniadau.",
        "easy_not": "Dywedon nhw na i {n} o'n syniadau.",
        "easy_unknown": "Nid ydym yn gwybod eto am {n} o'n syniadau.",
        "easy_not_yet": "Nid yw {by} wedi ysgrifennu yn ôl eto.",
        "easy_will_tell": "Byddwn yn dweud wrthych pan fyddan nhw'n gwneud hynny.",
        "easy_thank_you": "Diolch.",
        "easy_from": "Gan bawb yn {organisation}.",
    },
}

# the letters' own counts, as labels.PLURALS gives the response's (CLDR categories; {n} the number as printed)
TELL_PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "sessions": {"one": "{n} session", "other": "{n} sessions"},
        "meetings": {"one": "{n} meeting", "other": "{n} meetings"},
        "hours": {"one": "{n} hour", "other": "{n} hours"},
    },
    "cy": {
        "sessions": {"one": "un sesiwn", "other": "{n} sesiwn"},
        "meetings": {"one": "un cyfarfod", "other": "{n} cyfarfod"},
        "hours": {"one": "un awr", "other": "{n} awr"},
    },
}


def tell_language(language: str) -> str:
    """The tag a letter is written and tagged in: the language asked for where it has a table, else English."""
    return language if language_of(language) in TELL else "en-GB"


def tell_labels(language: str) -> dict[str, str]:
    return TELL.get(language_of(language), TELL["en"])


def tell_count(language: str, key: str, n: object, shown: str | None = None) -> str:
    """`n` with its noun in the letter's language, in the plural form CLDR gives it."""
    from decimal import Decimal

    from pipeline.load.labels import plural_category

    base = language_of(language) if language_of(language) in TELL_PLURALS else "en"
    forms = TELL_PLURALS[base][key]
    number = n if isinstance(n, int | Decimal) else Decimal(str(n))
    category = plural_category(base, number)
    return forms.get(category, forms["other"]).format(n=n if shown is None else shown)
