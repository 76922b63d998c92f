"""The problems ``textkeep fix --check`` reports, each located in the file as it is on disk.

A check must say where to look, not only that something is wrong, so every problem that has a
place carries its 1-based line and column (columns count characters, as editors do). Repairs
and normalisations never move a line break, so lines counted in the decoded text are the
file's lines.

Problems that are everywhere at once (CRLF line endings, an encoding) are reported once, and
a kind that repeats on many lines is cut at :data:`MAX_PER_KIND` with a count of the rest, so a
hook's output stays readable on a file with trailing blanks on every line.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textkeep.pipeline import Cleaned, LinePositions

if TYPE_CHECKING:
    from textkeep.normalize import Change

__all__ = ["MAX_PER_KIND", "Finding", "find_problems"]

MAX_PER_KIND = 20

_LINE_ENDING_NAMES = {"crlf": "CRLF", "cr": "CR"}


@dataclass(frozen=True)
class Finding:
    """One problem; ``line``/``column`` are None when it belongs to the whole file."""

    kind: str
    message: str
    line: int | None = None
    column: int | None = None

    def format(self, name: str) -> str:
        """``name:line:column: message`` (fewer fields when the place is less precise)."""
        place = name
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text)


def _char_name(char: str) -> str:
    return unicodedata.name(char, "") or _code_points(char)


def _undecodable_line(data: bytes, encoding: str, offset: int | None) -> int | None:
    """The line of a byte offset, when the codec writes a line break as the single byte 0x0A."""
    if offset is None:
        return None
    try:
        newline = "\n".encode(codecs.lookup(encoding).name)
    except (LookupError, UnicodeError):
        return None
    if newline != b"\n":
        return None  # UTF-16/32: counting 0x0A bytes would land inside characters
    return data.count(b"\n", 0, offset) + 1


def _decode_findings(cleaned: Cleaned, data: bytes) -> list[Finding]:
    report = cleaned.decoded.report
    found: list[Finding] = []
    if report.encoding != "utf-8" and report.method != "empty":
        found.append(Finding("encoding", f"encoding {report.encoding} (not UTF-8)"))
    if report.bom:
        found.append(Finding("bom", f"byte-order mark ({report.encoding})", 1, 1))
    if report.undecodable_bytes:
        found.append(
            Finding(
                "undecodable",
                f"{_plural(report.undecodable_bytes, 'undecodable byte')} in {report.encoding}"
                f" (first at byte {report.first_undecodable_offset})",
                _undecodable_line(data, report.encoding, report.first_undecodable_offset),
            )
        )
    return found


def _repair_findings(cleaned: Cleaned) -> list[Finding]:
    index = LinePositions(cleaned.decoded.text)
    found: list[Finding] = []
    for repair in cleaned.repaired.repairs:
        line, column = index.line_col(repair.offset)
        lost = "; part already lost" if repair.loss else ""
        found.append(
            Finding(
                "mojibake",
                f"mojibake ({repair.label}){lost}: {repair.before!r} → {repair.after!r}",
                line,
                column,
            )
        )
    for loss in cleaned.repaired.losses:
        line, column = index.line_col(loss.offset)
        message = f"text already lost ({loss.kind}): {loss.text!r}"
        found.append(Finding("lost", message, line, column))
    return found


def _normalize_message(change: Change) -> str:
    kind = change.kind
    if kind == "bom":
        return "byte-order mark inside the text"
    if kind in ("zero_width", "control"):
        label = "zero-width character" if kind == "zero_width" else "control character"
        return f"{label} {_code_points(change.before)} {_char_name(change.before)}"
    if kind == "nfc":
        return f"not NFC: {_code_points(change.before)} → {_code_points(change.after)}"
    if kind == "trailing_whitespace":
        blanks = change.before
        shown = _code_points(blanks) if len(blanks) <= 3 else _plural(len(blanks), "character")
        return f"trailing whitespace ({shown})"
    if kind == "trailing_blank_lines":
        blank_lines = change.before.count("\n")
        return f"{_plural(blank_lines, 'blank line')} at the end"
    if kind == "final_newline":
        return "no newline at the end of the file"
    if kind == "blank_text":
        return "the text holds only blanks"
    return kind.replace("_", " ")


def _normalize_findings(cleaned: Cleaned) -> tuple[list[Finding], list[Finding]]:
    """Located findings, and the notes counting what was cut at MAX_PER_KIND."""
    index = LinePositions(cleaned.repaired.text)
    changes = cleaned.normalized.report.changes
    found: list[Finding] = []
    cut: list[Finding] = []
    endings: dict[str, list[Change]] = {}
    per_kind: dict[str, list[Change]] = {}
    for change in changes:
        target = endings if change.kind in _LINE_ENDING_NAMES else per_kind
        target.setdefault(change.kind, []).append(change)

    for kind, group in endings.items():
        line, _column = index.line_col(group[0].offset)
        message = f"{_LINE_ENDING_NAMES[kind]} line endings ({_plural(len(group), 'line')})"
        found.append(Finding(kind, message, line))
    for kind, group in per_kind.items():
        for change in group[:MAX_PER_KIND]:
            line, column = index.line_col(change.offset)
            found.append(Finding(kind, _normalize_message(change), line, column))
        if len(group) > MAX_PER_KIND:
            rest = len(group) - MAX_PER_KIND
            cut.append(Finding(kind, f"{rest} more: {kind.replace('_', ' ')}"))
    return found, cut


def _place(finding: Finding) -> tuple[int, int]:
    # Unplaced findings (an encoding, undecodable bytes in UTF-16) belong before line 1.
    return (finding.line or 0, finding.column or 0)


def find_problems(cleaned: Cleaned, data: bytes) -> tuple[Finding, ...]:
    """Every problem that cleaning ``data`` fixes, sorted by place.

    ``cleaned`` must come from ``clean(data, record_changes=True)``; ``data`` is the file's
    bytes, used to place undecodable bytes. Returns nothing when the clean text's UTF-8 bytes
    are the file's bytes.
    """
    if cleaned.text.encode("utf-8") == data:
        return ()
    normalized, cut = _normalize_findings(cleaned)
    found: Iterable[Finding] = [
        *_decode_findings(cleaned, data),
        *_repair_findings(cleaned),
        *normalized,
    ]
    # Stable sort: findings at the same place keep stage order; cut-off notes go last.
    ordered = [*sorted(found, key=_place), *cut]
    if not ordered:
        # Bytes differ but no stage names a reason (should not happen); say so rather than pass.
        ordered = [Finding("other", "not in textkeep's clean form")]
    return tuple(ordered)
