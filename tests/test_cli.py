"""Every command through the installed ``textkeep`` console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from textkeep.normalize import normalize

CRLF_GB = "中文标题\r\n这是一个用于测试的较长的中文句子，包含一些常见的汉字。\r\n".encode("gb18030")
MOJIBAKE = "StepFun (Èò∂Ë∑ÉÊòüËæ∞)\n"


def test_python_dash_m_works(workspace: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "textkeep", "--help"], cwd=workspace, capture_output=True
    )
    assert done.returncode == 0
    assert b"archive" in done.stdout


@pytest.mark.parametrize("command", ["archive", "verify", "fix", "explain"])
def test_every_command_has_help_with_an_example(run_textkeep, workspace: Path, command) -> None:
    done = run_textkeep(command, "--help", cwd=workspace)
    assert done.returncode == 0
    assert b"Example:" in done.stdout
    assert f"textkeep {command}".encode() in done.stdout


def test_archive_then_verify(run_textkeep, workspace: Path) -> None:
    (workspace / "raw" / "a.txt").write_bytes(b"hello\r\n")
    (workspace / "raw" / "m.txt").write_bytes(MOJIBAKE.encode())
    done = run_textkeep("archive", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[-1] == (
        "archived 2 documents: 2 new, 0 updated, 0 unchanged, 1 repaired, 0 refused"
    )
    done = run_textkeep("verify", cwd=workspace)
    assert (done.returncode, done.stdout) == (0, b"ok: 2 documents verified\n")

    (workspace / "clean" / "a.txt").write_bytes(b"edited\n")
    done = run_textkeep("verify", cwd=workspace)
    assert (done.returncode, done.stdout) == (1, b"altered: clean/a.txt\n")


def test_archive_refuses_binary_with_exit_2(run_textkeep, workspace: Path) -> None:
    (workspace / "raw" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (workspace / "raw" / "ok.txt").write_bytes(b"fine\n")
    done = run_textkeep("archive", cwd=workspace)
    assert done.returncode == 2
    assert done.stderr == b"textkeep: error: raw/x.png: not text (PNG image)\n"
    assert b"1 new" in done.stdout and b"1 refused" in done.stdout
    assert (workspace / "clean" / "ok.txt").exists()


def test_archive_reports_and_prunes_missing_raw(run_textkeep, workspace: Path) -> None:
    (workspace / "raw" / "gone.txt").write_bytes(b"bye\n")
    run_textkeep("archive", cwd=workspace)
    (workspace / "raw" / "gone.txt").unlink()
    done = run_textkeep("archive", cwd=workspace)
    assert b"missing raw: raw/gone.txt" in done.stdout
    assert (workspace / "clean" / "gone.txt").exists()
    done = run_textkeep("archive", "--prune", cwd=workspace)
    assert b"pruned: raw/gone.txt" in done.stdout
    assert not (workspace / "clean" / "gone.txt").exists()


def test_settings_come_from_the_nearest_pyproject(run_textkeep, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.textkeep]\nraw = "originals"\nclean = "out"\n', encoding="utf-8"
    )
    (tmp_path / "originals").mkdir()
    (tmp_path / "originals" / "a.txt").write_bytes(b"text\n")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    done = run_textkeep("archive", cwd=tmp_path / "deep" / "er")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"text\n"


def test_missing_raw_folder_is_a_usage_error(run_textkeep, workspace: Path) -> None:
    done = run_textkeep("archive", "--raw", "nowhere", cwd=workspace)
    assert done.returncode == 2
    assert b"nowhere" in done.stderr


def test_fix_check_lists_changes_and_changes_nothing(run_textkeep, workspace: Path) -> None:
    notes = workspace / "notes.txt"
    notes.write_bytes(CRLF_GB)
    done = run_textkeep("fix", "--check", "notes.txt", cwd=workspace)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines() == [
        "notes.txt: encoding gb18030 (not UTF-8)",
        "notes.txt:1: CRLF line endings (2 lines)",
    ]
    assert notes.read_bytes() == CRLF_GB


def test_fix_writes_utf8_and_reports(run_textkeep, workspace: Path) -> None:
    notes = workspace / "notes.txt"
    notes.write_bytes(CRLF_GB)
    (workspace / "good.txt").write_bytes(b"already clean\n")
    done = run_textkeep("fix", "notes.txt", "good.txt", cwd=workspace)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines() == [
        "fixed notes.txt: encoding gb18030 -> utf-8; CRLF line endings"
    ]
    assert notes.read_bytes() == CRLF_GB.decode("gb18030").replace("\r\n", "\n").encode()
    done = run_textkeep("fix", "notes.txt", "good.txt", cwd=workspace)
    assert (done.returncode, done.stdout) == (0, b"")


def test_fix_reports_repairs_with_lines(run_textkeep, workspace: Path) -> None:
    (workspace / "m.txt").write_bytes(("ok\n\n" + MOJIBAKE).encode())
    done = run_textkeep("fix", "--check", "m.txt", cwd=workspace)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines() == [
        "m.txt:3:10: mojibake (UTF-8 → Mac Roman): 'Èò∂Ë∑ÉÊòüËæ∞' → '阶跃星辰'"
    ]


def test_fix_diff_prints_unified_diff(run_textkeep, workspace: Path) -> None:
    (workspace / "a.txt").write_bytes(b"one  \ntwo\n")
    done = run_textkeep("fix", "--diff", "a.txt", cwd=workspace)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines() == [
        "--- a/a.txt",
        "+++ b/a.txt",
        "@@ -1,2 +1,2 @@",
        "-one  ",
        "+one",
        " two",
    ]
    assert (workspace / "a.txt").read_bytes() == b"one  \ntwo\n"


def test_fix_stdin_to_stdout(run_textkeep, workspace: Path) -> None:
    done = run_textkeep("fix", "-", cwd=workspace, stdin=CRLF_GB)
    assert done.returncode == 0
    assert done.stdout == CRLF_GB.decode("gb18030").replace("\r\n", "\n").encode()


def test_fix_bad_inputs_exit_2_and_others_still_fixed(run_textkeep, workspace: Path) -> None:
    (workspace / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (workspace / "nul.txt").write_bytes(b"\x00" * 32)
    (workspace / "dir.txt").mkdir()
    (workspace / "a.txt").write_bytes(b"a  \n")
    done = run_textkeep("fix", "x.png", "nul.txt", "dir.txt", "missing.txt", "a.txt", cwd=workspace)
    assert done.returncode == 2
    errors = done.stderr.decode().splitlines()
    assert errors[0] == "textkeep: error: x.png: not text (PNG image)"
    assert errors[1] == "textkeep: error: nul.txt: not text (contains NUL bytes)"
    assert errors[2].startswith("textkeep: error: dir.txt: cannot read")
    assert errors[3].startswith("textkeep: error: missing.txt: cannot read")
    assert (workspace / "a.txt").read_bytes() == b"a\n"


def test_fix_empty_file_is_left_alone(run_textkeep, workspace: Path) -> None:
    (workspace / "e.txt").write_bytes(b"")
    done = run_textkeep("fix", "e.txt", cwd=workspace)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_fix_forced_encoding(run_textkeep, workspace: Path) -> None:
    (workspace / "k.txt").write_bytes("Привет\n".encode("koi8-r"))
    done = run_textkeep("fix", "--encoding", "koi8-r", "k.txt", cwd=workspace)
    assert done.returncode == 1
    assert (workspace / "k.txt").read_text("utf-8") == "Привет\n"
    (workspace / "bad.txt").write_bytes(b"caf\xe9\n")
    done = run_textkeep("fix", "--encoding", "utf-8", "bad.txt", cwd=workspace)
    assert done.returncode == 2
    assert done.stderr == b"textkeep: error: bad.txt: cannot decode as utf-8: " + (
        b"invalid continuation byte at byte 3\n"
    )


def test_explain_lines_and_json(run_textkeep, workspace: Path) -> None:
    (workspace / "m.txt").write_bytes(("ok\r\n" + MOJIBAKE).encode())
    done = run_textkeep("explain", "m.txt", cwd=workspace)
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert lines[0] == "m.txt: decode: utf-8 (utf-8, confidence 1)"
    assert 'm.txt:1:3: normalize: "\\r\\n" -> "\\n" (CRLF line ending)' in lines
    assert any(line.startswith("m.txt:2:") and ": repair: " in line for line in lines)

    done = run_textkeep(
        "explain", "--json", "-", cwd=workspace, stdin=("ok\r\n" + MOJIBAKE).encode()
    )
    payload = json.loads(done.stdout)
    assert payload["path"] == "<stdin>"
    assert payload["decode"]["encoding"] == "utf-8"
    assert payload["changed"] is True
    stages = [c["stage"] for c in payload["changes"]]
    assert "repair" in stages and "normalize" in stages


def test_explain_binary_is_an_input_error(run_textkeep, workspace: Path) -> None:
    (workspace / "x.pdf").write_bytes(b"%PDF-1.4\n")
    done = run_textkeep("explain", "x.pdf", cwd=workspace)
    assert done.returncode == 2
    assert done.stderr == b"textkeep: error: x.pdf: not text (PDF document)\n"


# --- the real seed documents -----------------------------------------------------------------


def test_seed_002_is_repaired_exactly(run_textkeep, seeds: Path, workspace: Path) -> None:
    name = "002_1b0983bb6ce9965c.txt"
    done = run_textkeep("fix", "-", cwd=workspace, stdin=(seeds / name).read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout == (seeds / "expected" / name).read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "000_d3efe03921676290.txt",
        "001_ee6558350a36c625.txt",
        "003_792819f705965f5a.txt",
        "004_aab549e0d8bc6bbf.txt",
    ],
)
def test_other_seeds_only_get_normalised(run_textkeep, seeds: Path, workspace: Path, name) -> None:
    data = (seeds / name).read_bytes()
    done = run_textkeep("fix", "-", cwd=workspace, stdin=data)
    assert done.returncode == 0, done.stderr
    assert done.stdout == normalize(data.decode("utf-8")).text.encode("utf-8")
