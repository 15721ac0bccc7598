"""Take in what volunteers drop into a shared folder: Word, Markdown and text files.

Each file is read from memory (the shared folder is only ever read), checked as
hostile input, turned into Markdown, attributed from its header lines or its
subfolder, and written as a draft contribution. The original is kept byte for
byte beside a record, so a file is never taken in twice.

`refusal.py` says why a file is not taken in; `docx_package.py` opens a Word
file safely; `docx_reader.py`, `odt_reader.py` and `text_reader.py` turn files
into Markdown (`docx_elements.py` holds the Word pieces the walk looks up, `odt_package.py`
opens an OpenDocument file and `odt_elements.py` reads its styles), with `docx_hidden.py`
saying which Word text is hidden and so
left out, `inline_marks.py` what the Word and ODF readers share, and
`pictures.py` cleaning pictures and saving them beside the draft;
`header.py` and `match.py` find who wrote it and where it goes (`run.py` tries
its header lines, then its folders, then its file name, and leaves in
`unsorted/` what nothing places; `assign.py` files those); `record.py`
keeps what was taken in; `contribution.py` names and writes the new file;
`run.py` ties them together; `template.py` makes the volunteers' templates (the general one, and one
listing a response's questions), and `parts.py` splits a file answering several questions at their headings.
`revision.py` decides whether a file is a new version of a contribution intake wrote (same people and place,
and a name that says so or mostly the same words), `revising.py` writes it (and changes that decision:
`separate`, `join`) and `versions.py` says what was decided.
"""
