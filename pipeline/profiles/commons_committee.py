"""Written evidence to a House of Commons select committee.

Committees ask for one Word file headed "Written evidence submitted by" the organisation, opening
with a short summary in bullet points, its paragraphs numbered, normally no more than 3,000 words.
Evidence stays the committee's until it publishes it: the build writes a note saying so beside it.
The HTML and PDF are built only when asked for with --format.
"""

PROFILE = "commons-committee"
TITLE = "written evidence to a House of Commons select committee: a Word file with numbered paragraphs"
FORMATS = "docx"
LAYOUT = "evidence"
ENFORCES = "word-limit,summary-first"
WORD_LIMIT = 3000
