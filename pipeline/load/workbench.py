"""Load a workbench: find its root, read every file once, validate it, keep lines.

The result is plain validated data with file and line for every value. Nothing
here decides what may be published; that is `people.py`'s job.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.cache import memo
from pipeline.load.files import read_text
from pipeline.load.schema import Contributor, FrontMatter, Response, validate
from pipeline.load.yamlsource import Located, load_yaml
from pipeline.vocabulary import FRONT_MATTER_START, front_matter_end

_PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline package
# The shipped look: templates/ beside the package in a checkout (an editable install),
# or pipeline/look/ inside an installed wheel (pyproject.toml maps one to the other).
SHIPPED_TEMPLATES = next(
    (p for p in (_PACKAGE.parent / "templates", _PACKAGE / "look") if (p / "response.html.j2").is_file()),
    _PACKAGE / "look",
)


PAGE_TEMPLATE = "response.html.j2"
LAYERED_FILES = ("brand.yaml",)  # laid key by key over the shipped file of the same name (load/brand.py)


def look_folders(own: Path, shipped: Path | None) -> tuple[Path, ...]:
    """The folders the look comes from, first wins: `own` if it exists, then `shipped` (unless it is `own`)."""
    folders = [own] if own.is_dir() else []
    if shipped is not None and shipped.is_dir() and not any(shipped.resolve() == f.resolve() for f in folders):
        folders.append(shipped)
    return tuple(folders)


def find_template(folders: Sequence[Path], name: str) -> Path:
    """`name` from the first of `folders` that has it; if none has it, where the first would hold it."""
    for folder in folders:
        if os.path.lexists(folder / name):  # a link is found, and refused where it is read
            return folder / name
    return folders[0] / name


@dataclass(frozen=True)
class ContributorFile:
    id: str
    shown: str
    data: Contributor
    located: Located


@dataclass(frozen=True)
class Contribution:
    path: Path
    shown: str
    meta: FrontMatter
    located: Located  # the front matter, with lines as they are in the file
    body: str
    body_line: int  # the file line on which `body` starts

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class ResponseFolder:
    dir: Path
    slug: str
    shown: str  # response.yaml as shown in messages
    data: Response
    located: Located
    contributions: tuple[Contribution, ...] = ()
    notices: tuple[Problem, ...] = ()  # warnings found while loading, set by `load` for check and build to report

    @property
    def approvers(self) -> tuple[str, ...]:
        """Who may approve its contributions: the lead, `signoff:`, each organisation's lead and `signoff:`."""
        return tuple(dict.fromkeys((*self.data.lead_and_signoff, *self.data.organisation_approvers())))


@dataclass
class Workbench:
    root: Path
    contributors: dict[str, ContributorFile] = field(default_factory=dict)
    unusable: set[str] = field(default_factory=set)  # ids whose file exists but was refused: no "not a contributor"
    # each folder's place in the workbench, worked out once while this run lasts (a run shows thousands of files of a
    # few folders): its path from the root, or None when it is outside
    _places: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    def shown(self, path: Path) -> str:
        """`path` relative to the workbench; a link is shown by its own name, never where it leads."""
        full = os.path.abspath(path)
        folder, name = os.path.split(full)
        if folder not in self._places:
            try:
                self._places[folder] = str(Path(folder).resolve().relative_to(self.root.resolve()))
            except ValueError:
                self._places[folder] = None
        place = self._places[folder]
        if place is None or not name:  # outside, the workbench itself, or the top of the disk
            try:
                return str(Path(folder).resolve().joinpath(name).relative_to(self.root.resolve()))
            except ValueError:
                return str(Path(full))
        return name if place == "." else f"{place}{os.sep}{name}"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """The look, file by file: the workbench's own templates/ first, then the one shipped with coproduce.

        A workbench need hold only what it changes (say, just brand.yaml); every other file
        comes from the shipped look. Read a file of the look only through `template(name)`.
        """
        own = self.root / "templates"
        folders = look_folders(own, SHIPPED_TEMPLATES)
        if not any((folder / PAGE_TEMPLATE).is_file() for folder in folders):
            raise UsageError(
                f"{self.shown(own)}/ has no {PAGE_TEMPLATE}, and no default look was installed",
                "copy the templates/ folder from coproduce into your workbench",
                path=self.shown(own),
                code="usage.no-templates",
            )
        return folders

    def template(self, name: str) -> Path:
        """The file `name` of the look: the workbench's own templates/<name> if it has one, else the shipped one."""
        return find_template(self.template_dirs, name)

    def template_files(self) -> list[tuple[Path, str]]:
        """Every file of the look in use, with where it is as shown to the user: the workbench's own
        files, and the shipped ones it falls back to (a shipped file it replaces is not in use)."""
        found: dict[str, Path] = {}
        layered: list[Path] = []  # brand.yaml is laid key by key over the shipped one: both are in use
        for folder in self.template_dirs:
            for path in sorted(folder.iterdir()):
                if path.name in found and path.name in LAYERED_FILES:
                    layered.append(path)
                found.setdefault(path.name, path)
        files = sorted([*found.values(), *layered], key=lambda p: (p.name, p not in found.values()))
        return [(path, self.shown(path)) for path in files]

    @property
    def templates(self) -> Path:
        """The one folder that holds the page template in use (own, else shipped).

        Older callers read the look from this one folder; use `template(name)`, which layers
        the workbench's own files over the shipped ones file by file.
        """
        return find_template(self.template_dirs, PAGE_TEMPLATE).parent

    def response_dirs(self) -> list[Path]:
        base = self.root / "responses"
        # lexists: a response.yaml that is a link or a folder is reported when loaded, not skipped in silence
        return sorted(p for p in base.iterdir() if os.path.lexists(p / "response.yaml")) if base.is_dir() else []


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds contributors/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "contributors").is_dir():
            return folder
    raise UsageError(
        f"no workbench found at or above {start}",
        "run this inside a workbench: a folder that holds contributors/ and responses/",
        path=str(start),
        code="usage.no-workbench",
    )


