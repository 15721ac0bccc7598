"""An online consultation form (Citizen Space and the like): one box per question, often with a limit.

Builds the answers export and one file per question by default. The word and character limits
(`limit:`, `chars:`) are counted on exactly the text to paste and stop a final build
(checks/word_limits.py, for every profile). Every box also has a hard cap, `BOX_CHARS`, which
a final build enforces even where no `chars:` is given.
"""

PROFILE = "online-form"
TITLE = "an online form: the answers to paste, with their counts, and one file per question"
FORMATS = "txt,answers"
BOX_CHARS = 32_000  # Citizen Space caps every box at this many characters, whatever the organisers set
LAYOUT = "report"
