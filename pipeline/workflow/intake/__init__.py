"""Take in what volunteers drop into a shared folder: Word, Markdown and text files.

Each file is read from memory (the shared folder is only ever read), checked as
hostile input, turned into Markdown, attributed from its header lines or its
subfolder, and written as a draft contribution. The original is kept byte for
byte beside a record, so a file is never taken in twice.

`refusal.py` says why a file is not taken in; `docx_package.py` opens a Word
file safely; `docx_reader.py`, `odt_reader.py` and `text_reader.py` turn files
into Markdown, with `docx_hidden.py` saying which Word text is hidden and so
left out, `inline_marks.py` what the Word and ODF readers share, and
`pictures.py` cleaning pictures and saving them beside the draft;
`header.py` and `match.py` find who wrote it and where it goes (`run.py` tries
its header lines, then its folders, then its file name, and leaves in
`unsorted/` what nothing places; `assign.py` files those); `record.py`
keeps what was taken in; `contribution.py` names and writes the new file;
`run.py` ties them together; `template.py` makes the volunteers' template.
"""
