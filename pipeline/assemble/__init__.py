"""Stage 3, assemble: one document model from what was loaded and parsed.

`people` decides what may be printed of each person; `history` reads who changed
what from git; `credits` builds the credits; `document` puts sections and answers
in order; `printed` lists every printed string with its source, for the checks;
`plaintext` is the model as plain text (how words are counted).
"""