def read_yaml_file(wb: Workbench, path: Path, shown: str, problems: Problems) -> Located | None:
    text, found = read_text(path, shown, root=wb.root)
    problems.extend(found)
    if text is None:
        return None
    located, found = load_yaml(text, shown)
    problems.extend(found)
    return located


def load_contributors(wb: Workbench, problems: Problems) -> None:
    """Every person's file in contributors/ into `wb` (read by load/contributors.py), its problems into `problems`."""
    from pipeline.load.contributors import read_all

    contributors, unusable, found = read_all(wb.root)
    wb.contributors.update(contributors)
    wb.unusable.update(unusable)
    problems.extend(found)


def split_front_matter(text: str, shown: str) -> tuple[Located | None, str, int, list[Problem]]:
    """Split `---` front matter from Markdown. Returns (front matter, body, body's first line, problems)."""
    lines = text.split("\n")
    fix = "start the file with a line ---, then lines like  answers: q1  and  by: [jordan], then a line ---"
    if not lines or lines[0].strip() != FRONT_MATTER_START:
        return (
            None,
            text,
            1,
            [Problem(shown, 1, "this contribution has no front matter", fix, code="front-matter.missing")],
        )
    if (i := front_matter_end(lines)) is not None:
        located, problems = load_yaml("\n".join(lines[1:i]), shown, offset=1)
        return located, "\n".join(lines[i + 1 :]), i + 2, problems
    fix = "add a line --- after the last field"
    return None, text, 1, [Problem(shown, 1, "the front matter is never closed", fix, code="front-matter.unclosed")]


