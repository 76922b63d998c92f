"""One large file through ``textkeep archive``: time, throughput and peak memory (RSS).

Usage: python bench/bench_large_file.py [--megabytes 500] [--garbled-every 200] [--jobs 1 2]

Writes raw/big.txt (UTF-8 prose with accents, every Nth line garbled as UTF-8 read as cp1252;
``--garbled-every 0`` for a wholly clean file) in a temporary folder, then, for each
``--jobs`` value, runs ``textkeep archive --jobs J --max-bytes ...`` as a child process and
reports its wall time and the peak RSS of the child and its workers together (sampled from
/proc every 20 ms). For scale, ftfy.fix_text and charset_normalizer.from_bytes are timed on
a 16 MB slice of the same file in this process (they need the whole text in memory, so a
500 MB run of them is not made).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

_VOCABULARY = (
    "archives keep source texts beside clean copies with a record of every change made "
    "while the originals stay untouched café naïve résumé"
)
WORDS = _VOCABULARY.split()
SLICE = 16 * 1024 * 1024
SAMPLE_SECONDS = 0.02


def generate(path: Path, megabytes: int, garbled_every: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))) for _ in range(4096)]
    block = "".join(
        (
            line.encode().decode("cp1252", errors="replace")
            if garbled_every and i % garbled_every == 0
            else line
        )
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


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in kB (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue  # the process ended between two reads
    return total


def run_archive(work: Path, jobs: int, max_bytes: int) -> tuple[float, float, str]:
    """(seconds, peak MB of the whole process tree, textkeep's summary line)."""
    shutil.rmtree(work / "clean", ignore_errors=True)
    command = [sys.executable, "-m", "textkeep", "archive", "--jobs", str(jobs)]
    command += ["--max-bytes", str(max_bytes)]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(child.pid))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"textkeep archive failed: {err.decode()}")
    return elapsed, peak / 1024, (out + err).decode().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--garbled-every", type=int, default=200, help="0: no garbled lines")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="textkeep-big-"))
    try:
        raw = work / "raw"
        raw.mkdir()
        size = generate(raw / "big.txt", args.megabytes, args.garbled_every)
        mb = size / 1e6
        every = args.garbled_every
        kind = f"one garbled line in {every}" if every else "no garbled lines"
        print(f"file: {mb:.0f} MB, {kind}")
        rates = {}
        for jobs in dict.fromkeys(args.jobs):
            elapsed, peak_mb, summary = run_archive(work, jobs, size + 1)
            rates[jobs] = mb / elapsed
            print(f"  {summary}")
            print(
                f"textkeep archive --jobs {jobs}: {elapsed:.1f} s, {rates[jobs]:.1f} MB/s,"
                f" peak RSS {peak_mb:.0f} MB (all processes)"
            )

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
        ratios = ", ".join(f"--jobs {j}: {r / ftfy_rate:.2f}" for j, r in rates.items())
        print(f"ftfy.fix_text on a 16 MB slice: {ftfy_rate:.1f} MB/s -> textkeep/ftfy {ratios}")
        ratios = ", ".join(f"--jobs {j}: {r / cn_rate:.2f}" for j, r in rates.items())
        print(
            f"charset_normalizer on a 16 MB slice: {cn_rate:.1f} MB/s"
            f" -> textkeep/charset-normalizer {ratios}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
