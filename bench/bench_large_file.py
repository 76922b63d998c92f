"""One large file through ``textkeep archive``: time, throughput and peak memory (RSS).

Usage: python bench/bench_large_file.py [--megabytes 500] [--garbled-every 200]

Writes raw/big.txt (mostly clean UTF-8 prose, every Nth line garbled as UTF-8 read as cp1252)
in a temporary folder, runs ``textkeep archive --jobs 1 --max-bytes ...`` as a child process
and reports its wall time and peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``). For scale,
ftfy.fix_text and charset_normalizer.from_bytes are timed on a 16 MB slice of the same file
in this process (they need the whole text in memory, so a 500 MB run of them is not made).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_VOCABULARY = (
    "archives keep source texts beside clean copies with a record of every change made "
    "while the originals stay untouched café naïve résumé"
)
WORDS = _VOCABULARY.split()
SLICE = 16 * 1024 * 1024


def generate(path: Path, megabytes: int, garbled_every: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))) for _ in range(4096)]
    block = "".join(
        (line.encode().decode("cp1252", errors="replace") if i % garbled_every == 0 else line)
        + "\n"
        for i, line in enumerate(lines)
    ).encode("utf-8")
    target = megabytes * 1024 * 1024
    with path.open("wb") as handle:
        handle.write(b"# A very large document\n\nPublished: 2025-05-06\n\n")
        written = 0
        while written < target:
            handle.write(block)
            written += len(block)
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--garbled-every", type=int, default=200)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="textkeep-big-"))
    try:
        raw = work / "raw"
        raw.mkdir()
        size = generate(raw / "big.txt", args.megabytes, args.garbled_every)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "textkeep", "archive", "-j", "1", "--max-bytes", str(size + 1)],
            cwd=work,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(done.stdout.decode().strip(), done.stderr.decode().strip())
        mb = size / 1e6
        print(f"file: {mb:.0f} MB, one garbled line in {args.garbled_every}")
        print(f"textkeep archive: {elapsed:.1f} s, {mb / elapsed:.1f} MB/s", end="")
        print(f", peak RSS {peak_mb:.0f} MB")

        with (raw / "big.txt").open("rb") as handle:
            data = handle.read(SLICE)
        data = data[: data.rfind(b"\n") + 1]
        import charset_normalizer
        import ftfy

        start = time.perf_counter()
        ftfy.fix_text(data.decode("utf-8"))
        ftfy_rate = len(data) / 1e6 / (time.perf_counter() - start)
        start = time.perf_counter()
        str(charset_normalizer.from_bytes(data).best())
        cn_rate = len(data) / 1e6 / (time.perf_counter() - start)
        rate = mb / elapsed
        print(
            f"ftfy.fix_text on a 16 MB slice: {ftfy_rate:.1f} MB/s"
            f" -> textkeep/ftfy {rate / ftfy_rate:.2f}"
        )
        print(
            f"charset_normalizer on a 16 MB slice: {cn_rate:.1f} MB/s"
            f" -> textkeep/charset-normalizer {rate / cn_rate:.2f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
