"""Repair + normalise throughput (MB/s) on clean and on garbled text, against ftfy.

Usage: python bench/bench_throughput.py [--megabytes 8]

Generates text in memory (seeded), then times, on one core, textkeep's repair and normalise
stages (``repair_and_report`` then ``normalize``), ftfy.fix_text, and charset_normalizer's
detection of the same bytes, and prints each rate and textkeep's ratio to it. Not a test.
"""

from __future__ import annotations

import argparse
import random
import time

_VOCABULARY = (
    "the archive keeps every source text beside its clean copy and a record of what changed "
    "café naïve résumé Zürich Kraków Ελληνικά Русский 中文 日本語"
)
WORDS = _VOCABULARY.split()


def texts(megabytes: int, seed: int = 3) -> tuple[str, str]:
    rng = random.Random(seed)
    lines: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        lines.append(line)
        size += len(line.encode()) + 1
    clean = "\n".join(lines) + "\n"
    garbled = "\n".join(
        line.encode().decode("cp1252", errors="replace") if i % 10 == 0 else line
        for i, line in enumerate(lines)
    ) + "\n"
    return clean, garbled


def rate(seconds: float, text: str) -> float:
    return len(text.encode()) / 1e6 / seconds


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def detect_encoding(charset_normalizer, data: bytes) -> None:
    str(charset_normalizer.from_bytes(data).best())


def textkeep_stages(text: str) -> None:
    from textkeep.normalize import normalize
    from textkeep.repair import repair_and_report

    normalize(repair_and_report(text).text)


def main() -> None:
    import charset_normalizer
    import ftfy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=8)
    args = parser.parse_args()
    clean, garbled = texts(args.megabytes)
    for label, text in (("clean", clean), ("garbled (1 line in 10)", garbled)):
        ours = rate(timed(textkeep_stages, text), text)
        theirs = rate(timed(ftfy.fix_text, text), text)
        detect = rate(timed(detect_encoding, charset_normalizer, text.encode()), text)
        print(
            f"{label}: textkeep repair+normalise {ours:6.1f} MB/s | ftfy.fix_text {theirs:6.1f}"
            f" MB/s (ratio {ours / theirs:.2f}) | charset_normalizer {detect:6.1f} MB/s"
            f" (ratio {ours / detect:.2f})"
        )


if __name__ == "__main__":
    main()
