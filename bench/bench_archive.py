"""Time ``textkeep archive`` on a generated archive; prints medians and ratios.

Usage: python bench/bench_archive.py [--documents 10000] [--runs 3] [--jobs N]

Generates raw/ (mixed encodings, some garbled) in a temporary folder, then times, each as a
fresh ``textkeep archive`` process: a full build with --jobs 1 and --jobs N, a second run with
nothing changed, and a run after one file changed. For scale, ftfy.fix_text and
charset_normalizer.from_bytes are timed over the same documents in this process.
Not a test: figures depend on the machine. Seeds are fixed, so the input is the same each run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_VOCABULARY = (
    "the archive keeps every source text beside its clean copy and a record of what changed "
    "café naïve résumé Ångström Zürich Kraków Ελληνικά Русский 中文 日本語 한국어"
)
WORDS = _VOCABULARY.split()


def generate(raw: Path, documents: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(documents):
        lines = []
        for _ in range(rng.randint(40, 80)):
            lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))))
        text = f"# Document {i}\n\nPublished: 2024-01-{i % 28 + 1:02}\n\n" + "\n".join(lines)
        kind = i % 10
        if kind == 0:  # garbled: UTF-8 read as cp1252, saved as UTF-8
            text = text.encode("utf-8").decode("cp1252", errors="replace")
            data = text.encode("utf-8")
        elif kind == 1:
            data = text.encode("utf-16")
        elif kind == 2:
            data = text.encode("gb18030")
        elif kind == 3:
            data = text.replace("\n", "\r\n").encode("utf-8")
        else:
            data = text.encode("utf-8")
        path = raw / f"set{i % 20:02}" / f"doc{i:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    return total


def snapshot(folder: Path) -> dict[str, str]:
    """A frozen copy of the textkeep package, and the environment that runs it.

    The archive records a fingerprint of the pipeline's sources; in a working tree being
    edited, a "nothing changed" run would otherwise rebuild everything.
    """
    import textkeep

    shutil.copytree(Path(textkeep.__file__).parent, folder / "textkeep")
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    environment = {**os.environ, "PYTHONPATH": path}
    # Timed as a user runs it: with the bytecode cache Python keeps by default (some CI
    # and sandbox shells turn it off, which adds compiling every module to each start).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


ENV: dict[str, str] = {}


def textkeep(*args: str, cwd: Path) -> float:
    command = [sys.executable, "-m", "textkeep", "archive", *args]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, env=ENV or None)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise SystemExit(done.stderr.decode())
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="textkeep-bench-"))
    try:
        ENV.update(snapshot(work / "snapshot"))
        raw = work / "raw"
        size = generate(raw, args.documents)
        print(f"generated {args.documents} documents, {size / 1e6:.1f} MB, cores {os.cpu_count()}")
        time.sleep(2)  # raw files settle (a stat cache trusts only files older than the run)

        full: dict[int, list[float]] = {1: [], args.jobs: []}
        for _ in range(args.runs):
            for jobs in full:
                shutil.rmtree(work / "clean", ignore_errors=True)
                full[jobs].append(textkeep("--jobs", str(jobs), cwd=work))
        unchanged = [textkeep(cwd=work) for _ in range(args.runs)]
        one_changed = []
        target = raw / "set03" / "doc00003.txt"
        for n in range(args.runs):
            target.write_bytes(target.read_bytes() + f"one more line {n}\n".encode())
            one_changed.append(textkeep(cwd=work))

        sample = [p.read_bytes() for p in sorted(raw.rglob("*.txt"))[:1000]]
        ftfy_s, cn_s = reference_seconds(sample)
        scale = args.documents / len(sample)

        one, many = statistics.median(full[1]), statistics.median(full[args.jobs])
        print(f"full build --jobs 1:           {one:7.2f} s (median of {args.runs})")
        print(f"full build --jobs {args.jobs}:           {many:7.2f} s", end="")
        print(f"   speed-up {one / many:.2f}x")
        print(f"second run, nothing changed:   {statistics.median(unchanged):7.2f} s")
        print(f"one changed file:              {statistics.median(one_changed):7.2f} s")
        print(
            f"ftfy.fix_text, same documents, 1 core (extrapolated): {ftfy_s * scale:7.2f} s"
            f"  -> textkeep --jobs 1 / ftfy = {one / (ftfy_s * scale):.2f}"
        )
        print(
            f"charset_normalizer.from_bytes, 1 core (extrapolated): {cn_s * scale:7.2f} s"
            f"  -> textkeep --jobs 1 / charset-normalizer = {one / (cn_s * scale):.2f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def reference_seconds(sample: list[bytes]) -> tuple[float, float]:
    import charset_normalizer
    import ftfy

    start = time.perf_counter()
    for data in sample:
        ftfy.fix_text(data.decode("utf-8", errors="replace"))
    ftfy_s = time.perf_counter() - start
    start = time.perf_counter()
    for data in sample:
        best = charset_normalizer.from_bytes(data).best()
        str(best) if best is not None else None
    return ftfy_s, time.perf_counter() - start


if __name__ == "__main__":
    main()
