"""The hooks of .pre-commit-hooks.yaml under the real pre-commit framework (version 4 or later).

The framework installs hooks from a repository at a revision, so a session fixture commits a
snapshot of this checkout (working tree included) to a temporary repository and every test's
configuration points at it. The hook environment (a virtualenv with textkeep pip-installed from
the snapshot, its dependencies from the package index) is built once per session in a shared
PRE_COMMIT_HOME; each test then costs a few hook runs.

Mojibake is built at run time, so this file holds clean text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from textkeep.archive import MANIFEST_NAME

pytest.importorskip(
    "pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'"
)

REPO = Path(__file__).resolve().parent.parent
CAFE = "Le café est prêt."
CAFE_MAC = CAFE.encode("utf-8").decode("mac_roman")
CHINESE = "中文标题\n这是一个用于测试的较长的中文句子，包含一些常见的汉字。\n"
# What pip prints when the package index cannot be reached; only then is a failed build a skip.
_OFFLINE_SIGNS = (
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "No matching distribution found",
    "Network is unreachable",
)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True, timeout=60)


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    git(path, "config", "user.name", "textkeep tests")
    git(path, "config", "user.email", "tests@textkeep.invalid")
    git(path, "config", "commit.gpgsign", "false")
    return path


def _snapshot(target: Path) -> str:
    """Commit what installing textkeep needs from this checkout; return the revision."""
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout
    make_repo(target)
    for raw_name in listed.split(b"\0"):
        name = os.fsdecode(raw_name)
        if not name or not (
            name.startswith("src/")
            or name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
        ):
            continue
        source = REPO / name
        if source.is_file():  # a file deleted but not yet committed is not part of the tree
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD").stdout.decode().strip()


class Framework:
    """Runs ``pre-commit`` in a repository against the snapshot of this checkout."""

    def __init__(self, hooks_repo: Path, rev: str, home: Path) -> None:
        self.hooks_repo, self.rev, self.home = hooks_repo, rev, home

    def config(self, *hook_ids: str) -> str:
        hooks = "".join(f"      - id: {hook_id}\n" for hook_id in hook_ids)
        return (
            "# Generic fixers must never touch the originals.\n"
            "exclude: ^raw/\n"
            "repos:\n"
            f"  - repo: {self.hooks_repo.as_posix()}\n"
            f"    rev: {self.rev}\n"
            f"    hooks:\n{hooks}"
        )

    def repo(self, path: Path, *hook_ids: str) -> Path:
        make_repo(path)
        (path / ".pre-commit-config.yaml").write_text(self.config(*hook_ids), encoding="utf-8")
        (path / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
        git(path, "add", ".pre-commit-config.yaml", "pyproject.toml")
        return path

    def run(self, repo: Path, *args: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(self.home),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            timeout=900,
            check=False,
        )


@pytest.fixture(scope="session")
def framework(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    root = tmp_path_factory.mktemp("precommit")
    rev = _snapshot(root / "textkeep-snapshot")
    tools = Framework(root / "textkeep-snapshot", rev, root / "home")
    probe = tools.repo(root / "probe", "textkeep-check", "textkeep-fix", "textkeep-archive")
    built = tools.run(probe, "install-hooks")
    if built.returncode != 0:
        output = (built.stdout + built.stderr).decode("utf-8", "replace")
        log = tools.home / "pre-commit.log"
        if log.is_file():
            output += log.read_text("utf-8", "replace")
        if any(sign in output for sign in _OFFLINE_SIGNS):
            pytest.skip("the package index is unreachable, so no hook environment can be built")
        pytest.fail(f"pre-commit could not build the hook environment:\n{output[-4000:]}")
    return tools


def text(done: subprocess.CompletedProcess) -> str:
    return (done.stdout + done.stderr).decode("utf-8", "replace")


def test_check_fails_naming_the_files_fix_repairs_them_and_then_both_pass(
    framework: Framework, tmp_path: Path
) -> None:
    repo = framework.repo(tmp_path / "texts", "textkeep-check", "textkeep-fix")
    (repo / "mac roman é.txt").write_text(f"{CAFE_MAC}\n", encoding="utf-8")
    (repo / "gb18030.txt").write_bytes(CHINESE.encode("gb18030"))
    (repo / "crlf.txt").write_bytes(b"one\r\ntwo\r\n")
    (repo / "wide.txt").write_bytes(CHINESE.encode("utf-16"))  # identify calls this binary
    (repo / "clean.txt").write_text(f"{CAFE}\n", encoding="utf-8")
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    git(repo, "add", ".")

    check = framework.run(repo, "run", "textkeep-check")
    assert check.returncode == 1, text(check)
    out = text(check)
    assert "mac roman é.txt:1:7: mojibake (UTF-8 → Mac Roman)" in out
    assert "gb18030.txt: encoding gb18030 (not UTF-8)" in out
    assert "crlf.txt:1: CRLF line endings (2 lines)" in out
    assert "wide.txt: encoding utf-16" in out
    assert "clean.txt" not in out and "logo.png" not in out
    assert (repo / "crlf.txt").read_bytes() == b"one\r\ntwo\r\n"

    fix = framework.run(repo, "run", "textkeep-fix")
    assert fix.returncode == 1, text(fix)
    assert "fixed mac roman é.txt: " in text(fix)
    assert (repo / "mac roman é.txt").read_text(encoding="utf-8") == f"{CAFE}\n"
    assert (repo / "gb18030.txt").read_text(encoding="utf-8") == CHINESE
    assert (repo / "wide.txt").read_text(encoding="utf-8") == CHINESE
    assert (repo / "crlf.txt").read_bytes() == b"one\ntwo\n"

    git(repo, "add", ".")
    again = framework.run(repo, "run", "textkeep-check")
    assert again.returncode == 0, text(again)
    again = framework.run(repo, "run", "textkeep-fix")
    assert again.returncode == 0, text(again)


def test_archive_hook_brings_clean_up_to_date_and_refuses_altered_originals(
    framework: Framework, tmp_path: Path, run_textkeep
) -> None:
    repo = framework.repo(tmp_path / "archive", "textkeep-archive")
    (repo / "raw").mkdir()
    (repo / "raw" / "first.txt").write_text("first\n", encoding="utf-8")
    assert run_textkeep("archive", cwd=repo).returncode == 0
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "archive")

    name = "新 document é.txt"
    (repo / "raw" / name).write_bytes(CHINESE.replace("\n", "\r\n").encode("gb18030"))
    git(repo, "add", "raw")
    stale = framework.run(repo, "run", "textkeep-archive")
    assert stale.returncode == 1, text(stale)
    assert f"archived raw/{name} -> clean/{name} (new)" in text(stale)
    assert (repo / "clean" / name).read_text(encoding="utf-8") == CHINESE

    git(repo, "add", "clean")
    passed = framework.run(repo, "run", "textkeep-archive")
    assert passed.returncode == 0, text(passed)
    git(repo, "commit", "-q", "--no-verify", "-m", "add a document")

    with (repo / "raw" / "first.txt").open("ab") as handle:
        handle.write(b"an edit\n")
    git(repo, "add", "raw")
    manifest = (repo / "clean" / MANIFEST_NAME).read_bytes()
    altered = framework.run(repo, "run", "textkeep-archive")
    assert altered.returncode == 1, text(altered)
    assert "raw/first.txt: staged change alters an original" in text(altered)
    assert (repo / "clean" / MANIFEST_NAME).read_bytes() == manifest
