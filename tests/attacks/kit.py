"""What every attack shares: invented people, writing a contribution byte for byte,
and the two outcomes a case may assert.

`refused(...)`: exit status 1, a message line `path:line:col: ... 'id' ...` naming
the source file, no traceback, nothing written, and `check` listing the same
problems as `build`.
`built_clean(...)`: exit status 0 and every output, read with `readers.py`, free
of every variant of every private string in the workbench.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from click.testing import Result

from tests.attacks.readers import Outputs, fold, leaks, people_of, read_outputs
from tests.conftest import run
from tests.factory import Bench, signed

R = "responses/crisis-house"
REPO = Path(__file__).resolve().parents[2]
FAST = "html,docx,txt"

# Invented people whose names are typed in awkward ways. Nobody here is real.
EXTRA = {
    "orla": """
        name: Orla O'Farrell
        credit: role
        role: Volunteer Reader
        lived_experience: true
        emails: [orla.ofarrell@example.org]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "niamh": """
        name: Niamh D’Arcy
        credit: anonymous
        lived_experience: true
        emails: [niamh.d@example.com]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "zoe": """
        name: Zoë Ångström
        credit: pseudonym
        pseudonym: Kestrel
        lived_experience: true
        emails: [zoe.angstrom@example.com]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    # written in decomposed form (NFD), as some Mac editors save it
    "renee": "name: Rene\u0301e Pa\u0301lsdo\u0301ttir\ncredit: anonymous\nlived_experience: true\n"
    "consent: {recorded: 2025-01-10, quotes: attributed}\n",
    "mj": """
        name: Mary-Jane Achebe-Lund
        credit: anonymous
        lived_experience: true
        emails: [mj.achebe@example.net]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
    "ros": """
        name: Rosalind Amara Quayle
        credit: role
        role: Carer Representative
        lived_experience: false
        emails: [ros.quayle@example.org]
        consent: {recorded: 2025-01-10, quotes: attributed}
    """,
}


def add_people(bench: Bench, *ids: str) -> None:
    for pid in ids or tuple(EXTRA):
        text = EXTRA[pid]
        path = bench.root / "contributors" / f"{pid}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


# ------------------------------------------------------------------ writing


@dataclass(frozen=True)
class Written:
    rel: str  # as messages show it, relative to the workbench
    text: str  # the whole file, exactly as written

    def at(self, needle: str, nth: int = 0) -> tuple[int, int]:
        """1-based line and column (in characters) of the nth occurrence of `needle`."""
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(needle, start + 1)
        before = self.text[:start]
        line = before.count("\n") + 1
        col = start - (before.rfind("\n") + 1) + 1
        return line, col

    def line_of(self, needle: str, nth: int = 0) -> int:
        return self.at(needle, nth)[0]

    def cols(self, line: int, *needles: str) -> set[int]:
        """1-based columns, on file line `line`, of the first occurrence there of each needle present."""
        text = self.text.split("\n")[line - 1]
        return {text.index(n) + 1 for n in needles if n in text}


def contribute(
    bench: Bench,
    name: str,
    body: str,
    *,
    answers: str | None = "q3",
    section: str | None = None,
    by: str = "hal",
    status: str = "approved",
    extra: str = "",
    signed_off: bool = False,
) -> Written:
    """Write responses/crisis-house/<name> exactly: front matter lines, then `body` as given.

    `signed_off` ends the front matter with the approval record  coproduce approve --by hal
    writes, which a final build needs: `status: approved` alone is not an approval."""
    front = ["---"]
    front.append(f"section: {section}" if section else f"answers: {answers}")
    front.append(f"by: [{by}]")
    front.append(f"status: {status}")
    if extra:
        front.extend(extra.rstrip("\n").split("\n"))
    front.append("---")
    text = "\n".join(front) + "\n" + body
    text = signed(text) if signed_off else text
    path = bench.response / name
    path.write_text(text, encoding="utf-8")
    return Written(f"{R}/{name}", text)


def write_file(bench: Bench, relative: str, text: str) -> Written:
    path = bench.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Written(relative, text)


def edit(bench: Bench, relative: str, old: str, new: str) -> Written:
    """Replace `old` (which must be there) by `new` in a workbench file."""
    path = bench.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return Written(relative, text)


def own_templates(bench: Bench) -> Path:
    """Give the workbench its own copy of the shipped templates/ (to edit brand.yaml or the page)."""
    target = bench.root / "templates"
    if not target.exists():
        shutil.copytree(REPO / "templates", target)
    return target


# ------------------------------------------------------------------ outcomes

ANY = "any"  # a column must be given, any value
OPTIONAL = None  # a column may or may not be given

_PROBLEM = re.compile(r"^\s*(?P<path>[^\s:]+)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?P<rest>.*)$")


def problem_lines(output: str) -> list[tuple[str, int | None, int | None, str]]:
    """(path, line, column, message) of every blocking problem in a command's output that names
    a workbench file (a path relative to the workbench; absolute paths are headings)."""
    found = []
    for raw in output.splitlines():
        m = _PROBLEM.match(raw)
        if m and not raw.rstrip().endswith("(warning)") and not m.group("path").startswith("/"):
            line = int(m.group("line")) if m.group("line") else None
            col = int(m.group("col")) if m.group("col") else None
            found.append((m.group("path"), line, col, m.group("rest")))
    return found


def _user_error(result: Result) -> str:
    out = result.output
    assert result.exit_code == 1, f"expected exit status 1, got {result.exit_code}:\n{out}\n{result.exception!r}"
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in out, out
    return out


def assert_problem(
    out: str,
    rel: str,
    line: int | set[int] | None,
    col: int | set[int] | str | None = OPTIONAL,
    pid: str | None = None,
    *,
    also: tuple[str, ...] = (),
) -> tuple[str, int | None, int | None, str]:
    """One message line names `rel`, `line` (and the column as asked), the id `'pid'`, and each of `also`."""
    lines = {line} if isinstance(line, int) else line
    candidates = [p for p in problem_lines(out) if p[0] == rel and (lines is None or p[1] in lines)]
    assert candidates, f"no message names {rel}:{line}: in:\n{out}"
    if pid is not None:
        candidates = [p for p in candidates if f"'{pid}'" in p[3]]
        assert candidates, f"no message at {rel}:{line}: names '{pid}' in:\n{out}"
    for word in also:
        candidates = [p for p in candidates if word in p[3]]
        assert candidates, f"no message at {rel}:{line}: mentions {word!r} in:\n{out}"
    if col == ANY:
        with_col = [p for p in candidates if p[2] is not None]
        assert with_col, f"the message at {rel}:{line} gives no column (path:line:col:) in:\n{out}"
        return with_col[0]
    if isinstance(col, int | set):
        wanted = {col} if isinstance(col, int) else col
        good = [p for p in candidates if p[2] in wanted]
        assert good, (
            f"the message at {rel}:{line} should give column {sorted(wanted)}, gives {candidates[0][2]}:\n{out}"
        )
        return good[0]
    return candidates[0]


def nothing_written(bench: Bench) -> None:
    written = [p for p in (bench.root / "build").rglob("*") if p.is_file()] if (bench.root / "build").exists() else []
    assert not written, f"a refused build wrote {written}"


def build(bench: Bench, formats: str = FAST, draft: bool = True, out: Path | None = None) -> Result:
    args = ["build", str(bench.response), "--format", formats]
    if draft:
        args.append("--draft")
    if out is not None:
        args += ["--out", str(out)]
    return run(args)


def check(bench: Bench, draft: bool = True) -> Result:
    return run(["check", str(bench.response), *(["--draft"] if draft else [])])


def refused(
    bench: Bench,
    rel: str,
    line: int | set[int] | None,
    col: int | set[int] | str | None = OPTIONAL,
    pid: str | None = None,
    *,
    also: tuple[str, ...] = (),
    draft: bool = True,
    agree: bool = True,
    secret: tuple[str, ...] = (),
) -> str:
    """The build is refused with a message at rel:line[:col] naming 'pid'; check says the same."""
    out = _user_error(build(bench, draft=draft))
    assert_problem(out, rel, line, col, pid, also=also)
    nothing_written(bench)
    for s in secret:  # text that must not be echoed, even to the terminal
        assert s not in out, f"the message printed {s!r}:\n{out}"
    if agree:
        checked = check(bench, draft=draft)
        c_out = _user_error(checked)
        assert_problem(c_out, rel, line, col, pid, also=also)
        b_places = {p[:3] for p in problem_lines(out)}
        c_places = {p[:3] for p in problem_lines(c_out)}
        assert b_places == c_places, f"check and build disagree:\nbuild: {sorted(b_places)}\ncheck: {sorted(c_places)}"
    return out


def built_clean(
    bench: Bench,
    *,
    formats: str = FAST,
    draft: bool = True,
    phrases: tuple[str, ...] = (),
    extra_secrets: tuple[str, ...] = (),
    present: tuple[str, ...] = (),
    allow: tuple[str, ...] = (),
) -> tuple[Result, Outputs]:
    """The build succeeds and no output holds a private string, `phrases` or `extra_secrets`;
    each of `present` is found (so the reading is known to see the text). `allow` lists single
    words the case itself lets through (a coproduce-ignore directive)."""
    result = build(bench, formats=formats, draft=draft)
    assert result.exit_code == 0, f"expected a build, got {result.exit_code}:\n{result.output}\n{result.exception!r}"
    outputs = read_outputs(bench.draft_out if draft else bench.out)
    allowed = {fold(a) for a in allow}
    secrets = [s for s in people_of(bench.root).secrets if fold(s.text) not in allowed]
    from tests.attacks.readers import Secret

    secrets += [Secret("extra", s, True) for s in extra_secrets]
    found = leaks(outputs, secrets, phrases)
    assert not found, "leaked:\n  " + "\n  ".join(found[:30])
    for text in present:
        assert outputs.contains(text), f"{text!r} should be printed but was not found in any output"
    return result, outputs


def refused_or_clean(bench: Bench, rel: str, line: int | set[int], pid: str, **kw: object) -> None:
    """Either outcome is acceptable here, but each exactly: refused at rel:line naming pid, or built clean."""
    result = build(bench)
    if result.exit_code == 0:
        built_clean(bench, **kw)  # type: ignore[arg-type]
    else:
        _user_error(result)
        assert_problem(result.output, rel, line, OPTIONAL, pid)
        nothing_written(bench)


# ------------------------------------------------------------------ quote attributions

# (form, a block quote with {w} for the words and {p} for the id)
ATTRIBUTION_FORMS = [
    ("em-dash", "> {w}\n> \u2014 @{p}\n"),
    ("en-dash", "> {w}\n> \u2013 @{p}\n"),
    ("horizontal-bar", "> {w}\n> \u2015 @{p}\n"),
    ("hyphen-without-space", "> {w}\n> -@{p}\n"),
    ("double-hyphen", "> {w}\n> -- @{p}\n"),
    ("list-item", "> {w}\n> - @{p}\n"),
    ("trailing-full-stop", "> {w}\n> \u2014 @{p}.\n"),
    ("dash-without-space", "> {w}\n> \u2014@{p}\n"),
    ("same-line-em-dash", "> {w} \u2014 @{p}\n"),
    ("same-line-en-dash", "> {w} \u2013 @{p}\n"),
    ("same-line-double-hyphen", "> {w} -- @{p}\n"),
    ("same-line-hyphen", "> {w} - @{p}\n"),
    ("own-paragraph-in-the-quote", "> {w}\n>\n> \u2014 @{p}\n"),
    ("after-a-second-paragraph", "> {w}\n>\n> And they never said sorry.\n> \u2014 @{p}\n"),
    ("after-a-hard-break", "> {w}  \n> \u2014 @{p}\n"),
    ("trailing-spaces", "> {w}\n> \u2014 @{p}   \n"),
]
FORM_IDS = [f[0] for f in ATTRIBUTION_FORMS]
FORM_BODIES = [f[1] for f in ATTRIBUTION_FORMS]


# ------------------------------------------------------------------ git


def commit_as(bench: Bench, name: str, email: str, message: str, committer: tuple[str, str] | None = None) -> None:
    import git

    repo = git.Repo(bench.root) if (bench.root / ".git").exists() else git.Repo.init(bench.root)
    repo.git.add(A=True)
    author = git.Actor(name, email)
    by = git.Actor(*committer) if committer else author
    repo.index.commit(message, author=author, committer=by)
    repo.close()


# ------------------------------------------------------------------ a separate process


def cli_process(args: list[str], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the installed command in its own process: for inputs that might hang or exhaust memory."""
    exe = Path(sys.executable).parent / "coproduce"
    try:
        return subprocess.run(
            [str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:  # the process is killed by subprocess.run
        raise AssertionError(f"coproduce {' '.join(args)} did not finish within {timeout} s") from exc
