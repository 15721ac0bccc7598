"""Speed and memory of check and build on a large generated response (make bench).

Skipped in `make test`; `make bench` runs it. Targets: `check` of 200
contributions under 2 s, a DOCX+HTML+text build under 5 s, a PDF under 30 s,
peak Python memory under 300 MB. Builds are drafts: the generated
contributions say `status: approved` without an approval record.
"""

from __future__ import annotations

import textwrap
import tracemalloc
from pathlib import Path

import pytest

from pipeline.build import build, check
from pipeline.settings import make_settings
from tests.bench.generate import names

N_PEOPLE = 60
N_QUESTIONS = 40
PER_QUESTION = 5
NAMES = names(N_PEOPLE)  # realistic invented names ("Person Number 3" is not a name: "person" is a word)

PARAGRAPH = (
    "People told us that a calm place, a kind welcome and someone to talk to at night made the "
    "difference between coping and going into hospital. "
)


def make_large(root: Path) -> Path:
    (root / "contributors").mkdir(parents=True)
    for i in range(N_PEOPLE):
        credit = ["name", "initials", "pseudonym", "role", "anonymous"][i % 5]
        (root / "contributors" / f"p{i}.yaml").write_text(
            textwrap.dedent(
                f"""
                name: {NAMES[i]}
                credit: {credit}
                pseudonym: Bird{i}
                role: Peer Volunteer
                lived_experience: true
                emails: [p{i}@example.org]
                consent: {{recorded: 2025-01-01, quotes: attributed}}
                """
            )
        )
    folder = root / "responses" / "large"
    folder.mkdir(parents=True)
    questions = "".join(f"  - id: q{q}\n    text: Question number {q}?\n    limit: 2000\n" for q in range(N_QUESTIONS))
    sessions = "".join(
        f"  - date: 2026-01-{1 + s % 28:02d}\n    activity: Session {s}\n    hours: 2\n    people: [p{s}, p{s + 1}]\n"
        for s in range(30)
    )
    (folder / "response.yaml").write_text(
        "title: A large response\norganisation: Benchmark Network\nconsultation:\n  title: A consultation\n"
        f"  by: A department\ndate: 2026-02-01\nlead: p0\nquestions:\n{questions}involvement:\n{sessions}"
    )
    for q in range(N_QUESTIONS):
        for k in range(PER_QUESTION):
            author = (q * PER_QUESTION + k) % N_PEOPLE
            body = (
                "\n\n".join([PARAGRAPH * 3] * 3) + f"\n\n- one point\n- another point\n\n> A quote.\n> — @p{author}\n"
            )
            (folder / f"{q:03d}-{k}.md").write_text(
                f"---\nanswers: q{q}\nby: [p{author}]\nstatus: approved\n---\n{body}"
            )
    return folder


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_large(tmp_path_factory.mktemp("bench"))


def test_check_speed(benchmark, large: Path) -> None:
    result = benchmark(check, large, make_settings())
    assert len(result.assembly.included) == N_QUESTIONS * PER_QUESTION


def test_build_docx_html_text_speed(benchmark, large: Path, tmp_path: Path) -> None:
    settings = make_settings(draft=True, formats=("docx", "html", "txt"), out_dir=tmp_path)
    result = benchmark(build, large, settings)
    assert len(result.written) == 3


def test_build_pdf_speed(benchmark, large: Path, tmp_path: Path) -> None:
    settings = make_settings(draft=True, formats=("pdf",), out_dir=tmp_path)
    result = benchmark.pedantic(build, args=(large, settings), rounds=1, iterations=1)
    assert result.written[0].stat().st_size > 10_000


def test_peak_memory(large: Path, tmp_path: Path) -> None:
    tracemalloc.start()
    build(large, make_settings(draft=True, formats=("docx", "html", "txt"), out_dir=tmp_path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory for a DOCX+HTML+text build: {peak / 1e6:.0f} MB")
    assert peak < 300e6
