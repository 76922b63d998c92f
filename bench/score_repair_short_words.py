"""Score mojibake repair of short CJK words alone: where legacy codecs are hardest to tell apart.

    python bench/score_repair_short_words.py [--words N]

A name or a word of two to four characters, saved in GBK, Big5, Shift-JIS or EUC-KR and
read as cp1252, is a handful of bytes that another legacy codec often reads as well: GBK's
国家 is EUC-KR's 벌소, EUC-KR's 부터 is GBK's 何磐. With nothing else in the line or the
document to go by, the engine must either pick one reading or leave the span alone. This
check takes wordfreq's commonest Chinese, Japanese and Korean words of two to four
characters, garbles each alone and inside an English sentence, and counts for each codec
the words restored exactly, left as they were, and changed into something else (a wrong
repair, the outcome to avoid). In running text and in documents that show their codec the
corpus scores of ``score_repair.py`` apply; this is the worst case.

wordfreq's Chinese list is simplified: the Big5 rows take only its words that Big5 encodes,
those whose characters the two scripts share (人民, 中国 does not), so they are fewer.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from textkeep.repair import repair

# (wordfreq language, codec the words are saved in)
SOURCES = (("zh", "gbk"), ("zh", "big5"), ("ja", "shift_jis"), ("ko", "euc_kr"))
SETTINGS = ("{}", "Contact {} for details.")
OUTCOMES = ("exact", "left", "wrong")


def short_words(language: str, count: int) -> list[str]:
    """The ``count`` commonest words of two to four characters, none of them ASCII."""
    import wordfreq

    words = wordfreq.top_n_list(language, 20 * count)
    return [w for w in words if 2 <= len(w) <= 4 and not w.isascii()][:count]


def outcome(original: str, garbled: str) -> str:
    """What repair made of ``garbled``: ``original`` back, itself untouched, or anything else."""
    repaired = repair(garbled)
    if repaired == original:
        return "exact"
    return "left" if repaired == garbled else "wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=600, help="words per language")
    args = parser.parse_args(argv)
    header = f"{'saved as, read as cp1252':28} {'setting':24} {'n':>5}" + "".join(
        f" {name + ' %':>9}" for name in OUTCOMES
    )
    print(header)
    print("-" * len(header))
    words = {language: short_words(language, args.words) for language, _ in SOURCES}
    for language, codec in SOURCES:
        for setting in SETTINGS:
            counts: Counter[str] = Counter()
            for word in words[language]:
                try:
                    garbled = word.encode(codec).decode("cp1252")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue  # not in that codec, or bytes cp1252 leaves undefined
                counts[outcome(setting.format(word), setting.format(garbled))] += 1
            n = sum(counts.values())
            if n == 0:
                print(f"{language} words, {codec}: none of the words encode", file=sys.stderr)
                continue
            label = "alone" if setting == "{}" else "in an English sentence"
            row = "".join(f" {100 * counts[name] / n:9.1f}" for name in OUTCOMES)
            print(f"{f'{language} words, {codec}':28} {label:24} {n:5d}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
