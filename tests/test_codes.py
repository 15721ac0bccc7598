"""Every finding has a stable code (docs/CODES.md); tools read codes, never messages.

The source is read with `ast`, so a problem made without a code fails here
before any input has to trigger it. `check --format json` gives each finding
with its code, one JSON object per line.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from pipeline.errors import Problem
from tests.conftest import assert_user_error, run
from tests.factory import Bench

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
CODE = re.compile(r"[a-z]+(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# strings shaped like a code that are file names: brand.yaml, style.css, ...
FILE_SUFFIXES = {"yaml", "yml", "json", "md", "css", "j2", "html", "txt", "docx", "pdf", "png", "jpg", "gif", "bin"}
DOCUMENTED = re.compile(r"^- `([^`]+)`:", re.MULTILINE)
KEYS = ["file", "line", "column", "end_column", "code", "severity", "message", "fix", "response"]
R = "responses/crisis-house"


def _calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(ROOT))
        found += [(where, n) for n in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(n, ast.Call)]
    return found


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _code_given(call: ast.Call, positional: int | None) -> ast.expr | None:
    """The expression passed as the code: by keyword, or at its place among the positional arguments."""
    for k in call.keywords:
        if k.arg == "code":
            return k.value
    if positional is not None and len(call.args) > positional:
        return call.args[positional]
    return None


def _makers() -> list[tuple[str, int, str, ast.Call, int | None]]:
    """Every call that makes a problem: (file, line, what, call, the code's positional place if any)."""
    out = []
    for where, call in _calls():
        name = _name(call)
        if name == "Problem":
            out.append((where, call.lineno, name, call, 6))
        elif name == "UsageError":
            out.append((where, call.lineno, name, call, None))
        elif (
            name == "add" and isinstance(call.func, ast.Attribute) and ast.unparse(call.func.value).endswith("problems")
        ):
            out.append((where, call.lineno, "Problems.add", call, None))
    return out


def test_the_source_is_read() -> None:
    makers = _makers()
    assert {what for _, _, what, _, _ in makers} == {"Problem", "UsageError", "Problems.add"}
    assert len(makers) > 100


def test_every_problem_is_made_with_a_code() -> None:
    missing, malformed = [], []
    for where, line, what, call, positional in _makers():
        code = _code_given(call, positional)
        if code is None:
            missing.append(f"{where}:{line}: {what}(...) has no code=")
        elif isinstance(code, ast.Constant) and not (isinstance(code.value, str) and CODE.fullmatch(code.value)):
            malformed.append(f"{where}:{line}: {code.value!r} is not a code like area.kind")
    assert not missing, "give each a stable code (and list it in docs/CODES.md):\n" + "\n".join(missing)
    assert not malformed, "\n".join(malformed)


def _codes_in_source() -> dict[str, str]:
    """Every string shaped like a code, with where it is: codes are passed on (Refused, helpers), so all are read."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and CODE.fullmatch(text) and text.rsplit(".", 1)[1] not in FILE_SUFFIXES:
                found.setdefault(text, f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    return found


def _documented() -> list[str]:
    return DOCUMENTED.findall((ROOT / "docs" / "CODES.md").read_text("utf-8"))


def test_every_code_is_listed_once_in_docs_codes() -> None:
    used, listed = _codes_in_source(), _documented()
    assert len(listed) == len(set(listed)), [c for c in listed if listed.count(c) > 1]
    assert not set(used) - set(listed), "add to docs/CODES.md: " + ", ".join(
        f"{c} ({used[c]})" for c in sorted(set(used) - set(listed))
    )
    assert not set(listed) - set(used), f"no longer made, so remove from docs/CODES.md: {set(listed) - set(used)}"
    assert all(CODE.fullmatch(c) for c in listed)


# ------------------------------------------------------------ check --format json


def _findings(output: str) -> list[dict[str, object]]:
    lines = [line for line in output.splitlines() if line.strip()]
    found = [json.loads(line) for line in lines]  # every line is one JSON object
    for f in found:
        assert list(f) == KEYS, f
    return found


def test_json_gives_every_finding_with_its_code(bench: Bench) -> None:
    bench.write("contributors/ada.yaml", "name: Ada Fenwick\ncredit: name\nrole: Part 2: detention\n")
    bench.contribution("70-x.md", "---\nanswers: q9\nby: [bo, zed]\nstatus: approved\n---\nText\n")
    bench.contribution("71-y.md", "---\nanswers: q3\nby: [bo]\nstatus: approved\n---\nA bell\x07 rang.\n")
    found = _findings(assert_user_error(run(["check", "--format", "json", R], cwd=bench.root)))
    by_code = {f["code"]: f for f in found}
    assert {"yaml.syntax", "ref.unknown-person", "ref.unknown-question", "text.control-character"} <= set(by_code)
    assert by_code["ref.unknown-person"] == {
        "file": f"{R}/70-x.md",
        "line": 3,
        "column": None,
        "end_column": None,
        "code": "ref.unknown-person",
        "severity": "error",
        "message": "by 'zed' is not a contributor",
        "fix": "add contributors/zed.yaml or correct the id",
        "response": R,
    }
    control = by_code["text.control-character"]
    assert (control["file"], control["line"], control["column"], control["end_column"]) == (f"{R}/71-y.md", 6, 7, 8)
    assert set(_documented()) >= {f["code"] for f in found}


def test_json_severity_follows_final_or_draft(bench: Bench) -> None:
    bench.contribution("60-q3.md", "---\nanswers: q3\nby: [hal]\nstatus: review\n---\nMore beds.\n")
    final = _findings(assert_user_error(run(["check", "--format", "json", R], cwd=bench.root)))
    draft_run = run(["check", "--draft", "--format", "json", R], cwd=bench.root)
    assert draft_run.exit_code == 0, draft_run.output
    draft = _findings(draft_run.output)

    def severity(found: list[dict[str, object]]) -> object:
        return next(f["severity"] for f in found if f["code"] == "approval.not-approved")

    assert (severity(final), severity(draft)) == ("error", "warning")
    assert all(f["severity"] in ("error", "warning") for f in final + draft)
    assert all(f["response"] == R for f in final + draft)


def test_json_prints_nothing_else(bench: Bench) -> None:
    text = run(["check", "--draft", str(bench.response)])
    assert text.exit_code == 0 and "ready as a draft" in text.output and "left out:" in text.output, text.output
    result = run(["check", "--draft", "--format", "json", str(bench.response)])
    assert result.exit_code == 0, result.output
    assert "ready" not in result.output and "left out" not in result.output
    _findings(result.output)


def test_text_output_shows_no_codes(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q1\nby: [ada, zed]\nstatus: approved\n---\nText\n")
    out = assert_user_error(run(["check", str(bench.response)]))
    assert "ref.unknown-person" not in out and "{" not in out


# ------------------------------------------------------------- status reads codes


def test_status_finds_quotes_without_consent_by_code_not_message(tmp_path: Path) -> None:
    from pipeline.load.workbench import Workbench
    from pipeline.workflow.status import QuoteWithoutConsent, _quotes_without_consent

    wb = Workbench(tmp_path)
    folder = tmp_path / "responses" / "r"
    by_code = Problem("responses/r/a.md", 4, "reworded", code="quote.no-consent", subject="ivy")
    by_message = Problem("responses/r/b.md", 5, "this quote is by 'bo', who has not consented to being quoted")
    assert _quotes_without_consent([by_code, by_message], folder, wb) == (QuoteWithoutConsent("a.md", 4, "ivy"),)


# ------------------------------------------------------------ one error boundary


def test_no_command_catches_user_errors_itself() -> None:
    for path in (PACKAGE / "commands").glob("*.py"):
        assert "user_errors" not in path.read_text("utf-8"), path


def test_a_nested_command_gets_the_same_boundary(bench: Bench) -> None:
    out = assert_user_error(run(["contributor", "add", "Bad Id", "--name", "X"], cwd=bench.root), code=2)
    assert "1 problem to fix:\n  coproduce: 'Bad Id' cannot be a contributor id" in out


@pytest.mark.parametrize(
    ("error", "code", "said"),
    [
        (OSError(13, "Permission denied", "build/x.pdf"), 1, "could not read or write build/x.pdf: Permission denied"),
        (BrokenPipeError(), 0, ""),
    ],
)
def test_files_that_cannot_be_read_or_written(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, error: OSError, code: int, said: str
) -> None:
    import pipeline.workflow.status as status

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(status, "response_status", fail)
    result = run(["status", str(bench.response)])
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert said in result.output and "Traceback" not in result.output
