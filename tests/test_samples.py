"""The sample archive in raw/: each original must clean to exactly its pinned expected text.

The expected texts (tests/data/samples/<path under raw/>.expected) are what the author wrote
before garbling; tests/data/samples/make_raw.py records how each raw file was made. Never edit
an expected text to match the pipeline's output: a mismatch is a pipeline bug.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RAW_DIR = REPO / "raw"
EXPECTED_DIR = REPO / "tests" / "data" / "samples"
EXPECTED_SUFFIX = ".expected"

# Characters that must never survive into clean text: they are invisible or a BOM.
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def raw_names() -> list[str]:
    """Every non-hidden file under raw/, as a POSIX path relative to raw/, sorted."""
    if not RAW_DIR.is_dir():
        return []
    names = []
    for path in RAW_DIR.rglob("*"):
        relative = path.relative_to(RAW_DIR)
        if path.is_file() and not is_hidden(relative):
            names.append(relative.as_posix())
    return sorted(names)


def expected_names() -> list[str]:
    """Every .expected file, named by the raw path it pins (suffix removed), sorted."""
    names = []
    for path in EXPECTED_DIR.rglob("*" + EXPECTED_SUFFIX):
        relative = path.relative_to(EXPECTED_DIR)
        if not is_hidden(relative):
            names.append(relative.as_posix()[: -len(EXPECTED_SUFFIX)])
    return sorted(names)


def read_expected(name: str) -> str:
    # Bytes, not read_text(): newline translation would hide a CR in the expected file.
    return (EXPECTED_DIR / (name + EXPECTED_SUFFIX)).read_bytes().decode("utf-8")


RAW_NAMES = raw_names()
EXPECTED_NAMES = expected_names()


def test_sample_archive_is_not_empty() -> None:
    assert len(RAW_NAMES) >= 12, f"raw/ holds only {len(RAW_NAMES)} samples"


def test_every_raw_file_has_an_expected_text() -> None:
    missing = sorted(set(RAW_NAMES) - set(EXPECTED_NAMES))
    assert missing == [], f"raw files without tests/data/samples/<name>.expected: {missing}"


def test_every_expected_text_has_a_raw_file() -> None:
    orphans = sorted(set(EXPECTED_NAMES) - set(RAW_NAMES))
    assert orphans == [], f".expected files whose raw original is missing: {orphans}"


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_expected_text_is_in_clean_form(name: str) -> None:
    """Guards the pins themselves: a pin that is not clean text could never be matched."""
    text = read_expected(name)
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert not INVISIBLE & set(text), "zero-width or BOM characters in the expected text"
    assert text.endswith("\n") and not text.endswith("\n\n"), "needs exactly one final newline"
    trailing = [n for n, line in enumerate(text.split("\n"), 1) if line != line.rstrip()]
    assert trailing == [], f"trailing whitespace on lines {trailing}"


@pytest.mark.parametrize("name", RAW_NAMES)
def test_raw_sample_cleans_to_expected_text(name: str) -> None:
    expected_file = EXPECTED_DIR / (name + EXPECTED_SUFFIX)
    if not expected_file.exists():
        pytest.fail(f"no expected text for raw/{name}")
    # Imported here so the pairing tests above still run if the pipeline fails to import.
    from textkeep.pipeline import process_document

    data = (RAW_DIR / name).read_bytes()
    clean_text = process_document(name, data).clean_text
    assert clean_text == read_expected(name)
