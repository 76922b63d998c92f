"""verify against every kind of tampering: each case must be detected and the file named."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from textkeep.archive import MANIFEST_NAME, archive, verify

DOCS = {
    "a.txt": b"First document.\n",
    "sub/b.txt": "Zweites Dokument mit Umlauten: \u00e4\u00f6\u00fc.\n".encode("cp1252"),
    "c.md": b"# Title\n\nBody.\n",
}
M = f"clean/{MANIFEST_NAME}"


@pytest.fixture
def archived(tmp_path: Path) -> Path:
    for rel, data in DOCS.items():
        path = tmp_path / "raw" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    archive(tmp_path / "raw", tmp_path / "clean")
    assert verify(tmp_path / "raw", tmp_path / "clean").ok
    return tmp_path


def _edit_manifest(root: Path, edit: Callable[[list[str]], list[str]]) -> None:
    manifest = root / M
    manifest.write_text("".join(edit(manifest.read_text().splitlines(keepends=True))))


def _replace_line(path: str, digest: str) -> Callable[[list[str]], list[str]]:
    def edit(lines: list[str]) -> list[str]:
        return [f"{digest}  {path}\n" if line.endswith(f"  {path}\n") else line for line in lines]

    return edit


def _keep_mtime(path: Path, data: bytes) -> None:
    """Rewrite ``path`` as a careful forger would: same size budget, same mtime."""
    info = path.stat()
    path.write_bytes(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _sidecar_edit(root: Path) -> None:
    path = root / "clean" / "a.txt.meta.json"
    record = json.loads(path.read_bytes())
    record["title"] = "A forged title"
    path.write_text(json.dumps(record, sort_keys=True, indent=2) + "\n")


def _sidecar_vouching_for_forgery(root: Path) -> None:
    # Edit the clean text and make its sidecar agree: the manifest still catches both.
    import hashlib

    forged = b"Forged text.\n"
    (root / "clean" / "a.txt").write_bytes(forged)
    path = root / "clean" / "a.txt.meta.json"
    record = json.loads(path.read_bytes())
    record["clean"]["sha256"] = hashlib.sha256(forged).hexdigest()
    path.write_text(json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n")


def _replace_with_symlink(root: Path, rel: str) -> None:
    target = root / "outside-copy"
    target.write_bytes((root / rel).read_bytes())
    (root / rel).unlink()
    (root / rel).symlink_to(target)


TAMPERING: dict[str, tuple[Callable[[Path], object], set[tuple[str, str]]]] = {
    "edited clean file": (
        lambda r: (r / "clean/a.txt").write_bytes(b"edited\n"),
        {("altered", "clean/a.txt")},
    ),
    "edited clean file, mtime kept": (
        lambda r: _keep_mtime(r / "clean/c.md", b"# Title\n\nBodY.\n"),
        {("altered", "clean/c.md")},
    ),
    "edited raw file": (
        lambda r: (r / "raw/sub/b.txt").write_bytes(b"changed since archived\n"),
        {("stale", "raw/sub/b.txt")},
    ),
    "replaced raw file, mtime kept": (
        lambda r: _keep_mtime(r / "raw/a.txt", b"First documenT.\n"),
        {("stale", "raw/a.txt")},
    ),
    "raw file replaced by a symlink to a copy": (
        lambda r: _replace_with_symlink(r, "raw/a.txt"),
        {("altered", "raw/a.txt")},
    ),
    "clean file replaced by a symlink to a copy": (
        lambda r: _replace_with_symlink(r, "clean/c.md"),
        {("altered", "clean/c.md")},
    ),
    "edited sidecar": (_sidecar_edit, {("altered", "clean/a.txt.meta.json")}),
    "sidecar vouching for a forged clean file": (
        _sidecar_vouching_for_forgery,
        {("altered", "clean/a.txt"), ("altered", "clean/a.txt.meta.json")},
    ),
    "sidecar that is not JSON": (
        lambda r: (r / "clean/a.txt.meta.json").write_bytes(b"{not json"),
        {("altered", "clean/a.txt.meta.json")},
    ),
    "edited manifest line (clean file)": (
        lambda r: _edit_manifest(r, _replace_line("clean/c.md", "0" * 64)),
        {("altered", "clean/c.md")},
    ),
    "edited manifest line (raw file)": (
        lambda r: _edit_manifest(r, _replace_line("raw/a.txt", "1" * 64)),
        {("altered", f"{M} entry raw/a.txt")},
    ),
    "removed manifest line (raw file)": (
        lambda r: _edit_manifest(r, lambda ls: [x for x in ls if not x.endswith("  raw/a.txt\n")]),
        {("missing", f"{M} entry raw/a.txt")},
    ),
    "removed manifest line (clean file)": (
        lambda r: _edit_manifest(r, lambda ls: [x for x in ls if not x.endswith("  clean/c.md\n")]),
        {("extra", "clean/c.md")},
    ),
    "garbage manifest line": (
        lambda r: _edit_manifest(r, lambda ls: [*ls, "not a manifest line\n"]),
        {("malformed", f"{M} line 10")},
    ),
    "manifest entry pointing outside": (
        lambda r: _edit_manifest(r, lambda ls: [*ls, f"{'2' * 64}  ../etc/passwd\n"]),
        {("malformed", f"{M} entry ../etc/passwd")},
    ),
    "deleted manifest": (lambda r: (r / M).unlink(), {("missing", M)}),
    "extra clean file": (
        lambda r: (r / "clean/planted.txt").write_bytes(b"planted\n"),
        {("extra", "clean/planted.txt")},
    ),
    "extra raw file": (
        lambda r: (r / "raw/new.txt").write_bytes(b"new\n"),
        {("extra", "raw/new.txt")},
    ),
    "missing clean file": (
        lambda r: (r / "clean/sub/b.txt").unlink(),
        {("missing", "clean/sub/b.txt")},
    ),
    "missing sidecar": (
        lambda r: (r / "clean/c.md.meta.json").unlink(),
        {("missing", "clean/c.md.meta.json")},
    ),
    "missing raw file": (lambda r: (r / "raw/c.md").unlink(), {("missing", "raw/c.md")}),
    "clean file swapped with another": (
        lambda r: (r / "clean/a.txt").write_bytes((r / "clean/c.md").read_bytes()),
        {("altered", "clean/a.txt")},
    ),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_detected_and_named(archived: Path, case: str) -> None:
    tamper, expected = TAMPERING[case]
    tamper(archived)
    report = verify(archived / "raw", archived / "clean")
    assert not report.ok
    assert set(report.problems) == expected


def test_cli_names_each_problem_and_exits_1(run_textkeep, archived: Path) -> None:
    (archived / "pyproject.toml").write_text("[project]\nname = 'scratch'\n")
    (archived / "clean/a.txt").write_bytes(b"edited\n")
    (archived / "clean/planted.txt").write_bytes(b"planted\n")
    (archived / "raw/c.md").unlink()
    done = run_textkeep("verify", cwd=archived)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines() == [
        "altered: clean/a.txt",
        "extra: clean/planted.txt",
        "missing: raw/c.md",
    ]


def test_archive_repairs_what_tampering_broke_in_clean(archived: Path) -> None:
    for case in ("edited clean file", "edited sidecar", "missing clean file", "deleted manifest"):
        TAMPERING[case][0](archived)
    archive(archived / "raw", archived / "clean")
    assert verify(archived / "raw", archived / "clean").ok
