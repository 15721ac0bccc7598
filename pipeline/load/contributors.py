"""The people's files (contributors/*.yaml) read into a workbench: one file per person, a sync client's copy set
aside, a bad id or a file that does not load reported and its person marked unusable (so no "not a contributor"
follows). In `serve`, kept while contributors/ is unchanged (pipeline/load/cache.py)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.errors import Problem, Problems
from pipeline.load.cache import memo
from pipeline.load.schema import Contributor, validate
from pipeline.load.sync_copies import set_aside_copies
from pipeline.load.workbench import ContributorFile, Workbench, read_yaml_file
from pipeline.vocabulary import ID


# in `serve`, kept while contributors/ is unchanged (pipeline/load/cache.py): it is all that is read
@memo(lambda root: root, reads=lambda root: [Path(root) / "contributors"])
def read_all(root: Path) -> tuple[dict[str, ContributorFile], frozenset[str], tuple[Problem, ...]]:
    wb, found = Workbench(root), Problems()
    _read(wb, found)
    return dict(wb.contributors), frozenset(wb.unusable), tuple(found.items)


def _read(wb: Workbench, problems: Problems) -> None:
    folder = wb.root / "contributors"
    files: dict[str, list[Path]] = defaultdict(list)
    for path in set_aside_copies(sorted(folder.glob("*.y*ml")), wb.shown, problems, wb.unusable):
        files[path.stem].append(path)
    for stem, paths in files.items():
        if len(paths) > 1:
            # Either could be the one that was withdrawn: using one would undo the other.
            named = " and ".join(wb.shown(p) for p in paths)
            problems.add(
                wb.shown(paths[0]),
                None,
                f"'{stem}' has two files, {named}, so neither is used",
                "delete the out-of-date one, after checking that the other records their consent and any withdrawal",
                code="file.duplicate-person",
            )
            wb.unusable.add(stem)
            continue
        path = paths[0]
        shown = wb.shown(path)
        if not ID.fullmatch(path.stem):
            problems.add(
                shown,
                None,
                f"'{path.stem}' cannot be a contributor id",
                "rename the file to lowercase letters, digits and -, like jordan.yaml",
                code="file.bad-id",
            )
            continue
        located = read_yaml_file(wb, path, shown, problems)
        if located is None:
            wb.unusable.add(stem)
            continue
        data, found = validate(Contributor, located, shown)
        problems.extend(found)
        if data is not None:
            wb.contributors[path.stem] = ContributorFile(path.stem, shown, data, located)
        else:
            wb.unusable.add(stem)  # its own problems say what is wrong: not also "not a contributor"
