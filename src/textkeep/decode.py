"""Decode stage: bytes to text, saying which encoding was used and why.

Order of evidence: a byte-order mark, then strict UTF-8, then charset-normalizer's detection.
Binary input is refused with :class:`NotTextError` rather than decoded into garbage, and a forced
encoding that does not fit raises :class:`DecodeError` rather than silently replacing bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

__all__ = ["DecodeError", "DecodeReport", "Decoded", "NotTextError", "decode", "line_ending_style"]


class NotTextError(ValueError):
    """The bytes are not text in any encoding we accept (image, archive, executable, noise)."""


class DecodeError(ValueError):
    """The bytes do not decode with the encoding the caller insisted on."""

    def __init__(self, encoding: str, offset: int, reason: str) -> None:
        super().__init__(f"cannot decode as {encoding}: {reason} at byte {offset}")
        self.encoding = encoding
        self.offset = offset


# UTF-32 LE's BOM begins with UTF-16 LE's, so the longer marks must be tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
)

# Detectors name the common subset; the superset decodes everything the subset does plus the
# vendor extensions real files use, so decoding with it loses nothing.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "ascii": ("utf-8",),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "shift_jis": ("cp932",),
    "euc_kr": ("cp949",),
    "latin-1": ("cp1252",),
    "iso8859-1": ("cp1252",),
}

# When several codecs fit equally well (short texts often fit a dozen single-byte codecs), the one
# real documents most often use wins; anything not listed ranks after these, in detector order.
_PREFERRED: tuple[str, ...] = (
    "utf-8",
    "cp1252",
    "gb18030",
    "cp932",
    "cp949",
    "cp950",
    "big5hkscs",
    "cp1251",
    "cp1250",
    "iso8859-15",
    "koi8-r",
    "mac-roman",
)
_MAX_CANDIDATES = 5

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# Noise decoded by some single-byte codec is dominated by controls; real text has almost none.
_MAX_CONTROL_SHARE = 0.02
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class DecodeReport:
    encoding: str
    method: str  # "bom", "utf-8", "detected", "forced" or "empty"
    confidence: float
    bom: bool
    line_endings: str  # "LF", "CRLF", "CR", "mixed" or "none"
    undecodable_bytes: int = 0
    first_undecodable_offset: int | None = None
    candidates: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "encoding": self.encoding,
            "method": self.method,
            "confidence": self.confidence,
            "bom": self.bom,
            "line_endings": self.line_endings,
            "undecodable_bytes": self.undecodable_bytes,
            "first_undecodable_offset": self.first_undecodable_offset,
            "candidates": [{"encoding": e, "confidence": c} for e, c in self.candidates],
        }


@dataclass(frozen=True)
class Decoded:
    text: str
    report: DecodeReport


def line_ending_style(text: str) -> str:
    kinds = {m.group() for m in _LINE_BREAK.finditer(text)}
    if not kinds:
        return "none"
    if len(kinds) > 1:
        return "mixed"
    return {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[kinds.pop()]


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise DecodeError(encoding, 0, "unknown encoding") from None


def _report(text: str, encoding: str, method: str, **extra: object) -> Decoded:
    return Decoded(
        text,
        DecodeReport(
            encoding=encoding,
            method=method,
            line_endings=line_ending_style(text),
            **extra,  # type: ignore[arg-type]
        ),
    )


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL.findall(text)) <= len(text) * _MAX_CONTROL_SHARE


def _decode_replacing(data: bytes, encoding: str) -> tuple[str, int, int | None]:
    """Decode with U+FFFD for bad bytes, counting them (Python's "replace" handler does not)."""
    parts: list[str] = []
    bad = 0
    first: int | None = None
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode(encoding))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode(encoding, errors="replace"))
            parts.append("\ufffd")
            bad += exc.end - exc.start
            if first is None:
                first = pos + exc.start
            pos += exc.end
    return "".join(parts), bad, first


def _wide_candidates(data: bytes) -> list[str]:
    """BOM-less UTF-32/16 codecs in the order the NUL-byte positions suggest."""
    candidates: list[str] = []
    if len(data) % 4 == 0:
        # Every code point is below U+110000, so one byte of each unit is always zero.
        if not any(data[3::4]):
            candidates.append("utf-32-le")
        if not any(data[0::4]):
            candidates.append("utf-32-be")
    if len(data) % 2 == 0:
        # Mostly-Latin text puts its NULs in the high byte: odd offsets for LE, even for BE.
        odd_nuls = data[1::2].count(0)
        even_nuls = data[0::2].count(0)
        candidates += (
            ["utf-16-le", "utf-16-be"] if odd_nuls >= even_nuls else ["utf-16-be", "utf-16-le"]
        )
    return candidates


