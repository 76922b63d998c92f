"""Normalise stage: one canonical form for text that is already correctly decoded and repaired.

What changes, each counted under its own kind:

- ``crlf`` / ``cr``: CRLF and lone CR line endings become LF (U+2028/U+2029 are left alone).
- ``bom``: U+FEFF anywhere (a BOM that survived decoding, or one glued in by concatenation).
- ``zero_width``: U+200B ZERO WIDTH SPACE, U+200C ZWNJ, U+200D ZWJ and U+2060 WORD JOINER.
- ``control``: C0 controls other than tab and newline, DEL and the C1 controls.
- ``nfc``: characters recomposed by Unicode NFC (counted per changed base + marks cluster).
- ``trailing_whitespace``: lines that ended in spaces, tabs, NO-BREAK SPACE or IDEOGRAPHIC SPACE.
  NBSP and U+3000 are included because scraped pages leave them at line ends where they are
  invisible; inside a line they are kept.
- ``trailing_blank_lines`` / ``final_newline``: the text ends with exactly one newline (an empty
  text, or one holding only line breaks and blanks, becomes empty).

Kept on purpose: curly quotes, dashes, CJK punctuation, full-width forms and bidi controls
(U+202A-U+202E, U+2066-U+2069), whose misuse a later stage reports rather than hides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Change", "NormalizeReport", "Normalized", "normalize"]

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_REMOVED = re.compile(r"[\ufeff\u200b-\u200d\u2060\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING = " \t\u00a0\u3000"
_ENDING_KIND = {"\r\n": "crlf", "\r": "cr"}


@dataclass(frozen=True)
class Change:
    """One change; ``offset`` counts characters in the text given to :func:`normalize`."""

    kind: str
    offset: int
    before: str
    after: str

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "offset": self.offset,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class NormalizeReport:
    counts: dict[str, int] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict:
        return {kind: self.counts[kind] for kind in sorted(self.counts) if self.counts[kind]}


@dataclass(frozen=True)
class Normalized:
    text: str
    report: NormalizeReport


def _removed_kind(char: str) -> str:
    if char == "\ufeff":
        return "bom"
    if char in "\u200b\u200c\u200d\u2060":
        return "zero_width"
    return "control"


def _nfc_clusters(line: str) -> list[tuple[int, int]]:
    """Spans (start, end) of base-plus-marks clusters that NFC would change."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or unicodedata.combining(line[i]) == 0:
            cluster = line[start:i]
            if not unicodedata.is_normalized("NFC", cluster):
                spans.append((start, i))
            start = i
    return spans


def _normalize_line(
    line: str, line_offset: int, counts: dict[str, int], changes: list[Change] | None
) -> str:
    kept_at: list[int] = []  # offset in the input text of each kept character
    if _REMOVED.search(line):
        kept_chars: list[str] = []
        for i, char in enumerate(line):
            if _REMOVED.match(char):
                kind = _removed_kind(char)
                counts[kind] = counts.get(kind, 0) + 1
                if changes is not None:
                    changes.append(Change(kind, line_offset + i, char, ""))
            else:
                kept_chars.append(char)
                kept_at.append(line_offset + i)
        line = "".join(kept_chars)
    else:
        kept_at = list(range(line_offset, line_offset + len(line)))

    if not unicodedata.is_normalized("NFC", line):
        normalized = unicodedata.normalize("NFC", line)
        spans = _nfc_clusters(line)
        # Cluster-wise counting can miss compositions across starters (Hangul jamo); count the
        # line once then so a change is never reported as zero.
        counts["nfc"] = counts.get("nfc", 0) + max(len(spans), 1)
        if changes is not None:
            for start, end in spans or [(0, len(line))]:
                before = line[start:end]
                changes.append(
                    Change("nfc", kept_at[start], before, unicodedata.normalize("NFC", before))
                )
        line = normalized
        kept_at = []

    stripped = line.rstrip(_TRAILING)
    if len(stripped) != len(line):
        counts["trailing_whitespace"] = counts.get("trailing_whitespace", 0) + 1
        if changes is not None:
            # Once NFC has rebuilt the line the position map is gone; the line start still
            # locates the change for a reader.
            at = kept_at[len(stripped)] if kept_at else line_offset
            changes.append(Change("trailing_whitespace", at, line[len(stripped) :], ""))
    return stripped


def normalize(text: str, *, record_changes: bool = False) -> Normalized:
    """Return ``text`` in canonical form; ``record_changes`` also lists every change (for explain).

    Idempotent: ``normalize(normalize(t).text).text == normalize(t).text``.
    """
    counts: dict[str, int] = {}
    changes: list[Change] | None = [] if record_changes else None
    lines: list[str] = []
    for match in _LINE.finditer(text):
        body, ending = match.group(1), match.group(2)
        if not body and not ending and match.start() == len(text):
            break
        lines.append(_normalize_line(body, match.start(1), counts, changes))
        if ending in _ENDING_KIND:
            kind = _ENDING_KIND[ending]
            counts[kind] = counts.get(kind, 0) + 1
            if changes is not None:
                changes.append(Change(kind, match.start(2), ending, "\n"))
        if not ending:
            break

    # The loop stops before the empty remainder after a final line break, so every empty
    # entry left at the end is a blank line that the text did not need.
    had_final_newline = bool(text) and text[-1] in "\r\n"
    blank_tail = 0
    while lines and not lines[-1]:
        lines.pop()
        blank_tail += 1
    body = "\n".join(lines)
    result = body + "\n" if body else ""
    extra_blank_lines = blank_tail
    if body and extra_blank_lines:
        counts["trailing_blank_lines"] = extra_blank_lines
        if changes is not None:
            changes.append(Change("trailing_blank_lines", len(text), "\n" * extra_blank_lines, ""))
    if body and not had_final_newline:
        counts["final_newline"] = 1
        if changes is not None:
            changes.append(Change("final_newline", len(text), "", "\n"))
    if not body and text:
        counts["blank_text"] = 1
        if changes is not None:
            changes.append(Change("blank_text", 0, text, ""))

    if changes is not None:
        changes.sort(key=lambda c: c.offset)
    return Normalized(result, NormalizeReport(counts, tuple(changes or ())))
