from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkeep.archive import MANIFEST_NAME, archive, atomic_write, verify

DOCS = {
    "a.txt": b"First document.\r\nSecond line.  \r\n",
    "sub/b.txt": "Grüße aus Köln, schöne Straße.\n".encode("cp1252"),
    "sub/deeper/c.md": "# StepFun (Èò∂Ë∑ÉÊòüËæ∞)\n\nMojibake title.\n".encode(),
    # Blank, not empty: an empty raw file is refused (tests/test_reliability.py).
    "empty.txt": b" \r\n",
}


def make_raw(root: Path, docs: dict[str, bytes] = DOCS) -> Path:
    raw = root / "raw"
    for rel, data in docs.items():
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return raw


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_layout_sidecars_and_manifest(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    report = archive(raw, tmp_path / "clean")
    assert report.summary() == (
        "archived 4 documents: 4 new, 0 updated, 0 unchanged, 1 repaired, 0 refused"
    )
    files = snapshot(tmp_path / "clean")
    assert files["a.txt"] == b"First document.\nSecond line.\n"
    assert files["sub/b.txt"] == "Grüße aus Köln, schöne Straße.\n".encode()
    assert files["empty.txt"] == b""
    sidecar_bytes = files["sub/b.txt.meta.json"]
    record = json.loads(sidecar_bytes)
    assert (
        sidecar_bytes
        == (json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
    )
    assert record["source"]["path"] == "raw/sub/b.txt"
    assert record["decode"]["encoding"] == "cp1252"
    manifest = files[MANIFEST_NAME].decode().splitlines()
    paths = [line.split("  ", 1)[1] for line in manifest]
    assert paths == sorted(paths)
    assert set(paths) == {f"raw/{rel}" for rel in DOCS} | {f"clean/{rel}" for rel in DOCS} | {
        f"clean/{rel}.meta.json" for rel in DOCS
    }


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
def test_sha256sum_checks_the_archive_without_textkeep(tmp_path: Path) -> None:
    from conftest import sha256sum_check

    archive(make_raw(tmp_path), tmp_path / "clean")
    done = sha256sum_check(tmp_path, f"clean/{MANIFEST_NAME}")
    assert done.returncode == 0, done.stdout + done.stderr


def test_two_runs_are_byte_identical_and_the_second_changes_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    archive(make_raw(first), first / "clean")
    archive(make_raw(second), second / "clean")
    assert snapshot(first / "clean") == snapshot(second / "clean")

    before = {p: p.stat().st_mtime_ns for p in (first / "clean").rglob("*") if p.is_file()}
    report = archive(first / "raw", first / "clean")
    after = {p: p.stat().st_mtime_ns for p in (first / "clean").rglob("*") if p.is_file()}
    assert report.count("unchanged") == len(DOCS)
    assert report.manifest_written is False
    assert before == after, "an unchanged archive must not be rewritten"


def test_changed_raw_file_is_updated(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    archive(raw, tmp_path / "clean")
    (raw / "a.txt").write_bytes(b"New text.\n")
    report = archive(raw, tmp_path / "clean")
    statuses = {d.path: d.status for d in report.documents}
    assert statuses["a.txt"] == "updated"
    assert statuses["sub/b.txt"] == "unchanged"
    assert (tmp_path / "clean" / "a.txt").read_bytes() == b"New text.\n"
    assert verify(raw, tmp_path / "clean").ok


def test_tampered_clean_file_is_regenerated(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    archive(raw, tmp_path / "clean")
    (tmp_path / "clean" / "a.txt").write_bytes(b"tampered\n")
    report = archive(raw, tmp_path / "clean")
    assert {d.path: d.status for d in report.documents}["a.txt"] == "updated"
    assert (tmp_path / "clean" / "a.txt").read_bytes() == b"First document.\nSecond line.\n"


def test_disappeared_raw_keeps_clean_copy_until_pruned(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    clean = tmp_path / "clean"
    archive(raw, clean)
    (raw / "sub" / "deeper" / "c.md").unlink()
    report = archive(raw, clean)
    assert report.missing_raw == ("raw/sub/deeper/c.md",)
    assert (clean / "sub" / "deeper" / "c.md").exists()
    assert verify(raw, clean).ok, "the kept copy stays covered by the manifest"

    report = archive(raw, clean, prune=True)
    assert report.pruned == ("raw/sub/deeper/c.md",)
    assert not (clean / "sub" / "deeper").exists()
    assert "c.md" not in (clean / MANIFEST_NAME).read_text()
    assert verify(raw, clean).ok


def test_no_temp_files_are_left(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    archive(raw, tmp_path / "clean")
    leftovers = [p for p in tmp_path.rglob("*") if "tmp" in p.name]
    assert leftovers == []


def test_atomic_write_replaces_and_cleans_up_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.txt"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, b"three")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_documents_are_synced_once_before_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A power cut must never leave a manifest listing files that are not on disk, but an
    # fsync per file (and per folder) costs more than cleaning a small document.
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "sync", lambda: events.append("sync"))
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])

    def replace(source: object, target: object) -> None:
        events.append("manifest" if str(target).endswith(MANIFEST_NAME) else "document")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    raw = make_raw(tmp_path)
    archive(raw, tmp_path / "clean")
    assert events.count("document") >= 4
    first_sync = events.index("sync")
    assert events.count("sync") == 1
    assert "fsync" not in events[:first_sync]
    assert events.index("manifest") > first_sync
    assert events[first_sync:].count("fsync") >= 1  # the manifest itself
    events.clear()
    archive(raw, tmp_path / "clean")  # nothing changed: nothing written, nothing synced
    assert "sync" not in events and "document" not in events


def test_raw_is_never_written(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    before = snapshot(raw)
    for path in raw.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    raw.chmod(0o555)
    try:
        report = archive(raw, tmp_path / "clean")
    finally:
        for path in [raw, *raw.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert report.count("new") == len(DOCS)
    assert snapshot(raw) == before


def test_refused_files_are_reported_and_the_rest_archived(tmp_path: Path) -> None:
    docs = dict(DOCS)
    docs["image.png"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    docs["zeros.txt"] = b"\x00" * 256
    raw = make_raw(tmp_path, docs)
    (raw / "folder.txt").mkdir()  # a directory with a text-like name is no document
    (raw / "folder.txt" / "inner.txt").write_bytes(b"inside\n")
    (raw / ".hidden.txt").write_bytes(b"secret\n")
    (raw / ".git").mkdir()
    (raw / ".git" / "config").write_bytes(b"x\n")
    report = archive(raw, tmp_path / "clean")
    refused = {d.path: d.reason for d in report.refused}
    assert refused == {
        "image.png": "not text (PNG image)",
        "zeros.txt": "not text (contains NUL bytes)",
    }
    assert (tmp_path / "clean" / "folder.txt" / "inner.txt").read_bytes() == b"inside\n"
    assert not (tmp_path / "clean" / ".hidden.txt").exists()
    assert not (tmp_path / "clean" / ".git").exists()
    assert report.count("new") == len(DOCS) + 1
    # Refused raw files are still checksummed, so sha256sum -c covers all of raw/.
    assert "raw/image.png" in (tmp_path / "clean" / MANIFEST_NAME).read_text()
    assert verify(raw, tmp_path / "clean").ok


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    (raw / "locked.txt").write_bytes(b"locked\n")
    (raw / "locked.txt").chmod(0)
    try:
        report = archive(raw, tmp_path / "clean")
    finally:
        (raw / "locked.txt").chmod(0o644)
    assert {d.path for d in report.refused} == {"locked.txt"}
    assert "cannot read" in report.refused[0].reason


# --- verify ----------------------------------------------------------------------------------


@pytest.fixture
def archived(tmp_path: Path) -> tuple[Path, Path]:
    raw = make_raw(tmp_path)
    archive(raw, tmp_path / "clean")
    assert verify(raw, tmp_path / "clean").ok
    return raw, tmp_path / "clean"


def test_verify_ok_counts_documents(archived: tuple[Path, Path]) -> None:
    report = verify(*archived)
    assert report.ok
    assert report.documents == len(DOCS)


def test_verify_detects_edited_clean_file(archived: tuple[Path, Path]) -> None:
    raw, clean = archived
    (clean / "a.txt").write_bytes(b"edited\n")
    assert verify(raw, clean).problems == (("altered", "clean/a.txt"),)


def test_verify_detects_edited_raw_file(archived: tuple[Path, Path]) -> None:
    raw, clean = archived
    (raw / "sub" / "b.txt").write_bytes(b"changed since archived\n")
    assert verify(raw, clean).problems == (("stale", "raw/sub/b.txt"),)


def test_verify_detects_edited_sidecar(archived: tuple[Path, Path]) -> None:
    raw, clean = archived
    sidecar = clean / "a.txt.meta.json"
    sidecar.write_bytes(sidecar.read_bytes().replace(b'"schema": 1', b'"schema": 2'))
    assert verify(raw, clean).problems == (("altered", "clean/a.txt.meta.json"),)


def test_verify_detects_edited_manifest(archived: tuple[Path, Path]) -> None:
    raw, clean = archived
    manifest = clean / MANIFEST_NAME
    lines = manifest.read_text().splitlines(keepends=True)
    entry = next(i for i, line in enumerate(lines) if line.endswith("  clean/a.txt\n"))
    lines[entry] = "0" * 64 + "  clean/a.txt\n"
    lines.append("this is not a manifest line\n")
    manifest.write_text("".join(lines))
    problems = verify(raw, clean).problems
    assert ("altered", "clean/a.txt") in problems
    assert ("malformed", f"clean/{MANIFEST_NAME} line {len(lines)}") in problems


def test_verify_detects_missing_and_extra(archived: tuple[Path, Path]) -> None:
    raw, clean = archived
    (clean / "sub" / "b.txt").unlink()
    (clean / "stray.txt").write_bytes(b"not archived\n")
    assert verify(raw, clean).problems == (
        ("extra", "clean/stray.txt"),
        ("missing", "clean/sub/b.txt"),
    )


def test_verify_detects_deleted_raw_and_new_raw(archived: tuple[Path, Path]) -> None:
    raw, clean = archived
    (raw / "a.txt").unlink()
    (raw / "new.txt").write_bytes(b"new\n")
    assert verify(raw, clean).problems == (("missing", "raw/a.txt"), ("extra", "raw/new.txt"))


def test_verify_without_manifest(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    assert verify(raw, tmp_path / "clean").problems == (("missing", f"clean/{MANIFEST_NAME}"),)


# --- interruption ----------------------------------------------------------------------------


def test_killed_run_is_completed_by_the_next(tmp_path: Path) -> None:
    from conftest import start_archive

    docs = {
        f"doc{i:02d}.txt": (f"Document {i}\r\n" + "Text line with café.  \r\n" * 200).encode(
            "cp1252"
        )
        for i in range(50)
    }
    interrupted, whole = tmp_path / "interrupted", tmp_path / "whole"
    for root in (interrupted, whole):
        make_raw(root, docs)
        (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n")

    process = start_archive(interrupted)
    clean = interrupted / "clean"
    deadline = time.monotonic() + 60
    while not any(clean.glob("*.meta.json")) and process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("no sidecar appeared within 60 s")
        time.sleep(0.005)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    if not killed:
        pytest.skip("the archive run finished before it could be interrupted")

    # Whatever the kill left, verify must never see a half-written file: only entries that
    # the manifest does not know yet (or the manifest itself) may be reported.
    for kind, _path in verify(interrupted / "raw", clean).problems:
        assert kind in {"missing", "extra", "stale"}

    archive(interrupted / "raw", clean)
    archive(whole / "raw", whole / "clean")
    assert snapshot(clean) == snapshot(whole / "clean")
    assert verify(interrupted / "raw", clean).ok


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_sidecar_json_is_what_the_json_module_writes(value: object) -> None:
    from textkeep.archive import indented_json

    assert indented_json(value) == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)
