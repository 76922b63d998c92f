"""The Hangul frequency table matches the word frequencies it was derived from.

Run this file directly to regenerate ``src/textkeep/hangul_frequency.py`` (it needs
wordfreq, a test dependency; textkeep itself reads only the generated table).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from textkeep.hangul_frequency import RANKED_HANGUL
from textkeep.plausibility import char_info, is_common_hangul

MODULE = Path(__file__).resolve().parent.parent / "src" / "textkeep" / "hangul_frequency.py"
KEPT = 1200  # syllables past this rank cost the same as those never seen


def ranked_hangul() -> str:
    """KS X 1001 syllables by how often they occur in wordfreq's Korean, most frequent first."""
    wordfreq = pytest.importorskip("wordfreq", reason="wordfreq builds the table")
    counts: Counter[str] = Counter()
    for word, frequency in wordfreq.get_frequency_dict("ko").items():
        for char in word:
            if "\uac00" <= char <= "\ud7a3" and is_common_hangul(char):
                counts[char] += frequency
    # Ties broken by code point, so the table is the same on every run.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(char for char, _ in ordered[:KEPT])


def test_table_matches_wordfreq() -> None:
    assert ranked_hangul() == RANKED_HANGUL


def test_table_holds_kept_ks_x_1001_syllables_once_each() -> None:
    assert len(RANKED_HANGUL) == KEPT == len(set(RANKED_HANGUL))
    # Syllables only: EUC-KR also spells hanja, kana and symbols in two bytes.
    assert all("\uac00" <= char <= "\ud7a3" for char in RANKED_HANGUL)
    assert all(is_common_hangul(char) for char in RANKED_HANGUL)


def test_everyday_syllables_cost_less_than_rarely_written_ones() -> None:
    # 이 and 다 open the table; 쟀 and 숯 are what Chinese GBK bytes make as EUC-KR (李健).
    assert RANKED_HANGUL.startswith("이")
    assert char_info("이")[2] < char_info("숯")[2] <= char_info("쟀")[2]
    assert char_info("쟀")[2] > char_info("李")[2]


def regenerate() -> None:
    text = MODULE.read_text(encoding="utf-8")
    head = text[: text.index("RANKED_HANGUL")]
    ranked = ranked_hangul()
    lines = [ranked[i : i + 40] for i in range(0, len(ranked), 40)]
    body = "".join(f"    {json.dumps(line, ensure_ascii=False)}\n" for line in lines)
    MODULE.write_text(f"{head}RANKED_HANGUL = (\n{body})\n", "utf-8")


if __name__ == "__main__":
    regenerate()
