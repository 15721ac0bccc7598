"""Renderers: one module per output format, each walking the same `model.Document`.

A renderer module exposes `render(doc: Document, ctx: RenderContext) -> bytes`
and `SUFFIX`, the file-name ending it writes (for example ".pdf").
"""
