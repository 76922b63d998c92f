"""The hook entry points through their command lines (fast), and the pieces behind them.

The real pre-commit framework drives the same commands in test_precommit_framework.py.

Mojibake is built here at run time (``"é".encode("utf-8").decode("mac_roman")``), so this file
holds clean text and the repository's own textkeep-fix hook can cover it.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from textkeep.archive import MANIFEST_NAME, archive, archive_paths
from textkeep.hooks.findings import MAX_PER_KIND, find_problems
from textkeep.hooks.install import HOOK_MARK, hook_script
from textkeep.hooks.staged import StagedChange, parse_name_status, sort_raw_changes
from textkeep.pipeline import clean

CAFE = "Le café est prêt."
STEPFUN = "StepFun 阶跃星辰 is here."
CAFE_MAC = CAFE.encode("utf-8").decode("mac_roman")  # what a Mac Roman reader made of it
STEPFUN_MAC = STEPFUN.encode("utf-8").decode("mac_roman")
CHINESE = "中文标题\n这是一个用于测试的较长的中文句子，包含一些常见的汉字。\n"


def garbled(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True, timeout=60)


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.name", "textkeep tests")
    git(path, "config", "user.email", "tests@textkeep.invalid")
    git(path, "config", "commit.gpgsign", "false")
    # An empty pyproject stops an outer [tool.textkeep] from choosing other folders.
    (path / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    return path


def lines(done: subprocess.CompletedProcess, stream: str = "stdout") -> list[str]:
    return getattr(done, stream).decode("utf-8").splitlines()


# --- fix --check: one line per problem -------------------------------------------------------


def test_check_names_line_column_and_chain_of_mac_roman_mojibake(run_textkeep, tmp_path) -> None:
    name = "notes é.txt"
    (tmp_path / name).write_text(f"ok\n{CAFE_MAC}\n", encoding="utf-8")
    done = run_textkeep("fix", "--check", name, cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done) == [
        f"{name}:2:7: mojibake (UTF-8 → Mac Roman): {garbled('é')!r} → 'é'",
        f"{name}:2:16: mojibake (UTF-8 → Mac Roman): {garbled('ê')!r} → 'ê'",
    ]
    assert (tmp_path / name).read_text(encoding="utf-8") == f"ok\n{CAFE_MAC}\n"


def test_check_reports_encoding_and_crlf_once_per_file(run_textkeep, tmp_path) -> None:
    data = CHINESE.replace("\n", "\r\n").encode("gb18030")
    (tmp_path / "gb.txt").write_bytes(data)
    done = run_textkeep("fix", "--check", "gb.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done) == [
        "gb.txt: encoding gb18030 (not UTF-8)",
        "gb.txt:1: CRLF line endings (2 lines)",
    ]
    assert (tmp_path / "gb.txt").read_bytes() == data


def test_check_reports_bom_whitespace_and_missing_newline(run_textkeep, tmp_path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffone\ntwo \t\nthree".encode())
    done = run_textkeep("fix", "--check", "a.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done) == [
        "a.txt:1:1: byte-order mark (utf-8)",
        "a.txt:2:4: trailing whitespace (U+0020 U+0009)",
        "a.txt:3:6: no newline at the end of the file",
    ]


def test_check_places_undecodable_bytes_on_their_line(run_textkeep, tmp_path) -> None:
    text = "第一行中文内容比较长一些，用于检测编码。\n第二行也是中文内容。\n"
    data = text.encode("gb18030") + b"\xff\xfe\xfd end\n"
    (tmp_path / "bad.txt").write_bytes(data)
    done = run_textkeep("fix", "--check", "bad.txt", cwd=tmp_path)
    assert done.returncode == 1
    undecodable = [line for line in lines(done) if "undecodable" in line]
    assert len(undecodable) == 1
    assert undecodable[0].startswith("bad.txt:3: ")
    assert f"(first at byte {len(text.encode('gb18030'))})" in undecodable[0]


def test_check_reports_utf16_which_identify_calls_binary(run_textkeep, tmp_path) -> None:
    (tmp_path / "wide.txt").write_bytes("hello\nworld\n".encode("utf-16"))
    done = run_textkeep("fix", "--check", "--skip-binary", "wide.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done)[0].startswith("wide.txt: encoding utf-16")


def test_check_cuts_a_repeated_problem_and_counts_the_rest(run_textkeep, tmp_path) -> None:
    (tmp_path / "t.txt").write_text("x \n" * (MAX_PER_KIND + 5), encoding="utf-8")
    done = run_textkeep("fix", "--check", "t.txt", cwd=tmp_path)
    out = lines(done)
    assert len(out) == MAX_PER_KIND + 1
    assert out[0] == "t.txt:1:2: trailing whitespace (U+0020)"
    assert out[-1] == "t.txt: 5 more: trailing whitespace"


def test_check_passes_clean_files_silently(run_textkeep, tmp_path) -> None:
    (tmp_path / "ok.txt").write_text(f"{CAFE}\n{STEPFUN}\n", encoding="utf-8")
    done = run_textkeep("fix", "--check", "ok.txt", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_skip_binary_passes_over_images_only(run_textkeep, tmp_path) -> None:
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "ok.txt").write_text("fine\n", encoding="utf-8")
    done = run_textkeep("fix", "--check", "--skip-binary", "x.png", "ok.txt", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    done = run_textkeep("fix", "--check", "x.png", "ok.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert b"x.png: not text" in done.stderr


def test_find_problems_is_empty_exactly_when_the_file_is_clean() -> None:
    data = f"{CAFE}\n".encode()
    assert find_problems(clean(data, record_changes=True), data) == ()
    data = f"{STEPFUN_MAC}\n".encode()
    found = find_problems(clean(data, record_changes=True), data)
    assert [f.to_dict()["kind"] for f in found] == ["mojibake"]
    assert (found[0].line, found[0].column) == (1, 9)


# --- fix: one line per changed file ----------------------------------------------------------


def test_fix_prints_one_line_per_changed_file_and_exits_1(run_textkeep, tmp_path) -> None:
    (tmp_path / "a b.txt").write_text(f"{CAFE_MAC}\n", encoding="utf-8")
    (tmp_path / "crlf.txt").write_bytes(b"one\r\ntwo\r\n")
    (tmp_path / "ok.txt").write_text("fine\n", encoding="utf-8")
    done = run_textkeep("fix", "a b.txt", "crlf.txt", "ok.txt", cwd=tmp_path)
    assert done.returncode == 1
    out = lines(done)
    assert [line.split(":")[0] for line in out] == ["fixed a b.txt", "fixed crlf.txt"]
    assert (tmp_path / "a b.txt").read_text(encoding="utf-8") == f"{CAFE}\n"
    assert (tmp_path / "crlf.txt").read_bytes() == b"one\ntwo\n"
    done = run_textkeep("fix", "a b.txt", "crlf.txt", "ok.txt", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, b"")


# --- staged changes to raw/ ------------------------------------------------------------------


def test_parse_name_status_keeps_spaces_non_ascii_and_rename_pairs() -> None:
    output = "A\0raw/new é.txt\0M\0raw/a b.txt\0R100\0raw/old.txt\0raw/名.txt\0D\0x\0".encode()
    assert parse_name_status(output) == [
        StagedChange("A", "raw/new é.txt"),
        StagedChange("M", "raw/a b.txt"),
        StagedChange("R", "raw/名.txt", "raw/old.txt"),
        StagedChange("D", "x"),
    ]


def test_sort_raw_changes_allows_only_new_files_under_raw() -> None:
    changes = [
        StagedChange("A", "raw/new.txt"),
        StagedChange("A", "docs/readme.txt"),
        StagedChange("M", "raw/edited.txt"),
        StagedChange("D", "raw/gone.txt"),
        StagedChange("T", "raw/link.txt"),
        StagedChange("R", "raw/moved.txt", "raw/original.txt"),
        StagedChange("R", "raw/imported.txt", "inbox/imported.txt"),
        StagedChange("M", "clean/x.txt"),
    ]
    staged = sort_raw_changes(changes, "raw")
    assert staged.added == ("imported.txt", "new.txt")
    assert [(r.path, r.reason.split()[2]) for r in staged.refused] == [
        ("raw/edited.txt", "alters"),
        ("raw/gone.txt", "deletes"),
        ("raw/link.txt", "alters"),
        ("raw/original.txt", "renames"),
    ]


# --- archive --staged ------------------------------------------------------------------------


@pytest.fixture
def archive_repo(tmp_path: Path, run_textkeep) -> Path:
    """A committed archive of two documents."""
    repo = make_repo(tmp_path / "archive")
    (repo / "raw").mkdir()
    (repo / "raw" / "a b.txt").write_bytes(b"hello\r\n")
    (repo / "raw" / "mac.txt").write_text(f"{STEPFUN_MAC}\n", encoding="utf-8")
    assert run_textkeep("archive", cwd=repo).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive")
    return repo


def test_archive_staged_writes_new_documents_then_passes_once_staged(
    run_textkeep, archive_repo: Path
) -> None:
    name = "新 file é.txt"
    (archive_repo / "raw" / name).write_bytes(CHINESE.encode("gb18030"))
    git(archive_repo, "add", "raw")
    done = run_textkeep("archive", "--staged", cwd=archive_repo)
    assert done.returncode == 1
    assert lines(done) == [
        f"archived raw/{name} -> clean/{name} (new)",
        f"not staged: clean/{MANIFEST_NAME}",
        f"not staged: clean/{name}",
        f"not staged: clean/{name}.meta.json",
    ]
    assert (archive_repo / "clean" / name).read_text(encoding="utf-8") == CHINESE

    git(archive_repo, "add", "clean")
    done = run_textkeep("archive", "--staged", cwd=archive_repo)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    assert run_textkeep("verify", cwd=archive_repo).returncode == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("edit", "staged change alters an original"),
        ("delete", "staged change deletes an original"),
        ("rename", "staged change renames an original to raw/moved.txt"),
    ],
)
def test_archive_staged_refuses_changes_to_originals(
    run_textkeep, archive_repo: Path, change: str, reason: str
) -> None:
    original = archive_repo / "raw" / "a b.txt"
    if change == "edit":
        original.write_bytes(b"hello again\r\n")
        git(archive_repo, "add", "raw")
    elif change == "delete":
        git(archive_repo, "rm", "-q", "raw/a b.txt")
    else:
        git(archive_repo, "mv", "raw/a b.txt", "raw/moved.txt")
    manifest = (archive_repo / "clean" / MANIFEST_NAME).read_bytes()
    done = run_textkeep("archive", "--staged", cwd=archive_repo)
    assert done.returncode == 1
    assert lines(done, "stderr")[0] == f"textkeep: error: raw/a b.txt: {reason}"
    assert (archive_repo / "clean" / MANIFEST_NAME).read_bytes() == manifest
    assert git(archive_repo, "status", "--porcelain", "--", "clean").stdout == b""


def test_archive_staged_is_silent_when_raw_is_untouched(run_textkeep, archive_repo) -> None:
    (archive_repo / "notes.txt").write_text("elsewhere\n", encoding="utf-8")
    git(archive_repo, "add", "notes.txt")
    done = run_textkeep("archive", "--staged", cwd=archive_repo)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_archive_staged_outside_git_is_an_error(run_textkeep, tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    env_free = run_textkeep("archive", "--staged", cwd=tmp_path)
    assert env_free.returncode == 2
    assert env_free.stderr.startswith(b"textkeep: error: git: ")


def test_archive_paths_gives_the_manifest_a_full_run_would(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(5):
        (raw / f"doc {i}.txt").write_text(f"document {i}\n", encoding="utf-8")
    archive(raw, tmp_path / "clean")
    untouched = tmp_path / "clean" / "doc 0.txt"
    before = untouched.stat().st_mtime_ns
    (raw / "new é.txt").write_bytes(b"one\r\ntwo\r\n")
    report = archive_paths(raw, tmp_path / "clean", ["new é.txt"])
    assert [(d.path, d.status) for d in report.documents] == [("new é.txt", "new")]
    incremental = (tmp_path / "clean" / MANIFEST_NAME).read_bytes()
    assert untouched.stat().st_mtime_ns == before

    full = archive(raw, tmp_path / "clean")
    assert full.count("unchanged") == 6
    assert (tmp_path / "clean" / MANIFEST_NAME).read_bytes() == incremental


# --- install-hook ----------------------------------------------------------------------------


def test_install_hook_writes_an_executable_hook_and_keeps_an_existing_one(
    run_textkeep, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "plain")
    done = run_textkeep("install-hook", cwd=repo)
    assert (done.returncode, lines(done)) == (0, ["installed .git/hooks/pre-commit"])
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert HOOK_MARK in hook.read_text(encoding="utf-8")
    assert hook.stat().st_mode & stat.S_IXUSR

    hook.write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    done = run_textkeep("install-hook", cwd=repo)
    assert done.returncode == 1
    assert b"exists; --force replaces it" in done.stderr
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"

    done = run_textkeep("install-hook", "--force", cwd=repo)
    assert lines(done) == ["installed .git/hooks/pre-commit (replaced the earlier hook)"]
    assert HOOK_MARK in hook.read_text(encoding="utf-8")


def test_hook_script_quotes_its_paths() -> None:
    script = hook_script("/opt/my tools/textkeep", "raw files", "clean")
    assert "default='/opt/my tools/textkeep'\n" in script
    assert "':(top,exclude)raw files'" in script


@pytest.mark.skipif(os.name == "nt", reason="the plain hook is a POSIX shell script")
def test_installed_hook_blocks_a_bad_commit_then_lets_the_fixed_one_through(
    run_textkeep, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "plain")
    (repo / "raw").mkdir()
    assert run_textkeep("install-hook", cwd=repo).returncode == 0
    (repo / "notes é.txt").write_bytes(b"one\r\ntwo\r\n")
    (repo / "raw" / "orig.txt").write_bytes(b"orig\r\n")  # originals are exempt from the check
    git(repo, "add", "notes é.txt", "raw", "pyproject.toml")

    blocked = subprocess.run(
        ["git", "commit", "-q", "-m", "bad"], cwd=repo, capture_output=True, timeout=120
    )
    assert blocked.returncode != 0
    # git hands a hook's standard output to its own standard error.
    assert "notes é.txt:1: CRLF line endings (2 lines)" in blocked.stderr.decode()
    assert "orig.txt" not in blocked.stderr.decode()

    assert run_textkeep("fix", "notes é.txt", cwd=repo).returncode == 1
    git(repo, "add", "notes é.txt")
    needs_clean = subprocess.run(
        ["git", "commit", "-q", "-m", "bad"], cwd=repo, capture_output=True, timeout=120
    )
    assert needs_clean.returncode != 0
    assert "archived raw/orig.txt -> clean/orig.txt (new)" in needs_clean.stderr.decode()

    git(repo, "add", "clean")
    git(repo, "commit", "-q", "-m", "good")
    assert git(repo, "status", "--porcelain").stdout == b""