def front_matter_parts(text: str) -> tuple[str, str] | None:
    """(the front matter's YAML, the body) as `split_front_matter` splits them, or None when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_START or (i := front_matter_end(lines)) is None:
        return None
    return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])


def load_contribution(wb: Workbench, path: Path, problems: Problems) -> Contribution | None:
    made, found = _contribution(wb.root, path, wb.shown(path))  # shown by `wb`, which works out each folder once
    problems.extend(found)
    return made


# in `serve`, kept while this one file is unchanged (pipeline/load/cache.py): it is all that is read; 2,500 kept
# (a few responses of 1,000), the least recently used (old versions of a file) dropped first
@memo(lambda root, path, shown: root, reads=lambda root, path, shown: [path], size=2_500)
def _contribution(root: Path, path: Path, shown: str) -> tuple[Contribution | None, tuple[Problem, ...]]:
    found = Problems()
    return _read_contribution(Workbench(root), path, shown, found), tuple(found.items)


def _read_contribution(wb: Workbench, path: Path, shown: str, problems: Problems) -> Contribution | None:
    text, found = read_text(path, shown, root=wb.root)
    problems.extend(found)
    if text is None:
        return None
    located, body, body_line, found = split_front_matter(text, shown)
    problems.extend(found)
    if located is None:
        return None
    meta, found = validate(FrontMatter, located, shown)
    problems.extend(found)
    if meta is None:
        return None
    return Contribution(path, shown, meta, located, body, body_line)


def load_response(wb: Workbench, folder: Path, problems: Problems) -> ResponseFolder | None:
    yaml_path = folder / "response.yaml"
    shown = wb.shown(yaml_path)
    if not os.path.lexists(yaml_path):  # one that is a link or a folder is refused by read_text, with a reason
        raise UsageError(
            f"{wb.shown(folder)} has no response.yaml",
            "give the folder of a response, like responses/my-response",
            code="usage.not-a-response",
        )
    located = read_yaml_file(wb, yaml_path, shown, problems)
    contributions = tuple(
        c
        for path in sorted(folder.glob("*.md"))
        if path.name.lower() != "readme.md" and (c := load_contribution(wb, path, problems)) is not None
    )
    if located is None:
        return None
    data, found = validate(Response, located, shown)
    problems.extend(found)
    if data is None:
        return None
    response = ResponseFolder(folder, folder.name, shown, data, located, contributions)
    problems.extend(check_references(wb, response))
    return response


def check_references(wb: Workbench, response: ResponseFolder) -> list[Problem]:
    """Every id a response names must exist: contributors, questions; question ids must be unique."""
    out: list[Problem] = []
    known = wb.contributors

    def person(pid: str, shown: str, line: int, what: str) -> None:
        if pid not in known and pid not in wb.unusable:  # an unusable file is reported once, on its own
            out.append(
                Problem(
                    shown,
                    line,
                    f"{what} '{pid}' is not a contributor",
                    f"add contributors/{pid}.yaml or correct the id",
                    code="ref.unknown-person",
                    subject=pid,
                )
            )

    data, loc = response.data, response.located
    for what, path, pid in data.people_named():  # lead, signoff, signatories, and each organisation's
        person(pid, response.shown, loc.line(path), what)
    for i, session in enumerate(data.involvement):
        for j, pid in enumerate(session.people):
            person(pid, response.shown, loc.line(("involvement", i, "people", j)), "session person")
    seen: dict[str, int] = {}
    for i, q in enumerate(data.questions):
        line = loc.line(("questions", i, "id"))
        if q.id in seen:
            out.append(
                Problem(
                    response.shown,
                    line,
                    f"question id '{q.id}' is used twice",
                    f"first on line {seen[q.id]}; give each question its own id",
                    code="ref.duplicate-question",
                    subject=q.id,
                )
            )
        seen.setdefault(q.id, line)
    for c in response.contributions:
        for key in ("by", "reviewed_by", "handed_over_from"):
            for j, pid in enumerate(getattr(c.meta, key)):
                person(pid, c.shown, c.located.line((key, j)), key.replace("_", " "))
        if c.meta.approved:
            person(c.meta.approved.by, c.shown, c.located.line(("approved", "by")), "approved by")
        if c.meta.answers and c.meta.answers not in seen:
            ids = ", ".join(seen) or "none yet"
            out.append(
                Problem(
                    c.shown,
                    c.located.line(("answers",)),
                    f"question '{c.meta.answers}' is not in {response.shown}",
                    f"use one of: {ids}",
                    code="ref.unknown-question",
                    subject=c.meta.answers,
                )
            )
    return out


def load_partial(response_dir: Path) -> tuple[Workbench, ResponseFolder | None, Problems]:
    """Load what can be loaded and every problem found; for tools that report rather than build."""
    response_dir = Path(response_dir)
    if not response_dir.is_dir():
        raise UsageError(
            f"{response_dir} is not a folder",
            "give the folder of a response, like responses/my-response",
            code="usage.not-a-folder",
        )
    wb = Workbench(find_root(response_dir))
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, response_dir, problems)
    return wb, response, problems


def usable_part(wb: Workbench, response: ResponseFolder, problems: Problems) -> ResponseFolder:
    """What of a response can still be checked when some files failed to load: a broken file stops
    only what depends on it, so `check` lists every other problem in the same run.

    Left out: contributions whose own file has an error, or that name (as author, reviewer or the
    one who began it) someone whose file did not load; those people in sessions and signatories.
    Their words are never built from this: a build stops on the load errors first.
    """
    broken = {p.path for p in problems.items if p.severity == "error"}
    known = wb.contributors.keys()
    contributions = tuple(
        c
        for c in response.contributions
        if c.shown not in broken and {*c.meta.by, *c.meta.reviewed_by, *c.meta.handed_over_from} <= known
    )
    data = response.data
    sessions = [
        s.model_copy(update={"attendance": [a for a in s.attendance if a.id in known]}) for s in data.involvement
    ]
    signatories = [pid for pid in data.signatories if pid in known]
    data = data.model_copy(update={"involvement": sessions, "signatories": signatories})
    return replace(response, data=data, contributions=contributions, notices=())


def load(response_dir: Path) -> tuple[Workbench, ResponseFolder]:
    """Load and validate everything one build needs, raising once with every problem."""
    wb, response, problems = load_partial(response_dir)
    problems.raise_if_errors(draft=True)
    assert response is not None  # a missing response always comes with a problem
    return wb, replace(response, notices=tuple(problems.items))


__all__ = [
    "CoproduceError",
    "Workbench",
    "ResponseFolder",
    "Contribution",
    "ContributorFile",
    "load",
    "load_partial",
    "find_root",
]
