"""What the privacy checks and the last guard cost on a large response (make bench).

Target (issue 6): on a 1,000-contribution response with 450 people, the name
checks and the guard together add less than a second to a build. Printed next
to the figure; a timing is never asserted in `make test`.
"""

from __future__ import annotations

import itertools
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.build import check, renderer
from pipeline.checks import CheckContext, named_people, quote_attribution, withdrawn_copies
from pipeline.render.context import RenderContext
from pipeline.render.guard import guard
from pipeline.settings import make_settings

N_PEOPLE = 450
N_CONTRIBUTIONS = 1000
N_QUESTIONS = 50
TARGET_SECONDS = 1.0

FIRST = [
    "Amara",
    "Bethan",
    "Callum",
    "Delyth",
    "Eamon",
    "Fenella",
    "Gideon",
    "Harriet",
    "Idris",
    "Jessamy",
    "Kofi",
    "Lowri",
    "Marek",
    "Niamh",
    "Osian",
    "Perpetua",
    "Quinlan",
    "Rhiannon",
    "Sefton",
    "Tamsin",
    "Ulric",
    "Vashti",
    "Wilfred",
    "Xanthe",
    "Yusuf",
    "Zelda",
    "Anwen",
    "Bram",
    "Carys",
    "Dafydd",
    "Elowen",
    "Fergus",
    "Gwenllian",
    "Hamish",
    "Ines",
    "Jago",
    "Kezia",
    "Lachlan",
    "Morwenna",
    "Nye",
    "Orla",
    "Piran",
    "Rosalind",
    "Seren",
    "Tobias",
    "Una",
    "Vaughan",
    "Winifred",
]
LAST = [
    "Abernethy",
    "Blackwood",
    "Carrow",
    "Davenant",
    "Elphick",
    "Farquhar",
    "Gillow",
    "Hennessey",
    "Ingleby",
    "Jolliffe",
    "Kershaw",
    "Lathbury",
    "Merriweather",
    "Nettleship",
    "Oakshott",
    "Pennycook",
    "Quarmby",
    "Rackstraw",
    "Scudamore",
    "Tregarthen",
    "Umfreville",
    "Vosper",
    "Wetherall",
    "Yelland",
    "Ashdown",
    "Birkett",
    "Chinnery",
    "Dimmock",
    "Entwistle",
    "Fothergill",
    "Goodfellow",
    "Hollingworth",
    "Iredale",
    "Jessop",
    "Kitching",
    "Liversedge",
    "Mottram",
    "Northcote",
    "Ormerod",
    "Pickersgill",
]
PARAGRAPH = (
    "People told us that a calm place, a kind welcome and someone to talk to at night made the "
    "difference between coping and going into hospital. Staff who listened mattered most of all. "
)


def make_large(root: Path) -> Path:
    names = list(itertools.islice((f"{f} {surname}" for surname in LAST for f in FIRST), N_PEOPLE))
    (root / "contributors").mkdir(parents=True)
    for i, name in enumerate(names):
        credit = ["name", "initials", "pseudonym", "role", "anonymous"][i % 5]
        (root / "contributors" / f"p{i}.yaml").write_text(
            textwrap.dedent(
                f"""
                name: {name}
                credit: {credit}
                pseudonym: Bird{i}
                role: Peer Volunteer
                lived_experience: true
                emails: [{name.lower().replace(" ", ".")}@example.org]
                consent: {{recorded: 2025-01-01, quotes: attributed{", withdrawn: 2025-06-01" if i == 7 else ""}}}
                """
            )
        )
    folder = root / "responses" / "large"
    folder.mkdir(parents=True)
    questions = "".join(f"  - id: q{q}\n    text: Question number {q}?\n" for q in range(N_QUESTIONS))
    (folder / "response.yaml").write_text(
        "title: A large response\norganisation: Benchmark Network\nconsultation:\n  title: A consultation\n"
        f"  by: A department\ndate: 2026-02-01\nlead: p0\nquestions:\n{questions}"
    )
    for n in range(N_CONTRIBUTIONS):
        author = n % N_PEOPLE
        quoted = (n * 7 + 3) % N_PEOPLE
        # p7 has withdrawn: their words are their own, so the copy check has something to compare and nothing to find
        text = (
            f"Withdrawn words number {n}: the garden gate was locked every evening at six. "
            if author == 7
            else PARAGRAPH
        )
        body = "\n\n".join([text * 2] * 3) + f"[^n]\n\n> A quote from {n}.\n> — @p{quoted}\n\n[^n]: A note.\n"
        (folder / f"{n:04d}.md").write_text(
            f"---\nanswers: q{n % N_QUESTIONS}\nby: [p{author}]\nstatus: approved\n---\n{body}"
        )
    return folder


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_large(tmp_path_factory.mktemp("privacy-bench"))


def test_name_checks_and_guard_cost_under_a_second(large: Path) -> None:
    checked = check(large, make_settings())
    ctx = CheckContext(checked.workbench, checked.response, checked.assembly, checked.settings)
    start = time.perf_counter()
    _ = checked.assembly.matcher  # built once per build, shared by the checks and the guard
    for module in (named_people, withdrawn_copies, quote_attribution):
        assert not [p for p in module.check(ctx) if p.severity == "error"]
    checks = time.perf_counter() - start

    render_ctx = RenderContext(templates=checked.workbench.templates, response_dir=checked.response.dir)
    outputs = {
        f"large{renderer(f).SUFFIX}": renderer(f).render(checked.assembly.document, render_ctx)
        for f in ("pdf", "docx", "html", "txt")
    }
    start = time.perf_counter()
    assert guard(checked, outputs) == []
    guarded = time.perf_counter() - start
    total = checks + guarded
    print(
        f"\n{N_CONTRIBUTIONS} contributions, {N_PEOPLE} people: name checks {checks:.2f} s, guard {guarded:.2f} s"
        f" ({', '.join(f'{k} {len(v) // 1000} kB' for k, v in outputs.items())}); together {total:.2f} s"
        f" (target under {TARGET_SECONDS:.1f} s: {'met' if total < TARGET_SECONDS else 'NOT met'})"
    )
