"""The examples in the repair engine's docstrings and in the README run as written."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize(
    "module",
    ["textkeep.latin_alphabets", "textkeep.layers", "textkeep.plausibility", "textkeep.repair"],
)
def test_module_examples(module: str) -> None:
    # importlib, because the package attribute textkeep.repair is the function.
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_examples() -> None:
    result = doctest.testfile(str(README), module_relative=False)
    assert result.attempted > 0
    assert result.failed == 0
