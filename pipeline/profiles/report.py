"""The report: today's document, for a local consultation, an ICB or anyone who reads a report."""

PROFILE = "report"
TITLE = "a report: the PDF, Word file, web page and answers as text"
FORMATS = ""  # every format in the default build
LAYOUT = "report"  # a title page, contents, then the sections
