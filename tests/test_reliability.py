"""Bad input and hostile text: joiners that spell words, bidi controls, names and trees that
try to make textkeep read or write where it must not (issue 6)."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from textkeep.archive import (
    MANIFEST_NAME,
    ArchiveError,
    archive,
    pipeline_fingerprint,
    printable_name,
    verify,
)
from textkeep.normalize import bidi_controls, normalize

# --- joiners -----------------------------------------------------------------------------------

WOMAN_TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
FAMILY_WITH_SKIN_TONE = "\U0001f468\U0001f3fd\u200d\U0001f467"
PERSIAN_MIKHAHAM = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", half-space
DEVANAGARI_HALF_KA = "\u0915\u094d\u200d\u0937"
MALAYALAM_CHILLU = "\u0d28\u0d4d\u200d"  # before a space: joins nothing
SINHALA_YANSAYA = "\u0dc1\u0dca\u200d\u0dba"


@pytest.mark.parametrize(
    "word",
    [
        WOMAN_TECHNOLOGIST,
        RAINBOW_FLAG,
        FAMILY_WITH_SKIN_TONE,
        PERSIAN_MIKHAHAM,
        DEVANAGARI_HALF_KA,
        SINHALA_YANSAYA,
    ],
)
def test_joiners_that_join_are_kept_and_counted(word: str) -> None:
    result = normalize(f"{word} {word}\n")
    assert result.text == f"{word} {word}\n"
    assert result.report.counts == {}
    assert result.report.joiners_kept == 2
    assert result.report.to_dict() == {"joiners_kept": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u200db\u200cc\n", "abc\n"),  # Latin letters need no joiner
        ("\u200d\U0001f4bb\n", "\U0001f4bb\n"),  # nothing before it
        ("\U0001f469\u200d\n", "\U0001f469\n"),  # nothing after it
        ("\U0001f469\u200cx\n", "\U0001f469x\n"),  # ZWNJ never joins emoji
        ("\u0645\u200c\u0915\n", "\u0645\u0915\n"),  # two different scripts
        (MALAYALAM_CHILLU + " x\n", "\u0d28\u0d4d x\n"),
        ("\u0645\u200c\u200c\u200d\u0645\n", "\u0645\u200c\u0645\n"),  # a run keeps its first
        ("\U0001f469\u200b\u200d\U0001f4bb\n", WOMAN_TECHNOLOGIST + "\n"),  # ZWSP goes
    ],
)
def test_joiners_that_join_nothing_are_removed(text: str, expected: str) -> None:
    result = normalize(text)
    assert result.text == expected
    removed = sum(text.count(c) for c in "\u200b\u200c\u200d") - sum(
        expected.count(c) for c in "\u200b\u200c\u200d"
    )
    assert result.report.counts.get("zero_width", 0) == removed
    again = normalize(result.text)
    assert again.text == result.text
    assert again.report.counts == {}


# --- bidi controls (Trojan source) -------------------------------------------------------------

TROJAN = 'access = "user\u202e \u2066// admin\u2069 \u2066"\r\nok = 1\n\u202bRTL\u202c\n'


def test_bidi_controls_are_kept_and_located() -> None:
    result = normalize(TROJAN)
    assert result.text == TROJAN.replace("\r\n", "\n")
    assert result.report.counts == {"crlf": 1}
    assert result.report.bidi_kept == 6
    assert result.report.to_dict() == {"bidi_kept": 6, "crlf": 1}
    found = [(c.line, c.column, c.code_point) for c in bidi_controls(TROJAN)]
    assert found == [
        (1, 15, "U+202E"),
        (1, 17, "U+2066"),
        (1, 26, "U+2069"),
        (1, 28, "U+2066"),
        (3, 1, "U+202B"),
        (3, 5, "U+202C"),
    ]
    assert bidi_controls(TROJAN)[0].name == "RIGHT-TO-LEFT OVERRIDE"


def test_strip_bidi_removes_and_counts_them() -> None:
    result = normalize(TROJAN, strip_bidi=True, record_changes=True)
    assert not bidi_controls(result.text)
    assert result.report.counts == {"bidi": 6, "crlf": 1}
    assert [c.offset for c in result.report.changes if c.kind == "bidi"] == [
        c.offset for c in bidi_controls(TROJAN)
    ]
    assert normalize(result.text, strip_bidi=True).report.counts == {}


def test_stripping_bidi_before_a_mark_still_gives_nfc() -> None:
    assert normalize("e\u202e\u0301\n", strip_bidi=True).text == "\u00e9\n"


# --- bad input through the archive -------------------------------------------------------------

GOOD = {"good/one.txt": b"A good document.\n", "good/two.txt": "Caf\u00e9 cr\u00e8me.\n".encode()}


def tree_state(folder: Path) -> dict[str, tuple[bytes | str, int]]:
    """Every entry under ``folder`` (symlinks not followed) with its bytes and mtime."""
    state: dict[str, tuple[bytes | str, int]] = {}
    for dirpath, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(dirpath) / name
            info = path.lstat()
            rel = os.fsencode(path.relative_to(folder)).decode("latin-1")
            if path.is_symlink():
                state[rel] = (os.readlink(path), info.st_mtime_ns)
            elif path.is_file():
                state[rel] = (path.read_bytes(), info.st_mtime_ns)
            else:
                state[rel] = ("dir", info.st_mtime_ns)
    return state


def write(raw: Path, rel: str | bytes, data: bytes) -> None:
    path = Path(os.fsdecode(os.path.join(os.fsencode(raw), os.fsencode(rel))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    # name: (bytes, the start of the reason archive gives)
    "empty.txt": (b"", "empty file"),
    "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not text (PNG"),
    "paper.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not text (PDF"),
    "notes.txt.gz": (gzip.compress(b"text inside gzip\n" * 20, mtime=0), "not text (gzip"),
    "noise.bin": (random.Random(6).randbytes(4096), "not text"),
    "nul.txt": (b"some text\x00with a NUL\x00in it\n" * 3, "not text (contains NUL"),
}


@pytest.mark.xfail(
    strict=True,
    reason="decode (issue 5) reads even-length UTF-8 text with a few NULs as UTF-16",
)
def test_utf8_text_with_nul_bytes_is_never_read_as_utf16() -> None:
    from textkeep.decode import NotTextError, decode

    with pytest.raises(NotTextError):
        decode(b"some text\x00with a NUL\x00in it\n" * 4)


def test_each_bad_input_is_refused_by_name_and_the_rest_archived(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for rel, data in GOOD.items():
        write(raw, rel, data)
    for rel, (data, _why) in BAD_INPUTS.items():
        write(raw, f"bad/{rel}", data)
    before = tree_state(raw)
    report = archive(raw, tmp_path / "clean")
    refused = {d.path: d.reason for d in report.refused}
    assert set(refused) == {f"bad/{rel}" for rel in BAD_INPUTS}
    for rel, (_data, why) in BAD_INPUTS.items():
        assert refused[f"bad/{rel}"].startswith(why), (rel, refused[f"bad/{rel}"])
    assert report.count("new") == len(GOOD)
    assert tree_state(raw) == before
    assert verify(raw, tmp_path / "clean").ok


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        # Truncated in the middle of a multi-byte character: the damage costs those bytes only.
        (("Ein schöner Satz über Straßen. " * 20 + "Gr\u00fc").encode()[:-1], "Ein schöner Satz"),
        (("Text in UTF-16 with a BOM. " * 20).encode("utf-16")[:-1], "Text in UTF-16"),
        (
            ("Première ligne en UTF-8 avec des accents.\n" * 5).encode()
            + ("Zweite Zeile in cp1252 mit Umlauten: äöü.\n" * 5).encode("cp1252"),
            "Première ligne",
        ),
    ],
    ids=["truncated-utf8", "truncated-utf16", "mixed-encodings"],
)
def test_damaged_text_is_archived_with_its_damage_recorded(
    tmp_path: Path, data: bytes, kept: str
) -> None:
    raw = tmp_path / "raw"
    write(raw, "damaged.txt", data)
    report = archive(raw, tmp_path / "clean")
    outcome = report.documents[0]
    assert outcome.status in ("new", "refused"), outcome
    if outcome.status == "new":
        assert kept in (tmp_path / "clean" / "damaged.txt").read_text("utf-8")
    else:
        assert "internal error" not in outcome.reason
    assert verify(raw, tmp_path / "clean").ok


def test_a_200_mb_line_is_refused_unread(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    with (raw / "dump.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
        handle.seek(0)
        handle.write(b"one line that goes on")
    write(raw, "ok.txt", b"fine\n")
    report = archive(raw, tmp_path / "clean")
    (reason,) = [d.reason for d in report.refused]
    assert reason == "too large (209715200 bytes; the limit is 67108864, see --max-bytes)"
    assert report.count("new") == 1
    small = archive(raw, tmp_path / "clean", max_bytes=4)
    assert {d.path for d in small.refused} == {"dump.txt", "ok.txt"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "locked.txt", b"locked\n")
    write(raw, "shut/inner.txt", b"inner\n")
    write(raw, "ok.txt", b"fine\n")
    (raw / "locked.txt").chmod(0)
    (raw / "shut").chmod(0)
    try:
        report = archive(raw, tmp_path / "clean")
    finally:
        (raw / "locked.txt").chmod(0o644)
        (raw / "shut").chmod(0o755)
    refused = {d.path: d.reason for d in report.refused}
    assert refused == {
        "locked.txt": "cannot read (Permission denied)",
        "shut": "cannot list folder (Permission denied)",
    }
    assert report.count("new") == 1


def test_a_folder_where_the_clean_file_belongs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", b"text\n")
    write(raw, "b.txt", b"other\n")
    (tmp_path / "clean" / "a.txt").mkdir(parents=True)
    report = archive(raw, tmp_path / "clean")
    assert [(d.path, d.reason) for d in report.refused] == [
        ("a.txt", "clean/a.txt is a folder where the clean file belongs")
    ]
    assert (tmp_path / "clean" / "b.txt").read_bytes() == b"other\n"


def test_a_file_deleted_during_the_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(raw, name, f"{name}\n".encode())
    archive(raw, tmp_path / "clean")
    (raw / "b.txt").write_bytes(b"changed\n")

    def delete_b(rel: str) -> None:
        if rel == "b.txt":
            (raw / "b.txt").unlink()

    report = archive(raw, tmp_path / "clean", progress=delete_b)
    assert [(d.path, d.reason) for d in report.refused] == [("b.txt", "vanished during the run")]
    assert report.missing_raw == ("raw/b.txt",)
    assert verify(raw, tmp_path / "clean").ok, "the kept copy stays in the manifest"


# --- names -------------------------------------------------------------------------------------

ODD_NAMES: list[bytes] = [
    b"with space.txt",
    b"new\nline.txt",
    b"back\\slash.txt",
    b"carriage\rreturn.txt",
    "non-ascii \u4e2d\u6587 \u00e9.txt".encode(),
    b"latin1-\xe9-not-utf8.txt",
    b"tab\there.txt",
]


def test_odd_names_round_trip_through_manifest_and_sha256sum(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for index, name in enumerate(ODD_NAMES):
        write(raw, name, f"document {index}\n".encode())
    report = archive(raw, tmp_path / "clean")
    assert report.count("new") == len(ODD_NAMES), report.refused
    for index, name in enumerate(ODD_NAMES):
        clean_file = os.path.join(os.fsencode(tmp_path / "clean"), name)
        assert Path(os.fsdecode(clean_file)).read_bytes() == f"document {index}\n".encode()
    manifest = (tmp_path / "clean" / MANIFEST_NAME).read_bytes()
    assert b"\\" + b"0" * 0 in manifest
    lines = manifest.split(b"\n")
    escaped = [line for line in lines if line.startswith(b"\\")]
    # new\nline, back\\slash and carriage\rreturn, each as raw/, clean/ and sidecar entries.
    assert len(escaped) == 9
    assert any(line.endswith(b"  raw/new\\nline.txt") for line in escaped)
    assert any(line.endswith(b"  raw/back\\\\slash.txt") for line in escaped)
    assert any(line.endswith(b"  raw/latin1-\xe9-not-utf8.txt") for line in lines)
    assert verify(raw, tmp_path / "clean").ok
    if shutil.which("sha256sum"):
        from conftest import sha256sum_check

        done = sha256sum_check(tmp_path, f"clean/{MANIFEST_NAME}")
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_name_that_is_not_utf8_is_recorded_recoverably(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, b"caf\xe9.txt", b"menu\n")
    archive(raw, tmp_path / "clean")
    sidecar = Path(os.fsdecode(os.fsencode(tmp_path / "clean") + b"/caf\xe9.txt.meta.json"))
    data = sidecar.read_bytes()
    assert b'"path": "raw/caf\\udce9.txt"' in data
    data.decode("utf-8")  # the sidecar itself is valid UTF-8
    assert os.fsencode(json.loads(data)["source"]["path"]) == b"raw/caf\xe9.txt"


def test_printable_name_keeps_error_lines_on_one_line() -> None:
    name = "a\nb\\c" + os.fsdecode(b"\xff") + "\x1b\u2028.txt"
    assert printable_name(name) == "a\\nb\\\\c\\xff\\u001b\\u2028.txt"


def test_cli_error_line_names_an_odd_file_on_one_line(run_textkeep, workspace: Path) -> None:
    write(workspace / "raw", b"bad\nname\xff.png", b"\x89PNG\r\n\x1a\n\x00")
    write(workspace / "raw", "ok.txt", b"ok\n")
    done = run_textkeep("archive", cwd=workspace)
    assert done.returncode == 2
    assert done.stderr == b"textkeep: error: raw/bad\\nname\\xff.png: not text (PNG image)\n"


# --- two raw files, one clean path -------------------------------------------------------------


def test_sidecar_name_collision_is_refused_naming_both(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", b"the document\n")
    write(raw, "a.txt.meta.json", b'{"not": "a sidecar"}\n')
    report = archive(raw, tmp_path / "clean")
    assert [(d.path, d.reason) for d in report.refused] == [
        (
            "a.txt.meta.json",
            "not archived: clean/a.txt.meta.json would be both its clean copy and the sidecar"
            " of raw/a.txt",
        )
    ]
    assert json.loads((tmp_path / "clean" / "a.txt.meta.json").read_bytes())["source"]
    assert verify(raw, tmp_path / "clean").ok


def test_case_and_unicode_form_collisions_are_refused_naming_both(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "Notes.txt", b"upper\n")
    write(raw, "notes.txt", b"lower\n")
    write(raw, "caf\u00e9.txt", b"composed\n")
    write(raw, "cafe\u0301.txt", b"decomposed\n")
    write(raw, "other.txt", b"fine\n")
    if len(list(raw.iterdir())) < 5:
        pytest.skip("this file system folds case or Unicode form itself")
    report = archive(raw, tmp_path / "clean")
    refused = {d.path: d.reason for d in report.refused}
    assert set(refused) == {"Notes.txt", "notes.txt", "caf\u00e9.txt", "cafe\u0301.txt"}
    assert "raw/notes.txt" in refused["Notes.txt"] and "raw/Notes.txt" in refused["notes.txt"]
    assert "case-insensitive" in refused["notes.txt"]
    assert report.count("new") == 1


def test_a_raw_file_named_like_the_manifest_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, MANIFEST_NAME.upper(), b"not the manifest\n")
    report = archive(raw, tmp_path / "clean")
    assert report.refused[0].reason == "not archived (its name is the manifest's)"


# --- hostile trees -----------------------------------------------------------------------------


def test_symlinks_in_raw_are_refused_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"not for the archive\n")
    (tmp_path / "secret-dir").mkdir()
    (tmp_path / "secret-dir" / "s.txt").write_bytes(b"nor this\n")
    raw = tmp_path / "raw"
    write(raw, "ok.txt", b"fine\n")
    (raw / "out.txt").symlink_to(outside)
    (raw / "outdir").symlink_to(tmp_path / "secret-dir")
    (raw / "loop1").symlink_to(raw / "loop2")
    (raw / "loop2").symlink_to(raw / "loop1")
    (raw / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (raw / "inside.txt").symlink_to(raw / "ok.txt")
    before = tree_state(raw)
    report = archive(raw, tmp_path / "clean")
    refused = {d.path: d.reason for d in report.refused}
    assert refused == {
        "out.txt": f"symlink to {outside}, outside the folder; not followed",
        "outdir": f"symlink to {tmp_path / 'secret-dir'}, outside the folder; not followed",
        "loop1": f"symlink loop ({raw / 'loop2'}), not followed",
        "loop2": f"symlink loop ({raw / 'loop1'}), not followed",
        "dangling.txt": f"dangling symlink to {tmp_path / 'nowhere'}, not followed",
        "inside.txt": f"symlink to {raw / 'ok.txt'}, not followed (its target is archived itself)",
    }
    everything = b"".join(p.read_bytes() for p in (tmp_path / "clean").rglob("*") if p.is_file())
    assert b"not for the archive" not in everything and b"nor this" not in everything
    assert tree_state(raw) == before
    assert verify(raw, tmp_path / "clean").ok


def test_clean_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", b"text\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "clean").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ArchiveError, match="is a symlink"):
        archive(raw, tmp_path / "clean")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_clean_inside_raw_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", b"text\n")
    with pytest.raises(ArchiveError, match="overlaps"):
        archive(raw, raw / "clean")
    assert not (raw / "clean").exists()


def test_symlinked_folder_inside_clean_is_not_written_through(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "sub/a.txt", b"text\n")
    write(raw, "b.txt", b"other\n")
    (tmp_path / "victim").mkdir()
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "sub").symlink_to(tmp_path / "victim")
    report = archive(raw, tmp_path / "clean")
    assert [(d.path, d.reason) for d in report.refused] == [
        ("sub/a.txt", "clean/sub is a symlink; not writing through it")
    ]
    assert list((tmp_path / "victim").iterdir()) == []


def test_a_manifest_naming_files_outside_is_not_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write(raw, "a.txt", b"text\n")
    archive(raw, tmp_path / "clean")
    (tmp_path / "outside.txt").write_bytes(b"private\n")
    manifest = tmp_path / "clean" / MANIFEST_NAME
    manifest.write_bytes(manifest.read_bytes() + b"0" * 64 + b"  outside.txt\n")
    problems = verify(raw, tmp_path / "clean").problems
    assert problems == (("malformed", f"clean/{MANIFEST_NAME} entry outside.txt"),)


@pytest.mark.parametrize("key", ["raw", "clean"])
@pytest.mark.parametrize("value", ["../elsewhere", "/tmp/elsewhere", "sub/../../up"])
def test_configured_paths_may_not_leave_the_project(
    run_textkeep, tmp_path: Path, key: str, value: str
) -> None:
    project = tmp_path / "project"
    (project / "raw").mkdir(parents=True)
    (project / "raw" / "a.txt").write_bytes(b"text\n")
    (project / "pyproject.toml").write_text(f'[tool.textkeep]\n{key} = "{value}"\n')
    done = run_textkeep("archive", cwd=project)
    assert done.returncode == 2
    assert f"[tool.textkeep] {key} = '{value}' leads outside".encode() in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
    assert not (project / "clean").exists()


# --- rebuilt when the code changes -------------------------------------------------------------


def test_pipeline_fingerprint_is_recorded_and_drives_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import textkeep.archive as archive_module

    raw = tmp_path / "raw"
    write(raw, "a.txt", b"text\n")
    archive(raw, tmp_path / "clean")
    record = json.loads((tmp_path / "clean" / "a.txt.meta.json").read_bytes())
    assert record["versions"]["pipeline"] == pipeline_fingerprint()
    assert len(pipeline_fingerprint()) == 64
    assert archive(raw, tmp_path / "clean").count("unchanged") == 1

    monkeypatch.setattr(archive_module, "pipeline_fingerprint", lambda: "f" * 64)
    report = archive(raw, tmp_path / "clean")
    assert report.count("updated") == 1
    record = json.loads((tmp_path / "clean" / "a.txt.meta.json").read_bytes())
    assert record["versions"]["pipeline"] == "f" * 64


def test_pipeline_fingerprint_covers_the_pipeline_sources_only() -> None:
    import hashlib

    import textkeep

    package = Path(textkeep.__file__).resolve().parent
    original = pipeline_fingerprint()
    assert pipeline_fingerprint() == original  # deterministic
    # Reproduce it from the files: a changed pipeline module changes it, the CLI does not.
    digest = hashlib.sha256()
    from textkeep.pipeline import versions

    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if rel.as_posix() in ("cli.py", "__main__.py") or rel.parts[0] == "hooks":
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name, version in sorted(versions().items()):
        if name != "textkeep":
            digest.update(f"{name}={version}\0".encode())
    assert digest.hexdigest() == original


# --- bidi controls through the CLI ---------------------------------------------------------------

TROJAN_BYTES = 'ok = 1\nif access != "user\u202e \u2066// admin\u2069 \u2066":\n'.encode()


def test_fix_check_reports_bidi_controls_with_positions(run_textkeep, workspace: Path) -> None:
    (workspace / "t.py").write_bytes(TROJAN_BYTES)
    done = run_textkeep("fix", "--check", "t.py", cwd=workspace)
    assert done.returncode == 1
    kept = "(kept; --strip-bidi removes it)"
    assert done.stdout.decode().splitlines() == [
        f"t.py:2:19: bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE {kept}",
        f"t.py:2:21: bidirectional control U+2066 LEFT-TO-RIGHT ISOLATE {kept}",
        f"t.py:2:30: bidirectional control U+2069 POP DIRECTIONAL ISOLATE {kept}",
        f"t.py:2:32: bidirectional control U+2066 LEFT-TO-RIGHT ISOLATE {kept}",
    ]
    assert (workspace / "t.py").read_bytes() == TROJAN_BYTES


def test_fix_keeps_bidi_controls_unless_asked(run_textkeep, workspace: Path) -> None:
    (workspace / "t.py").write_bytes(TROJAN_BYTES)
    done = run_textkeep("fix", "t.py", cwd=workspace)
    assert done.returncode == 1, "kept controls still need a person's look"
    assert done.stderr.decode().count("bidirectional control") == 4
    assert (workspace / "t.py").read_bytes() == TROJAN_BYTES

    done = run_textkeep("fix", "--strip-bidi", "t.py", cwd=workspace)
    assert done.returncode == 1
    assert done.stdout == b"fixed t.py: 4 bidirectional controls removed\n"
    assert (workspace / "t.py").read_bytes() == (b'ok = 1\nif access != "user // admin ":\n')
    done = run_textkeep("fix", "--check", "t.py", cwd=workspace)
    assert (done.returncode, done.stdout) == (0, b"")


def test_explain_lists_bidi_controls_escaped(run_textkeep, workspace: Path) -> None:
    (workspace / "t.py").write_bytes(TROJAN_BYTES)
    done = run_textkeep("explain", "t.py", cwd=workspace)
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert (
        't.py:2:19: bidi: "\\u202e" U+202E RIGHT-TO-LEFT OVERRIDE (kept; fix --strip-bidi'
        " removes it)"
    ) in lines
    assert "\u202e" not in done.stdout.decode(), "the control itself is never printed"
    done = run_textkeep("explain", "--json", "t.py", cwd=workspace)
    found = json.loads(done.stdout)["bidi_controls"]
    assert [(c["line"], c["column"], c["code_point"]) for c in found] == [
        (2, 19, "U+202E"),
        (2, 21, "U+2066"),
        (2, 30, "U+2069"),
        (2, 32, "U+2066"),
    ]


def test_archive_keeps_bidi_controls_and_counts_them(tmp_path: Path) -> None:
    write(tmp_path / "raw", "t.txt", TROJAN_BYTES)
    archive(tmp_path / "raw", tmp_path / "clean")
    assert (tmp_path / "clean" / "t.txt").read_bytes() == TROJAN_BYTES
    record = json.loads((tmp_path / "clean" / "t.txt.meta.json").read_bytes())
    assert record["normalize"] == {"bidi_kept": 4}


def test_archive_max_bytes_option(run_textkeep, workspace: Path) -> None:
    write(workspace / "raw", "big.txt", b"x" * 100 + b"\n")
    write(workspace / "raw", "small.txt", b"x\n")
    done = run_textkeep("archive", "--max-bytes", "50", cwd=workspace)
    assert done.returncode == 2
    assert done.stderr == (
        b"textkeep: error: raw/big.txt: too large (101 bytes; the limit is 50, see --max-bytes)\n"
    )
    assert (workspace / "clean" / "small.txt").exists()


def test_archive_paths_reads_nothing_outside_raw(tmp_path: Path) -> None:
    from textkeep.archive import archive_paths

    raw = tmp_path / "raw"
    write(raw, "a.txt", b"text\n")
    archive(raw, tmp_path / "clean")
    (tmp_path / "secret.txt").write_bytes(b"private\n")
    (raw / "link.txt").symlink_to(tmp_path / "secret.txt")
    write(raw, "b.txt", b"new\n")
    report = archive_paths(raw, tmp_path / "clean", ["../secret.txt", "link.txt", "b.txt"])
    refused = {d.path: d.reason for d in report.refused}
    assert refused == {
        "../secret.txt": "not a path inside the raw folder",
        "link.txt": f"symlink to {tmp_path / 'secret.txt'}, outside the folder; not followed",
    }
    assert report.count("new") == 1
    manifest = (tmp_path / "clean" / MANIFEST_NAME).read_bytes()
    assert b"secret" not in manifest
    assert verify(raw, tmp_path / "clean").ok
