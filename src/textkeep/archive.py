"""The archive on disk: raw/ (originals, never written) beside clean/ (text, sidecars, manifest).

Layout, for every file raw/<path>:

- clean/<path>            the clean text (UTF-8, LF, one final newline)
- clean/<path>.meta.json  its sidecar record (see :func:`textkeep.pipeline.process_document`)
- clean/manifest-sha256.txt  ``<sha256>  <path>`` for every raw file, clean file and sidecar,
  paths relative to the folder holding clean/, so ``sha256sum -c`` run there checks everything.

Crash safety: every file is written to a temporary file in its own folder, fsynced and renamed
over the target, so no reader ever sees half a file. Documents are written before the manifest,
which is rewritten last; a run killed half-way leaves documents that are consistent with their
raw file but newer than the manifest, which the next run (or verify) recognises.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MANIFEST_NAME",
    "SIDECAR_SUFFIX",
    "ArchiveReport",
    "DocumentOutcome",
    "VerifyReport",
    "archive",
    "atomic_write",
    "raw_files",
    "verify",
]

MANIFEST_NAME = "manifest-sha256.txt"
SIDECAR_SUFFIX = ".meta.json"
_TEMP_MARK = ".textkeep-tmp"
_CHUNK = 1 << 20


# --- writing ---------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old bytes or the new, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}{_TEMP_MARK}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is; not every platform allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temps(clean_dir: Path) -> None:
    """Temp files survive only a killed run; they are ours by name and never referenced."""
    if not clean_dir.is_dir():
        return
    for folder, _dirs, files in os.walk(clean_dir):
        for name in files:
            if name.startswith(".") and name.endswith(_TEMP_MARK):
                with contextlib.suppress(FileNotFoundError):
                    (Path(folder) / name).unlink()


def sidecar_bytes(record: dict) -> bytes:
    return (json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- reading ---------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk_files(root: Path) -> Iterator[str]:
    """Regular files under ``root`` as sorted POSIX paths relative to it; hidden ones skipped."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        rel_folder = Path(folder).relative_to(root)
        for name in files:
            if _is_hidden(name):
                continue
            try:
                mode = os.stat(Path(folder) / name).st_mode
            except OSError:
                continue  # a dangling symlink is no document
            if stat.S_ISREG(mode):
                found.append((rel_folder / name).as_posix())
    yield from sorted(found)


def raw_files(raw_dir: Path) -> list[str]:
    return list(_walk_files(raw_dir))


