"""Words a withdrawn person put into someone else's contribution through git.

`history.py` knows who changed what a contribution prints; when one of them has withdrawn, their
words are in it, wherever they are now. The contribution is left out whole, in every build, as
one they co-wrote is (assemble/document.py): a sentence of theirs may have been reworded since,
so the lines `git blame` still gives them are not all of it. Those lines are named, so its
authors can write it again without them, and go to the copy check (withdrawn_text), so pasting
them into the new version is refused. Blocking only the final build instead would still print
their words in every draft, which promise 2 forbids.
"""

from __future__ import annotations

from pipeline import model as m
from pipeline.assemble.history import History, lines_by
from pipeline.errors import Problems
from pipeline.load.workbench import Contribution, ResponseFolder, Workbench
from pipeline.model import Person


def edited_by_withdrawn(
    c: Contribution,
    response: ResponseFolder,
    wb: Workbench,
    people: dict[str, Person],
    history: History,
    left_out: list[m.LeftOut],
    withdrawn_text: list[tuple[str, m.Source, str]],
    problems: Problems,
) -> bool:
    """Whether a withdrawn person changed what `c` prints through git: then it is left out, and said."""
    changers = history.edited.get(c.path.relative_to(response.dir).as_posix(), frozenset())
    gone = sorted(
        pid for pid in changers if people[pid].withdrawn and pid not in (*c.meta.by, *c.meta.handed_over_from)
    )
    if not gone:
        return False
    who = ", ".join(f"{pid} (withdrew on {people[pid].withdrawn_on})" for pid in gone)
    left_out.append(m.LeftOut(f"{c.shown}: left out, changed through git by {who}", tuple(gone)))
    for pid in gone:
        theirs = lines_by(wb.root, c.path, {e.strip().lower() for e in wb.contributors[pid].data.emails})
        withdrawn_text.extend((text, m.Source(c.shown, n), pid) for n, text in theirs if text.strip())
        numbers = [n for n, text in theirs if text.strip()]
        said = f"line{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}" if numbers else "a change"
        problems.add(
            c.shown,
            numbers[0] if numbers else c.body_line,
            f"{said} of this contribution came through git from '{pid}', who withdrew on"
            f" {people[pid].withdrawn_on}: the whole contribution is left out, its other authors' words too",
            f"{' and '.join(c.meta.by)} may write it again in a new contribution without the words of {pid}",
            "warning",
            code="withdrawn.edited",
            subject=pid,
        )
    return True
