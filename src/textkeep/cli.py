"""Command line: ``textkeep archive | verify | fix | explain``.

Exit codes: 0 all good; 1 something needed or got changes, or verification failed; 2 bad usage
or an input error (the other inputs are still processed).

Heavy modules (charset_normalizer, ftfy, the repair engine) are imported inside the commands:
``textkeep fix --check`` runs as a pre-commit hook on every commit and must start quickly.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from textkeep.pipeline import Cleaned

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
_PROGRESS_MIN_FILES = 50


@dataclass(frozen=True)
class Settings:
    raw: Path
    clean: Path
    encoding: str | None


def _find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Defaults from ``[tool.textkeep]`` in the nearest pyproject.toml above ``start``."""
    start = (start or Path.cwd()).resolve()
    pyproject = _find_pyproject(start)
    table: dict = {}
    root = Path.cwd()
    if pyproject is not None:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on 3.10 only
            import tomli as tomllib
        try:
            with pyproject.open("rb") as handle:
                table = tomllib.load(handle).get("tool", {}).get("textkeep", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise click.UsageError(f"{pyproject}: {exc}") from None
        if table:
            root = pyproject.parent
    folders = {key: _configured_folder(pyproject, root, table, key) for key in ("raw", "clean")}
    return Settings(raw=folders["raw"], clean=folders["clean"], encoding=table.get("encoding"))


def _configured_folder(pyproject: Path | None, root: Path, table: dict, key: str) -> Path:
    """``[tool.textkeep] <key>``, refused when it leads out of the project.

    A pyproject.toml comes with the repository, so a cloned project must not be able to send
    reads or writes elsewhere on the machine (``clean = "../../home/you"``).
    """
    value = table.get(key, key)
    if not isinstance(value, str) or not value:
        raise click.UsageError(f"{pyproject}: [tool.textkeep] {key} must be a folder name")
    relative = Path(value)
    if relative.is_absolute() or ".." in relative.parts:
        raise click.UsageError(
            f"{pyproject}: [tool.textkeep] {key} = {value!r} leads outside {root}; refused"
            f" (give --{key} on the command line to use a folder elsewhere)"
        )
    return root / relative


def _error(name: str, reason: str) -> None:
    click.echo(f"textkeep: error: {name}: {reason}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="textkeep")
def main() -> None:
    """Decode, repair, normalise and archive source texts.

    \b
    Example:
      textkeep archive          # raw/ -> clean/, with sidecars and a manifest
      textkeep verify           # recheck every checksum
      textkeep fix notes.txt    # clean one file in place
    """


# --- archive ---------------------------------------------------------------------------------

_raw_option = click.option(
    "--raw",
    "raw_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Originals folder (default: raw).",
)
_clean_option = click.option(
    "--clean",
    "clean_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Archive folder (default: clean).",
)
_jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Clean documents on N processes (default 0: all cores); the output is the same.",
)


@main.command("archive")
@_raw_option
@_clean_option
@click.option("--prune", is_flag=True, help="Remove clean copies whose raw file is gone.")
@click.option(
    "--staged",
    is_flag=True,
    help="Hook mode: archive only the raw files staged in git; refuse staged edits, renames "
    "and deletions of existing raw files; exit 1 if anything was written or is not staged.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    metavar="SECONDS",
    help="Wait this long for another archive run to finish (default: refuse at once).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Refuse raw files larger than N bytes (default: 64 MiB).",
)
@_jobs_option
def archive_command(
    raw_dir: Path | None,
    clean_dir: Path | None,
    prune: bool,
    staged: bool,
    wait: float,
    max_bytes: int | None,
    jobs: int,
) -> None:
    """Build or refresh clean/ from raw/.

    Every raw/<path> becomes clean/<path> (UTF-8 text) plus clean/<path>.meta.json, and
    clean/manifest-sha256.txt lists the checksum of every file. Unchanged documents are skipped.
    Files that cannot be archived (binary, empty, symlinks, too large) get one error line each
    and exit 2; the rest are still archived.

    With --staged (the textkeep-archive hook) only the raw files a commit adds are archived and
    their manifest lines updated, so the hook stays fast in a large archive.

    \b
    Example:
      textkeep archive --raw raw --clean clean
      archived 5 documents: 5 new, 0 updated, 0 unchanged, 1 repaired, 0 refused
    """
    from textkeep.archive import DEFAULT_MAX_BYTES, ArchiveError, archive, printable_name

    settings = load_settings()
    raw_dir = raw_dir or settings.raw
    clean_dir = clean_dir or settings.clean
    if staged:
        sys.exit(_archive_staged(raw_dir, clean_dir, settings.encoding))
    if not raw_dir.is_dir():
        raise click.UsageError(f"{raw_dir}: no such folder")

    from textkeep.archive import raw_files

    options = {
        "prune": prune,
        "encoding": settings.encoding,
        "max_bytes": max_bytes or DEFAULT_MAX_BYTES,
        "wait": wait,
        "jobs": jobs or None,
    }
    try:
        total = len(raw_files(raw_dir))
        if total >= _PROGRESS_MIN_FILES and sys.stderr.isatty():
            with click.progressbar(length=total, label="archiving", file=sys.stderr) as bar:
                report = archive(
                    raw_dir, clean_dir, progress=lambda _name: bar.update(1), **options
                )
        else:
            report = archive(raw_dir, clean_dir, **options)
    except ArchiveError as exc:
        click.echo(f"textkeep: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)

    base = report.base
    for outcome in report.refused:
        display = outcome.display or Path(os.path.relpath(raw_dir / outcome.path, base)).as_posix()
        _error(printable_name(display), outcome.reason)
    for display in report.missing_raw:
        click.echo(f"missing raw: {printable_name(display)} (clean copy kept; --prune removes it)")
    for display in report.pruned:
        click.echo(f"pruned: {printable_name(display)}")
    click.echo(report.summary())
    sys.exit(EXIT_ERROR if report.refused else EXIT_OK)


def _archive_staged(raw_dir: Path, clean_dir: Path, encoding: str | None) -> int:
    """``archive --staged``: report in git's terms and return the exit code."""
    from textkeep.archive import ArchiveError, printable_name
    from textkeep.hooks.staged import GitError, archive_staged

    try:
        result = archive_staged(raw_dir, clean_dir, encoding=encoding)
    except GitError as exc:
        _error("git", str(exc))
        return EXIT_ERROR
    except ArchiveError as exc:
        _error(printable_name(str(clean_dir)), str(exc))
        return EXIT_ERROR
    for refusal in result.refused_changes:
        _error(printable_name(refusal.path), refusal.reason)
    if result.refused_changes:
        click.echo(
            "textkeep: files under raw/ are originals and never change; add a new file instead."
            " To undo: git restore --staged --worktree -- <path>",
            err=True,
        )
        return EXIT_CHANGES
    for raw, clean, status in result.archived:
        if status != "unchanged":
            click.echo(f"archived {printable_name(raw)} -> {printable_name(clean)} ({status})")
    for refusal in result.refused_documents:
        _error(printable_name(refusal.path), refusal.reason)
    for path in result.unstaged:
        click.echo(f"not staged: {printable_name(path)}")
    if result.written or result.unstaged:
        click.echo(
            "textkeep: the commit needs these files: stage them (git add) and commit again",
            err=True,
        )
        return EXIT_CHANGES
    return EXIT_ERROR if result.refused_documents else EXIT_OK


# --- verify ----------------------------------------------------------------------------------


@main.command("verify")
@_raw_option
@_clean_option
def verify_command(raw_dir: Path | None, clean_dir: Path | None) -> None:
    """Recompute every checksum and compare with the manifest and sidecars.

    Prints one line per problem (missing, extra, stale, altered, malformed) and exits 1, or
    prints "ok: N documents verified".

    \b
    Example:
      textkeep verify
      altered: clean/notes.txt
    """
    from textkeep.archive import printable_name, verify

    settings = load_settings()
    raw_dir = raw_dir or settings.raw
    clean_dir = clean_dir or settings.clean
    if not raw_dir.is_dir():
        raise click.UsageError(f"{raw_dir}: no such folder")
    report = verify(raw_dir, clean_dir)
    for kind, display in report.problems:
        click.echo(f"{kind}: {printable_name(display)}")
    if not report.ok:
        sys.exit(EXIT_CHANGES)
    click.echo(f"ok: {report.documents} documents verified")


# --- fix and explain -------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


_NORMALIZE_PHRASES = {
    "crlf": lambda n: "CRLF line endings",
    "cr": lambda n: "CR line endings",
    "bom": lambda n: _plural(n, "stray BOM"),
    "zero_width": lambda n: _plural(n, "zero-width character"),
    "control": lambda n: _plural(n, "control character"),
    "nfc": lambda n: f"{n} NFC " + ("change" if n == 1 else "changes"),
    "trailing_whitespace": lambda n: f"trailing whitespace on {_plural(n, 'line')}",
    "trailing_blank_lines": lambda n: f"{_plural(n, 'blank line')} at the end",
    "final_newline": lambda n: "missing final newline",
    "blank_text": lambda n: "only blanks",
}


def describe_changes(cleaned: Cleaned) -> str:
    """One line of what cleaning changes, e.g. ``encoding gb18030 -> utf-8; CRLF line endings``."""
    from textkeep.pipeline import explain

    parts: list[str] = []
    report = cleaned.decoded.report
    if report.encoding not in ("utf-8",):
        parts.append(f"encoding {report.encoding} -> utf-8")
    if report.bom:
        parts.append("BOM removed")
    if report.undecodable_bytes:
        parts.append(f"{_plural(report.undecodable_bytes, 'undecodable byte')} replaced")
    repairs = cleaned.repaired.repairs
    if repairs:
        chains = sorted({" then ".join(r.chain) for r in repairs})
        lines = sorted({c.line for c in explain(cleaned) if c.stage == "repair"})
        parts.append(
            f"{_plural(len(repairs), 'repair')} ({', '.join(chains)}) at "
            + ("line " if len(lines) == 1 else "lines ")
            + ", ".join(map(str, lines))
        )
    if cleaned.repaired.losses:
        parts.append(f"{_plural(len(cleaned.repaired.losses), 'loss')} of earlier bytes")
    counts = cleaned.normalized.report.counts
    for kind in sorted(counts):
        phrase = _NORMALIZE_PHRASES.get(kind, lambda n, k=kind: f"{n} {k}")
        parts.append(phrase(counts[kind]))
    return "; ".join(parts) if parts else "changes"


def _diff(name: str, before: str, after: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


_encoding_option = click.option(
    "--encoding", metavar="ENC", help="Decode with ENC instead of detecting (fails on bad bytes)."
)


def _read_input(path: Path) -> bytes:
    return sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()


@main.command("fix")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if any file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of writing.")
@click.option(
    "--skip-binary",
    is_flag=True,
    help="Pass over files that are not text (images, archives) instead of failing; for hooks.",
)
@click.option(
    "--strip-bidi",
    is_flag=True,
    help="Remove bidirectional controls (U+202A-U+202E, U+2066-U+2069) instead of reporting them.",
)
@_encoding_option
@_jobs_option
def fix_command(
    paths: tuple[Path, ...],
    check: bool,
    show_diff: bool,
    skip_binary: bool,
    strip_bidi: bool,
    encoding: str | None,
    jobs: int,
) -> None:
    """Decode, repair and normalise files in place (as UTF-8, atomically).

    "-" reads standard input and writes the clean text to standard output. Exits 1 when a
    file was (or, with --check or --diff, would be) changed, like pre-commit fixers.
    --check prints every problem as path:line:column: message and changes nothing.
    Bidirectional controls (how "Trojan source" hides code) are kept, since right-to-left text
    may need them, but reported with their line:column and exit 1; --strip-bidi removes them.

    \b
    Example:
      textkeep fix --check notes.txt
      notes.txt: encoding gb18030 (not UTF-8)
      notes.txt:1: CRLF line endings (12 lines)
      notes.txt:3:12: mojibake (UTF-8 → Mac Roman): 'Ã©' → 'é'
      textkeep fix - < in.txt > out.txt
    """
    from textkeep.archive import atomic_write
    from textkeep.hooks.findings import find_problems
    from textkeep.normalize import bidi_controls, normalize
    from textkeep.parallel import clean_files

    encoding = encoding or load_settings().encoding
    changed = errors = flagged = 0
    cleanings = clean_files(paths, _read_input, encoding=encoding, jobs=jobs or None)
    for path, cleaning in zip(paths, cleanings, strict=True):
        is_stdin = str(path) == "-"
        name = "<stdin>" if is_stdin else str(path)
        if cleaning.error == "not_text" and skip_binary:
            continue
        if cleaning.data is None or cleaning.cleaned is None:
            _error(name, cleaning.message)
            errors += 1
            continue
        data, cleaned = cleaning.data, cleaning.cleaned
        bidi = bidi_controls(cleaned.repaired.text)
        final_text = cleaned.text
        if strip_bidi and bidi:
            final_text = normalize(final_text, strip_bidi=True).text
        out = final_text.encode("utf-8")
        differs = out != data
        if bidi and not strip_bidi:
            flagged += 1
        if bidi and (check or not strip_bidi):
            # Outside --check these are warnings: stdout may be the fixed text itself.
            for line in _bidi_lines(name, bidi, strip_bidi):
                click.echo(line, err=not check)
        if is_stdin and not (check or show_diff):
            sys.stdout.buffer.write(out)
            sys.stdout.buffer.flush()
            continue
        if not differs:
            continue
        changed += 1
        if show_diff:
            click.echo(_diff(name, cleaned.decoded.text, final_text), nl=False)
        if check or show_diff:
            if check:
                for finding in find_problems(cleaned, data):
                    click.echo(finding.format(name))
            continue
        try:
            atomic_write(path, out)
        except OSError as exc:
            _error(name, f"cannot write ({exc.strerror})")
            errors += 1
            continue
        parts = [describe_changes(cleaned)] if cleaned.text.encode("utf-8") != data else []
        if strip_bidi and bidi:
            parts.append(f"{_plural(len(bidi), 'bidirectional control')} removed")
        click.echo(f"fixed {name}: {'; '.join(parts)}")
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_CHANGES if changed or flagged else EXIT_OK)


def _bidi_lines(name: str, bidi: tuple, stripped: bool) -> list[str]:
    what = "removed" if stripped else "kept; --strip-bidi removes it"
    return [
        f"{name}:{control.line}:{control.column}: bidirectional control {control.code_point}"
        f" {control.name} ({what})"
        for control in bidi
    ]


def _visible(text: str) -> str:
    """Quote a snippet so invisible characters, bidi controls and line breaks show."""
    import unicodedata

    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cf", "Zl", "Zp") else c for c in quoted
    )


@main.command("explain")
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object for machines.")
@_encoding_option
def explain_command(path: Path, as_json: bool, encoding: str | None) -> None:
    """Show what decode, repair and normalise would do to PATH, one change per line.

    Positions are line:column in the text each stage receives. Nothing is written.

    \b
    Example:
      textkeep explain notes.txt
      notes.txt: decode: gb18030 (detected, confidence 0.98)
      notes.txt:3:7: repair: "Ã©" -> "é" (UTF-8 read as cp1252)
      notes.txt:4:12: normalize: "\\r\\n" -> "\\n" (CRLF line ending)
    """
    from textkeep.decode import DecodeError, NotTextError
    from textkeep.normalize import bidi_controls
    from textkeep.pipeline import clean, explain

    encoding = encoding or load_settings().encoding
    is_stdin = str(path) == "-"
    name = "<stdin>" if is_stdin else str(path)
    try:
        data = sys.stdin.buffer.read() if is_stdin else path.read_bytes()
    except OSError as exc:
        _error(name, f"cannot read ({exc.strerror})")
        sys.exit(EXIT_ERROR)
    try:
        cleaned = clean(data, encoding=encoding, record_changes=True)
    except (NotTextError, DecodeError) as exc:
        _error(name, str(exc))
        sys.exit(EXIT_ERROR)
    changes = explain(cleaned)
    bidi = bidi_controls(cleaned.repaired.text)
    report = cleaned.decoded.report
    if as_json:
        payload = {
            "path": name,
            "decode": report.to_dict(),
            "changes": [c.to_dict() for c in changes],
            "changed": cleaned.text.encode("utf-8") != data,
            "bidi_controls": [c.to_dict() for c in bidi],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(
        f"{name}: decode: {report.encoding} ({report.method}, confidence {report.confidence:g})"
    )
    if report.candidates:
        # Lower is more plausible: cost per byte of each reading plus the codec's prior.
        ranked = ", ".join(f"{codec} {score:g}" for codec, score in report.candidates)
        click.echo(f"{name}: decode: candidates (lower is better): {ranked}")
    for segment in report.segments:
        click.echo(f"{name}:{segment.first_line}-{segment.last_line}: decode: {segment.encoding}")
    for run in report.invalid_runs:
        became = f"read as {run.recovered_as}" if run.recovered_as else "replaced"
        click.echo(
            f"{name}: decode: byte {run.offset}, {run.length} invalid: {became} "
            f"{_visible(run.text)}"
        )
    for change in changes:
        click.echo(
            f"{name}:{change.line}:{change.column}: {change.stage}: "
            f"{_visible(change.before)} -> {_visible(change.after)} ({change.why})"
        )
    for control in bidi:
        click.echo(
            f"{name}:{control.line}:{control.column}: bidi: {_visible(control.char)} "
            f"{control.code_point} {control.name} (kept; fix --strip-bidi removes it)"
        )
    if not changes and cleaned.text.encode("utf-8") == data:
        click.echo(f"{name}: nothing to change")


# --- install-hook ----------------------------------------------------------------------------


@main.command("install-hook")
@click.option("--force", is_flag=True, help="Replace an existing pre-commit hook.")
def install_hook_command(force: bool) -> None:
    """Write .git/hooks/pre-commit for repositories without the pre-commit framework.

    The hook runs `textkeep fix --check` on the staged text files outside raw/ and clean/,
    then `textkeep archive --staged`. An existing hook is kept unless --force is given.

    \b
    Example:
      textkeep install-hook
      installed .git/hooks/pre-commit
    """
    from textkeep.hooks.install import HookExistsError, install_hook

    settings = load_settings()
    try:
        installed = install_hook(settings.raw, settings.clean, force=force)
    except HookExistsError as exc:
        _error("install-hook", str(exc))
        sys.exit(EXIT_CHANGES)
    except OSError as exc:
        _error("install-hook", str(exc))
        sys.exit(EXIT_ERROR)
    shown = Path(os.path.relpath(installed.path)).as_posix()
    if installed.replaced:
        earlier = "textkeep's earlier hook" if installed.replaced_ours else "the earlier hook"
        click.echo(f"installed {shown} (replaced {earlier})")
    else:
        click.echo(f"installed {shown}")
