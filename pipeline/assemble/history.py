"""Who changed each contribution, read from git in one pass over the log.

Each commit's author address is matched (ignoring case) to the `emails` of the
contributors, so the credits can say who edited a contribution they did not
write. Addresses that match nobody are kept as `unknown` so the coordinator can
be told in the terminal to add them to someone's `emails`. Git identities are
private: they may be shown to the coordinator but never printed in a submission,
and `History.authors` hands them to privacy/identity.py, which makes them private.

Git is optional. When the folder is not in a repository, git is not installed,
or there are no commits yet, the result carries a plain `note` and nothing else.
Work not yet committed is not attributed to anyone.

Renames are followed with `--name-status -M`: reading the log newest first, a
rename old -> new means older commits to `old` count towards the file now
called `new`. Renames into the folder from outside it are not followed.
"""

from __future__ import annotations

import codecs
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.load.schema import Contributor
from pipeline.privacy.identity import GitAuthor

if TYPE_CHECKING:
    from git import Repo

# Control characters cannot appear in a name or address, so they split the log safely.
COMMIT = "\x1e"
FIELD = "\x1f"
# %aN and %aE follow a .mailmap, if the repository has one
# the committer too: whoever merged or rebased is as private as whoever wrote
LOG_FORMAT = f"{COMMIT}%aN{FIELD}%aE{FIELD}%cN{FIELD}%cE"


@dataclass(frozen=True)
class UnknownAuthor:
    """A commit author whose address is in nobody's `emails`. Private: for the terminal only."""

    name: str
    email: str
    commits: int
    files: tuple[str, ...]  # relative to the response folder


@dataclass(frozen=True)
class History:
    # path relative to the response folder (posix) -> ids of contributors who changed it in any way
    touched: dict[str, frozenset[str]] = field(default_factory=dict)
    # the same, counting only changes to a file that already existed: adding a file is often
    # a coordinator typing in someone else's words, and a pure rename changes no words
    edited: dict[str, frozenset[str]] = field(default_factory=dict)
    unknown: tuple[UnknownAuthor, ...] = ()
    note: str | None = None  # why there is no history, when there is none
    commits: int = 0
    identities: tuple[str, ...] = ()  # every author name and address seen: private
    authors: tuple[GitAuthor, ...] = ()  # each identity with the contributors its address belongs to

    @property
    def available(self) -> bool:
        return self.note is None

    @property
    def unknown_commits(self) -> int:
        return sum(u.commits for u in self.unknown)


@dataclass(frozen=True)
class Commit:
    name: str
    email: str
    changes: tuple[tuple[str, ...], ...]  # (status, path) or (status, old path, new path)
    committer: tuple[str, str] = ("", "")  # (name, address); credit follows the author alone


