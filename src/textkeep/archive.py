"""The archive on disk: raw/ (originals, never written) beside clean/ (text, sidecars, manifest).

Layout, for every file raw/<path>:

- clean/<path>            the clean text (UTF-8, LF, one final newline)
- clean/<path>.meta.json  its sidecar record (see :func:`textkeep.pipeline.process_document`)
- clean/manifest-sha256.txt  ``<sha256>  <path>`` for every raw file, clean file and sidecar,
  paths relative to the folder holding clean/, so ``sha256sum -c`` run there checks everything.
  Names are written byte for byte as the file system holds them (names that are not UTF-8
  too); a name holding a newline, carriage return or backslash is written the way GNU
  sha256sum writes it: the line starts with ``\\`` and those characters appear as ``\\n``,
  ``\\r`` and ``\\\\``.

Crash safety: every file is written to a temporary file in its own folder and renamed over the
target, so no reader ever sees half a file; documents are synced to disk once, before the
manifest, which is itself fsynced, so everything a manifest lists is on disk. A document's
sidecar is written before its clean text, and the manifest last: a run killed half-way leaves,
per document, the old pair, a
new sidecar ahead of the old clean text, or the new pair, and :func:`verify` tells each of these
from damage (the new sidecar names the current raw file's checksum). One run at a time: a
``clean/.textkeep.lock`` held with ``flock`` (the kernel drops it when the process dies, so a
killed run never blocks the next).

Hostile trees: nothing is read outside raw/ or written outside clean/. Symlinks in raw/ are not
followed (each is reported as refused, saying where it points), clean/ must not be a symlink or
overlap raw/, nothing is written through a symlinked folder inside clean/, and verify reads no
manifest entry outside raw/ and clean/.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from textkeep.pipeline import DocumentResult

    # (name, bytes) of the documents to clean, and the encoding setting -> results in order.
    Runner = Callable[[Iterator[tuple[str, bytes]], str | None], Iterable[DocumentResult]]

T = TypeVar("T")

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "SIDECAR_SUFFIX",
    "ArchiveError",
    "ArchiveLockedError",
    "ArchiveReport",
    "DocumentOutcome",
    "VerifyReport",
    "archive",
    "archive_lock",
    "archive_paths",
    "atomic_write",
    "atomic_write_stream",
    "pipeline_fingerprint",
    "printable_name",
    "raw_files",
    "verify",
]

MANIFEST_NAME = "manifest-sha256.txt"
SIDECAR_SUFFIX = ".meta.json"
LOCK_NAME = ".textkeep.lock"
# Larger files are refused unread: the pipeline holds several copies of a text in memory, and
# a 200 MB one-line "document" is a dump, not a source text.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_TEMP_MARK = ".textkeep-tmp"
_CHUNK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# Errors that would hit every later write too: stop the run rather than refuse every document.
_FATAL_WRITE_ERRORS = frozenset(
    code
    for code in (
        errno.ENOSPC,
        getattr(errno, "EDQUOT", None),
        errno.EROFS,
        errno.EIO,
        errno.EFBIG,
    )
    if code is not None
)


class ArchiveError(Exception):
    """The run was refused or stopped; clean/ is as a run killed at that point leaves it."""


class ArchiveLockedError(ArchiveError):
    """Another archive run holds clean/'s lock."""


def printable_name(name: str) -> str:
    """``name`` on one line: line breaks, controls and bytes that are not UTF-8 escaped."""
    out: list[str] = []
    for char in name:
        point = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif 0xDC80 <= point <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{point - 0xDC00:02x}")
        elif point < 0x20 or 0x7F <= point <= 0x9F or unicodedata.category(char) in ("Zl", "Zp"):
            out.append(f"\\u{point:04x}")
        else:
            out.append(char)
    return "".join(out)


# --- writing ---------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers see the old bytes or the new, never a mix.

    ``durable``: the data and the rename reach the disk before this returns. Without it they
    survive a killed process but not a power cut; the caller then syncs once for many files.
    """
    atomic_write_stream(path, lambda write: write(data), durable=durable)


def atomic_write_stream(
    path: Path, produce: Callable[[Callable[[bytes], object]], T], *, durable: bool = True
) -> T:
    """:func:`atomic_write` for output made piece by piece: ``produce(write)`` writes it all.

    ``path`` is replaced only after ``produce`` returns; if it raises, nothing changes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}{_TEMP_MARK}")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()  # left by a killed run that had our pid
    # O_EXCL|O_NOFOLLOW: a symlink planted at the temp name is never written through.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)

    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]

    try:
        try:
            result = produce(write)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    if durable:
        _fsync_dir(path.parent)
    return result


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
    # A name that is not UTF-8 reaches the record as lone surrogates (os.fsdecode);
    # backslashreplace writes each as a JSON \udcXX escape, which json.loads gives back.
    text = indented_json(record) + "\n"
    return text.encode("utf-8", "backslashreplace")


_LITERALS = {None: "null", True: "true", False: "false"}


