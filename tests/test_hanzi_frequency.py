"""The hanzi frequency table matches the word frequencies it was derived from.

Run this file directly to regenerate ``src/textkeep/hanzi_frequency.py`` (it needs
wordfreq, a test dependency; textkeep itself reads only the generated table).
"""

from __future__ import annotations

from textkeep.hanzi_frequency import FREQUENT_HANZI
from textkeep.plausibility import han_tier
from wordfreq_tables import ranked_characters, rewrite_table

KEPT = 800


def frequent_hanzi() -> str:
    """GB2312 level 1 hanzi by how often they occur in wordfreq's Chinese, most frequent first."""
    return ranked_characters(
        "zh", lambda char: "\u4e00" <= char <= "\u9fff" and han_tier(char) == 0, KEPT
    )


def test_table_matches_wordfreq() -> None:
    assert frequent_hanzi() == FREQUENT_HANZI


def test_table_holds_kept_common_hanzi_once_each() -> None:
    assert len(FREQUENT_HANZI) == KEPT == len(set(FREQUENT_HANZI))
    assert all(han_tier(char) == 0 for char in FREQUENT_HANZI)
    # 的 and 是 open it; 磐 and 辑 are what EUC-KR's 부터 and 해서 read as GBK give.
    assert FREQUENT_HANZI.startswith("的")
    assert "磐" not in FREQUENT_HANZI and "辑" not in FREQUENT_HANZI


if __name__ == "__main__":
    rewrite_table("hanzi_frequency", "FREQUENT_HANZI", frequent_hanzi())
