"""The pipeline for files too large to hold in memory: bounded pieces of whole lines.

:func:`process_stream` gives the same clean text and the same sidecar fields as
:func:`textkeep.pipeline.process_document`, with memory bounded by the piece size instead
of the file size:

- the encoding is decided once, from samples at the start, middle and end of the file;
- the file is then read in pieces cut after a line break (never inside a line, so never
  inside a multi-byte character), each decoded, repaired and normalised on its own;
- clean bytes go to ``write`` as they are made, hashed on the way;
- the description (title, date, language, scripts) reads the clean text's head and tail,
  exactly the parts :func:`textkeep.metadata.describe_text` looks at.

The caller opens the files; this module only reads and writes the handles it is given.
Repair judges each piece on its own evidence, so a document whose mojibake is decided by
support from far away in the file can in rare cases repair differently than in one piece.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from textkeep.decode import (
    BOMS,
    DecodeError,
    DecodeReport,
    InvalidRun,
    Segment,
    codec_name,
    decode,
    decode_replacing,
    line_ending_style,
)
from textkeep.normalize import NormalizeReport, already_normal, bidi_controls, normalize

__all__ = ["LARGE_FILE_BYTES", "PIECE_BYTES", "SAMPLE_BYTES", "process_stream"]

# Files larger than this are streamed by ``textkeep archive``: below it, reading the whole
# file costs less memory than the pool's batches and the whole-file repair sees everything.
LARGE_FILE_BYTES = 32 * 1024 * 1024
# Pieces this big keep Python's per-call overheads negligible and peak memory near 10x this
# (bytes, decoded text, repaired text, normalised text and encoded output coexist).
PIECE_BYTES = 4 * 1024 * 1024
SAMPLE_BYTES = 64 * 1024
# A line longer than this has no break to cut at; it is cut after a byte below 0x40, which
# is never the second byte of a character in any supported multi-byte encoding.
_MAX_CARRY = 8 * PIECE_BYTES
# The description reads the first 100,000 characters (scripts, language) and the first and
# last 20,000 (labels); a margin keeps whole lines at both ends.
_HEAD_CHARS = 128 * 1024
_TAIL_CHARS = 32 * 1024
# Stateful codecs cannot be restarted at a line break; they are rare and never large.
_STATEFUL_PREFIXES = ("iso2022", "utf-7", "utf_7", "hz")
_SENTINEL = "x"


@dataclass(frozen=True)
class _Plan:
    codec: str
    method: str
    confidence: float
    bom: bytes
    candidates: tuple[tuple[str, float], ...]
    strict: bool  # forced: bad bytes are an error, as in the whole-file path
    redetect: bool  # a piece that fails the codec is decoded (and detected) on its own

    @property
    def unit(self) -> int:
        return 4 if "32" in self.codec else 2 if "16" in self.codec else 1


def _read_at(source: BinaryIO, offset: int, size: int) -> bytes:
    source.seek(offset)
    return source.read(size)


def _sample(source: BinaryIO, size: int) -> bytes:
    """Start, middle and end of the file, each trimmed to whole lines."""
    if size <= 3 * SAMPLE_BYTES:
        return _read_at(source, 0, size)
    head = _read_at(source, 0, SAMPLE_BYTES)
    middle = _read_at(source, (size - SAMPLE_BYTES) // 2 // 4 * 4, SAMPLE_BYTES)
    end_start = (size - SAMPLE_BYTES) // 4 * 4
    end = _read_at(source, end_start, size - end_start)  # to the last byte, not short of it
    if b"\x00" in head:
        return head + middle + end  # UTF-16/32: offsets are 4-aligned; a line break is not a byte
    head = head[: head.rfind(b"\n") + 1] or head
    middle = middle[middle.find(b"\n") + 1 :]
    middle = middle[: middle.rfind(b"\n") + 1]
    end = end[end.find(b"\n") + 1 :] or end
    return head + middle + end


def _plan(source: BinaryIO, size: int, encoding: str | None) -> _Plan:
    head = _read_at(source, 0, 4)
    if encoding is not None:
        name = codec_name(encoding)
        bom = codecs.BOM_UTF8 if name == "utf-8" and head.startswith(codecs.BOM_UTF8) else b""
        return _Plan(name, "forced", 1.0, bom, (), strict=True, redetect=False)
    for bom, codec in BOMS:
        if head.startswith(bom):
            return _Plan(codec, "bom", 1.0, bom, (), strict=False, redetect=False)
    report = decode(_sample(source, size)).report  # raises NotTextError for binary files
    codec = codecs.lookup(report.encoding).name
    bom = b""
    return _Plan(
        codec,
        report.method,
        report.confidence,
        bom,
        report.candidates,
        strict=False,
        redetect=report.method in ("utf-8", "mixed", "empty") or codec == "utf-8",
    )


def _line_break(codec: str) -> bytes:
    return "\n".encode(codec)


def _cut(buffer: bytearray, newline: bytes, unit: int) -> tuple[int, bool]:
    """Where to end the next piece (0: read on), and whether it ends at a line break."""
    end = len(buffer)
    while (at := buffer.rfind(newline, 0, end)) >= 0:
        if at % unit == 0:
            return at + len(newline), True
        end = at + len(newline) - 1
    if unit == 1 and (at := buffer.rfind(b"\r", 0, len(buffer) - 1)) >= 0:
        return at + 1, True  # old Mac line ends; a CR at the very end may be half a CRLF
    if len(buffer) <= _MAX_CARRY:
        return 0, False
    if unit > 1:
        return len(buffer) // unit * unit, False
    # No break in sight: cut after punctuation or a digit, never after a space (trailing
    # whitespace is stripped per line) and never inside a character.
    for at in range(len(buffer) - 1, max(0, len(buffer) - PIECE_BYTES), -1):
        if buffer[at] < 0x40 and buffer[at] not in b" \t\x0b\x0c\x1b":
            return at + 1, False
    at = len(buffer)
    while at > 0 and 0x80 <= buffer[at - 1] < 0xC0:
        at -= 1  # a UTF-8 continuation byte: step back to the character's first byte
    return (at - 1 if at > 0 and buffer[at - 1] >= 0xC0 else at), False


def _byte_pieces(
    source: BinaryIO, plan: _Plan, raw_hash: hashlib._Hash, piece_bytes: int
) -> Iterator[tuple[int, bytes, bool]]:
    """(offset in the file, bytes, ends a line) of pieces; the BOM is skipped."""
    newline = _line_break(plan.codec)
    source.seek(0)
    buffer = bytearray()
    offset = 0  # file offset of buffer[0]
    first = True
    while block := source.read(piece_bytes):
        raw_hash.update(block)
        buffer += block
        if first:
            first = False
            if plan.bom and buffer.startswith(plan.bom):
                del buffer[: len(plan.bom)]
                offset = len(plan.bom)
        cut, ends_line = _cut(buffer, newline, plan.unit)
        if cut:
            yield offset, bytes(buffer[:cut]), ends_line
            del buffer[:cut]
            offset += cut
    if buffer:
        yield offset, bytes(buffer), True


@dataclass
class _DecodeTally:
    """What the decode report says, added up over pieces."""

    runs: list[InvalidRun]
    segments: list[Segment]
    line_endings: set[str]
    # Stateful codecs (ISO-2022, UTF-7, HZ) carry their shift state from piece to piece.
    incremental: codecs.IncrementalDecoder | None = None


def _decode_piece(
    piece: bytes, offset: int, first_line: int, plan: _Plan, tally: _DecodeTally
) -> str:
    if tally.incremental is not None:
        try:
            text = tally.incremental.decode(piece)
        except UnicodeDecodeError as exc:
            raise DecodeError(plan.codec, offset + exc.start, exc.reason) from None
        tally.line_endings.add(line_ending_style(text))
        return text
    try:
        text = piece.decode(plan.codec)
    except UnicodeDecodeError as exc:
        if plan.strict:
            raise DecodeError(plan.codec, offset + exc.start, exc.reason) from None
        if plan.redetect:
            decoded = decode(piece)
            report = decoded.report
            tally.runs.extend(
                InvalidRun(offset + r.offset, r.length, r.recovered_as, r.text)
                for r in report.invalid_runs
            )
            segments = report.segments or (Segment(report.encoding, 1, max(1, piece.count(b"\n"))),)
            tally.segments.extend(
                Segment(s.encoding, s.first_line + first_line - 1, s.last_line + first_line - 1)
                for s in segments
            )
            text = decoded.text
        else:
            text, runs = decode_replacing(piece, plan.codec, offset)
            tally.runs.extend(runs)
    tally.line_endings.add(line_ending_style(text))
    return text


def _overall_endings(styles: set[str]) -> str:
    styles = styles - {"none"}
    if not styles:
        return "none"
    return styles.pop() if len(styles) == 1 else "mixed"


def _merge_counts(total: dict[str, int], counts: dict[str, int]) -> None:
    for kind, count in counts.items():
        total[kind] = total.get(kind, 0) + count


@dataclass(frozen=True)
class _RawPiece:
    """What a worker needs to clean one piece: its bytes (or, for a stateful codec, the
    text the parent already decoded) and where they sit in the file."""

    offset: int
    first_line: int
    payload: bytes | str
    ends_line: bool
    plan: _Plan


@dataclass(frozen=True)
class _CleanPiece:
    """A piece decoded, repaired, normalised and encoded; offsets count from its start."""

    length: int  # characters decoded
    ends_line: bool
    final_break: bool
    repairs: list[dict]
    losses: list[dict]
    data: bytes  # clean UTF-8 to write; a piece ending a line holds back its blank lines
    characters: int  # in ``data``
    blank_after: int  # blank lines held back (they may not end the file)
    head: str  # the first _HEAD_CHARS and last _TAIL_CHARS characters of ``data``
    tail: str
    counts: dict[str, int]
    joiners_kept: int
    bidi_kept: int
    runs: list[InvalidRun]
    segments: list[Segment]
    line_endings: set[str]


def _clean_piece(piece: _RawPiece) -> _CleanPiece:
    """Decode, repair, normalise and encode one piece: a pure function, so any worker may
    run it, and the parent only reads, hashes and writes bytes."""
    from textkeep.repair import repair_and_report

    tally = _DecodeTally([], [], set())
    if isinstance(piece.payload, str):
        text = piece.payload
    else:
        text = _decode_piece(piece.payload, piece.offset, piece.first_line, piece.plan, tally)
    repaired = repair_and_report(text)
    counts: dict[str, int] = {}
    kept = [0, 0]
    final_break = text.endswith(("\n", "\r"))
    blank_after = 0
    if not piece.ends_line:
        # Part of a line too long to hold: its end is not the line's end.
        clean = _normalize_piece(repaired.text + "\n", counts, kept)[:-1]
    else:
        body = repaired.text if final_break else repaired.text + "\n"
        lines = _normalize_piece(body, counts, kept)
        content = lines.rstrip("\n")
        clean = content + "\n" if content else ""
        blank_after = len(lines) - len(clean)
    return _CleanPiece(
        length=len(text),
        ends_line=piece.ends_line,
        final_break=final_break,
        repairs=[r.to_dict() for r in repaired.repairs],
        losses=[loss.to_dict() for loss in repaired.losses],
        data=clean.encode("utf-8"),
        characters=len(clean),
        blank_after=blank_after,
        head=clean[:_HEAD_CHARS],
        tail=clean[-_TAIL_CHARS:],
        counts=counts,
        joiners_kept=kept[0],
        bidi_kept=kept[1],
        runs=tally.runs,
        segments=tally.segments,
        line_endings=tally.line_endings,
    )


def _normalize_piece(text: str, counts: dict[str, int], kept: list[int]) -> str:
    """Normalise whole lines, keeping the blank lines at their end (they may not end the file).

    A sentinel last line stops :func:`normalize` from treating the piece's end as the
    document's end; normalisation is per line, so the sentinel changes no other line.
    ``text`` ends with a line break.
    """
    if already_normal(text):
        # Most pieces; the sentinel would send them down the line-by-line path.
        kept[1] += len(bidi_controls(text))
        return text
    normalized = normalize(text + _SENTINEL)
    report = normalized.report
    piece_counts = dict(report.counts)
    piece_counts.pop("final_newline", None)  # the sentinel's
    _merge_counts(counts, piece_counts)
    kept[0] += report.joiners_kept
    kept[1] += report.bidi_kept
    return normalized.text[: -len(_SENTINEL) - 1]


def process_stream(
    name: str,
    source: BinaryIO,
    write: Callable[[bytes], object],
    *,
    encoding: str | None = None,
    piece_bytes: int = PIECE_BYTES,
    jobs: int | None = 1,
) -> dict:
    """Clean the seekable binary ``source`` piece by piece; return its sidecar record.

    ``write`` receives the clean UTF-8 bytes in order. Raises NotTextError / DecodeError like
    :func:`textkeep.pipeline.process_document`, possibly after some bytes were written (the
    caller writes to a temporary file and discards it).
    """
    from textkeep.parallel import map_ordered
    from textkeep.pipeline import SCHEMA, add_description, versions

    size = source.seek(0, 2)
    plan = _plan(source, size, encoding)
    raw_hash = hashlib.sha256()
    clean_hash = hashlib.sha256()
    tally = _DecodeTally([], [], set())
    if plan.codec.startswith(_STATEFUL_PREFIXES):
        errors = "strict" if plan.strict else "replace"
        tally.incremental = codecs.getincrementaldecoder(plan.codec)(errors=errors)
    repairs: list[dict] = []
    losses: list[dict] = []
    counts: dict[str, int] = {}
    kept = [0, 0]
    characters = 0
    lines = 0
    pending_blank = 0  # blank lines held back: dropped if nothing follows them
    head: list[str] = []
    head_chars = 0
    tail = ""
    decoded_chars = 0
    decoded_lines = 0
    had_final_break = True
    any_text = False

    def emit(blank: int, piece: _CleanPiece) -> None:
        nonlocal characters, lines, head_chars, tail
        data = b"\n" * blank + piece.data
        clean_hash.update(data)
        write(data)
        characters += blank + piece.characters
        lines += data.count(b"\n")  # bytes count far faster than text
        if head_chars < _HEAD_CHARS:
            head.append(("\n" * blank + piece.head)[: _HEAD_CHARS - head_chars])
            head_chars += len(head[-1])
        tail = (tail + "\n" * blank + piece.tail)[-_TAIL_CHARS:]

    newline = _line_break(plan.codec)

    def raw_pieces() -> Iterator[_RawPiece]:
        nonlocal decoded_lines
        for offset, data, ends_line in _byte_pieces(source, plan, raw_hash, piece_bytes):
            payload: bytes | str = data
            if tally.incremental is not None:
                # Stateful codecs carry their shift state from piece to piece: decoded here.
                payload = _decode_piece(data, offset, decoded_lines + 1, plan, tally)
            yield _RawPiece(offset, decoded_lines + 1, payload, ends_line, plan)
            decoded_lines += data.count(newline)

    # The pieces are independent once cut, so other cores decode, repair and normalise
    # them; results come back in order.
    cleaned = map_ordered(
        _clean_piece, raw_pieces(), jobs=jobs, size=lambda item: len(item.payload), per_job=2
    )
    for piece in cleaned:
        for record in piece.repairs:
            record["offset"] += decoded_chars
            repairs.append(record)
        for record in piece.losses:
            record["offset"] += decoded_chars
            losses.append(record)
        tally.runs.extend(piece.runs)
        tally.segments.extend(piece.segments)
        tally.line_endings.update(piece.line_endings)
        decoded_chars += piece.length
        any_text = any_text or piece.length > 0
        had_final_break = piece.final_break
        _merge_counts(counts, piece.counts)
        kept[0] += piece.joiners_kept
        kept[1] += piece.bidi_kept
        if not piece.ends_line:
            emit(pending_blank, piece)
            pending_blank = 0
        elif piece.characters:
            emit(pending_blank, piece)
            pending_blank = piece.blank_after
        else:
            pending_blank += piece.blank_after

    if characters and pending_blank:
        counts["trailing_blank_lines"] = pending_blank
    if characters and not had_final_break:
        counts["final_newline"] = 1
    if not characters and any_text:
        counts["blank_text"] = 1
    head_text = "".join(head)
    if characters <= _HEAD_CHARS:
        described = head_text
    elif characters <= _HEAD_CHARS + _TAIL_CHARS:
        described = head_text + tail[len(tail) - (characters - _HEAD_CHARS) :]
    else:
        # The description reads only the head and the tail; what lies between never counts.
        described = head_text + tail

    decode_report = DecodeReport(
        encoding=plan.codec,
        method="mixed" if tally.segments else plan.method,
        confidence=plan.confidence,
        bom=bool(plan.bom),
        line_endings=_overall_endings(tally.line_endings),
        undecodable_bytes=sum(r.length for r in tally.runs),
        first_undecodable_offset=tally.runs[0].offset if tally.runs else None,
        candidates=plan.candidates,
        segments=tuple(tally.segments),
        invalid_runs=tuple(tally.runs),
    )
    normalize_report = NormalizeReport(counts, (), kept[0], kept[1])
    record: dict = {
        "source": {"path": name, "bytes": size, "sha256": raw_hash.hexdigest()},
        "decode": decode_report.to_dict(),
        "repairs": repairs,
        "losses": losses,
        "normalize": normalize_report.to_dict(),
        "clean": {"sha256": clean_hash.hexdigest(), "characters": characters, "lines": lines},
        "versions": versions(),
        "schema": SCHEMA,
    }
    add_description(record, described)
    return record
