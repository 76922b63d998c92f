"""What a commit does to raw/, read from git: the input of ``textkeep archive --staged``.

Originals are immutable, so the only staged change to raw/ a commit may hold is a new file.
Everything else (an edit, a deletion, a rename away, a type change, a merge conflict) is a
:class:`Refusal` naming the file. The new files are the only documents the hook archives, which
keeps it fast in an archive of any size.

Paths from git are bytes in the repository's terms (``-z`` output, no quoting); they are
turned into ``str`` with :func:`os.fsdecode`, so names with spaces or non-ASCII characters
reach the file system unchanged.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

__all__ = [
    "GitError",
    "Refusal",
    "StagedChange",
    "StagedRaw",
    "git_toplevel",
    "parse_name_status",
    "read_staged_changes",
    "sort_raw_changes",
    "unstaged_paths",
]


class GitError(RuntimeError):
    """git is missing, or the folder is not inside a work tree."""


@dataclass(frozen=True)
class StagedChange:
    """One line of ``git diff --cached --name-status``; paths relative to the repository top."""

    status: str  # A added, M modified, D deleted, R renamed, C copied, T type change, U unmerged
    path: str
    old_path: str | None = None

    def to_dict(self) -> dict:
        return {"status": self.status, "path": self.path, "old_path": self.old_path}


@dataclass(frozen=True)
class Refusal:
    path: str  # relative to the repository top
    reason: str

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class StagedRaw:
    """New raw files to archive (relative to raw/) and the changes that may not be committed."""

    added: tuple[str, ...]
    refused: tuple[Refusal, ...]

    def to_dict(self) -> dict:
        return {"added": list(self.added), "refused": [r.to_dict() for r in self.refused]}


def parse_name_status(output: bytes) -> list[StagedChange]:
    """Parse ``git diff --name-status -z`` output (renames and copies carry two paths)."""
    fields = output.split(b"\0")
    if fields and fields[-1] == b"":
        fields.pop()
    changes: list[StagedChange] = []
    i = 0
    while i < len(fields):
        status = fields[i].decode("ascii")[:1]
        if status in ("R", "C"):
            old, new = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            changes.append(StagedChange(status, new, old))
            i += 3
        else:
            changes.append(StagedChange(status, os.fsdecode(fields[i + 1])))
            i += 2
    return changes


def _inside(path: str, folder: str) -> str | None:
    """``path`` relative to ``folder`` (both POSIX, repository-relative), or None if outside."""
    if folder in ("", "."):
        return path
    pure = PurePosixPath(path)
    parent = PurePosixPath(folder)
    if parent in pure.parents:
        return pure.relative_to(parent).as_posix()
    return None


_REFUSED_REASONS = {
    "M": "staged change alters an original",
    "T": "staged change alters an original (file type changed)",
    "D": "staged change deletes an original",
    "U": "unmerged original",
}


def sort_raw_changes(changes: Iterable[StagedChange], raw_folder: str) -> StagedRaw:
    """Split staged changes into new raw files and refusals; ``raw_folder`` is repo-relative."""
    added: list[str] = []
    refused: list[Refusal] = []
    for change in changes:
        new_rel = _inside(change.path, raw_folder)
        if change.status == "R":
            old_rel = _inside(change.old_path or "", raw_folder)
            if old_rel is not None:
                refused.append(
                    Refusal(
                        change.old_path or "", f"staged change renames an original to {change.path}"
                    )
                )
                continue
        if new_rel is None:
            continue
        if change.status in ("A", "C", "R"):
            added.append(new_rel)
        else:
            reason = _REFUSED_REASONS.get(change.status, f"staged change {change.status!r}")
            refused.append(Refusal(change.path, reason))
    return StagedRaw(tuple(sorted(set(added))), tuple(refused))


def _git(args: Sequence[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(
            ["git", "--literal-pathspecs", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        raise GitError(message)
    return done.stdout


def git_toplevel(cwd: Path) -> Path:
    output = _git(["rev-parse", "--show-toplevel"], cwd)
    return Path(os.fsdecode(output.rstrip(b"\n")))


def read_staged_changes(top: Path, folder: str) -> list[StagedChange]:
    """Staged changes under ``folder`` (repo-relative); an unborn branch compares to nothing."""
    # -M names a rename instead of a deletion plus an addition, so the refusal can say so.
    output = _git(["diff", "--cached", "--name-status", "-z", "-M", "--", folder], top)
    return parse_name_status(output)


# Beyond this many paths, ask about the archive's top folders instead (command-line limit).
_MAX_PATHSPECS = 500


def unstaged_paths(top: Path, folders: Sequence[str], wanted: Iterable[str]) -> list[str]:
    """Those of ``wanted`` (repo-relative) that differ from the index or are not in it.

    Named paths keep git from looking at the rest of an archive of thousands of files (``git
    ls-files --modified`` would stat every entry under a folder); a commit adding more files
    than fit on a command line asks about ``folders`` and filters here.
    """
    wanted = set(wanted)
    pathspecs = sorted(wanted) if len(wanted) <= _MAX_PATHSPECS else list(folders)
    # `git diff` (unlike diff-files) refreshes stat data, so a file rewritten with the same
    # bytes does not count as changed.
    changed = _git(["diff", "--name-only", "--no-renames", "-z", "--", *pathspecs], top)
    untracked = _git(["ls-files", "-z", "--others", "--", *pathspecs], top)
    differs = {os.fsdecode(name) for name in (changed + untracked).split(b"\0") if name}
    return sorted(wanted & differs)


@dataclass(frozen=True)
class StagedArchive:
    """What ``textkeep archive --staged`` found and did; paths are repository-relative."""

    refused_changes: tuple[Refusal, ...] = ()
    archived: tuple[tuple[str, str, str], ...] = ()  # (raw path, clean path, status)
    refused_documents: tuple[Refusal, ...] = ()
    written: tuple[str, ...] = ()
    unstaged: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "refused_changes": [r.to_dict() for r in self.refused_changes],
            "archived": [list(entry) for entry in self.archived],
            "refused_documents": [r.to_dict() for r in self.refused_documents],
            "written": list(self.written),
            "unstaged": list(self.unstaged),
        }


def _repo_relative(top: Path, path: Path) -> str:
    return Path(os.path.relpath(path.resolve(), top)).as_posix()


def archive_staged(raw_dir: Path, clean_dir: Path, *, encoding: str | None = None) -> StagedArchive:
    """Archive the raw files a commit adds; refuse a commit that changes existing originals.

    Writes nothing when a change is refused, so the user fixes the commit before anything else
    moves. Raises :class:`GitError` outside a git work tree.
    """
    top = git_toplevel(Path.cwd()).resolve()
    raw_folder = _repo_relative(top, raw_dir)
    clean_folder = _repo_relative(top, clean_dir)
    for folder in (raw_folder, clean_folder):
        if folder == ".." or folder.startswith("../"):
            raise GitError(f"{folder} is outside the git repository at {top}")
    staged = sort_raw_changes(read_staged_changes(top, raw_folder), raw_folder)
    if staged.refused:
        return StagedArchive(refused_changes=staged.refused)
    if not staged.added:
        return StagedArchive()

    from textkeep.archive import MANIFEST_NAME, SIDECAR_SUFFIX, archive_paths

    report = archive_paths(raw_dir, clean_dir, staged.added, encoding=encoding)

    def in_clean(rel: str) -> str:
        return f"{clean_folder}/{rel}" if clean_folder != "." else rel

    def in_raw(rel: str) -> str:
        return f"{raw_folder}/{rel}" if raw_folder != "." else rel

    archived: list[tuple[str, str, str]] = []
    refused: list[Refusal] = []
    written: list[str] = []
    for outcome in report.documents:
        if outcome.status == "refused":
            refused.append(Refusal(in_raw(outcome.path), outcome.reason))
            continue
        archived.append((in_raw(outcome.path), in_clean(outcome.path), outcome.status))
        if outcome.status in ("new", "updated"):
            written += [in_clean(outcome.path), in_clean(outcome.path + SIDECAR_SUFFIX)]
    manifest = in_clean(MANIFEST_NAME)
    if report.manifest_written:
        written.append(manifest)

    # pre-commit judges a hook by `git diff`, which cannot see a new untracked clean file, and
    # a plain git hook sees no diff at all: whatever the commit needs must be in the index.
    wanted = {manifest, *(in_raw(rel) for rel in staged.added)}
    for _raw, clean_path, _status in archived:
        wanted.update((clean_path, clean_path + SIDECAR_SUFFIX))
    unstaged = unstaged_paths(top, [raw_folder, clean_folder], wanted)
    return StagedArchive((), tuple(archived), tuple(refused), tuple(written), tuple(unstaged))
