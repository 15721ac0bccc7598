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

Renames are followed with `--raw -M`: reading the log newest first, a
rename old -> new means older commits to `old` count towards the file now
called `new`. Renames into the folder from outside it are not followed.

Writing is told from signing off: a commit counts as editing a contribution only
when what it prints changed, judged by `vocabulary.fingerprint` (the body and the
printed front-matter fields) of the version before and after. A commit that only
sets `status:`, `approved:` or `reviewed_by:` touches the file but edits nothing;
the person is credited for reviewing or approving from the front matter instead.
`--raw` gives each version's blob id, and every blob needed is read through one
`git cat-file --batch` process: two git processes for the whole folder, however
many commits and files.
"""

from __future__ import annotations

import codecs
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.assemble.versions import Versions
from pipeline.load.schema import Contributor
from pipeline.privacy.identity import GitAuthor

if TYPE_CHECKING:
    from git import Repo

# Control characters cannot appear in a name or address, so they split the log safely.
COMMIT = "\x1e"
FIELD = "\x1f"
# %aN and %aE follow a .mailmap, if the repository has one
# the committer too: whoever merged or rebased is as private as whoever wrote
LOG_FORMAT = f"{COMMIT}%H{FIELD}%aN{FIELD}%aE{FIELD}%cN{FIELD}%cE"


def address_key(email: str) -> str:
    """An address as compared with a contributor's `emails`, folded the one way everywhere: surrounding
    spaces and letter case only. A look-alike letter or an invisible character is a different address."""
    return email.strip().lower()


@dataclass(frozen=True)
class Recorded:
    """One commit that left a contribution with an approval record: whose commit, and which record."""

    commit: str  # the commit id, short enough to show
    email: str  # the author's address: private, compared and never shown
    record: tuple[str, ...] | None  # (by, on, text, covers) of the approval the file then held; None: none


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
    # a coordinator typing in someone else's words, and a pure rename changes no words; for a
    # contribution, only a change to what it prints (a sign-off in its front matter is not one)
    edited: dict[str, frozenset[str]] = field(default_factory=dict)
    unknown: tuple[UnknownAuthor, ...] = ()
    note: str | None = None  # why there is no history, when there is none
    commits: int = 0
    identities: tuple[str, ...] = ()  # every author name and address seen: private
    authors: tuple[GitAuthor, ...] = ()  # each identity with the contributors its address belongs to
    # contribution (relative to the response folder, by the name it has now) -> each commit to it, newest
    # first, with the approval record it left: who committed a sign-off (assemble/approval.py `committed_by`)
    recorded: dict[str, tuple[Recorded, ...]] = field(default_factory=dict)

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
    blobs: tuple[tuple[str, str], ...] = ()  # (blob before, blob after) of each change, as git names them
    id: str = ""  # the commit's id


def touched_by(root: Path, response_dir: Path, contributors: Mapping[str, Contributor]) -> History:
    """Who changed each file in `response_dir`, by contributor id, from one `git log`.

    `root` is the workbench; the repository is looked for there and above.
    """
    if not _may_be_in_git(root):  # GitPython takes a fifth of a second to import: not for a folder outside git
        return History(note="this workbench is not in a git repository, so changes are not attributed")
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


def _may_be_in_git(root: Path) -> bool:
    """False only when GitPython would find no repository either: no `.git` in the folder or above it, not a bare
    repository itself, and no GIT_DIR naming one (what `Repo(root, search_parent_directories=True)` looks at)."""
    if os.environ.get("GIT_DIR"):
        return True
    try:
        here = root.resolve()
    except OSError:
        return True  # let GitPython say
    return any(
        (p / ".git").exists() or ((p / "HEAD").is_file() and (p / "objects").is_dir()) for p in (here, *here.parents)
    )


def in_repository(root: Path) -> bool:
    """Whether the workbench is in a git repository with git installed: then commits say who recorded what."""
    if not _may_be_in_git(root):
        return False
    try:
        import git
    except ImportError:
        return False
    try:
        git.Repo(root, search_parent_directories=True).close()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return True


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
    raw = repo.git.log("-M", "--raw", "--no-abbrev", f"--format={LOG_FORMAT}", "--", prefix or ".")
    commits = list(_parse(raw))
    return _attribute(commits, prefix, _owners(contributors), Versions(repo, _wanted(commits, prefix)))


def _is_contribution(path: str, prefix: str) -> bool:
    """A Markdown file directly in the response folder, as `load` reads them (README.md is not one)."""
    name = path.removeprefix(prefix)
    return path.startswith(prefix) and "/" not in name and name.endswith(".md") and name.lower() != "readme.md"


def _wanted(commits: list[Commit], prefix: str) -> list[str]:
    """The blob ids of the versions `Versions` must read: every version a commit left of a contribution (for
    its approval record), and what an edit replaced."""
    wanted: set[str] = set()
    for commit in commits:
        for (status, *paths), blobs in zip(commit.changes, commit.blobs, strict=False):
            if status[:1] != "T" and _is_contribution(paths[-1], prefix):
                wanted.update(b for b in (blobs if _is_edit(status) else blobs[1:]) if b.strip("0"))
    return sorted(wanted)


def _owners(contributors: Mapping[str, Contributor]) -> dict[str, set[str]]:
    """Address (lower case) -> contributor ids; an address shared by several people credits them all."""
    owners: dict[str, set[str]] = defaultdict(set)
    for pid, c in contributors.items():
        for email in c.emails:
            owners[address_key(email)].add(pid)
    return owners


def _parse(raw: str) -> Iterator[Commit]:
    """Commits from `git log --raw`: each change is  :mode mode blob blob STATUS<tab>path[<tab>path]."""
    for chunk in raw.split(COMMIT)[1:]:
        head, _, rest = chunk.partition("\n")
        commit_id, name, email, committer_name, committer_email = (head.split(FIELD) + ["", "", "", "", ""])[:5]
        changes: list[tuple[str, ...]] = []
        blobs: list[tuple[str, str]] = []
        for line in rest.splitlines():
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            _, _, before, after, status = (meta.split() + ["", "", "", "", ""])[:5]
            changes.append((status, *(_unquote(p) for p in paths)))
            blobs.append((before, after))
        yield Commit(
            name.strip(),
            email.strip(),
            tuple(changes),
            (committer_name.strip(), committer_email.strip()),
            tuple(blobs),
            commit_id.strip(),
        )


def _unquote(path: str) -> str:
    """Git quotes unusual paths C-style ("caf\\303\\251.md"); undo it."""
    if len(path) >= 2 and path[0] == path[-1] == '"':
        return codecs.escape_decode(path[1:-1].encode("ascii", "backslashreplace"))[0].decode("utf-8", "replace")
    return path


def _is_edit(status: str) -> bool:
    """M (modified) and T (type changed) edit a file; so does a rename or copy that is not 100% similar."""
    return status[:1] in "MT" or (status[:1] in "RC" and status[1:] != "100")


def _files(commit: Commit, renamed: dict[str, str], prefix: str, versions: Versions | None = None) -> dict[str, bool]:
    """The files a commit changed, by the name each has now, relative to the folder -> whether it was an edit.

    Commits come newest first, so a rename is met before the older commits to the old name;
    `renamed` (old path -> the name it has now) is updated as they are read. A change to a
    contribution is an edit only when what it prints changed (`versions` tells).
    """
    files: dict[str, bool] = {}
    blobs = commit.blobs or tuple(("", "") for _ in commit.changes)
    for (status, *paths), (before, after) in zip(commit.changes, blobs, strict=False):
        current = renamed.get(paths[-1], paths[-1])
        if status.startswith("R") and len(paths) == 2:
            renamed[paths[0]] = current
        if current.startswith(prefix):
            key = current.removeprefix(prefix)
            edit = _is_edit(status)
            if edit and versions is not None and (differ := versions.differ(before, after)) is not None:
                edit = differ  # both versions load: an edit only if what is printed changed
            files[key] = files.get(key, False) or edit
    return files


def _attribute(
    commits: list[Commit],
    prefix: str,
    owners: Mapping[str, set[str]],
    versions: Versions | None = None,
) -> History:
    touched: dict[str, set[str]] = defaultdict(set)
    edited: dict[str, set[str]] = defaultdict(set)
    renamed: dict[str, str] = {}
    unknown: dict[tuple[str, str], tuple[int, set[str]]] = {}
    identities: set[str] = set()
    authors: dict[tuple[str, str], frozenset[str]] = {}
    recorded: dict[str, list[Recorded]] = defaultdict(list)
    for commit in commits:
        if versions is not None:
            _records(commit, renamed, prefix, versions, recorded)
        for name, email in ((commit.name, commit.email), commit.committer):
            identities.update(s for s in (name, email) if s)
            if name or email:
                authors[(name, email)] = frozenset(owners.get(address_key(email), set()))
        files = _files(commit, renamed, prefix, versions)
        ids = owners.get(address_key(commit.email), set())
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
        recorded={f: tuple(r) for f, r in sorted(recorded.items())},
    )


def _records(
    commit: Commit, renamed: dict[str, str], prefix: str, versions: Versions, into: dict[str, list[Recorded]]
) -> None:
    """The approval record each contribution this commit left holds, by the name the file has now.

    Read before `_files` updates `renamed` with this commit's own renames, as it is for the
    commit's other changes: a rename in this commit maps older commits, not this one."""
    blobs = commit.blobs or tuple(("", "") for _ in commit.changes)
    for (status, *paths), (_, after) in zip(commit.changes, blobs, strict=False):
        current = renamed.get(paths[-1], paths[-1])
        if status[:1] == "D" or not _is_contribution(paths[-1], prefix) or not current.startswith(prefix):
            continue
        into[current.removeprefix(prefix)].append(Recorded(commit.id[:12], commit.email, versions.record(after)))


def lines_by(root: Path, path: Path, emails: set[str]) -> list[tuple[int, str]]:
    """(line number, text) of each line of `path`, as it is now, whose last change was committed under
    one of `emails` (lower case), from one `git blame`. Empty when git cannot tell: no repository,
    no git, or a file git does not know. Asked only for a file a withdrawn person edited."""
    try:
        import git
    except ImportError:
        return []
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return []
    try:
        raw = repo.git.blame("--line-porcelain", "--", str(path.resolve()))
    except (git.GitCommandError, git.GitCommandNotFound, ValueError):
        return []
    finally:
        repo.close()
    found: list[tuple[int, str]] = []
    line, mail = 0, ""
    for row in raw.split("\n"):
        head = row.split(" ")
        if len(head) >= 3 and len(head[0]) == 40 and head[2].isdigit():
            line, mail = int(head[2]), ""
        elif row.startswith("author-mail "):
            mail = row.removeprefix("author-mail ").strip().strip("<>").lower()
        elif row.startswith("\t") and mail in emails:
            found.append((line, row[1:]))
    return found
