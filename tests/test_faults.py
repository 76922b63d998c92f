"""Faults during ``archive``: SIGKILL at any point, a full disk, two runs at once.

Kills are placed by counting the file-system calls a run makes (open, write, fsync, replace,
unlink, mkdir, rmdir) in a child process and killing it with SIGKILL at call number N; a
killed write first lets half its bytes through, as a crash in the middle of it would. That
reaches every point of a run deterministically, including the ones a timer would rarely hit.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from textkeep.archive import (
    LOCK_NAME,
    MANIFEST_NAME,
    ArchiveError,
    archive,
    archive_lock,
    verify,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and flock are POSIX")

# A previous archive of BEFORE, then raw/ changed to AFTER: the killed run updates, adds and
# prunes, so a kill can land in each kind of write.
BEFORE = {
    "keep.txt": b"Unchanged document.\n",
    "change.txt": b"Old text, about to change.\n",
    "gone/away.txt": b"This raw file will be deleted.\n",
    "sub/cp1252.txt": "Gr\u00fc\u00dfe aus K\u00f6ln.\r\n".encode("cp1252"),
}
AFTER = {
    "keep.txt": BEFORE["keep.txt"],
    "change.txt": b"New text \xe2\x80\x94 changed.\r\n",
    "sub/cp1252.txt": BEFORE["sub/cp1252.txt"],
    "new/added.txt": "Ajout\u00e9 apr\u00e8s coup.\n".encode(),
    "new/mojibake.txt": "StepFun (Èò∂Ë∑ÉÊòüËæ∞)\n".encode(),
    "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
}
ALLOWED_AFTER_A_KILL = {"missing", "extra", "stale"}

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import textkeep.archive, textkeep.decode, textkeep.metadata, textkeep.pipeline
    import textkeep.repair

    raw, clean, target = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    textkeep.archive.pipeline_fingerprint = lambda: "pinned"
    calls = 0

    def counted(name):
        real = getattr(os, name)

        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == target:
                if name == "write":
                    real(args[0], bytes(args[1][: len(args[1]) // 2]))
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    for name in ("open", "write", "fsync", "replace", "unlink", "mkdir", "rmdir"):
        setattr(os, name, counted(name))
    textkeep.archive.archive(raw, clean, prune=True)
    sys.stdout.write(str(calls))
    """
)


@pytest.fixture(autouse=True, scope="module")
def pinned_fingerprint() -> object:
    """The fingerprint hashes the source files; pinning it keeps a run's expected bytes
    stable while the sources are being edited (the fingerprint has its own tests)."""
    import textkeep.archive

    real = textkeep.archive.pipeline_fingerprint
    textkeep.archive.pipeline_fingerprint = lambda: "pinned"
    yield
    textkeep.archive.pipeline_fingerprint = real