def touched_by(root: Path, response_dir: Path, contributors: Mapping[str, Contributor]) -> History:
    """Who changed each file in `response_dir`, by contributor id, from one `git log`.

    `root` is the workbench; the repository is looked for there and above.
    """
    try:
        import git  # imported here: GitPython raises ImportError at import when git is missing
    except ImportError:
        return History(note="git is not installed, so changes are not attributed")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History(note="this workbench is not in a git repository, so changes are not attributed")
    try:
        return _read(repo, Path(response_dir), contributors)
    except git.GitCommandNotFound:
        return History(note="git is not installed, so changes are not attributed")
    except git.GitCommandError as exc:
        first = (exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n").splitlines()
        return History(note=f"git could not read the history ({first[0] if first else exc.status})")
    finally:
        repo.close()


def _read(repo: Repo, response_dir: Path, contributors: Mapping[str, Contributor]) -> History:
    if repo.working_tree_dir is None:
        return History(note="the git repository has no working folder, so changes are not attributed")
    if not repo.head.is_valid():
        return History(note="the git repository has no commits yet, so changes are not attributed")
    top = Path(repo.working_tree_dir).resolve()
    try:
        prefix = response_dir.resolve().relative_to(top).as_posix()
    except ValueError:
        return History(note=f"{response_dir} is outside the git repository, so changes are not attributed")
    prefix = "" if prefix == "." else prefix + "/"
    # ONE pass for the whole folder: a `git log` per file is about ten times slower
    raw = repo.git.log("-M", "--name-status", f"--format={LOG_FORMAT}", "--", prefix or ".")
    return _attribute(list(_parse(raw)), prefix, _owners(contributors))


def _owners(contributors: Mapping[str, Contributor]) -> dict[str, set[str]]:
    """Address (lower case) -> contributor ids; an address shared by several people credits them all."""
    owners: dict[str, set[str]] = defaultdict(set)
    for pid, c in contributors.items():
        for email in c.emails:
            owners[email.strip().lower()].add(pid)
    return owners


def _parse(raw: str) -> Iterator[Commit]:
    for chunk in raw.split(COMMIT)[1:]:
        head, _, rest = chunk.partition("\n")
        name, email, committer_name, committer_email = (head.split(FIELD) + ["", "", "", ""])[:4]
        changes = tuple(
            (status, *(_unquote(p) for p in paths))
            for line in rest.splitlines()
            if line.strip()
            for status, *paths in [line.split("\t")]
        )
        yield Commit(name.strip(), email.strip(), changes, (committer_name.strip(), committer_email.strip()))


def _unquote(path: str) -> str:
    """Git quotes unusual paths C-style ("caf\\303\\251.md"); undo it."""
    if len(path) >= 2 and path[0] == path[-1] == '"':
        return codecs.escape_decode(path[1:-1].encode("ascii", "backslashreplace"))[0].decode("utf-8", "replace")
    return path


def _is_edit(status: str) -> bool:
    """M (modified) and T (type changed) edit a file; so does a rename or copy that is not 100% similar."""
    return status[:1] in "MT" or (status[:1] in "RC" and status[1:] != "100")


def _files(commit: Commit, renamed: dict[str, str], prefix: str) -> dict[str, bool]:
    """The files a commit changed, by the name each has now, relative to the folder -> whether it was an edit.

    Commits come newest first, so a rename is met before the older commits to the old name;
    `renamed` (old path -> the name it has now) is updated as they are read.
    """
    files: dict[str, bool] = {}
    for status, *paths in commit.changes:
        current = renamed.get(paths[-1], paths[-1])
        if status.startswith("R") and len(paths) == 2:
            renamed[paths[0]] = current
        if current.startswith(prefix):
            key = current.removeprefix(prefix)
            files[key] = files.get(key, False) or _is_edit(status)
    return files


def _attribute(commits: list[Commit], prefix: str, owners: Mapping[str, set[str]]) -> History:
    touched: dict[str, set[str]] = defaultdict(set)
    edited: dict[str, set[str]] = defaultdict(set)
    renamed: dict[str, str] = {}
    unknown: dict[tuple[str, str], tuple[int, set[str]]] = {}
    identities: set[str] = set()
    authors: dict[tuple[str, str], frozenset[str]] = {}
    for commit in commits:
        for name, email in ((commit.name, commit.email), commit.committer):
            identities.update(s for s in (name, email) if s)
            if name or email:
                authors[(name, email)] = frozenset(owners.get(email.lower(), set()))
        files = _files(commit, renamed, prefix)
        ids = owners.get(commit.email.lower(), set())
        for f, is_edit in files.items():
            touched[f] |= ids
            if is_edit:
                edited[f] |= ids
        if not ids:
            count, seen = unknown.get((commit.name, commit.email), (0, set()))
            unknown[(commit.name, commit.email)] = (count + 1, seen | files.keys())
    return History(
        touched={f: frozenset(ids) for f, ids in sorted(touched.items())},
        edited={f: frozenset(ids) for f, ids in sorted(edited.items()) if ids},
        unknown=tuple(
            UnknownAuthor(name, email, n, tuple(sorted(files)))
            for (name, email), (n, files) in sorted(unknown.items(), key=lambda kv: kv[0][1].lower())
        ),
        commits=len(commits),
        identities=tuple(sorted(identities)),
        authors=tuple(GitAuthor(name, email, ids) for (name, email), ids in sorted(authors.items())),
    )
