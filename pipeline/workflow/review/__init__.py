"""Word round trips (issue 21): a reviewed copy of a build comes back as suggestions and notes per contribution.

`reading` reads the reviewed DOCX (tracked changes, comments, the provenance marks the build wrote,
`render/docx_marks.py`); `placing` finds the contribution each paragraph came from; `record` keeps the
suggestions and notes in `responses/<slug>/review/`, which no build reads; `apply` accepts or rejects one,
writing the Markdown with the careful editor.
"""
