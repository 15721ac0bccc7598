"""Written evidence to a House of Lords committee.

Laid out as for a Commons committee (a Word file, the heading line, a summary in bullet points,
numbered paragraphs, dated). Lords committees ask for a summary of no more than one page when a
submission runs past six pages (the page estimate is profiles/shape.py's, stated once); they set
no fixed word limit, so `word_limit:` in response.yaml sets one when the call for evidence does.
"""

PROFILE = "lords-committee"
TITLE = "written evidence to a House of Lords committee: a Word file, with a one-page summary past six pages"
FORMATS = "docx"
LAYOUT = "evidence"
ENFORCES = "word-limit,summary-page"
