"""The hanzi frequency table matches the word frequencies it was derived from.

Run this file directly to regenerate ``src/textkeep/hanzi_frequency.py`` (it needs
wordfreq, a test dependency; textkeep itself reads only the generated table).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from textkeep.hanzi_frequency import FREQUENT_HANZI
from textkeep.plausibility import han_tier

MODULE = Path(__file__).resolve().parent.parent / "src" / "textkeep" / "hanzi_frequency.py"
KEPT = 800


def frequent_hanzi() -> str:
    """GB2312 level 1 hanzi by how often they occur in wordfreq's Chinese, most frequent first."""
    wordfreq = pytest.importorskip("wordfreq", reason="wordfreq builds the table")
    counts: Counter[str] = Counter()
    for word, frequency in wordfreq.get_frequency_dict("zh").items():
        for char in word:
            if "\u4e00" <= char <= "\u9fff" and han_tier(char) == 0:
                counts[char] += frequency
    # Ties broken by code point, so the table is the same on every run.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(char for char, _ in ordered[:KEPT])


def test_table_matches_wordfreq() -> None:
    assert frequent_hanzi() == FREQUENT_HANZI


def test_table_holds_kept_common_hanzi_once_each() -> None:
    assert len(FREQUENT_HANZI) == KEPT == len(set(FREQUENT_HANZI))
    assert all(han_tier(char) == 0 for char in FREQUENT_HANZI)
    # 的 and 是 open it; 磐 and 辑 are what EUC-KR's 부터 and 해서 read as GBK give.
    assert FREQUENT_HANZI.startswith("的")
    assert "磐" not in FREQUENT_HANZI and "辑" not in FREQUENT_HANZI


def regenerate() -> None:
    text = MODULE.read_text(encoding="utf-8")
    head = text[: text.index("FREQUENT_HANZI")]
    ranked = frequent_hanzi()
    lines = [ranked[i : i + 40] for i in range(0, len(ranked), 40)]
    body = "".join(f"    {json.dumps(line, ensure_ascii=False)}\n" for line in lines)
    MODULE.write_text(f"{head}FREQUENT_HANZI = (\n{body})\n", "utf-8")


if __name__ == "__main__":
    regenerate()
