"""Normalise stage: one canonical form for text that is already correctly decoded and repaired.

What changes, each counted under its own kind:

- ``crlf`` / ``cr``: CRLF and lone CR line endings become LF (U+2028/U+2029 are left alone).
- ``bom``: U+FEFF anywhere (a BOM that survived decoding, or one glued in by concatenation).
- ``zero_width``: U+200B ZERO WIDTH SPACE and U+2060 WORD JOINER always; U+200C ZWNJ and
  U+200D ZWJ only where they join nothing (see "Joiners" below).
- ``control``: C0 controls other than tab and newline, DEL and the C1 controls.
- ``nfc``: characters recomposed by Unicode NFC (counted per changed base + marks cluster).
- ``trailing_whitespace``: lines that ended in spaces, tabs, NO-BREAK SPACE or IDEOGRAPHIC SPACE.
  NBSP and U+3000 are included because scraped pages leave them at line ends where they are
  invisible; inside a line they are kept.
- ``trailing_blank_lines`` / ``final_newline``: the text ends with exactly one newline (an empty
  text, or one holding only line breaks and blanks, becomes empty).

- ``bidi`` (only with ``strip_bidi=True``): the bidirectional embedding, override and isolate
  controls U+202A-U+202E and U+2066-U+2069.

Kept on purpose: curly quotes, dashes, CJK punctuation and full-width forms. Bidi controls are
kept by default because right-to-left text may need them, but they are also how "Trojan
source" hides text that reads differently from how it runs, so :func:`bidi_controls` lists
them for reports and ``strip_bidi`` removes them on request; kept ones are counted as
``bidi_kept``.

Joiners: ZWNJ and ZWJ change how Persian, Arabic, Syriac and Indic words are spelled
(U+0645 U+06CC U+200C U+062E ... is a different word without it) and build emoji sequences
(U+1F469 U+200D U+1F4BB is one "woman technologist"). One is kept when it stands between two
letters of one such script, or (ZWJ only) between an emoji and the next emoji; elsewhere it is
invisible noise and removed. Kept ones are counted as ``joiners_kept``. Of a run of joiners
only the first that qualifies is kept, so a second pass keeps exactly what the first kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "BIDI_CONTROLS",
    "BidiControl",
    "Change",
    "NormalizeReport",
    "Normalized",
    "already_normal",
    "bidi_controls",
    "normalize",
]

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_REMOVED = re.compile(r"[\ufeff\u200b-\u200d\u2060\x00-\x08\x0b-\x1f\x7f-\x9f]")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REMOVED_OR_BIDI = re.compile(
    r"[\ufeff\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_JOINERS = "\u200c\u200d"
_ZWJ = "\u200d"

# Blocks of the scripts whose spelling uses ZWNJ/ZWJ; a joiner is kept only between two
# characters of the same group. Block ranges stand in for the Script property, which the
# standard library does not expose.
_JOINING_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    (
        "arabic",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    ("syriac", ((0x0700, 0x074F), (0x0860, 0x086F))),
    ("nko", ((0x07C0, 0x07FF),)),
    ("indic", ((0x0900, 0x0DFF), (0xA8E0, 0xA8FF), (0x11000, 0x111FF))),
    ("myanmar", ((0x1000, 0x109F), (0xAA60, 0xAA7F))),
    ("khmer", ((0x1780, 0x17FF),)),
    ("mongolian", ((0x1800, 0x18AF),)),
)

# Extended_Pictographic, approximated by the ranges that hold it (Unicode 15).
_PICTOGRAPHIC: tuple[tuple[int, int], ...] = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21AA),
    (0x231A, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)
# What may sit between an emoji and the ZWJ that follows it: VS16, skin tones, tag characters.
_EMOJI_TRAILERS: tuple[tuple[int, int], ...] = (
    (0xFE0E, 0xFE0F),
    (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F),
)
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
    """``counts`` are changes made; ``joiners_kept`` and ``bidi_kept`` count what was left on
    purpose (they are not changes, so a second pass reports them again and changes nothing)."""

    counts: dict[str, int] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    joiners_kept: int = 0
    bidi_kept: int = 0

    def to_dict(self) -> dict:
        record = {kind: self.counts[kind] for kind in self.counts if self.counts[kind]}
        if self.joiners_kept:
            record["joiners_kept"] = self.joiners_kept
        if self.bidi_kept:
            record["bidi_kept"] = self.bidi_kept
        return {kind: record[kind] for kind in sorted(record)}


@dataclass(frozen=True)
class BidiControl:
    """A bidirectional control character; ``line``/``column`` are 1-based (columns count
    characters), ``offset`` counts characters from the start of the text."""

    offset: int
    line: int
    column: int
    char: str

    @property
    def name(self) -> str:
        return unicodedata.name(self.char)

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"

    def to_dict(self) -> dict:
        return {
            "offset": self.offset,
            "line": self.line,
            "column": self.column,
            "code_point": self.code_point,
            "name": self.name,
        }


def bidi_controls(text: str) -> tuple[BidiControl, ...]:
    """Every bidi control in ``text``; lines end at LF, CRLF or CR."""
    found: list[BidiControl] = []
    if not _BIDI.search(text):
        return ()
    line, line_start = 1, 0
    for match in re.finditer(r"\r\n|\r|\n|[\u202a-\u202e\u2066-\u2069]", text):
        char = match.group()
        if char in BIDI_CONTROLS:
            found.append(BidiControl(match.start(), line, match.start() - line_start + 1, char))
        else:
            line, line_start = line + 1, match.end()
    return tuple(found)


@dataclass(frozen=True)
class Normalized:
    text: str
    report: NormalizeReport


def _removed_kind(char: str) -> str:
    if char == "\ufeff":
        return "bom"
    if char in "\u200b\u200c\u200d\u2060":
        return "zero_width"
    if char in BIDI_CONTROLS:
        return "bidi"
    return "control"


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


def _joining_script(char: str) -> str | None:
    for script, ranges in _JOINING_SCRIPTS:
        if _in_ranges(char, ranges):
            return script
    return None


def _joiner_joins(joiner: str, line: str, before: list[int], after: int | None) -> bool:
    """Whether ``joiner`` joins the kept characters at ``before`` (indices, nearest last)
    and ``after`` in ``line``."""
    if not before or after is None:
        return False
    previous, following = line[before[-1]], line[after]
    script = _joining_script(previous)
    if script is not None and _joining_script(following) == script:
        return True
    if joiner != _ZWJ or not _in_ranges(following, _PICTOGRAPHIC):
        return False
    for index in reversed(before):
        if not _in_ranges(line[index], _EMOJI_TRAILERS):
            return _in_ranges(line[index], _PICTOGRAPHIC)
    return False


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


def _next_kept(line: str, removed: re.Pattern[str]) -> list[int | None]:
    """For each index, the index of the first character at or after it that stays."""
    following: list[int | None] = [None] * (len(line) + 1)
    for i in range(len(line) - 1, -1, -1):
        following[i] = following[i + 1] if removed.match(line[i]) else i
    return following


def _normalize_line(
    line: str,
    line_offset: int,
    counts: dict[str, int],
    changes: list[Change] | None,
    kept: dict[str, int],
    removed: re.Pattern[str],
) -> str:
    if removed is _REMOVED:
        kept["bidi"] += len(_BIDI.findall(line))
    kept_at: list[int] = []  # offset in the input text of each kept character
    if removed.search(line):
        following = _next_kept(line, removed)
        kept_chars: list[str] = []
        kept_index: list[int] = []  # index in ``line`` of each kept character
        joined_before = -1  # a joiner was kept in the run of removables ending here
        for i, char in enumerate(line):
            if removed.match(char):
                after = following[i]
                if (
                    char in _JOINERS
                    and after != joined_before
                    and _joiner_joins(char, line, kept_index, after)
                ):
                    kept["joiners"] += 1
                    joined_before = after if after is not None else -1
                    kept_chars.append(char)
                    kept_at.append(line_offset + i)
                    continue
                kind = _removed_kind(char)
                counts[kind] = counts.get(kind, 0) + 1
                if changes is not None:
                    changes.append(Change(kind, line_offset + i, char, ""))
            else:
                kept_chars.append(char)
                kept_index.append(i)
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




def already_normal(text: str, strip_bidi: bool = False) -> bool:
    """Whether ``text`` is already what :func:`normalize` makes of it, checked in C.

    Most text is: this lets a large file's pieces skip the line-by-line walk.
    """
    return (
        text.endswith("\n")
        and not text.endswith("\n\n")
        and text.strip() != ""
        and "\r" not in text
        and (_REMOVED_OR_BIDI if strip_bidi else _REMOVED).search(text) is None
        # Substring tests: a regex on the whitespace would stop at every space.
        and not any(space + "\n" in text for space in _TRAILING)
        and unicodedata.is_normalized("NFC", text)
    )


def normalize(text: str, *, record_changes: bool = False, strip_bidi: bool = False) -> Normalized:
    """Return ``text`` in canonical form; ``record_changes`` also lists every change (for explain).

    ``strip_bidi`` removes bidi controls too. Idempotent (for either ``strip_bidi``):
    ``normalize(normalize(t).text).text == normalize(t).text``.
    """
    if not record_changes and already_normal(text, strip_bidi):
        return Normalized(text, NormalizeReport(bidi_kept=len(_BIDI.findall(text))))
    counts: dict[str, int] = {}
    kept = {"joiners": 0, "bidi": 0}
    removed = _REMOVED_OR_BIDI if strip_bidi else _REMOVED
    changes: list[Change] | None = [] if record_changes else None
    lines: list[str] = []
    for match in _LINE.finditer(text):
        body, ending = match.group(1), match.group(2)
        if not body and not ending and match.start() == len(text):
            break
        lines.append(_normalize_line(body, match.start(1), counts, changes, kept, removed))
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
    report = NormalizeReport(counts, tuple(changes or ()), kept["joiners"], kept["bidi"])
    return Normalized(result, report)
