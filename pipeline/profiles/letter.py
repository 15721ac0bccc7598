"""A letter to a minister, an MP or a committee chair, signed by named people.

The addressee's lines (`to:`), the date and the salutation (`salutation:`), the summary and answers
as the body, then the closing and the signatories (`signatories:`), who must be credited by name and
have consented (checks/signatories.py). No title page; a PDF and a Word file.
"""

PROFILE = "letter"
TITLE = "a letter signed by named people: addressee, date, salutation, the body and the signatures"
FORMATS = "pdf,docx"
LAYOUT = "letter"
ENFORCES = "signatories"
