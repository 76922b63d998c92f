"""Time the pre-commit hooks' commands as whole processes; prints medians against the targets.

Usage: python bench/bench_hooks.py [--documents 10000] [--runs 15] [--no-hyperfine]

1. ``textkeep fix --check`` on one small file (issue 4 target: <= 150 ms wall).
2. ``textkeep archive --staged`` (the textkeep-archive hook) in a git repository holding an
   archive of N documents, when one new raw file is staged (target: <= 500 ms wall). Before
   each run the new document's clean files are removed and the manifest restored, so every run
   archives the document and rewrites the manifest.

Uses hyperfine when it is installed (``apt-get install hyperfine``), else repeated runs timed
with time.perf_counter; the median is reported either way. Building the archive once takes a
while (every document goes through the pipeline). Not a test: figures depend on the machine;
the generated documents are the same on every run.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECK_TARGET_MS = 150.0
ARCHIVE_TARGET_MS = 500.0
_WORDS = [
    "the",
    "archive",
    "keeps",
    "every",
    "source",
    "text",
    "beside",
    "its",
    "clean",
    "copy",
    "café",
    "naïve",
    "Zürich",
    "中文",
    "日本語",
    "한국어",
]


def textkeep_script() -> str:
    script = Path(sys.executable).with_name("textkeep")
    return str(script) if script.exists() else (shutil.which("textkeep") or "textkeep")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def generate_raw(raw: Path, documents: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    for i in range(documents):
        lines = [" ".join(rng.choices(_WORDS, k=rng.randint(5, 12))) for _ in range(12)]
        text = f"Document {i}\n\n" + "\n".join(lines) + "\n"
        data = text.encode("gb18030") if i % 5 == 0 else text.encode("utf-8")
        path = raw / f"set{i % 50:02}" / f"doc {i:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def build_archive_repo(repo: Path, documents: int) -> None:
    from textkeep.archive import archive

    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "bench")
    git(repo, "config", "user.email", "bench@textkeep.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "pyproject.toml").write_text("[project]\nname = 'bench'\n", encoding="utf-8")
    generate_raw(repo / "raw", documents)
    started = time.perf_counter()
    report = archive(repo / "raw", repo / "clean", jobs=None)
    print(f"  built: {report.summary()} in {time.perf_counter() - started:.1f} s", flush=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive")
    new = repo / "raw" / "incoming" / "new document é.txt"
    new.parent.mkdir()
    new.write_bytes("新的文件\r\nwith a CRLF and café\r\n".encode("gb18030"))
    git(repo, "add", "raw")


def median_ms_hyperfine(command: str, cwd: Path, runs: int, prepare: str | None) -> float:
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        args = [
            "hyperfine",
            "--runs",
            str(runs),
            "--warmup",
            "2",
            "--ignore-failure",
            "--style",
            "none",
            "--export-json",
            export.name,
        ]
        if prepare:
            args += ["--prepare", prepare]
        subprocess.run([*args, command], cwd=cwd, check=True, capture_output=True)
        result = json.loads(Path(export.name).read_text())["results"][0]
    return statistics.median(result["times"]) * 1000


def median_ms_perf_counter(command: str, cwd: Path, runs: int, prepare: str | None) -> float:
    times: list[float] = []
    for i in range(runs + 2):
        if prepare:
            subprocess.run(prepare, shell=True, cwd=cwd, check=True)
        started = time.perf_counter()
        subprocess.run(shlex.split(command), cwd=cwd, capture_output=True, check=False)
        if i >= 2:  # the first two warm the file cache, as hyperfine's --warmup does
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-hyperfine", action="store_true")
    args = parser.parse_args()
    runs = max(args.runs, 10)
    use_hyperfine = shutil.which("hyperfine") is not None and not args.no_hyperfine
    measure = median_ms_hyperfine if use_hyperfine else median_ms_perf_counter
    tool = "hyperfine" if use_hyperfine else "time.perf_counter"
    script = shlex.quote(textkeep_script())

    with tempfile.TemporaryDirectory(prefix="textkeep-bench-hooks-") as temp:
        work = Path(temp)
        small = work / "small note.txt"
        small.write_bytes("Le caf\u00c3\u00a9 est pr\u00c3\u00aat.\r\n".encode() * 20)
        check_ms = measure(f"{script} fix --check {shlex.quote(str(small))}", work, runs, None)
        verdict = "ok" if check_ms <= CHECK_TARGET_MS else "OVER TARGET"
        print(
            f"fix --check, one small file: median {check_ms:.0f} ms over {runs} runs ({tool});"
            f" target <= {CHECK_TARGET_MS:.0f} ms: {verdict}",
            flush=True,
        )

        print(f"archive hook: building an archive of {args.documents} documents", flush=True)
        repo = work / "archive"
        build_archive_repo(repo, args.documents)
        new_clean = "clean/incoming"
        prepare = f"rm -rf '{new_clean}' && git checkout -q -- clean/manifest-sha256.txt"
        first = subprocess.run(
            [textkeep_script(), "archive", "--staged"], cwd=repo, capture_output=True
        )
        assert first.returncode == 1 and b"(new)" in first.stdout, first
        archive_ms = measure(f"{script} archive --staged", repo, runs, prepare)
        verdict = "ok" if archive_ms <= ARCHIVE_TARGET_MS else "OVER TARGET"
        print(
            f"archive --staged, 1 new raw file in {args.documents} documents: median"
            f" {archive_ms:.0f} ms over {runs} runs ({tool}); target <= {ARCHIVE_TARGET_MS:.0f}"
            f" ms: {verdict}",
            flush=True,
        )


if __name__ == "__main__":
    main()
