"""What a renderer may know besides the document: where the look and the images live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RenderContext:
    templates: Path  # the template folder in use: the workbench's templates/ or the shipped default
    response_dir: Path  # the response folder; images and attachments may come only from here or templates
