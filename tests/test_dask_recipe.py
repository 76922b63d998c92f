"""The Dask recipe writes the same clean/ as ``textkeep archive``, manifest included."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

pytest.importorskip("dask.bag", reason="dask[bag] is not installed (pip install 'dask[bag]')")

from textkeep.archive import archive

RECIPE = Path(__file__).resolve().parent.parent / "docs" / "recipes" / "dask_archive.py"


def _recipe():
    spec = importlib.util.spec_from_file_location("dask_archive", RECIPE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _raw(root: Path) -> None:
    for i in range(60):
        line = f"Caf\u00c3\u00a9 au lait, na\u00efve r\u00e9sum\u00e9 {i}.\r\n"
        text = f"# Note {i}\n\n" + line * (i % 6 + 1)
        data = text.encode("cp1252" if i % 4 == 1 else "utf-8", errors="replace")
        path = root / f"box{i % 3}" / f"note{i:02}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_dask_recipe_matches_textkeep_archive_byte_for_byte(tmp_path: Path) -> None:
    _raw(tmp_path / "cli" / "raw")
    shutil.copytree(tmp_path / "cli" / "raw", tmp_path / "dask" / "raw")
    expected = archive(tmp_path / "cli" / "raw", tmp_path / "cli" / "clean", jobs=1)

    recipe = _recipe()

    def runner(documents, encoding):
        return recipe.dask_runner(documents, encoding, scheduler="synchronous",
                                  partition_bytes=2048)

    got = archive(tmp_path / "dask" / "raw", tmp_path / "dask" / "clean", runner=runner)
    assert got.summary() == expected.summary()
    assert [(d.path, d.status) for d in got.documents] == [
        (d.path, d.status) for d in expected.documents
    ]
    clean, dask_clean = _tree(tmp_path / "cli" / "clean"), _tree(tmp_path / "dask" / "clean")
    assert "manifest-sha256.txt" in clean
    assert len(clean) == 2 * 60 + 1
    assert dask_clean == clean


def test_dask_recipe_on_worker_processes(tmp_path: Path) -> None:
    _raw(tmp_path / "raw")
    recipe = _recipe()
    assert recipe.main(str(tmp_path / "raw"), str(tmp_path / "clean")) == 2  # the PNG
    again = archive(tmp_path / "raw", tmp_path / "clean", runner=recipe.dask_runner)
    assert again.count("unchanged") == 60
