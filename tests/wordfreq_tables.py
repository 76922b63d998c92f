"""What the generated frequency tables of src/textkeep are built with: wordfreq's word
frequencies counted per character, and the table module rewritten in place.

Shared by tests/test_hangul_frequency.py and tests/test_hanzi_frequency.py, which check
their tables against it and, run directly, regenerate them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "textkeep"


def ranked_characters(language: str, counted: Callable[[str], bool], kept: int) -> str:
    """The ``kept`` characters that ``counted`` accepts, by how often wordfreq's ``language``
    writes them (each counts the frequencies of the words holding it), most frequent first."""
    wordfreq = pytest.importorskip("wordfreq", reason="wordfreq builds the table")
    counts: Counter[str] = Counter()
    for word, frequency in wordfreq.get_frequency_dict(language).items():
        for char in word:
            if counted(char):
                counts[char] += frequency
    # Ties broken by code point, so the table is the same on every run.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(char for char, _ in ordered[:kept])


def rewrite_table(module: str, name: str, ranked: str) -> None:
    """Replace the assignment of ``name`` that ends ``module``.py with ``ranked``, 40 a line."""
    path = SOURCE / f"{module}.py"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index(name)]
    lines = [ranked[i : i + 40] for i in range(0, len(ranked), 40)]
    body = "".join(f"    {json.dumps(line, ensure_ascii=False)}\n" for line in lines)
    path.write_text(f"{head}{name} = (\n{body})\n", "utf-8")