def _utf16_or_32_without_bom(data: bytes) -> tuple[str, str] | None:
    """Recognise BOM-less UTF-16/32 by where its NUL bytes fall; None if the pattern is absent."""
    for encoding in _wide_candidates(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _looks_like_text(text):
            return text, encoding
    return None


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``; ``encoding`` forces a codec (no detection, no silent replacement)."""
    kind = _binary_kind(data)
    if kind is not None:
        raise NotTextError(f"not text ({kind})")
    if not data:
        return _report("", "utf-8", "empty", confidence=1.0, bom=False)

    if encoding is not None:
        return _decode_forced(data, encoding)

    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(bom_encoding)
            except UnicodeDecodeError as exc:
                raise NotTextError(
                    f"not text (byte-order mark says {bom_encoding} but byte "
                    f"{exc.start + len(bom)} does not decode)"
                ) from None
            return _report(text, bom_encoding, "bom", confidence=1.0, bom=True)

    if b"\x00" in data:
        wide = _utf16_or_32_without_bom(data)
        if wide is None:
            raise NotTextError("not text (contains NUL bytes)")
        text, wide_encoding = wide
        return _report(text, wide_encoding, "detected", confidence=0.9, bom=False)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_text(text):
            raise NotTextError("not text (mostly control characters)")
        return _report(text, "utf-8", "utf-8", confidence=1.0, bom=False)

    return _decode_detected(data)


def _decode_forced(data: bytes, encoding: str) -> Decoded:
    name = _codec_name(encoding)
    bom = False
    payload = data
    # Python's utf-8 codec keeps a BOM as U+FEFF; stripping it here matches what "utf-8" means
    # to people forcing it. The utf-16/utf-32 codecs already consume theirs.
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        payload, bom = data[len(codecs.BOM_UTF8) :], True
    elif name in ("utf-16", "utf-32"):
        bom = any(data.startswith(b) for b, e in _BOMS if e.startswith(name))
    try:
        text = payload.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(name, exc.start + (len(data) - len(payload)), exc.reason) from None
    return _report(text, name, "forced", confidence=1.0, bom=bom)


def _preference(codec: str) -> int:
    superset = _SUPERSETS.get(codec, (codec,))[0]
    return _PREFERRED.index(superset) if superset in _PREFERRED else len(_PREFERRED)


# Multi-byte codecs tried when no codec decodes every byte: a few damaged bytes in a UTF-8 or
# CJK file should cost those bytes, not the document. Single-byte codecs are left out because
# they decode nearly anything and so prove nothing.
_DAMAGED_CANDIDATES = ("utf-8", "gb18030", "cp932", "cp949", "cp950")
_MAX_DAMAGED_SHARE = 0.01


def _decode_damaged(data: bytes) -> Decoded:
    best: tuple[int, str, str, int | None] | None = None
    for candidate in _DAMAGED_CANDIDATES:
        text, bad, first = _decode_replacing(data, candidate)
        fits = bad <= len(data) * _MAX_DAMAGED_SHARE and _looks_like_text(text)
        if fits and (best is None or bad < best[0]):
            best = (bad, candidate, text, first)
    if best is None:
        raise NotTextError("not text (no text encoding fits these bytes)")
    bad, candidate, text, first = best
    return _report(
        text,
        candidate,
        "detected",
        confidence=round(1.0 - bad / len(data), 3),
        bom=False,
        undecodable_bytes=bad,
        first_undecodable_offset=first,
    )


def _decode_detected(data: bytes) -> Decoded:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return _decode_damaged(data)
    least_chaos = min(m.chaos for m in matches)
    # could_be_from_charset lists the codecs that give this match's exact text, so cp1252 can
    # hide behind cp1250 there; all of them are fair choices.
    tied = [
        _codec_name(name)
        for m in matches
        if m.chaos == least_chaos
        for name in (m.encoding, *m.could_be_from_charset)
    ]
    detected = min(tied, key=_preference)
    confidence = round(1.0 - least_chaos, 3)
    candidates = tuple(
        (_codec_name(m.encoding), round(1.0 - m.chaos, 3)) for m in matches[:_MAX_CANDIDATES]
    )

    chosen = _SUPERSETS.get(detected, (detected,))
    for candidate in chosen:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            raise NotTextError("not text (mostly control characters)")
        return _report(
            text, candidate, "detected", confidence=confidence, bom=False, candidates=candidates
        )

    text, bad, first = _decode_replacing(data, chosen[0])
    if not _looks_like_text(text):
        raise NotTextError("not text (mostly control characters)")
    return _report(
        text,
        chosen[0],
        "detected",
        confidence=confidence,
        bom=False,
        undecodable_bytes=bad,
        first_undecodable_offset=first,
        candidates=candidates,
    )
