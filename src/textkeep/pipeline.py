"""The per-document pipeline: decode -> repair -> normalise -> describe.

:func:`process_document` is pure (bytes in, text and a JSON-ready record out) so it can run
anywhere, including on workers that never see the archive's file system.
"""

from __future__ import annotations

import functools
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textkeep.decode import Decoded, decode
from textkeep.normalize import Normalized, normalize

if TYPE_CHECKING:
    from textkeep.repair import RepairResult

__all__ = [
    "SCHEMA",
    "Cleaned",
    "DocumentResult",
    "ExplainedChange",
    "LinePositions",
    "ProcessedDocument",
    "add_description",
    "clean",
    "explain",
    "process_document",
    "process_or_refuse",
    "versions",
]

# Bump when the sidecar's layout changes, so readers can tell old records from new.
SCHEMA = 1

# Record keys owned by the pipeline; a description field never overrides one of these.
_PROVENANCE_KEYS = ("source", "decode", "repairs", "losses", "normalize", "clean", "versions")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Cleaned:
    """The three text stages' results; ``text`` is the clean text."""

    decoded: Decoded
    repaired: RepairResult
    normalized: Normalized

    @property
    def text(self) -> str:
        return self.normalized.text


@dataclass(frozen=True)
class ProcessedDocument:
    name: str
    clean_text: str
    metadata: dict
    cleaned: Cleaned

    def to_dict(self) -> dict:
        return self.metadata


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def versions() -> dict[str, str]:
    # A fresh dict each call: callers put it in records they may change.
    return dict(_installed_versions())


@functools.lru_cache(maxsize=1)
def _installed_versions() -> tuple[tuple[str, str], ...]:
    # Looking a version up scans the installed distributions (about 1 ms for three); the
    # answer cannot change while the process runs, and archives call this per document.
    from importlib.metadata import version

    return (
        ("textkeep", version("textkeep")),
        ("ftfy", version("ftfy")),
        ("charset_normalizer", version("charset-normalizer")),
    )


def clean(data: bytes, *, encoding: str | None = None, record_changes: bool = False) -> Cleaned:
    """Decode, repair and normalise; raises NotTextError / DecodeError for bad input."""
    from textkeep.repair import repair_and_report

    decoded = decode(data, encoding)
    repaired = repair_and_report(decoded.text)
    normalized = normalize(repaired.text, record_changes=record_changes)
    return Cleaned(decoded, repaired, normalized)


def process_document(name: str, data: bytes, *, encoding: str | None = None) -> ProcessedDocument:
    """Clean one document and build its sidecar record; ``name`` is recorded as source.path."""
    cleaned = clean(data, encoding=encoding)
    text = cleaned.text
    clean_bytes = text.encode("utf-8")
    repair_record = cleaned.repaired.to_dict()
    record: dict = {
        "source": {"path": name, "bytes": len(data), "sha256": sha256_hex(data)},
        "decode": cleaned.decoded.report.to_dict(),
        "repairs": repair_record["repairs"],
        "losses": repair_record["losses"],
        "normalize": cleaned.normalized.report.to_dict(),
        "clean": {
            "sha256": sha256_hex(clean_bytes),
            "characters": len(text),
            "lines": text.count("\n"),
        },
        "versions": versions(),
        "schema": SCHEMA,
    }
    add_description(record, text)
    return ProcessedDocument(name, text, record, cleaned)


def add_description(record: dict, text: str) -> None:
    """Add what the text says about itself (title, date, source...) to ``record``.

    Provenance the pipeline measured always wins over anything the text claims.
    """
    from textkeep.metadata import describe_text

    for key, value in describe_text(text).to_dict().items():
        if key not in _PROVENANCE_KEYS and key != "schema":
            record[key] = value


@dataclass(frozen=True)
class DocumentResult:
    """What one document's work sends back from a worker: small, picklable, JSON-ready.

    Either ``clean_text`` and ``metadata`` (the sidecar record) are set, or ``refusal`` says
    why the document is not text or does not decode (the message ``textkeep archive`` prints).
    """

    name: str
    clean_text: str | None = None
    metadata: dict | None = None
    refusal: str | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "clean_text": self.clean_text,
            "metadata": self.metadata,
            "refusal": self.refusal,
        }


def process_or_refuse(name: str, data: bytes, encoding: str | None = None) -> DocumentResult:
    """:func:`process_document` for workers and distributed engines: refusals come back as data.

    Pure: the result depends only on (name, data, encoding) and the installed versions, so it
    can run in a process pool, on Dask, Spark or Ray, and the caller writes the archive.
    Exceptions with extra constructor arguments do not always survive pickling, hence a string.
    """
    from textkeep.decode import DecodeError, NotTextError

    try:
        document = process_document(name, data, encoding=encoding)
    except (NotTextError, DecodeError) as exc:
        return DocumentResult(name, refusal=str(exc))
    return DocumentResult(name, document.clean_text, document.metadata)


@dataclass(frozen=True)
class ExplainedChange:
    """One change for people: where (1-based line and column in the text that stage received)."""

    stage: str
    line: int
    column: int
    before: str
    after: str
    why: str

    def to_dict(self) -> dict:
        return {
            "stage": self.stage,
            "line": self.line,
            "column": self.column,
            "before": self.before,
            "after": self.after,
            "why": self.why,
        }


class LinePositions:
    """Offsets to 1-based (line, column) in a text whose lines end in LF, CRLF or CR."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


_NORMALIZE_WHY = {
    "crlf": "CRLF line ending",
    "cr": "CR line ending",
    "bom": "byte-order mark inside the text",
    "zero_width": "zero-width character",
    "control": "control character",
    "nfc": "Unicode NFC",
    "trailing_whitespace": "trailing whitespace",
    "trailing_blank_lines": "blank lines at the end",
    "final_newline": "missing final newline",
    "blank_text": "text holds only blanks",
}


def explain(cleaned: Cleaned) -> list[ExplainedChange]:
    """Every repair and normalisation, in stage order, positioned in that stage's input.

    ``cleaned`` must come from ``clean(..., record_changes=True)`` to list normalisations.
    """
    changes: list[ExplainedChange] = []
    report = cleaned.decoded.report
    if report.bom:
        changes.append(ExplainedChange("decode", 1, 1, "BOM", "", f"{report.encoding} BOM"))
    if report.undecodable_bytes:
        changes.append(
            ExplainedChange(
                "decode",
                1,
                1,
                f"{report.undecodable_bytes} bytes",
                "\ufffd",
                f"undecodable in {report.encoding}, first at byte "
                f"{report.first_undecodable_offset}",
            )
        )
    positions = LinePositions(cleaned.decoded.text)
    for repair in cleaned.repaired.repairs:
        line, column = positions.line_col(repair.offset)
        why = " then ".join(repair.chain) + ("; bytes lost" if repair.loss else "")
        changes.append(ExplainedChange("repair", line, column, repair.before, repair.after, why))
    for loss in cleaned.repaired.losses:
        line, column = positions.line_col(loss.offset)
        changes.append(ExplainedChange("repair", line, column, loss.text, loss.text, loss.kind))
    positions = LinePositions(cleaned.repaired.text)
    for change in cleaned.normalized.report.changes:
        line, column = positions.line_col(change.offset)
        why = _NORMALIZE_WHY.get(change.kind, change.kind)
        changes.append(ExplainedChange("normalize", line, column, change.before, change.after, why))
    return changes
