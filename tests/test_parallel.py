"""The worker pool: input order kept, same results as one process, refusals as data."""

from __future__ import annotations

import functools
import os
import signal
import time
from pathlib import Path

import pytest

from textkeep import parallel
from textkeep.parallel import map_ordered, resolve_jobs
from textkeep.pipeline import process_document, process_or_refuse


def _square_with_pid(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def _fail_on_seven(value: int) -> int:
    if value == 7:
        raise ValueError("seven")
    return value


def test_results_come_back_in_input_order_from_several_processes() -> None:
    values = list(range(500))
    results = list(map_ordered(_square_with_pid, values, jobs=2))
    assert [square for square, _pid in results] == [v * v for v in values]
    assert len({pid for _square, pid in results} - {os.getpid()}) >= 1


def test_a_handful_of_items_never_starts_a_pool() -> None:
    results = list(map_ordered(_square_with_pid, range(3), jobs=4))
    assert {pid for _square, pid in results} == {os.getpid()}


def test_one_job_runs_in_this_process() -> None:
    results = list(map_ordered(_square_with_pid, range(200), jobs=1))
    assert {pid for _square, pid in results} == {os.getpid()}


def test_a_worker_exception_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="seven"):
        list(map_ordered(_fail_on_seven, range(300), jobs=2))


def test_jobs_zero_or_none_means_all_cores_and_negative_is_refused() -> None:
    assert resolve_jobs(None) == resolve_jobs(0) == parallel.default_jobs() >= 1
    with pytest.raises(ValueError):
        resolve_jobs(-1)


def test_process_or_refuse_matches_process_document() -> None:
    data = "Caf\u00c3\u00a9 au lait\r\nsecond line  \r\n".encode()
    result = process_or_refuse("raw/a.txt", data)
    document = process_document("raw/a.txt", data)
    assert result.refusal is None
    assert result.clean_text == document.clean_text == "Café au lait\nsecond line\n"
    assert result.metadata == document.metadata


def test_process_or_refuse_returns_refusals_as_text() -> None:
    result = process_or_refuse("raw/image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert result.clean_text is None
    assert result.refusal is not None and "PNG" in result.refusal
    forced = process_or_refuse("raw/b.txt", b"\xff\xfe\xfa bad", encoding="utf-8")
    assert forced.refusal is not None and "utf-8" in forced.refusal


def test_documents_cleaned_in_a_pool_equal_those_cleaned_here() -> None:
    texts = [
        f"Line {i}: na\u00efve caf\u00e9 \u00c3\u00a9t\u00c3\u00a9 {i}\r\n".encode() * (1 + i % 5)
        for i in range(120)
    ]
    items = [(f"raw/{i:03}.txt", data) for i, data in enumerate(texts)]
    work = functools.partial(_process_pair)
    pooled = list(map_ordered(work, items, jobs=2, size=lambda item: len(item[1])))
    here = [process_or_refuse(name, data) for name, data in items]
    assert pooled == here


def _process_pair(item: tuple[str, bytes]):
    return process_or_refuse(*item)


def _tree(root, count: int) -> None:
    for i in range(count):
        folder = root / f"part{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"# Document {i}\n\nCaf\u00c3\u00a9 number {i}, na\u00efve.\r\n" * (1 + i % 7)
        encoding = ("utf-8", "cp1252", "utf-16")[i % 3] if i % 5 else "utf-8"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        (folder / f"doc{i:03}.txt").write_bytes(data)
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))


def _files(root) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_archive_with_two_jobs_writes_the_same_bytes_as_one(tmp_path) -> None:
    from textkeep.archive import archive

    raw = tmp_path / "raw"
    _tree(raw, 150)
    one = archive(raw, tmp_path / "one" / "clean", jobs=1)
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "raw").symlink_to(raw)
    two = archive(raw, tmp_path / "two" / "clean", jobs=2)
    assert [(d.path, d.status, d.reason) for d in one.documents] == [
        (d.path, d.status, d.reason.replace("two/", "one/")) for d in two.documents
    ]
    first, second = _files(tmp_path / "one" / "clean"), _files(tmp_path / "two" / "clean")
    assert len(first) == 2 * 150 + 1
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    again = archive(raw, tmp_path / "two" / "clean", jobs=2)
    assert again.count("unchanged") == 150
    assert _files(tmp_path / "two" / "clean") == second


def test_fix_with_two_jobs_changes_and_prints_the_same_as_one(tmp_path, run_textkeep) -> None:
    outputs = []
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        names = []
        for i in range(40):
            text = f"Caf\u00c3\u00a9 {i}  \r\nline two\r\n" * (i % 3 + 1)
            (folder / f"f{i:02}.txt").write_bytes(text.encode())
            names.append(f"f{i:02}.txt")
        (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
        done = run_textkeep("fix", "--jobs", jobs, "--skip-binary", *names, "pic.png", cwd=folder)
        assert done.returncode == 1, done.stderr
        outputs.append((done.stdout, _files(folder)))
    assert outputs[0] == outputs[1]
    assert outputs[0][1]["f07.txt"] == "Café 7\nline two\n".encode() * 2


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_of_a_killed_run_exit(tmp_path: Path) -> None:
    # SIGKILL (or the OOM killer) gives the parent no chance to stop its pool: the workers
    # must notice on their own, not wait forever on a pipe their siblings hold open.
    from conftest import start_archive

    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(400):
        (raw / f"doc{i:03d}.txt").write_bytes(("Ligne avec café.\n" * 400).encode("cp1252"))
    process = start_archive(tmp_path, "--jobs", "2")
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.01)
    if process.poll() is not None or len(workers) < 2:
        process.kill()
        pytest.skip("the run ended before its workers could be seen")
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if _alive(pid)] == []


def _alive(pid: int) -> bool:
    """Running or sleeping; an exited process its new parent has not reaped is a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
