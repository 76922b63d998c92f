"""Shared fixtures: the installed console script, and the real seed documents when present."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def textkeep_script() -> Path:
    script = Path(sys.executable).parent / ("textkeep.exe" if os.name == "nt" else "textkeep")
    if not script.exists():
        found = shutil.which("textkeep")
        if found is None:
            pytest.fail("the textkeep console script is not installed next to the interpreter")
        script = Path(found)
    return script


def start_archive(root: Path, *args: str) -> subprocess.Popen:
    """Start ``textkeep archive`` in ``root`` without waiting: for tests that kill it part-way."""
    return subprocess.Popen(
        [str(textkeep_script()), "archive", *args],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def sha256sum_check(root: Path, manifest: str) -> subprocess.CompletedProcess:
    """Check the archive under ``root`` with coreutils alone, as a reader without textkeep would."""
    return subprocess.run(
        ["sha256sum", "--quiet", "-c", manifest], cwd=root, capture_output=True, check=False
    )


RunTextkeep = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run_textkeep() -> RunTextkeep:
    """Run the installed ``textkeep`` script; returns the completed process (bytes output)."""
    script = textkeep_script()

    def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(script), *args],
            cwd=cwd,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the real seed documents are not here ({SEEDS} is absent)")
    return SEEDS


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with raw/ (and an empty pyproject so no outer [tool.textkeep] applies)."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    return tmp_path
