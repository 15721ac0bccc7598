"""The package shows the pipeline: imports run one way, the top stays small, one list of formats."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pipeline.render import formats

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
STAGES = ["load", "parse", "assemble", "profiles", "checks", "render", "workflow", "web", "commands"]
SHARED = {"errors", "model", "vocabulary", "privacy", "discover", "settings"}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pipeline" else None


def _imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
    return out


def test_stages_import_only_from_earlier_stages_and_shared_vocabulary() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        here = _stage(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for line, module in _imports(path):
            there = _stage(module)
            if there is None or there == here:
                continue
            where = f"{path.relative_to(ROOT)}:{line} imports {module}"
            if here in SHARED:
                # shared vocabulary stands on its own (privacy may read the schema of what is loaded)
                if there in STAGES and not (here == "privacy" and there == "load"):
                    wrong.append(where)
            elif here in STAGES:
                if there in STAGES and STAGES.index(there) > STAGES.index(here):
                    wrong.append(where)
                # the orchestrator is entered from the workflow (status stops at its check stage), the web pages
                # (the preview stops there too; the build page builds as the command does) and commands
                if (there == "build" and here not in ("workflow", "web", "commands")) or (
                    there == "cli" and here != "commands"
                ):
                    wrong.append(where)
    assert not wrong, "imports that run against the pipeline:\n" + "\n".join(sorted(wrong))


def test_loading_and_parsing_know_nothing_of_later_stages() -> None:
    for stage in ("load", "parse"):
        for path in (PACKAGE / stage).rglob("*.py"):
            for line, module in _imports(path):
                assert _stage(module) not in ("checks", "render", "workflow", "commands"), f"{path}:{line} {module}"


def test_at_most_eight_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_the_readme_lists_exactly_the_registered_formats() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `<slug>([^`]+)` \| (.+?) \|$", readme, re.MULTILINE)
    assert rows == [(f.suffix, f.title) for f in formats().values()]


def test_every_format_declares_what_the_registry_needs() -> None:
    found = formats()
    assert list(found) == ["pdf", "docx", "html", "txt", "answers", "confidential"]
    for fmt in found.values():
        module = fmt.load()
        assert (fmt.name, fmt.suffix, fmt.reader) == (module.FORMAT, module.SUFFIX, module.READER)
        assert callable(module.render)


MAX_LINES = 400


def _long_modules(package: Path = PACKAGE) -> dict[str, int]:
    return {
        rel: n
        for p in sorted(package.rglob("*.py"))
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
        for rel in [p.relative_to(package).as_posix()]
    }


def test_every_module_does_one_job() -> None:
    """Every module of pipeline/ within 400 lines (issue 19): a longer one is split along its seams."""
    assert not _long_modules(), _long_modules()


def test_the_size_rule_finds_a_long_module(tmp_path: Path) -> None:
    """The rule can fail: a module of 401 lines anywhere below pipeline/ is named."""
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert _long_modules(tmp_path) == {"deep/er/long.py": MAX_LINES + 1}