def write_tree(root: Path, docs: dict[str, bytes]) -> None:
    for rel, data in docs.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def start_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ already archived as BEFORE, then changed to AFTER."""
    root = tmp_path_factory.mktemp("start")
    write_tree(root / "raw", BEFORE)
    archive(root / "raw", root / "clean")
    shutil.rmtree(root / "raw")
    write_tree(root / "raw", AFTER)
    return root


@pytest.fixture(scope="module")
def expected_clean(start_state: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    whole = tmp_path_factory.mktemp("whole") / "w"
    shutil.copytree(start_state, whole, symlinks=True)
    archive(whole / "raw", whole / "clean", prune=True)
    assert verify(whole / "raw", whole / "clean").ok
    return snapshot(whole / "clean")


def run_child(root: Path, target: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(root / "raw"), str(root / "clean"), str(target)],
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def call_count(start_state: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    root = tmp_path_factory.mktemp("count") / "c"
    shutil.copytree(start_state, root, symlinks=True)
    done = run_child(root, 0)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def kill_trial(start_state: Path, work: Path, target: int, expected_clean: dict) -> None:
    root = work / f"trial-{target}"
    shutil.copytree(start_state, root, symlinks=True)
    raw_before = snapshot(root / "raw")
    done = run_child(root, target)
    assert done.returncode == -signal.SIGKILL, (target, done.stderr[-2000:])

    problems = verify(root / "raw", root / "clean").problems
    unexpected = [p for p in problems if p[0] not in ALLOWED_AFTER_A_KILL]
    assert not unexpected, f"kill at call {target} left {unexpected}"

    archive(root / "raw", root / "clean", prune=True)
    assert snapshot(root / "clean") == expected_clean, f"kill at call {target}"
    assert verify(root / "raw", root / "clean").ok
    assert snapshot(root / "raw") == raw_before
    shutil.rmtree(root)


def test_the_scenario_makes_every_kind_of_write(call_count: int) -> None:
    # Updates, additions, a prune and the manifest: dozens of calls to land kills on.
    assert call_count > 40


def test_killed_at_20_points_then_completed(
    start_state: Path, call_count: int, expected_clean: dict, tmp_path: Path
) -> None:
    targets = sorted({1 + (call_count - 1) * i // 19 for i in range(20)})
    assert len(targets) == 20
    for target in targets:
        kill_trial(start_state, tmp_path, target, expected_clean)


@pytest.mark.slow
def test_killed_at_200_random_points_then_completed(
    start_state: Path, call_count: int, expected_clean: dict, tmp_path: Path
) -> None:
    rng = random.Random(200)
    targets = [rng.randint(1, call_count) for _ in range(200)]
    for target in targets:
        kill_trial(start_state, tmp_path, target, expected_clean)


@pytest.mark.slow
def test_killed_by_a_timer_then_completed(start_state: Path, tmp_path: Path) -> None:
    """Kills from outside at random moments, with a bigger archive so they land mid-run."""
    from conftest import start_archive

    body = "caf\u00e9 " * 400
    docs = {f"d{i:03d}.txt": f"Doc {i}\r\n{body}\r\n".encode() for i in range(60)}
    whole = tmp_path / "whole"
    write_tree(whole / "raw", docs)
    archive(whole / "raw", whole / "clean")
    expected = snapshot(whole / "clean")
    rng = random.Random(6)
    for trial in range(20):
        root = tmp_path / f"t{trial}"
        write_tree(root / "raw", docs)
        (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n")
        process = start_archive(root)
        try:
            process.wait(timeout=rng.uniform(0.2, 2.0))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        problems = verify(root / "raw", root / "clean").problems
        assert all(kind in ALLOWED_AFTER_A_KILL for kind, _ in problems), problems
        archive(root / "raw", root / "clean")
        assert snapshot(root / "clean") == expected


# --- a full disk -------------------------------------------------------------------------------


@pytest.mark.parametrize("fail_at", [1, 2, 4, 7])
def test_a_full_disk_stops_the_run_and_leaves_the_archive_intact(
    start_state: Path,
    expected_clean: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fail_at: int,
) -> None:
    root = tmp_path / "root"
    shutil.copytree(start_state, root, symlinks=True)
    manifest_before = (root / "clean" / MANIFEST_NAME).read_bytes()
    real_write = os.write
    writes = 0

    def full_disk(fd: int, data: bytes) -> int:
        nonlocal writes
        writes += 1
        if writes >= fail_at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(ArchiveError, match="No space left on device") as failure:
        archive(root / "raw", root / "clean", prune=True)
    assert "stopped, the manifest is unchanged" in str(failure.value)
    monkeypatch.undo()

    assert (root / "clean" / MANIFEST_NAME).read_bytes() == manifest_before
    assert not [p for p in (root / "clean").rglob("*tmp*")], "no temp file is left"
    problems = verify(root / "raw", root / "clean").problems
    assert all(kind in ALLOWED_AFTER_A_KILL for kind, _ in problems), problems

    archive(root / "raw", root / "clean", prune=True)
    assert snapshot(root / "clean") == expected_clean


def test_a_full_disk_through_the_cli_is_one_error_line(run_textkeep, workspace: Path) -> None:
    # A read-only clean/ stands in for a full one: both fail every write the same way.
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    (workspace / "raw" / "a.txt").write_bytes(b"text\n")
    (workspace / "clean").mkdir()
    (workspace / "clean").chmod(0o555)
    try:
        done = run_textkeep("archive", cwd=workspace)
    finally:
        (workspace / "clean").chmod(0o755)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1
    assert done.stderr.startswith(b"textkeep: error: clean")


# --- two runs at once --------------------------------------------------------------------------


def test_a_held_lock_refuses_a_second_run_and_it_writes_nothing(
    run_textkeep, workspace: Path
) -> None:
    (workspace / "raw" / "a.txt").write_bytes(b"text\n")
    (workspace / "clean").mkdir()
    with archive_lock(workspace / "clean"):
        done = run_textkeep("archive", cwd=workspace)
        assert done.returncode == 2
        assert done.stderr.decode() == (
            f"textkeep: error: {workspace / 'clean'}: another textkeep archive run is writing"
            f" it (it holds {LOCK_NAME}); try again when it has finished, or pass --wait"
            " SECONDS\n"
        )
        assert sorted(p.name for p in (workspace / "clean").iterdir()) == [LOCK_NAME]
        with pytest.raises(ArchiveError, match="another textkeep archive run"):
            archive(workspace / "raw", workspace / "clean")
    done = run_textkeep("archive", cwd=workspace)
    assert done.returncode == 0, done.stderr


def test_a_lock_left_by_a_killed_run_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    holder = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from textkeep.archive import archive_lock
        with archive_lock(Path({str(tmp_path / "clean")!r})):
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", holder], check=False, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert (tmp_path / "clean" / LOCK_NAME).exists()
    write_tree(tmp_path / "raw", {"a.txt": b"text\n"})
    report = archive(tmp_path / "raw", tmp_path / "clean")  # wait=0: would raise if blocked
    assert report.count("new") == 1


def test_two_runs_at_once_write_each_document_once(tmp_path: Path) -> None:
    from conftest import textkeep_script

    docs = {f"d{i:02d}.txt": f"Document {i}\r\n{'text ' * 300}\r\n".encode() for i in range(30)}
    write_tree(tmp_path / "raw", docs)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'scratch'\n")
    runs = [
        subprocess.Popen(
            [str(textkeep_script()), "archive", "--wait", "120"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    summaries = sorted(out.decode().splitlines()[-1] for out, _err in outputs)
    assert summaries == [
        "archived 30 documents: 0 new, 0 updated, 30 unchanged, 0 repaired, 0 refused",
        "archived 30 documents: 30 new, 0 updated, 0 unchanged, 0 repaired, 0 refused",
    ]
    assert verify(tmp_path / "raw", tmp_path / "clean").ok


def test_a_forked_worker_does_not_keep_a_killed_runs_lock(tmp_path: Path) -> None:
    """Pool workers are forked while the lock is held; once the run is killed they must not
    keep it (a flock lasts while any inherited copy of its descriptor is open)."""
    (tmp_path / "clean").mkdir()
    holder = textwrap.dedent(
        f"""
        import os, signal, sys, time
        from pathlib import Path
        from textkeep.archive import archive_lock
        with archive_lock(Path({str(tmp_path / "clean")!r})):
            worker = os.fork()
            if worker == 0:
                quiet = os.open(os.devnull, os.O_WRONLY)
                os.dup2(quiet, 1)  # let the test's pipe close
                os.dup2(quiet, 2)
                time.sleep(60)  # an orphaned worker, still busy
                os._exit(0)
            sys.stdout.write(str(worker))
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", holder], capture_output=True, check=False, timeout=60
    )
    assert done.returncode == -signal.SIGKILL
    worker = int(done.stdout)
    try:
        os.kill(worker, 0)  # the worker is alive while the next run starts
        write_tree(tmp_path / "raw", {"a.txt": b"text\n"})
        report = archive(tmp_path / "raw", tmp_path / "clean")
        assert report.count("new") == 1
    finally:
        os.kill(worker, signal.SIGKILL)
