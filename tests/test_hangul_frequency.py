"""The Hangul frequency table matches the word frequencies it was derived from.

Run this file directly to regenerate ``src/textkeep/hangul_frequency.py`` (it needs
wordfreq, a test dependency; textkeep itself reads only the generated table).
"""

from __future__ import annotations

from textkeep.hangul_frequency import RANKED_HANGUL
from textkeep.plausibility import char_info, is_common_hangul
from wordfreq_tables import ranked_characters, rewrite_table

KEPT = 1200  # syllables past this rank cost the same as those never seen


def ranked_hangul() -> str:
    """KS X 1001 syllables by how often they occur in wordfreq's Korean, most frequent first."""
    return ranked_characters(
        "ko", lambda char: "\uac00" <= char <= "\ud7a3" and is_common_hangul(char), KEPT
    )


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


if __name__ == "__main__":
    rewrite_table("hangul_frequency", "RANKED_HANGUL", ranked_hangul())
