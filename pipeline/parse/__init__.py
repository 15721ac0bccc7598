"""Stage 2, parse: each contribution's Markdown once, to document-model blocks.

`markdown` is markdown-it-py with its rules (tables, footnotes, the lived-quote
rule); `blocks` walks the tokens into `pipeline.model` nodes, applying the
consent decisions it is given.
"""
