"""Score the decode stage: textkeep against charset-normalizer and chardet (issue 5).

    python bench/score_decode.py [--quick] [--json FILE] [--misses N]

Builds the labelled corpus of ``decode_corpus.py`` in memory, decodes every item with each
detector and counts it correct when the decoded text equals the original text. For
``broken-junk`` items (invalid bytes inserted into UTF-8), textkeep is correct when the text
around the bad bytes is the original and every bad byte is reported at its offset; the
detectors, which report no offsets, when their text equals Python's UTF-8 decode with
U+FFFD for the bad bytes. Prints overall, per encoding, per length and per kind, then files
per second. Scores are deterministic; timings are of this machine and run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import decode_corpus
from decode_corpus import CJK_LABELS, Item

# The targets.
FULL_TARGET = 0.995
SHORT_CJK_TARGETS = {"64": 0.95, "256": 0.98}
SPEED_RATIO_TARGET = 2.0  # textkeep's time per full file at most twice charset-normalizer's

Detector = Callable[[bytes], str | None]


def _textkeep_text(data: bytes) -> tuple[str | None, object]:
    from textkeep.decode import decode

    try:
        decoded = decode(data)
    except ValueError:
        return None, None
    return decoded.text, decoded.report


def _charset_normalizer(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def _chardet(data: bytes) -> str | None:
    import chardet

    encoding = chardet.detect(data)["encoding"]
    if encoding is None:
        return None
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return None


def _textkeep(data: bytes) -> str | None:
    return _textkeep_text(data)[0]


DETECTORS: dict[str, Detector] = {
    "textkeep": _textkeep,
    "charset-normalizer": _charset_normalizer,
    "chardet": _chardet,
}


def _junk_expected_for_textkeep(item: Item, report: object) -> str | None:
    """The original with each reported run's text where the junk went; None if runs differ."""
    runs = getattr(report, "invalid_runs", ())
    junk = item.junk
    if len(runs) != len(junk):
        return None
    text = item.text
    pieces, previous = [], 0
    for (position, offset, hexed), run in zip(junk, runs, strict=True):
        if run.offset != offset or run.length != len(bytes.fromhex(hexed)):
            return None
        pieces += [text[previous:position], run.text]
        previous = position
    pieces.append(text[previous:])
    return "".join(pieces)


def is_correct(name: str, item: Item, data: bytes, got: str | None, report: object) -> bool:
    if got is None:
        return False
    if item.kind != "broken-junk":
        return got == item.text
    if name == "textkeep":
        return got == _junk_expected_for_textkeep(item, report)
    return got == data.decode("utf-8", errors="replace")


def score(items: list[Item], misses: int) -> dict:
    results: dict = {}
    for name, detector in DETECTORS.items():
        counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        seconds = {"full": 0.0, "all": 0.0}
        files = {"full": 0, "all": 0}
        missed: list[dict] = []
        for item in items:
            data = bytes.fromhex(item.data)
            start = time.perf_counter()
            if name == "textkeep":
                got, report = _textkeep_text(data)
            else:
                got, report = detector(data), None
            elapsed = time.perf_counter() - start
            seconds["all"] += elapsed
            files["all"] += 1
            if item.length == "full" and item.kind == "single":
                seconds["full"] += elapsed
                files["full"] += 1
            ok = is_correct(name, item, data, got, report)
            cjk = "cjk" if item.encoding in CJK_LABELS else "other"
            for table, key in (
                ("overall", "all"),
                ("kind", item.kind),
                ("encoding", item.encoding if item.kind == "single" else item.kind),
                ("length", item.length if item.kind == "single" else "-"),
                ("cjk-length", f"{cjk} {item.length}" if item.kind == "single" else "-"),
            ):
                counts[table][key][0] += ok
                counts[table][key][1] += 1
            if not ok and len(missed) < misses:
                missed.append(
                    {
                        "id": item.id,
                        "expected": item.text[:80],
                        "got": None if got is None else got[:80],
                    }
                )
        results[name] = {
            "counts": {t: {k: v for k, v in sorted(rows.items())} for t, rows in counts.items()},
            "files_per_second": {k: files[k] / seconds[k] if seconds[k] else 0.0 for k in files},
            "misses": missed,
        }
    return results


def _percent(pair: list[int]) -> str:
    return f"{100 * pair[0] / pair[1]:6.2f}%" if pair[1] else "   -   "


def print_tables(results: dict) -> None:
    names = list(results)
    header = f"| {'':24} | {'files':>6} | " + " | ".join(f"{n:>18}" for n in names) + " |"
    rule = "|" + "|".join("-" * (len(cell) + 2) for cell in header.strip("|").split("|")[:-1])
    for table in ("overall", "kind", "length", "cjk-length", "encoding"):
        print(f"\n### {table}\n")
        print(header)
        print(rule + "|")
        for key in results[names[0]]["counts"][table]:
            if key == "-":
                continue
            row = results[names[0]]["counts"][table][key]
            cells = " | ".join(f"{_percent(results[n]['counts'][table][key]):>18}" for n in names)
            print(f"| {key:24} | {row[1]:>6} | {cells} |")
    print("\n### files per second\n")
    print(f"| {'':24} | " + " | ".join(f"{n:>18}" for n in names) + " |")
    print("|" + "|".join("-" * 20 for _ in range(len(names) + 1)) + "|")
    for key in ("full", "all"):
        cells = " | ".join(f"{results[n]['files_per_second'][key]:>18.0f}" for n in names)
        print(f"| {key + ' files':24} | {cells} |")


def check_targets(results: dict) -> list[str]:
    counts = results["textkeep"]["counts"]
    failures = []

    def rate(pair: list[int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0

    for key, target in (("other full", FULL_TARGET), ("cjk full", FULL_TARGET)):
        if rate(counts["cjk-length"][key]) < target:
            failures.append(f"{key}: {rate(counts['cjk-length'][key]):.4f} < {target}")
    for length, target in SHORT_CJK_TARGETS.items():
        pair = counts["cjk-length"].get(f"cjk {length}", [0, 0])
        if rate(pair) < target:
            failures.append(f"cjk {length} bytes: {rate(pair):.4f} < {target}")
    for kind in ("broken-junk", "broken-fragment", "mixed"):
        if rate(counts["kind"].get(kind, [0, 0])) < 1.0:
            failures.append(f"{kind}: {rate(counts['kind'][kind]):.4f} < 1")
    ours = results["textkeep"]["files_per_second"]["full"]
    theirs = results["charset-normalizer"]["files_per_second"]["full"]
    if ours * SPEED_RATIO_TARGET < theirs:
        failures.append(f"speed: {ours:.0f} files/s vs charset-normalizer {theirs:.0f}")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the corpus")
    parser.add_argument("--json", type=Path, help="write every number and the misses here")
    parser.add_argument("--misses", type=int, default=20, help="misses kept per detector")
    args = parser.parse_args()
    items = decode_corpus.build(decode_corpus.QUICK if args.quick else decode_corpus.FULL)
    print(f"{len(items)} files")
    results = score(items, args.misses)
    print_tables(results)
    failures = check_targets(results)
    print("\ntargets: " + ("all met" if not failures else "; ".join(failures)))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
