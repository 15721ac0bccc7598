"""A contribution's address in the workbench: an opaque id, never its file name.

A file may be named after a person (`priya-shah-story.md`), and promise 1 says no private name is in any served
page, links included. So a contribution is `/r/<slug>/c/<id>`, where the id is a short hash of its file name
within the response: stable across restarts (nothing random, nothing stored) and changed only when the file is
renamed (a move renumbers it, and the page goes to the new address). A request's id is looked up among the
response's loaded contributions (`find`), never turned into a path; an old `/c/<stem>` address is a 404.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TypeVar

C = TypeVar("C")


def contribution_id(file_name: str) -> str:
    """The id of the contribution whose file (in its response's folder) is `file_name`, e.g. `c3f9a01b2c4d5`."""
    name = PurePosixPath(file_name.replace("\\", "/")).name
    return "c" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def contribution_url(slug: str, file_name: str) -> str:
    """The contribution page's address."""
    return f"/r/{slug}/c/{contribution_id(file_name)}"


def find(contributions: Iterable[C], cid: str, name_of: str = "name") -> C | None:
    """The contribution among `contributions` (each with a file name in `name_of`) whose id is `cid`, if any."""
    return next((c for c in contributions if contribution_id(str(getattr(c, name_of))) == cid), None)
