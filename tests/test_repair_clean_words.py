"""No word of any language that wordfreq knows is changed by repair: alone, in capitals,
capitalised, doubled, quoted, or in lines of random words of its language.

wordfreq (a test dependency) lists the everyday words of some forty languages, accents,
capitals and CJK included: the clean text a repair must leave alone, far beyond what the
benchmark's clean set holds. A word that one codec reads as another's mojibake (Icelandic
``Óþægindum`` as GBK, Chinese ``迪拜`` as UTF-8 read as Shift-JIS) shows up here.
"""

from __future__ import annotations

import random

import pytest

from textkeep.repair import repair

wordfreq = pytest.importorskip("wordfreq", reason="wordfreq lists the words to check")

WORDS_PER_LANGUAGE = 3000


def _languages() -> list[str]:
    return sorted(wordfreq.available_languages())


def _forms(words: list[str], rng: random.Random) -> list[str]:
    texts: list[str] = []
    for word in words:
        texts += [word, word.upper(), word.capitalize(), f"{word} {word}", f"“{word}”"]
        texts += [f"{word.upper()} {word.upper()}", f"「{word}」", f"{word}, {word.capitalize()}."]
    for _ in range(len(words) // 5):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8)))
        texts += [line, line.upper()]
    return texts


@pytest.mark.parametrize("language", _languages())
def test_no_everyday_word_is_changed(language: str) -> None:
    try:
        words = wordfreq.top_n_list(language, WORDS_PER_LANGUAGE)
    except LookupError:
        pytest.skip(f"wordfreq has no word list for {language!r}")
    with_accents = [word for word in words if not word.isascii()]
    changed = [
        (text, fixed)
        for text in _forms(with_accents, random.Random(language))
        if (fixed := repair(text)) != text
    ]
    assert changed == []
