"""Score mojibake repair outside the benchmark corpus: lines of random everyday words.

    python bench/score_repair_wordlines.py [--lines-per-language N] [--seed S]

The corpus of ``score_repair.py`` is built from names, addresses and sentences, and its
legacy chains (GBK, Big5, Shift-JIS, EUC-KR read as Latin-1 or cp1252) garble CJK text only.
This check draws lines of two to eight words from wordfreq's 5,000 commonest words in 23
languages, garbles each line by every chain that can carry it losslessly (Russian or French
saved as GBK included) and counts exact restores per chain, for textkeep and for
``ftfy.fix_text`` with its non-repair options off. Lines of words joined by spaces are
harder than running text for the legacy chains: Chinese puts no spaces between words, and
those spaces make a Korean reading of Chinese bytes look plausible.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import repair_corpus
import score_repair

LANGUAGES = [
    *("fr", "de", "es", "pt", "it", "pl", "cs", "tr", "vi", "sv", "ru", "uk"),
    *("el", "ar", "he", "zh", "ja", "ko", "hu", "ro", "nl", "fi", "da"),
]
VOCABULARY = 5000


def word_lines(lines_per_language: int, seed: int) -> list[str]:
    """Lines of random common words, ``lines_per_language`` for each language, seeded."""
    import wordfreq

    rng = random.Random(seed)
    lines: list[str] = []
    for language in LANGUAGES:
        words = wordfreq.top_n_list(language, VOCABULARY)
        for _ in range(lines_per_language):
            lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(2, 8))))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines-per-language", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    repairers = {
        "textkeep": score_repair._textkeep(),
        "ftfy.fix_text": score_repair._ftfy_fix_text(),
    }
    totals: Counter[str] = Counter()
    exact: dict[str, Counter[str]] = {name: Counter() for name in repairers}
    for line in word_lines(args.lines_per_language, args.seed):
        for chain in repair_corpus.CHAINS:
            garbled = repair_corpus.garble(line, chain)
            if garbled is None or garbled == line:
                continue
            totals[chain.name] += 1
            for name, repairer in repairers.items():
                exact[name][chain.name] += repairer(garbled) == line
    header = f"{'chain':40} {'n':>6}" + "".join(f" {name + ' %':>16}" for name in repairers)
    print(header)
    print("-" * len(header))
    for chain in repair_corpus.CHAINS:
        if totals[chain.name]:
            row = "".join(
                f" {100 * exact[name][chain.name] / totals[chain.name]:16.1f}" for name in repairers
            )
            print(f"{chain.name:40} {totals[chain.name]:6d}{row}")
    print("-" * len(header))
    all_items = sum(totals.values())
    row = "".join(f" {100 * sum(exact[name].values()) / all_items:16.1f}" for name in repairers)
    print(f"{'total':40} {all_items:6d}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