def _display(base: Path, path: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def _clean_documents(clean_dir: Path) -> list[str]:
    """Document paths (relative to clean/) that have a sidecar."""
    if not clean_dir.is_dir():
        return []
    return [
        rel[: -len(SIDECAR_SUFFIX)]
        for rel in _walk_files(clean_dir)
        if rel.endswith(SIDECAR_SUFFIX)
    ]


def _read_sidecar(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _reserved_reason(rel: str) -> str | None:
    if rel == MANIFEST_NAME:
        return "its name is the manifest's"
    if rel.endswith(SIDECAR_SUFFIX):
        return f"names ending in {SIDECAR_SUFFIX} are reserved for sidecars"
    return None


# --- archive ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentOutcome:
    path: str  # relative to raw/
    status: str  # "new", "updated", "unchanged", "refused"
    repaired: bool = False
    reason: str = ""


@dataclass(frozen=True)
class ArchiveReport:
    documents: tuple[DocumentOutcome, ...]
    missing_raw: tuple[str, ...]  # clean documents whose raw file is gone (display paths)
    pruned: tuple[str, ...]
    manifest_written: bool
    base: Path = field(default=Path("."))

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def refused(self) -> tuple[DocumentOutcome, ...]:
        return tuple(d for d in self.documents if d.status == "refused")

    def summary(self) -> str:
        archived = len(self.documents) - self.count("refused")
        repaired = sum(1 for d in self.documents if d.repaired)
        return (
            f"archived {archived} documents: {self.count('new')} new, "
            f"{self.count('updated')} updated, {self.count('unchanged')} unchanged, "
            f"{repaired} repaired, {self.count('refused')} refused"
        )


def _unchanged(raw_sha: str, clean_path: Path, sidecar: dict | None, textkeep_version: str) -> bool:
    if sidecar is None:
        return False
    try:
        recorded_raw = sidecar["source"]["sha256"]
        recorded_version = sidecar["versions"]["textkeep"]
        recorded_clean = sidecar["clean"]["sha256"]
    except (KeyError, TypeError):
        return False
    if recorded_raw != raw_sha or recorded_version != textkeep_version:
        return False
    try:
        return file_sha256(clean_path) == recorded_clean
    except OSError:
        return False


def _was_repaired(sidecar: dict | None) -> bool:
    return bool(sidecar and sidecar.get("repairs"))


def archive(
    raw_dir: Path,
    clean_dir: Path,
    *,
    prune: bool = False,
    encoding: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ArchiveReport:
    """Bring clean/ up to date with raw/; see the module docstring for the layout."""
    from textkeep.decode import DecodeError, NotTextError
    from textkeep.pipeline import process_document, versions

    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    base = clean_dir.parent
    textkeep_version = versions()["textkeep"]
    _remove_stale_temps(clean_dir)

    outcomes: list[DocumentOutcome] = []
    manifest: dict[str, str] = {}
    present: set[str] = set()
    for rel in raw_files(raw_dir):
        present.add(rel)
        raw_path = raw_dir / rel
        raw_display = _display(base, raw_path)
        if progress is not None:
            progress(rel)
        reserved = _reserved_reason(rel)
        try:
            data = raw_path.read_bytes()
        except OSError as exc:
            outcomes.append(DocumentOutcome(rel, "refused", reason=f"cannot read ({exc.strerror})"))
            continue
        raw_sha = hashlib.sha256(data).hexdigest()
        manifest[raw_display] = raw_sha
        if reserved is not None:
            outcomes.append(DocumentOutcome(rel, "refused", reason=f"not archived ({reserved})"))
            continue

        clean_path = clean_dir / rel
        sidecar_path = clean_dir / (rel + SIDECAR_SUFFIX)
        sidecar = _read_sidecar(sidecar_path) if sidecar_path.is_file() else None
        if _unchanged(raw_sha, clean_path, sidecar, textkeep_version):
            outcomes.append(DocumentOutcome(rel, "unchanged", repaired=_was_repaired(sidecar)))
        else:
            try:
                document = process_document(raw_display, data, encoding=encoding)
            except (NotTextError, DecodeError) as exc:
                outcomes.append(DocumentOutcome(rel, "refused", reason=str(exc)))
                continue
            status = "updated" if clean_path.exists() or sidecar_path.exists() else "new"
            # Clean text first: a sidecar never vouches for a clean file that is not there yet.
            atomic_write(clean_path, document.clean_text.encode("utf-8"))
            atomic_write(sidecar_path, sidecar_bytes(document.metadata))
            outcomes.append(
                DocumentOutcome(rel, status, repaired=bool(document.metadata["repairs"]))
            )
        manifest[_display(base, clean_path)] = file_sha256(clean_path)
        manifest[_display(base, sidecar_path)] = file_sha256(sidecar_path)

    missing: list[str] = []
    pruned: list[str] = []
    for rel in _clean_documents(clean_dir):
        if rel in present:
            continue
        clean_path = clean_dir / rel
        sidecar_path = clean_dir / (rel + SIDECAR_SUFFIX)
        if prune:
            for path in (clean_path, sidecar_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            _remove_empty_folders(clean_path.parent, clean_dir)
            pruned.append(_display(base, raw_dir / rel))
            continue
        missing.append(_display(base, raw_dir / rel))
        # Kept copies stay covered by the manifest so sha256sum -c still checks them.
        for path in (clean_path, sidecar_path):
            if path.is_file():
                manifest[_display(base, path)] = file_sha256(path)

    written = _write_manifest(clean_dir / MANIFEST_NAME, manifest)
    return ArchiveReport(tuple(outcomes), tuple(missing), tuple(pruned), written, base)


def _remove_empty_folders(folder: Path, stop: Path) -> None:
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def manifest_bytes(entries: dict[str, str]) -> bytes:
    return "".join(f"{entries[path]}  {path}\n" for path in sorted(entries)).encode("utf-8")


def _write_manifest(path: Path, entries: dict[str, str]) -> bool:
    data = manifest_bytes(entries)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


# --- verify ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyReport:
    problems: tuple[tuple[str, str], ...]  # (kind, display path), kinds: missing, extra, stale,
    # altered, malformed
    documents: int

    @property
    def ok(self) -> bool:
        return not self.problems


def read_manifest(path: Path) -> tuple[dict[str, str], list[int]]:
    """Entries by path, and the line numbers that are not ``<sha256>  <path>``."""
    entries: dict[str, str] = {}
    malformed: list[int] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if (
            not sep
            or len(digest) != 64
            or not name
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            malformed.append(number)
            continue
        entries[name] = digest
    return entries, malformed


def verify(raw_dir: Path, clean_dir: Path) -> VerifyReport:
    """Check every file against the manifest and every document against its sidecar."""
    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    base = clean_dir.parent
    manifest_path = clean_dir / MANIFEST_NAME
    problems: list[tuple[str, str]] = []
    if not manifest_path.is_file():
        return VerifyReport((("missing", _display(base, manifest_path)),), 0)
    try:
        entries, malformed = read_manifest(manifest_path)
    except (OSError, UnicodeDecodeError):
        return VerifyReport((("malformed", _display(base, manifest_path)),), 0)
    problems += [("malformed", f"{_display(base, manifest_path)} line {n}") for n in malformed]

    actual: dict[str, str | None] = {}

    def sha_of(display: str) -> str | None:
        if display not in actual:
            try:
                actual[display] = file_sha256(base / display)
            except OSError:
                actual[display] = None
        return actual[display]

    raw_present = {_display(base, raw_dir / rel) for rel in raw_files(raw_dir)}
    clean_present = {
        _display(base, clean_dir / rel) for rel in _walk_files(clean_dir) if rel != MANIFEST_NAME
    }
    explained: set[str] = set()  # files accounted for by a stale or new raw file

    # A raw file that changed (or appeared) after the manifest was written may already have a
    # clean copy and sidecar from an interrupted run; when they match the raw file they are the
    # next manifest's entries, not damage.
    for raw_display in sorted(raw_present):
        expected = entries.get(raw_display)
        current = sha_of(raw_display)
        if expected == current:
            continue
        problems.append(("stale" if expected is not None else "extra", raw_display))
        rel = Path(os.path.relpath(base / raw_display, raw_dir)).as_posix()
        clean_display = _display(base, clean_dir / rel)
        sidecar_display = _display(base, clean_dir / (rel + SIDECAR_SUFFIX))
        sidecar = _read_sidecar(base / sidecar_display)
        if (
            sidecar is not None
            and sidecar.get("source", {}).get("sha256") == current
            and sidecar.get("clean", {}).get("sha256") == sha_of(clean_display)
        ):
            explained.update((clean_display, sidecar_display))

    for display in sorted(entries):
        if display in explained or (display in raw_present and entries[display] != sha_of(display)):
            continue
        current = sha_of(display)
        if current is None:
            problems.append(("missing", display))
        elif current != entries[display]:
            problems.append(("altered", display))

    for display in sorted(clean_present - entries.keys() - explained):
        problems.append(("extra", display))

    documents = 0
    for rel in _clean_documents(clean_dir):
        sidecar_display = _display(base, clean_dir / (rel + SIDECAR_SUFFIX))
        clean_display = _display(base, clean_dir / rel)
        if sidecar_display not in entries or sidecar_display in explained:
            continue
        documents += 1
        sidecar = _read_sidecar(base / sidecar_display)
        recorded = (sidecar or {}).get("clean", {}).get("sha256") if sidecar else None
        if recorded is None:
            problems.append(("altered", sidecar_display))
        elif sha_of(clean_display) is not None and recorded != sha_of(clean_display):
            problems.append(("altered", clean_display))
        raw_display = _display(base, raw_dir / rel)
        recorded_raw = (sidecar or {}).get("source", {}).get("sha256")
        raw_sha = sha_of(raw_display) if raw_display in raw_present else None
        if raw_sha is not None and recorded_raw != raw_sha:
            problems.append(("stale", raw_display))

    return VerifyReport(tuple(sorted(set(problems), key=_problem_order)), documents)


def _problem_order(problem: tuple[str, str]) -> tuple[str, str]:
    return problem[1], problem[0]