def indented_json(value: object) -> str:
    """``json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)``, byte for byte,
    for JSON built of dicts with string keys, lists, strings, numbers, booleans and None.

    The standard library encodes indented JSON in Python, a generator step per token; a
    500 MB file's sidecar lists a hundred thousand repairs, and this writes it 2.5 times
    as fast by appending whole ``"key": "value"`` lines.

    >>> indented_json({"b": [1, "x"], "a": {}})
    '{\n  "a": {},\n  "b": [\n    1,\n    "x"\n  ]\n}'
    """
    out: list[str] = []
    append = out.append

    def dump(value: object, indent: str) -> None:
        kind = type(value)
        if kind is str:
            append(encode_basestring(value))
        elif kind is dict:
            if not value:
                append("{}")
                return
            inner = indent + "  "
            separator, following = "{\n" + inner, ",\n" + inner
            for key in sorted(value):
                item = value[key]
                known = type(item)
                if known is str:
                    append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
                elif known is int:
                    append(f"{separator}{encode_basestring(key)}: {int.__repr__(item)}")
                elif known is bool or item is None:
                    append(f"{separator}{encode_basestring(key)}: {_LITERALS[item]}")
                else:
                    append(f"{separator}{encode_basestring(key)}: ")
                    dump(item, inner)
                separator = following
            append(f"\n{indent}}}")
        elif kind is list or kind is tuple:
            if not value:
                append("[]")
                return
            inner = indent + "  "
            separator, following = "[\n" + inner, ",\n" + inner
            for item in value:
                if type(item) is str:
                    append(separator + encode_basestring(item))
                else:
                    append(separator)
                    dump(item, inner)
                separator = following
            append(f"\n{indent}]")
        elif kind is bool or value is None:
            append(_LITERALS[value])
        elif kind is int:
            append(int.__repr__(value))
        elif kind is float:
            append(json.dumps(value))
        else:
            raise TypeError(f"not JSON: {kind.__name__}")

    dump(value, "")
    return "".join(out)


