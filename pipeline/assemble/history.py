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
import subprocess
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.load.files import decode_text
from pipeline.load.schema import Contributor, FrontMatter, validate
from pipeline.load.workbench import split_front_matter
from pipeline.privacy.identity import GitAuthor
from pipeline.vocabulary import fingerprint, front_matter_end

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


def in_repository(root: Path) -> bool:
    """Whether the workbench is in a git repository with git installed: then commits say who recorded what."""
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
    return _attribute(commits, prefix, _owners(contributors), _Versions(repo, commits, prefix))


def _is_contribution(path: str, prefix: str) -> bool:
    """A Markdown file directly in the response folder, as `load` reads them (README.md is not one)."""
    name = path.removeprefix(prefix)
    return path.startswith(prefix) and "/" not in name and name.endswith(".md") and name.lower() != "readme.md"


class _Versions:
    """The versions of contributions that the log's changes name, each read once; whether two print alike.

    Every blob is read by one `git cat-file --batch`, given them all at once. Front
    matter is parsed only when the body is the same and the front matter as written is not
    (then only a printed field, vocabulary.PRINTED_FRONT_MATTER, makes the change an edit),
    and each distinct front matter once: a file's versions mostly share a few.
    """

    def __init__(self, repo: Repo, commits: list[Commit], prefix: str) -> None:
        wanted: set[str] = set()
        for commit in commits:
            for (status, *paths), blobs in zip(commit.changes, commit.blobs, strict=False):
                if status[:1] != "T" and _is_contribution(paths[-1], prefix):
                    # every version a commit left (for its approval record), and what an edit replaced
                    wanted.update(b for b in (blobs if _is_edit(status) else blobs[1:]) if b.strip("0"))
        self._text: dict[str, str | None] = {
            blob: decode_text(data, "git")[0] for blob, data in _read_blobs(repo, sorted(wanted)).items()
        }
        self._body: dict[str, str] = {}
        self._front: dict[str, str | None] = {}
        self._records: dict[str, tuple[str, ...] | None] = {}

    def record(self, blob: str) -> tuple[str, ...] | None:
        """(by, on, text, covers) of the approval record this version holds, read as `load` reads it; else None."""
        parts = self._parts(blob) if blob.strip("0") else None
        if parts is None:
            return None
        if parts[0] not in self._records:
            located, _, _, _ = split_front_matter(f"---\n{parts[0]}\n---\n", "git")
            meta, _ = validate(FrontMatter, located, "git") if located is not None else (None, [])
            a = meta.approved if meta is not None else None
            self._records[parts[0]] = (a.by, str(a.on), a.text, a.covers or "") if a is not None else None
        return self._records[parts[0]]

    def _parts(self, blob: str) -> tuple[str, str] | None:
        """(front matter as written, body), or None when the version has no front matter or was not read."""
        text = self._text.get(blob)
        lines = text.split("\n") if text is not None else []
        end = front_matter_end(lines)
        return ("\n".join(lines[1:end]), "\n".join(lines[end + 1 :])) if end is not None else None

    def _body_printed(self, blob: str, body: str) -> str:
        if blob not in self._body:
            self._body[blob] = fingerprint(None, body)  # no fields: the body alone
        return self._body[blob]

    def _printed(self, front: str) -> str | None:
        """The fingerprint of the printed fields of this front matter, read as `load` reads it; None if it
        would not load."""
        if front not in self._front:
            located, _, _, _ = split_front_matter(f"---\n{front}\n---\n", "git")
            meta, _ = validate(FrontMatter, located, "git") if located is not None else (None, [])
            self._front[front] = fingerprint(meta, "") if meta is not None else None
        return self._front[front]

    def differ(self, before: str, after: str) -> bool | None:
        """Whether the two versions print differently; None when that cannot be told (one would not load)."""
        old, new = self._parts(before), self._parts(after)
        if old is None or new is None:
            return None
        if self._body_printed(before, old[1]) != self._body_printed(after, new[1]):
            return True  # the body changed
        if old[0] == new[0]:
            return False  # the same body and the same front matter, byte for byte
        printed_before, printed_after = self._printed(old[0]), self._printed(new[0])
        if printed_before is None or printed_after is None:
            return None
        return printed_before != printed_after


def _read_blobs(repo: Repo, blobs: list[str]) -> dict[str, bytes]:
    """Blob id -> its bytes, for every id given, from ONE `git cat-file --batch` (a missing blob is left out)."""
    if not blobs:
        return {}
    proc = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    out, _ = proc.proc.communicate(("\n".join(blobs) + "\n").encode("ascii"))
    found: dict[str, bytes] = {}
    at = 0
    for blob in blobs:  # each answer: "<id> blob <size>\n<bytes>\n", or "<id> missing\n"
        eol = out.find(b"\n", at)
        if eol < 0:
            break
        header = out[at:eol].split()
        at = eol + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            found[blob] = out[at : at + size]
            at += size + 1
    return found


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


def _files(commit: Commit, renamed: dict[str, str], prefix: str, versions: _Versions | None = None) -> dict[str, bool]:
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
    versions: _Versions | None = None,
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
    commit: Commit, renamed: dict[str, str], prefix: str, versions: _Versions, into: dict[str, list[Recorded]]
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