# --- the lock ----------------------------------------------------------------------------------


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# Lock descriptors this process holds. A forked child (a pool worker) inherits them, and a
# flock lasts while any copy is open: an orphaned worker would hold a killed run's lock.
_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)  # the parent's copy keeps the lock
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextlib.contextmanager
def archive_lock(clean_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold clean/'s lock for the block; wait up to ``wait`` seconds for another run's.

    The lock file is removed when the run ends, so the archive (and a git checkout of it)
    holds no trace of it; a run that finds the file it locked no longer at the path (removed
    by the run before it) starts over on the new one.
    """
    path = Path(clean_dir) / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o644)
        except OSError as exc:
            raise ArchiveError(f"{path}: cannot open the lock file ({exc.strerror})") from None
        if _try_lock(fd) and _still_at(fd, path):
            break
        os.close(fd)
        if time.monotonic() >= deadline:
            raise ArchiveLockedError(
                f"{clean_dir}: another textkeep archive run is writing it (it holds"
                f" {LOCK_NAME}); try again when it has finished, or pass --wait SECONDS"
            )
        time.sleep(0.05)
    # The file stays empty and untouched: the lock is the kernel's, not the file's content,
    # so an archive's bytes do not depend on who held it last.
    _HELD_LOCKS.add(fd)
    try:
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)  # still ours while locked; a waiter then retries on a new file
        os.close(fd)  # closing drops the lock


def _still_at(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


# --- reading ---------------------------------------------------------------------------------


def _open_no_follow(path: Path) -> int:
    # O_NONBLOCK: a FIFO swapped in after the scan must not hang the run.
    return os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)


def file_sha256(path: Path) -> str:
    """Checksum of a regular file; a symlink or anything else raises OSError."""
    fd = _open_no_follow(path)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        digest = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


class _Streamable(Exception):
    """A file too large to hold in memory but within the limit: to be streamed."""


def _read_regular(
    path: Path, limit: int | None = None, *, stream_above: int | None = None
) -> bytes:
    """A regular file's bytes without following a final symlink; ``limit`` caps the size.

    A file larger than ``stream_above`` (and within ``limit``) raises _Streamable unread.
    """
    fd = _open_no_follow(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(f"not a regular file ({_kind_of(info.st_mode)})")
        if limit is not None and info.st_size > limit:
            raise _Refused(_too_large(info.st_size, limit))
        if stream_above is not None and info.st_size > stream_above:
            raise _Streamable()
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:  # grew while we read it
                raise _Refused(_too_large(size, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size} bytes; the limit is {limit}, see --max-bytes)"


class _Refused(Exception):
    """A document is refused for the reason given; the run goes on."""


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _symlink_reason(path: Path, root_real: str) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        resolved = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOENT:
            return f"dangling symlink to {printable_name(target)}, not followed"
        return f"symlink loop ({printable_name(target)}), not followed"
    if not _inside(resolved, root_real):
        return f"symlink to {printable_name(target)}, outside the folder; not followed"
    return f"symlink to {printable_name(target)}, not followed (its target is archived itself)"


@dataclass(frozen=True)
class _Scan:
    files: tuple[str, ...]  # regular files, sorted POSIX paths relative to the root
    refused: tuple[tuple[str, str], ...]  # (path, why): symlinks, special files, unlistable


def _scan(root: Path) -> _Scan:
    """Walk ``root`` without following symlinks; hidden files and folders are skipped.

    os.scandir's entries carry their file type, so a large archive is listed without a
    stat call per file.
    """
    files: list[str] = []
    refused: list[tuple[str, str]] = []
    if not root.is_dir():
        return _Scan((), ())
    root_text = os.fspath(root)
    root_real = os.path.realpath(root)
    pending = [("", root_text)]
    while pending:
        prefix, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            refused.append((prefix.rstrip("/") or ".", f"cannot list folder ({exc.strerror})"))
            continue
        for entry in entries:
            if _is_hidden(entry.name):
                continue
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    refused.append((rel, _symlink_reason(Path(entry.path), root_real)))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((rel + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(rel)
                else:
                    kind = _kind_of(entry.stat(follow_symlinks=False).st_mode)
                    refused.append((rel, f"not a regular file ({kind})"))
            except OSError:
                continue  # gone since the folder was listed: nothing to archive
    return _Scan(tuple(sorted(files)), tuple(sorted(refused)))


def _walk_files(root: Path) -> Iterator[str]:
    yield from _scan(root).files


def raw_files(raw_dir: Path) -> list[str]:
    """The regular files raw/ holds (symlinks and special files are not documents)."""
    return list(_scan(Path(raw_dir)).files)


def _display(base: Path, path: Path) -> str:
    """``path`` relative to ``base``, with forward slashes (the manifest's form).

    Paths here are built by joining onto ``base``, so a prefix test usually answers;
    os.path.relpath, which resolves both paths against the working folder, is the fallback.
    """
    base_text, path_text = os.fspath(base), os.fspath(path)
    if base_text in ("", ".") and not os.path.isabs(path_text):
        rest = path_text
    elif path_text.startswith(base_text.rstrip(os.sep) + os.sep):
        rest = path_text[len(base_text.rstrip(os.sep)) + 1 :]
    else:
        rest = None
    if rest and ".." not in rest.split(os.sep) and "." not in rest.split(os.sep):
        return rest.replace(os.sep, "/")
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
    return _read_sidecar_data(path)[1]


def _read_sidecar_data(path: Path) -> tuple[bytes | None, dict | None]:
    """A sidecar's bytes and its record (None where unreadable or not a JSON object).

    For the skip check the record may hold only the fields it reads, found where
    sidecar_bytes() writes them; anything unexpected is parsed in full.
    """
    try:
        data = _read_regular(path)
    except (OSError, _Refused):
        return None, None
    quick = _skip_fields(data)
    if quick is not None:
        return data, quick
    try:
        record = json.loads(data)
    except ValueError:
        return data, None
    return data, record if isinstance(record, dict) else None


def _skip_fields(data: bytes) -> dict | None:
    """clean.sha256, source.sha256, versions.pipeline and whether there were repairs.

    Keys are sorted and JSON escapes every quote inside a string, so ``"sha256": "`` occurs
    exactly twice (clean, then source) and ``"pipeline": "`` once in a sidecar we wrote.
    """
    digests = [_hex_after(data, b'"sha256": "', start) for start in _all(data, b'"sha256": "')]
    pipeline = [_hex_after(data, b'"pipeline": "', start) for start in _all(data, b'"pipeline": "')]
    if len(digests) != 2 or len(pipeline) != 1 or None in digests or None in pipeline:
        return None
    if b'\n  "repairs": []' in data:
        repairs: list = []
    elif b'\n  "repairs": [\n' in data:
        repairs = [True]
    else:
        return None
    return {
        "clean": {"sha256": digests[0]},
        "source": {"sha256": digests[1]},
        "versions": {"pipeline": pipeline[0]},
        "repairs": repairs,
    }


def _all(data: bytes, needle: bytes) -> list[int]:
    found = []
    start = data.find(needle)
    while start != -1 and len(found) < 3:
        found.append(start)
        start = data.find(needle, start + 1)
    return found


def _hex_after(data: bytes, needle: bytes, start: int) -> str | None:
    value = data[start + len(needle) : start + len(needle) + 65]
    if (
        len(value) != 65
        or value[64:] != b'"'
        or not _SHA256_HEX.fullmatch(value[:64].decode("latin-1"))
    ):
        return None
    return value[:64].decode("ascii")


def _nested(record: object, *keys: str) -> object:
    """``record[k1][k2]...`` or None; a tampered sidecar may hold anything anywhere."""
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _reserved_reason(rel: str) -> str | None:
    if _fold(rel) == _fold(MANIFEST_NAME):
        return "its name is the manifest's"
    if rel.endswith(SIDECAR_SUFFIX):
        return f"names ending in {SIDECAR_SUFFIX} are reserved for sidecars"
    return None


def _fold(name: str) -> str:
    """The key under which case-insensitive, normalising file systems (macOS, Windows) store
    ``name``: two clean paths with one key would be one file there."""
    return unicodedata.normalize("NFC", name).casefold()


def _collisions(files: Iterable[str], base: Path, raw_dir: Path) -> dict[str, str]:
    """Refusal reasons for raw files whose clean paths would coincide with another's."""
    claims: dict[str, list[tuple[str, str]]] = {}  # fold key -> [(raw rel, clean rel)]
    reserved: list[str] = []
    for rel in files:
        if _reserved_reason(rel) is not None:
            reserved.append(rel)
            continue
        for out in (rel, rel + SIDECAR_SUFFIX):
            claims.setdefault(_fold(out), []).append((rel, out))
    reasons: dict[str, str] = {}

    def raw_name(rel: str) -> str:
        return printable_name(_display(base, raw_dir / rel))

    for owners in claims.values():
        if len({rel for rel, _out in owners}) < 2:
            continue
        for rel, out in owners:
            others = sorted({other for other, _ in owners if other != rel})
            reasons[rel] = (
                f"not archived: clean/{printable_name(out)} would be the same file as the clean"
                f" output of {', '.join(raw_name(o) for o in others)} on case-insensitive file"
                " systems (the names differ only in case or Unicode form)"
            )
    for rel in reserved:
        for owner, out in claims.get(_fold(rel), []):
            if out == rel:
                what = "sidecar" if out.endswith(SIDECAR_SUFFIX) else "clean copy"
            else:
                what = "sidecar (on case-insensitive file systems)"
            reasons[rel] = (
                f"not archived: clean/{printable_name(rel)} would be both its clean copy and"
                f" the {what} of {raw_name(owner)}"
            )
    return reasons


# --- the pipeline fingerprint --------------------------------------------------------------------

# Modules that never touch a document's bytes; changing them must not rebuild an archive.
_NOT_PIPELINE = frozenset({"cli.py", "__main__.py"})
_NOT_PIPELINE_PACKAGES = frozenset({"hooks"})


def pipeline_fingerprint() -> str:
    """sha256 over textkeep's own pipeline sources and the versions of the libraries it uses.

    A document is rebuilt when this changes, so a repair-rule fix reaches the archive even
    when textkeep's version number did not move.
    """
    import textkeep
    from textkeep.pipeline import versions

    package = Path(textkeep.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel.as_posix() in _NOT_PIPELINE or rel.parts[0] in _NOT_PIPELINE_PACKAGES:
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name, version in sorted(versions().items()):
        if name != "textkeep":
            digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


# --- archive ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentOutcome:
    path: str  # relative to raw/
    status: str  # "new", "updated", "unchanged", "refused"
    repaired: bool = False
    reason: str = ""
    display: str = ""  # the raw path as errors name it (relative to clean/'s parent)


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


def _unchanged(
    raw_sha: str, clean_path: Path, sidecar: dict | None, fingerprint: str
) -> str | None:
    """The clean file's digest if the document needs no work (same raw bytes, same pipeline,
    clean text as recorded), else None."""
    if sidecar is None:
        return None
    try:
        recorded_raw = sidecar["source"]["sha256"]
        recorded_pipeline = sidecar["versions"]["pipeline"]
        recorded_clean = sidecar["clean"]["sha256"]
    except (KeyError, TypeError):
        return None
    if recorded_raw != raw_sha or recorded_pipeline != fingerprint:
        return None
    try:
        digest = file_sha256(clean_path)
    except OSError:
        return None
    return digest if digest == recorded_clean else None


def _was_repaired(sidecar: dict | None) -> bool:
    return bool(sidecar and sidecar.get("repairs"))


def _check_roots(raw_dir: Path, clean_dir: Path) -> None:
    if clean_dir.is_symlink():
        raise ArchiveError(
            f"{clean_dir}: is a symlink (to {os.readlink(clean_dir)}); refusing to write through"
            " it: give the real folder instead"
        )
    if clean_dir.exists() and not clean_dir.is_dir():
        raise ArchiveError(f"{clean_dir}: not a folder")
    raw_real, clean_real = os.path.realpath(raw_dir), os.path.realpath(clean_dir)
    if _inside(clean_real, raw_real) or _inside(raw_real, clean_real):
        raise ArchiveError(
            f"{clean_dir}: overlaps {raw_dir}; raw/ and clean/ must be separate folders"
        )


class _Writer:
    """Writes inside clean/ only: never through a symlinked or non-folder path component."""

    def __init__(self, clean_dir: Path, base: Path) -> None:
        self.clean_dir = clean_dir
        self.base = base
        self._checked: set[Path] = set()
        # Files written but not yet forced to disk. One sync before the manifest costs far
        # less than an fsync of every file and its folder (half the run time on 10,000 small
        # documents); until the manifest lists them, a power cut only costs a rebuild.
        self.unsynced = False

    def sync(self) -> None:
        if self.unsynced and hasattr(os, "sync"):
            os.sync()
        self.unsynced = False

    def check(self, target: Path, *, target_too: bool = True) -> None:
        """Refuse writing ``target`` through a symlinked or non-folder path component, or
        onto a folder (that last check only with ``target_too``)."""
        folder = target.parent
        chain: list[Path] = []
        while folder != self.clean_dir and folder not in self._checked:
            chain.append(folder)
            folder = folder.parent
        for folder in reversed(chain):
            try:
                mode = os.lstat(folder).st_mode
            except FileNotFoundError:
                continue  # created by atomic_write
            name = printable_name(_display(self.base, folder))
            if stat.S_ISLNK(mode):
                raise _Refused(f"{name} is a symlink; not writing through it")
            if not stat.S_ISDIR(mode):
                raise _Refused(f"{name} is a file where a folder is needed")
            self._checked.add(folder)
        if not target_too:
            return
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISDIR(mode):
            name = printable_name(_display(self.base, target))
            raise _Refused(f"{name} is a folder where the clean file belongs")

    def write_stream(
        self, target: Path, produce: Callable[[Callable[[bytes], object]], T]
    ) -> T:
        """:func:`atomic_write_stream` for one file of the archive, synced with the rest;
        OSError reaches the caller, which knows what the file was."""
        self.unsynced = True
        return atomic_write_stream(target, produce, durable=False)

    def write(self, target: Path, data: bytes, *, durable: bool = False) -> None:
        """Write one file of the archive; not ``durable`` until :meth:`sync` (the manifest
        is written durably, after a sync, so everything it lists is on disk)."""
        self.unsynced = self.unsynced or not durable
        try:
            atomic_write(target, data, durable=durable)
        except OSError as exc:
            name = printable_name(_display(self.base, target))
            if exc.errno in _FATAL_WRITE_ERRORS:
                raise ArchiveError(
                    f"{name}: cannot write ({exc.strerror}); stopped, the manifest is unchanged"
                ) from exc
            raise _Refused(f"cannot write {name} ({exc.strerror})") from exc


@dataclass(frozen=True)
class _Deferred:
    rel: str
    name: str  # the raw path as the sidecar records it
    status: str
    data: bytes


@dataclass
class _Run:
    raw_dir: Path
    clean_dir: Path
    encoding: str | None
    max_bytes: int
    progress: Callable[[str], None] | None
    # Processes for one large file's pieces (the pool for whole documents is separate).
    jobs: int | None = 1
    fingerprint: str = ""
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    # Documents whose pipeline work is handed to the pool; the parent writes them in order.
    deferred: deque[_Deferred] | None = None
    manifest: dict[str, str] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.base = self.clean_dir.parent
        self.writer = _Writer(self.clean_dir, self.base)
        self.fingerprint = pipeline_fingerprint()

    def refuse(self, rel: str, reason: str) -> None:
        display = _display(self.base, self.raw_dir / rel)
        self.outcomes.append(DocumentOutcome(rel, "refused", reason=reason, display=display))

    def document(self, rel: str, collision: str | None = None) -> None:
        """Archive raw/<rel>, or record why not; an ArchiveError stops the run."""
        from textkeep.decode import DecodeError, NotTextError
        from textkeep.pipeline import process_document

        raw_path = self.raw_dir / rel
        raw_display = _display(self.base, raw_path)
        if self.progress is not None:
            self.progress(rel)
        from textkeep.stream import LARGE_FILE_BYTES

        try:
            data = _read_regular(raw_path, self.max_bytes, stream_above=LARGE_FILE_BYTES)
        except _Streamable:
            if not self.streamed(rel, raw_path, raw_display, collision):
                self.present.add(rel)
                self.refuse(rel, "changed while being read")
            return
        except FileNotFoundError:
            # Gone since the scan: its old clean copy, if any, is kept like any missing raw's.
            self.refuse(rel, "vanished during the run")
            return
        except _Refused as exc:
            self.present.add(rel)
            self.refuse(rel, str(exc))
            return
        except OSError as exc:
            self.present.add(rel)
            self.refuse(rel, f"cannot read ({exc.strerror})")
            return
        self.present.add(rel)
        raw_sha = hashlib.sha256(data).hexdigest()
        self.manifest[raw_display] = raw_sha  # refused files too: sha256sum -c covers raw/
        reason = collision
        if reason is None and (reserved := _reserved_reason(rel)) is not None:
            reason = f"not archived ({reserved})"
        if reason is None and not data:
            reason = "empty file (nothing to archive; its checksum is in the manifest)"
        if reason is not None:
            self.refuse(rel, reason)
            return

        clean_path = self.clean_dir / rel
        sidecar_path = self.clean_dir / (rel + SIDECAR_SUFFIX)
        try:
            # Folders first: nothing is read through a symlinked one. A folder or other
            # non-file at either target fails the unchanged test below and is refused after.
            self.writer.check(clean_path, target_too=False)
            self.writer.check(sidecar_path, target_too=False)
        except _Refused as exc:
            self.refuse(rel, str(exc))
            return
        sidecar_data, sidecar = _read_sidecar_data(sidecar_path)
        clean_sha = _unchanged(raw_sha, clean_path, sidecar, self.fingerprint)
        if clean_sha is not None and sidecar_data is not None:
            # Unchanged: the bytes just read give both digests, nothing is read twice.
            self.outcomes.append(
                DocumentOutcome(
                    rel, "unchanged", repaired=_was_repaired(sidecar), display=raw_display
                )
            )
            self.manifest[_display(self.base, clean_path)] = clean_sha
            self.manifest[_display(self.base, sidecar_path)] = hashlib.sha256(
                sidecar_data
            ).hexdigest()
            return
        try:
            self.writer.check(clean_path)
            self.writer.check(sidecar_path)
        except _Refused as exc:
            self.refuse(rel, str(exc))
            return
        if self.deferred is not None:
            status = "updated" if clean_path.exists() or sidecar_path.exists() else "new"
            self.deferred.append(_Deferred(rel, raw_display, status, data))
            return
        else:
            try:
                processed = process_document(raw_display, data, encoding=self.encoding)
            except (NotTextError, DecodeError) as exc:
                self.refuse(rel, str(exc))
                return
            except Exception as exc:  # one bad document must not cost the others
                self.refuse(rel, f"internal error ({type(exc).__name__}: {exc}); please report")
                return
            status = "updated" if clean_path.exists() or sidecar_path.exists() else "new"
            self.store(rel, raw_display, status, processed.metadata, processed.clean_text)

    def store(self, rel: str, display: str, status: str, record: dict, clean_text: str) -> None:
        """Write a processed document's sidecar and clean text, and enter both in the manifest."""
        clean_path = self.clean_dir / rel
        sidecar_path = self.clean_dir / (rel + SIDECAR_SUFFIX)
        record["versions"] = {**record["versions"], "pipeline": self.fingerprint}
        sidecar_data = sidecar_bytes(record)
        clean_data = clean_text.encode("utf-8")
        # Sidecar first: a killed run leaves a sidecar ahead of its clean text, which verify
        # recognises, never a new clean text under an old sidecar.
        try:
            self.writer.write(sidecar_path, sidecar_data)
            self.writer.write(clean_path, clean_data)
        except _Refused as exc:
            self.refuse(rel, str(exc))
            return
        self.outcomes.append(
            DocumentOutcome(rel, status, repaired=bool(record["repairs"]), display=display)
        )
        self.manifest[_display(self.base, clean_path)] = hashlib.sha256(clean_data).hexdigest()
        self.manifest[_display(self.base, sidecar_path)] = hashlib.sha256(sidecar_data).hexdigest()

    def streamed(self, rel: str, raw_path: Path, raw_display: str, collision: str | None) -> bool:
        """Archive a large regular file in bounded memory; False: not large, use the usual path."""
        from textkeep.decode import DecodeError, NotTextError
        from textkeep.stream import LARGE_FILE_BYTES, process_stream

        try:
            info = os.lstat(raw_path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or not LARGE_FILE_BYTES < info.st_size <= self.max_bytes:
            return False
        self.present.add(rel)
        reason = collision
        if reason is None and (reserved := _reserved_reason(rel)) is not None:
            reason = f"not archived ({reserved})"
        clean_path = self.clean_dir / rel
        sidecar_path = self.clean_dir / (rel + SIDECAR_SUFFIX)
        sidecar = None
        if reason is None:
            try:
                self.writer.check(clean_path)
                self.writer.check(sidecar_path)
            except _Refused as exc:
                reason = str(exc)
            else:
                sidecar = _read_sidecar(sidecar_path)
        try:
            if sidecar is not None or reason:
                raw_sha: str | None = file_sha256(raw_path)
            else:
                # Nothing to compare with: the stream hashes the raw bytes as it reads them,
                # which spares a whole extra pass over a large file. Only check it opens.
                os.close(_open_no_follow(raw_path))
                raw_sha = None
        except OSError as exc:
            self.refuse(rel, f"cannot read ({exc.strerror})")
            return True
        if raw_sha is not None:
            self.manifest[raw_display] = raw_sha
        try:
            if reason is not None:
                raise _Refused(reason)
            clean_sha = _unchanged(raw_sha or "", clean_path, sidecar, self.fingerprint)
            if clean_sha:
                status, repaired = "unchanged", _was_repaired(sidecar)
            else:
                status = "updated" if clean_path.exists() or sidecar_path.exists() else "new"

                def produce(write: Callable[[bytes], object]) -> dict:
                    with os.fdopen(_open_no_follow(raw_path), "rb") as source:
                        record = process_stream(
                            raw_display, source, write, encoding=self.encoding, jobs=self.jobs
                        )
                    record["versions"] = {**record["versions"], "pipeline": self.fingerprint}
                    # Sidecar first, as for every document: the clean file is renamed after.
                    self.writer.write(sidecar_path, sidecar_bytes(record))
                    return record

                try:
                    record = self.writer.write_stream(clean_path, produce)
                except OSError as exc:
                    if exc.errno in _FATAL_WRITE_ERRORS:
                        raise ArchiveError(f"{raw_display}: cannot write ({exc.strerror})") from exc
                    raise _Refused(f"cannot write its clean copy ({exc.strerror})") from exc
                repaired = bool(record["repairs"])
                # Hashed on the way; reading hundreds of megabytes back would cost more.
                clean_sha = record["clean"]["sha256"]
                self.manifest[raw_display] = record["source"]["sha256"]
        except (_Refused, NotTextError, DecodeError) as exc:
            if raw_sha is None:  # refused files keep their checksum in the manifest too
                with contextlib.suppress(OSError):
                    self.manifest[raw_display] = file_sha256(raw_path)
            self.refuse(rel, str(exc))
            return True
        self.outcomes.append(DocumentOutcome(rel, status, repaired=repaired, display=raw_display))
        self.manifest[_display(self.base, clean_path)] = clean_sha
        self.manifest[_display(self.base, sidecar_path)] = file_sha256(sidecar_path)
        return True

    def pooled(
        self,
        files: Iterable[str],
        collisions: dict[str, str],
        jobs: int | None,
        runner: Runner | None = None,
    ) -> None:
        """Archive ``files`` with the pipeline on ``jobs`` processes, or on ``runner``."""
        from textkeep.parallel import process_pairs

        self.deferred = deque()
        in_order: deque[_Deferred] = deque()

        def work() -> Iterator[tuple[str, bytes]]:
            for rel in files:
                self.document(rel, collisions.get(rel))
                while self.deferred:
                    job = self.deferred.popleft()
                    in_order.append(job)
                    yield job.name, job.data

        if runner is None:
            results = process_pairs(work(), encoding=self.encoding, jobs=jobs)
        else:
            results = runner(work(), self.encoding)
        for result in results:
            self.finish(in_order.popleft(), result)

    def finish(self, job: _Deferred, result: DocumentResult) -> None:
        if result.refusal is not None or result.metadata is None or result.clean_text is None:
            self.refuse(job.rel, result.refusal or "internal error (no result); please report")
            return
        self.store(job.rel, job.name, job.status, result.metadata, result.clean_text)

    def write_manifest(self) -> bool:
        data = manifest_bytes(self.manifest)
        path = self.clean_dir / MANIFEST_NAME
        self.writer.sync()
        try:
            if _read_regular(path) == data:
                return False
        except (OSError, _Refused):
            pass
        try:
            self.writer.write(path, data, durable=True)
        except _Refused as exc:
            raise ArchiveError(str(exc)) from None
        return True


def archive(
    raw_dir: Path,
    clean_dir: Path,
    *,
    prune: bool = False,
    encoding: str | None = None,
    progress: Callable[[str], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    wait: float = 0.0,
    jobs: int | None = 1,
    runner: Runner | None = None,
) -> ArchiveReport:
    """Bring clean/ up to date with raw/; see the module docstring for the layout.

    ``jobs`` processes run the pipeline (``None``: all cores); the files written are the same
    for any number (see :mod:`textkeep.parallel`). ``runner`` hands the pipeline to another
    engine (Dask, Spark, Ray): it gets the (name, bytes) of every document that needs work
    and the encoding setting, and returns :func:`textkeep.pipeline.process_or_refuse`'s
    results in the same order; this run still decides what is unchanged and writes clean/.

    Raises :class:`ArchiveError` when the run cannot start (clean/ a symlink, locked by another
    run) or must stop (disk full); documents that cannot be archived are reported, not raised.
    """
    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    _check_roots(raw_dir, clean_dir)
    try:
        clean_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"{clean_dir}: cannot create ({exc.strerror})") from None
    with archive_lock(clean_dir, wait=wait):
        return _archive_locked(
            raw_dir, clean_dir, prune, encoding, progress, max_bytes, jobs, runner
        )


def _archive_locked(
    raw_dir: Path,
    clean_dir: Path,
    prune: bool,
    encoding: str | None,
    progress: Callable[[str], None] | None,
    max_bytes: int,
    jobs: int | None = 1,
    runner: Runner | None = None,
) -> ArchiveReport:
    _remove_stale_temps(clean_dir)
    run = _Run(raw_dir, clean_dir, encoding, max_bytes, progress, jobs)
    base = run.base
    scan = _scan(raw_dir)
    for rel, reason in scan.refused:
        run.refuse(rel, reason)
    collisions = _collisions(scan.files, base, raw_dir)
    if jobs == 1 and runner is None:
        for rel in scan.files:
            run.document(rel, collisions.get(rel))
    else:
        run.pooled(scan.files, collisions, jobs, runner)

    missing: list[str] = []
    pruned: list[str] = []
    for rel in _clean_documents(clean_dir):
        if rel in run.present:
            continue
        clean_path = clean_dir / rel
        sidecar_path = clean_dir / (rel + SIDECAR_SUFFIX)
        try:
            run.writer.check(clean_path)
        except _Refused:
            continue  # under a symlinked folder: not ours to prune or vouch for
        if prune:
            # Clean text first: a sidecar left by a killed prune still lists the document,
            # so the next prune finishes it.
            for path in (clean_path, sidecar_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            _remove_empty_folders(clean_path.parent, clean_dir)
            pruned.append(_display(base, raw_dir / rel))
            continue
        missing.append(_display(base, raw_dir / rel))
        # Kept copies stay covered by the manifest so sha256sum -c still checks them.
        for path in (clean_path, sidecar_path):
            with contextlib.suppress(OSError):
                run.manifest[_display(base, path)] = file_sha256(path)

    written = run.write_manifest()
    outcomes = sorted(run.outcomes, key=lambda d: d.path)
    return ArchiveReport(tuple(outcomes), tuple(missing), tuple(pruned), written, base)


def _valid_relative(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts


def archive_paths(
    raw_dir: Path,
    clean_dir: Path,
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    wait: float = 0.0,
) -> ArchiveReport:
    """Bring the clean/ entries of some raw files and their manifest lines up to date.

    ``paths`` are relative to ``raw_dir`` (POSIX form). Only those documents are read and only
    their manifest lines change, so the cost does not grow with the archive: this is what the
    pre-commit hook runs when a commit adds a few raw files to an archive of thousands. Without
    a readable manifest there is nothing to update, so the whole archive is rebuilt instead.
    """
    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    manifest_path = clean_dir / MANIFEST_NAME
    try:
        manifest, malformed = read_manifest(manifest_path)
    except (OSError, UnicodeDecodeError):
        malformed = [0]
    if malformed:
        return archive(raw_dir, clean_dir, encoding=encoding, max_bytes=max_bytes, wait=wait)
    _check_roots(raw_dir, clean_dir)
    with archive_lock(clean_dir, wait=wait):
        run = _Run(raw_dir, clean_dir, encoding, max_bytes, None)
        run.manifest.update(manifest)
        raw_real = os.path.realpath(raw_dir)
        for rel in sorted(set(paths)):
            path = raw_dir / rel
            if not _valid_relative(rel):
                run.refuse(rel, "not a path inside the raw folder")
            elif path.is_symlink():
                run.refuse(rel, _symlink_reason(path, raw_real))
            elif not _inside(os.path.realpath(path.parent), raw_real):
                run.refuse(rel, "inside a symlinked folder, not followed")
            else:
                run.document(rel)
        written = run.write_manifest()
        outcomes = sorted(run.outcomes, key=lambda d: d.path)
        return ArchiveReport(tuple(outcomes), (), (), written, run.base)


def _remove_empty_folders(folder: Path, stop: Path) -> None:
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _manifest_line(path: str, digest: str) -> str:
    if any(c in path for c in "\\\n\r"):
        escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {path}\n"


def manifest_bytes(entries: dict[str, str]) -> bytes:
    text = "".join(_manifest_line(path, entries[path]) for path in sorted(entries))
    # Names that are not UTF-8 go back to their own bytes, so sha256sum -c finds the files.
    return text.encode("utf-8", "surrogateescape")


# --- verify ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyReport:
    problems: tuple[tuple[str, str], ...]  # (kind, display path), kinds: missing, extra, stale,
    # altered, malformed
    documents: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _unescape(name: str) -> str | None:
    out: list[str] = []
    chars = iter(name)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        if following not in ("\\", "n", "r"):
            return None
        out.append({"\\": "\\", "n": "\n", "r": "\r"}[following])
    return "".join(out)


# One regex match per line: the archive hook reads a manifest of tens of thousands of lines on
# every commit, and a per-character check costs it a noticeable part of its time budget.
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def read_manifest(path: Path) -> tuple[dict[str, str], list[int]]:
    """Entries by path, and the line numbers that are not ``<sha256>  <path>``."""
    entries: dict[str, str] = {}
    malformed: list[int] = []
    text = _read_regular(path).decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        escaped = line.startswith("\\")
        digest, sep, name = line[escaped:].partition("  ")
        if escaped and name:
            name = _unescape(name)
        if not sep or not name or _SHA256_HEX.fullmatch(digest) is None:
            malformed.append(number)
            continue
        entries[name] = digest
    return entries, malformed


def verify(raw_dir: Path, clean_dir: Path) -> VerifyReport:
    """Check every file against the manifest and every document against its sidecar."""
    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    base = clean_dir.parent
    manifest_path = clean_dir / MANIFEST_NAME
    manifest_display = _display(base, manifest_path)
    problems: list[tuple[str, str]] = []
    if not manifest_path.is_file():
        return VerifyReport((("missing", manifest_display),), 0)
    try:
        entries, malformed = read_manifest(manifest_path)
    except (OSError, _Refused):
        return VerifyReport((("malformed", manifest_display),), 0)
    problems += [("malformed", f"{manifest_display} line {n}") for n in malformed]

    # A tampered manifest could name any file on the machine; only raw/ and clean/ are read.
    roots = [os.path.abspath(raw_dir), os.path.abspath(clean_dir)]
    for display in sorted(entries):
        where = os.path.normpath(os.path.join(os.path.abspath(base), display))
        if not any(_inside(where, root) and where != root for root in roots):
            problems.append(("malformed", f"{manifest_display} entry {printable_name(display)}"))
            del entries[display]

    real_roots = [os.path.realpath(raw_dir), os.path.realpath(clean_dir)]
    actual: dict[str, str | None] = {}

    def sha_of(display: str) -> str | None:
        if display not in actual:
            path = base / display
            actual[display] = None
            if any(_inside(os.path.realpath(path.parent), root) for root in real_roots):
                with contextlib.suppress(OSError):
                    actual[display] = file_sha256(path)
        return actual[display]

    raw_scan = _scan(raw_dir)
    raw_present = {_display(base, raw_dir / rel) for rel in raw_scan.files}
    clean_scan = _scan(clean_dir)
    clean_present = {
        _display(base, clean_dir / rel)
        for rel in (*clean_scan.files, *(rel for rel, _why in clean_scan.refused))
        if rel != MANIFEST_NAME
    }
    explained: set[str] = set()  # files accounted for by a stale or new raw file

    # A raw file that changed (or appeared) after the manifest was written may already have a
    # sidecar (and clean copy) from an interrupted run; a sidecar naming the raw file's current
    # checksum is the next manifest's entry, not damage, and so is a clean copy it vouches for.
    for raw_display in sorted(raw_present):
        expected = entries.get(raw_display)
        current = sha_of(raw_display)
        if expected == current:
            continue
        rel = Path(os.path.relpath(base / raw_display, raw_dir)).as_posix()
        clean_display = _display(base, clean_dir / rel)
        sidecar_display = _display(base, clean_dir / (rel + SIDECAR_SUFFIX))
        sidecar = _read_sidecar(base / sidecar_display)
        sidecar_listed = entries.get(sidecar_display)
        if (
            sidecar_listed is not None
            and sidecar_listed == sha_of(sidecar_display)
            and _nested(sidecar, "source", "sha256") == current
        ):
            # The raw file is the one the archived sidecar records: its manifest line changed.
            kind = "altered" if expected is not None else "missing"
            problems.append((kind, f"{manifest_display} entry {raw_display}"))
            continue
        problems.append(("stale" if expected is not None else "extra", raw_display))
        if sidecar is not None and _nested(sidecar, "source", "sha256") == current:
            explained.add(sidecar_display)
            if _nested(sidecar, "clean", "sha256") == sha_of(clean_display):
                explained.add(clean_display)

    for display in sorted(entries):
        if display in explained or (display in raw_present and entries[display] != sha_of(display)):
            continue
        current = sha_of(display)
        if current is None:
            exists = os.path.lexists(base / display)
            problems.append(("altered" if exists else "missing", display))
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
        recorded = _nested(sidecar, "clean", "sha256")
        if recorded is None:
            problems.append(("altered", sidecar_display))
            continue  # an unreadable sidecar says nothing about its raw file
        if sha_of(clean_display) is not None and recorded != sha_of(clean_display):
            problems.append(("altered", clean_display))
        raw_display = _display(base, raw_dir / rel)
        recorded_raw = _nested(sidecar, "source", "sha256")
        raw_sha = sha_of(raw_display) if raw_display in raw_present else None
        if raw_sha is not None and recorded_raw != raw_sha:
            problems.append(("stale", raw_display))

    return VerifyReport(tuple(sorted(set(problems), key=_problem_order)), documents)


def _problem_order(problem: tuple[str, str]) -> tuple[str, str]:
    return problem[1], problem[0]
