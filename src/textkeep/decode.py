"""Decode stage: bytes to text, saying which encoding was used and why.

Order of evidence: a byte-order mark, then strict UTF-8, then candidates scored by the
plausibility model (:func:`textkeep.plausibility.cost`): every codec that decodes the bytes
strictly is a candidate, and the reading that looks most like real text wins. Detectors only
guess from byte statistics; a CJK snippet of 64 bytes gives them too little to count, while
the reading itself still shows which codec made it.

Files that are UTF-8 but for a few bytes, and files whose lines come from programs writing
different encodings, are decoded line by line: each part's encoding is reported with its line
range and every invalid byte with its offset. Binary input is refused with
:class:`NotTextError`, and a forced encoding that does not fit raises :class:`DecodeError`
rather than silently replacing bytes.

Per-byte work stays in C (codecs, ``re``, ``bytes`` methods); the Python-level scoring reads
only samples from the start, middle and end of large inputs.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from textkeep.latin_alphabets import ACCENTED_LATIN, alphabet_misfit
from textkeep.plausibility import char_info, cost

__all__ = [
    "DecodeError",
    "DecodeReport",
    "Decoded",
    "InvalidRun",
    "NotTextError",
    "Segment",
    "decode",
    "line_ending_style",
]


class NotTextError(ValueError):
    """The bytes are not text in any encoding we accept (image, archive, executable, noise)."""


class DecodeError(ValueError):
    """The bytes do not decode with the encoding the caller insisted on."""

    def __init__(self, encoding: str, offset: int, reason: str) -> None:
        super().__init__(f"cannot decode as {encoding}: {reason} at byte {offset}")
        self.encoding = encoding
        self.offset = offset
        self.reason = reason

    def __reduce__(self) -> tuple:
        # Raised in worker processes too: pickled by its arguments, not by its message.
        return type(self), (self.encoding, self.offset, self.reason)


# UTF-32 LE's BOM begins with UTF-16 LE's, so the longer marks must be tried first.
BOMS: tuple[tuple[bytes, str], ...] = (
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

# Candidate codecs and their prior, in cost per non-ASCII input byte. Codecs that fit few
# documents (cp1250's neighbours, Hebrew, Arabic, Thai, DOS) are left to charset-normalizer's
# list, consulted when none of these gives a plausible reading: as candidates here they win
# short Western texts by accident. The prior only separates readings
# that are (nearly) equally plausible: a superset beats its subset (the texts are identical, so
# the one that also decodes the vendor extensions is reported), and common codecs beat rare
# ones. Subsets stay candidates because where they differ (Shift-JIS's wave dash, EUC-KR's
# composed syllables) the reading decides.
_PRIORS: dict[str, float] = {
    "gb18030": 0.0,
    "cp932": 0.004,
    "cp949": 0.004,
    "cp950": 0.006,
    "big5": 0.007,
    "shift_jis": 0.008,
    "euc_jp": 0.01,
    "euc_kr": 0.01,
    "big5hkscs": 0.012,
    "cp1252": 0.0,
    "cp1251": 0.004,
    "iso8859-7": 0.006,
    "koi8-r": 0.008,
    "cp1253": 0.01,
    "iso8859-15": 0.01,
    "cp1250": 0.012,
    "iso8859-5": 0.012,
    # Users hit cp1252 read as Mac Roman; Mac files are rare now, so the reading must say so.
    "mac-roman": 0.2,
    "iso8859-1": 0.016,
    "utf-16-le": 0.03,
    "utf-16-be": 0.03,
    "utf-32-le": 0.03,
    "utf-32-be": 0.03,
}
_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_BYTE_ORIENTED = tuple(c for c in _PRIORS if c not in _WIDE)
_UNLISTED_PRIOR = 0.03

# Detector names for the common subset of a family, mapped to the superset that decodes it.
_SUPERSETS: dict[str, str] = {
    "ascii": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}

# Codecs tried on a run of invalid bytes inside UTF-8 text, with a prior per byte like above.
_RECOVERY_PRIORS: dict[str, float] = {
    "gb18030": 0.0,
    "cp1252": 0.0,
    "cp932": 0.05,
    "cp949": 0.05,
    "cp950": 0.05,
}

# Vendor supersets whose reading of some shared byte pairs differs from the standard's.
# Shift-JIS and cp932 differ too (8160 is "〜" or "～"), but there the Windows reading is the
# one real files mean, and the benchmark agrees.
_STANDARD_TWINS: dict[str, str] = {"cp950": "big5"}

_CJK_FAMILY: dict[str, str] = {
    "gb18030": "zh",
    "cp950": "zh",
    "big5hkscs": "zh",
    "big5": "zh",
    "cp932": "ja",
    "shift_jis": "ja",
    "euc_jp": "ja",
    "cp949": "ko",
    "euc_kr": "ko",
}

# Evidence about the language a CJK codec implies, which the plausibility model leaves out
# because it judges text without knowing where it came from. GB2312 and KS X 1001 carry the
# kana rows of JIS X 0208, so Japanese read as GBK keeps its kana; Chinese writers do not use
# kana, nor Korean writers loose jamo or many hanja.
_KANA = re.compile("[\u3041-\u30ff]")
_JAMO = re.compile("[\u3131-\u318e]")
_HAN = re.compile("[\u4e00-\u9fff]")
_FOREIGN_KANA_COST = 0.5
_LOOSE_JAMO_COST = 0.5
_HANJA_COST = 0.2
# Korean puts spaces between words; Chinese read as cp949 gives long unbroken Hangul runs.
_LONG_HANGUL_RUN = re.compile("[\uac00-\ud7a3]{7,}")
_LONG_HANGUL_COST = 0.3  # per syllable past the sixth
# A lowercase letter glued to an uppercase one of the same alphabet ("мОСКВА") is KOI8-R read
# as cp1251 and its kin; the plausibility model charges it no more than a Latin case flip, so
# between Cyrillic codecs the flip needs its own price here. Runs of capitals are the
# lowercase-only variant.
_CASE_FLIP = re.compile("[a-zß-öø-ÿа-яёα-ωά-ώ][À-ÖØ-ÞА-ЯЁΑ-ΩΆ-Ώ]")
_CASE_FLIP_COST = 1.0
# Mac Roman's "–" and no-break space read as cp1250 are Đ and Ę between digits, cp1252's
# £ and ¥ read as cp1250 are Ł and Ą beside them: accented letters do not touch numbers,
# even across a no-break space (ª, º and µ do: 1º, 5µm).
_LETTER_ON_DIGIT = re.compile(
    f"{ACCENTED_LATIN}(?=[\xa0\u202f]?[0-9])|(?<=[0-9])[\xa0\u202f]?{ACCENTED_LATIN}"
)
_LETTER_ON_DIGIT_COST = 1.5
# Per accented letter that no one language writes beside the others (latin_alphabets).
_ALPHABET_MISFIT_COST = 2.5
_CAPITALS_RUN = re.compile("[А-ЯЁΑ-Ω]{3,}")
_CAPITAL_IN_RUN_COST = 0.1

# A Western text read as cp1251 or a Greek code page keeps its ASCII words and turns its few
# symbols into stray letters ("1.767 ¥" becomes "1.767 Ґ"); a Russian or Greek text is mostly
# letters of its own alphabet. A handful of such letters among many Latin ones costs.
_NON_LATIN_SINGLE_BYTE = frozenset(("cp1251", "koi8-r", "iso8859-5", "iso8859-7", "cp1253"))
_NON_LATIN_LETTER = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_MINORITY_SHARE = 4  # the other alphabet under a fifth of the letters
_MINORITY_LETTER_COST = 1.0

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
# Noise decoded by some single-byte codec is dominated by controls; real text has almost none.
_MAX_CONTROL_SHARE = 0.02
_HIGH_BYTES = bytes(range(0x80, 0x100))
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_UTF8_SEQUENCES = re.compile(
    rb"(?:[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)

# Sampling: inputs up to three windows long are scored whole; longer ones by a window at the
# start, the middle and the end, so a file whose first lines are ASCII is still judged by its text.
_WINDOW = 4096
# Scoring runs in Python, so every candidate is first judged on a short stretch that starts at
# the first non-ASCII character; only the best few are scored on the whole sample.
_PROBE_CHARS = 96
_FINALISTS = 4
_MAX_SCORED = 8  # readings scored in full, twins included
# Past this cost per byte no reading is text: noise and binary formats we do not know.
_MAX_TEXT_SCORE = 2.5
# Replacement characters a damaged multi-byte file may hold before the codec is no candidate.
_MAX_DAMAGED_SHARE = 0.01
_REPLACEMENT_PENALTY = 2.0  # per U+FFFD, on top of what the plausibility model charges
# A valid UTF-8 line this short may be a legacy line that happens to be valid UTF-8 ("说" in
# GBK is CB B5, which UTF-8 reads as "˵"); longer ones practically never are.
_SHORT_LINE_HIGH_BYTES = 24
_MAX_CANDIDATES = 6
# Line by line: each invalid run a UTF-8 reading needs is evidence against UTF-8, and a part
# read in a legacy codec next to UTF-8 lines needs a second writer. A stray byte between
# UTF-8 lines stays damaged UTF-8; a legacy line has a run in nearly every word.
_INVALID_RUN_COST = 1.0
# Above what the plausibility model charges a legacy letter (0.4), so that a legacy line's
# bytes cost more as damage than as the letters they spell.
_INVALID_BYTE_COST = 0.5
_SWITCH_COST = 2.0  # per UTF-8 neighbour of the legacy part


@dataclass(frozen=True)
class Segment:
    """A run of lines decoded with one encoding (1-based, inclusive)."""

    encoding: str
    first_line: int
    last_line: int

    def to_dict(self) -> dict:
        return {"encoding": self.encoding, "lines": [self.first_line, self.last_line]}


@dataclass(frozen=True)
class InvalidRun:
    """Bytes that are invalid in the surrounding encoding, and what they became."""

    offset: int
    length: int
    recovered_as: str | None  # the codec that decoded them, or None: replaced by U+FFFD
    text: str

    def to_dict(self) -> dict:
        return {
            "offset": self.offset,
            "length": self.length,
            "recovered_as": self.recovered_as,
            "text": self.text,
        }


@dataclass(frozen=True)
class DecodeReport:
    encoding: str
    method: str  # "bom", "utf-8", "detected", "mixed", "forced" or "empty"
    confidence: float
    bom: bool
    line_endings: str  # "LF", "CRLF", "CR", "mixed" or "none"
    undecodable_bytes: int = 0
    first_undecodable_offset: int | None = None
    # (codec, score): cost per byte of the reading plus the codec's prior, lowest first.
    candidates: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    invalid_runs: tuple[InvalidRun, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "encoding": self.encoding,
            "method": self.method,
            "confidence": self.confidence,
            "bom": self.bom,
            "line_endings": self.line_endings,
            "undecodable_bytes": self.undecodable_bytes,
            "first_undecodable_offset": self.first_undecodable_offset,
            "candidates": [{"encoding": e, "score": s} for e, s in self.candidates],
            "segments": [s.to_dict() for s in self.segments],
            "invalid_runs": [r.to_dict() for r in self.invalid_runs],
        }


@dataclass(frozen=True)
class Decoded:
    text: str
    report: DecodeReport


def line_ending_style(text: str) -> str:
    if "\r" not in text:  # most text: one search instead of three counts
        return "LF" if "\n" in text else "none"
    # Counting in C is far cheaper than matching every break on a whole document.
    crlf = text.count("\r\n")
    counts = (("LF", text.count("\n") - crlf), ("CRLF", crlf), ("CR", text.count("\r") - crlf))
    kinds = [kind for kind, count in counts if count]
    return "mixed" if len(kinds) > 1 else kinds[0] if kinds else "none"


def codec_name(encoding: str) -> str:
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


def decode_replacing(data: bytes, encoding: str, base: int = 0) -> tuple[str, list[InvalidRun]]:
    """Decode with U+FFFD for bad bytes, listing them (Python's "replace" handler does not)."""
    parts: list[str] = []
    runs: list[InvalidRun] = []
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode(encoding))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode(encoding, errors="replace"))
            parts.append("\ufffd")
            runs.append(InvalidRun(base + pos + exc.start, exc.end - exc.start, None, "\ufffd"))
            pos += exc.end
    return "".join(parts), runs


def _undecodable(runs: Iterable[InvalidRun]) -> dict[str, object]:
    runs = tuple(runs)
    return {
        "undecodable_bytes": sum(r.length for r in runs),
        "first_undecodable_offset": runs[0].offset if runs else None,
        "invalid_runs": runs,
    }


# --- Public entry point ---------------------------------------------------------------------


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``; ``encoding`` forces a codec (no detection, no silent replacement)."""
    kind = _binary_kind(data)
    if kind is not None:
        raise NotTextError(f"not text ({kind})")
    if not data:
        return _report("", "utf-8", "empty", confidence=1.0, bom=False)

    if encoding is not None:
        return _decode_forced(data, encoding)

    for bom, bom_encoding in BOMS:
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
        return _decode_wide(data)

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
    name = codec_name(encoding)
    bom = False
    payload = data
    # Python's utf-8 codec keeps a BOM as U+FEFF; stripping it here matches what "utf-8" means
    # to people forcing it. The utf-16/utf-32 codecs already consume theirs.
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        payload, bom = data[len(codecs.BOM_UTF8) :], True
    elif name in ("utf-16", "utf-32"):
        bom = any(data.startswith(b) for b, e in BOMS if e.startswith(name))
    try:
        text = payload.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(name, exc.start + (len(data) - len(payload)), exc.reason) from None
    return _report(text, name, "forced", confidence=1.0, bom=bom)


# --- Sampling and scoring -------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    data: bytes
    ragged_start: bool  # may begin inside a character
    ragged_end: bool  # may end inside a character


def _windows(data: bytes, unit: int = 1) -> list[_Window]:
    """Start, middle and end of ``data`` (or all of it), cut at line breaks where possible.

    ``unit`` keeps offsets aligned for UTF-16/32, whose line breaks are not single bytes.
    """
    if len(data) <= 3 * _WINDOW:
        return [_Window(data, False, False)]
    middle = (len(data) - _WINDOW) // 2 // 4 * 4
    last = (len(data) - _WINDOW) // 4 * 4
    windows = []
    for start in (0, middle, last):
        chunk = data[start : start + _WINDOW]
        ragged_start, ragged_end = start > 0, start + _WINDOW < len(data)
        if unit == 1:
            # A line break is never part of a multi-byte character in the codecs we try.
            if ragged_start and 0 <= (cut := chunk.find(b"\n")) < _WINDOW // 4:
                chunk, ragged_start = chunk[cut + 1 :], False
            if ragged_end and (cut := chunk.rfind(b"\n")) >= len(chunk) * 3 // 4:
                chunk, ragged_end = chunk[: cut + 1], False
        windows.append(_Window(chunk, ragged_start, ragged_end))
    return windows


def _decode_window(window: _Window, codec: str) -> str | None:
    """Strict decode, forgiving only a character cut in two at a ragged edge."""
    data = window.data
    for skip in range(4 if window.ragged_start else 1):
        try:
            return data[skip:].decode(codec)
        except UnicodeDecodeError as exc:
            if window.ragged_end and exc.start >= len(data) - skip - 4:
                try:
                    return data[skip : skip + exc.start].decode(codec)
                except UnicodeDecodeError:
                    pass
            if exc.start >= 4:
                return None
    return None


def _fit_cost(codec: str, text: str) -> float:
    """What the reading implies about the language, beyond the plausibility model."""
    extra = _CASE_FLIP_COST * len(_CASE_FLIP.findall(text))
    extra += _LETTER_ON_DIGIT_COST * len(_LETTER_ON_DIGIT.findall(text))
    extra += _ALPHABET_MISFIT_COST * alphabet_misfit(text)
    for run in _CAPITALS_RUN.findall(text):
        extra += _CAPITAL_IN_RUN_COST * len(run)
    if codec in _NON_LATIN_SINGLE_BYTE:
        others = len(_NON_LATIN_LETTER.findall(text))
        if others and others * _MINORITY_SHARE < len(_LATIN_LETTER.findall(text)):
            extra += _MINORITY_LETTER_COST * others
    family = _CJK_FAMILY.get(codec)
    if family in ("zh", "ko"):
        extra += _FOREIGN_KANA_COST * len(_KANA.findall(text))
    if family == "ko":
        extra += _LOOSE_JAMO_COST * len(_JAMO.findall(text))
        extra += _HANJA_COST * len(_HAN.findall(text))
        for run in _LONG_HANGUL_RUN.findall(text):
            extra += _LONG_HANGUL_COST * (len(run) - 6)
    return extra


def _prior(codec: str) -> float:
    return _PRIORS.get(codec, _UNLISTED_PRIOR)


def _reading_cost(codec: str, text: str) -> float:
    replacements = text.count("\ufffd")
    return cost(text) + _fit_cost(codec, text) + _REPLACEMENT_PENALTY * replacements


def _probe(text: str) -> str:
    match = _NON_ASCII.search(text)
    start = max(0, match.start() - 8) if match else 0
    return text[start : start + _PROBE_CHARS]


@dataclass(frozen=True)
class _Reading:
    codec: str
    texts: tuple[str, ...]
    damaged: bool


def _readings(windows: list[_Window], codecs_to_try: Iterable[str]) -> list[_Reading]:
    readings = []
    total = sum(len(w.data) for w in windows)
    for codec in codecs_to_try:
        texts = [_decode_window(w, codec) for w in windows]
        if all(t is not None for t in texts):
            readings.append(_Reading(codec, tuple(texts), damaged=False))  # type: ignore[arg-type]
        elif codec in _CJK_FAMILY or codec == "utf-8":
            # A few damaged bytes in a multi-byte file should cost those bytes, not the file.
            damaged = tuple(w.data.decode(codec, errors="replace") for w in windows)
            if sum(t.count("\ufffd") for t in damaged) <= max(1, total * _MAX_DAMAGED_SHARE):
                readings.append(_Reading(codec, damaged, damaged=True))
    return readings


def _weight(reading: _Reading, data: bytes, windows: Iterable[_Window] = ()) -> int:
    """Bytes the prior applies to: the non-ASCII ones, which are all a codec decides.

    In wide codecs every byte is the codec's choice.
    """
    chunks = [data, *(w.data for w in windows)]
    if reading.codec in _WIDE:
        return sum(len(chunk) for chunk in chunks)
    return sum(len(chunk) - len(chunk.translate(None, _HIGH_BYTES)) for chunk in chunks)


def _rank(readings: list[_Reading], windows: list[_Window]) -> list[tuple[float, str, _Reading]]:
    """Readings by score (cost plus prior per byte), best first; ties by codec name."""
    nbytes = max(1, sum(len(w.data) for w in windows))
    probed = []
    for reading in readings:
        probe = _probe(reading.texts[0] if len(reading.texts) == 1 else "".join(reading.texts))
        encoded = probe.encode(reading.codec, errors="replace")
        score = (
            _reading_cost(reading.codec, probe) + _prior(reading.codec) * _weight(reading, encoded)
        ) / max(1, len(encoded))
        probed.append((score, reading.codec, reading, probe))
    probed.sort(key=lambda item: (item[0], item[1]))
    # Single-byte codecs often agree on the probe and differ later; a final of probe scores
    # alone would fill with such twins, so it takes the best few distinct probes, twins and all.
    final_probes: list[str] = []
    ranked = []
    scored: dict[tuple[str, ...], float] = {}
    for probe_score, codec, reading, probe in probed:
        if probe not in final_probes and len(final_probes) < _FINALISTS:
            final_probes.append(probe)
        if probe in final_probes and len(ranked) < _MAX_SCORED:
            if reading.texts not in scored:
                scored[reading.texts] = sum(_reading_cost(codec, t) for t in reading.texts)
            prior = _prior(codec) * _weight(reading, b"", windows)
            ranked.append(((scored[reading.texts] + prior) / nbytes, codec, reading))
        else:
            # Out of the final: keep the probe's score so explain can still list it.
            floor = max((item[0] for item in ranked), default=probe_score)
            ranked.append((max(probe_score, floor), codec, reading))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return ranked


def _candidates(ranked: list[tuple[float, str, _Reading]]) -> tuple[tuple[str, float], ...]:
    return tuple((codec, round(score, 4)) for score, codec, _ in ranked[:_MAX_CANDIDATES])


def _confidence(ranked: list[tuple[float, str, _Reading]]) -> float:
    """How far the winner is ahead of the runner-up giving a different text: 0 tie, 1 clear."""
    best_score, _, best = ranked[0]
    for score, _, reading in ranked[1:]:
        if reading.texts != best.texts:
            gap = score - best_score
            return round(gap / (gap + 0.05), 3)
    return 1.0


def _byte_codecs(data: bytes) -> list[str]:
    codecs_to_try = list(_BYTE_ORIENTED)
    if len(data) % 2 == 0:
        # UTF-16 with no ASCII in it has no NUL bytes either (CJK text without spaces).
        codecs_to_try += ["utf-16-le", "utf-16-be"]
    return codecs_to_try


# --- Detection ------------------------------------------------------------------------------


def _decode_wide(data: bytes) -> Decoded:
    """NUL bytes: BOM-less UTF-16/32, judged by reading, or not text."""
    windows = _windows(data, unit=4)
    wide = [c for c in _WIDE if len(data) % (4 if "32" in c else 2) == 0]
    readings = [
        r for r in _readings(windows, wide) if not r.damaged and all(map(_looks_like_text, r.texts))
    ]
    readings = [r for r in readings if not any("\x00" in t for t in r.texts)]
    if not readings:
        raise NotTextError("not text (contains NUL bytes)")
    ranked = _rank(readings, windows)
    for _, codec, _ in ranked:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return _report(
            text,
            codec,
            "detected",
            confidence=_confidence(ranked),
            bom=False,
            candidates=_candidates(ranked),
        )
    raise NotTextError("not text (contains NUL bytes)")


def _line_kind(line: bytes) -> str:
    if line.isascii():
        return "ascii"
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        high = len(line) - len(line.translate(None, _HIGH_BYTES))
        good = sum(len(m) for m in _UTF8_SEQUENCES.findall(line))
        # Mostly valid UTF-8 with a few bad bytes: damaged UTF-8, or a legacy fragment in it.
        return "broken" if good >= 2 * (high - good) else "legacy"
    return "utf-8"


def _line_kinds(windows: list[_Window]) -> set[str]:
    return {
        _line_kind(line)
        for window in windows
        for line in window.data.splitlines()[1 if window.ragged_start else 0 :]
    }


def _clearly_cjk(ranked: list[tuple[float, str, _Reading]]) -> bool:
    """Whether the best reading is a CJK codec that reads the samples without damage.

    GBK's Greek, Cyrillic and accented letters pair bytes the way UTF-8 does (C5 A6), so
    such lines look like damaged UTF-8; when a CJK codec reads them cleanly and best, they
    are that codec's, and judging the file line by line would only cost time.
    """
    return bool(ranked) and ranked[0][1] in _CJK_FAMILY and not ranked[0][2].damaged


def _decode_detected(data: bytes) -> Decoded:
    windows = _windows(data)
    kinds = _line_kinds(windows)
    if "utf-8" in kinds:
        return _decode_lines(data)  # UTF-8 lines beside others: judged line by line

    readings = _readings(windows, [*_byte_codecs(data), "utf-8"])
    ranked = _rank(readings, windows)
    if "broken" in kinds and not _clearly_cjk(ranked):
        return _decode_lines(data)  # UTF-8 with bad bytes, or a legacy fragment in it
    if not ranked or ranked[0][0] > _MAX_TEXT_SCORE:
        ranked = _with_detector_candidates(data, windows, ranked)
    if not ranked or ranked[0][0] > _MAX_TEXT_SCORE:
        raise NotTextError("not text (no encoding gives a plausible reading)")
    if ranked[0][1] == "utf-8":
        return _decode_lines(data)

    candidates = _candidates(ranked)
    confidence = _confidence(ranked)
    for _, codec, reading in ranked:
        if reading.damaged:
            break  # a damaged reading beats every strict one left: keep it, bad bytes and all
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            # The samples fitted, the rest of the file does not: a part in another encoding
            # or a few bad bytes, which the line-by-line reading places. A rival codec that
            # happens to decode every byte would misread the whole file instead.
            return _decode_lines(data)
        if not _looks_like_text(text):
            raise NotTextError("not text (mostly control characters)")
        codec, text = _standard_twin(data, codec, text)
        return _report(
            text, codec, "detected", confidence=confidence, bom=False, candidates=candidates
        )
    else:
        return _decode_lines(data)

    if codec in _CJK_FAMILY:
        text, runs = decode_replacing(data, codec)
        if len(runs) <= max(1, len(data) * _MAX_DAMAGED_SHARE) and _looks_like_text(text):
            return _report(
                text,
                codec,
                "detected",
                confidence=confidence,
                bom=False,
                candidates=candidates,
                **_undecodable(runs),
            )
    return _decode_lines(data)


def _standard_twin(data: bytes, codec: str, text: str) -> tuple[str, str]:
    """Big5's own reading where Microsoft's cp950 maps a byte pair differently.

    The eleven pairs where they differ are symbols (A244 is "¥" in Big5, fullwidth "￥" in
    cp950; A241 "／" against "∕"); the plausibility model cannot choose between twins, and
    Big5's choices are the characters people type. cp950 stays the answer where only it
    decodes the bytes.
    """
    standard = _STANDARD_TWINS.get(codec)
    if standard is None:
        return codec, text
    try:
        twin = data.decode(standard)
    except UnicodeDecodeError:
        return codec, text
    return (standard, twin) if twin != text else (codec, text)


def _with_detector_candidates(
    data: bytes, windows: list[_Window], ranked: list[tuple[float, str, _Reading]]
) -> list[tuple[float, str, _Reading]]:
    """Our codec list found nothing readable: ask charset-normalizer for codecs beyond it."""
    import charset_normalizer

    known = {codec for _, codec, _ in ranked}
    extra = []
    for match in charset_normalizer.from_bytes(b"".join(w.data for w in windows)):
        for name in (match.encoding, *match.could_be_from_charset):
            codec = codec_name(_SUPERSETS.get(name, name))
            if codec not in known:
                known.add(codec)
                extra.append(codec)
    if not extra:
        return ranked
    readings = [r for _, _, r in ranked] + _readings(windows, extra)
    return _rank(readings, windows)


# --- Line by line: damaged UTF-8 and mixed files --------------------------------------------


def _best_codec(data: bytes) -> tuple[str, tuple[tuple[str, float], ...]]:
    windows = _windows(data)
    ranked = _rank(_readings(windows, _byte_codecs(data)), windows)
    ranked = [item for item in ranked if item[1] not in _WIDE]
    if not ranked:
        return "gb18030", ()
    for _, codec, reading in ranked:
        if not reading.damaged:
            # Even when a byte beyond the samples fails it: the block is read line by line
            # with replacement, which costs that byte, while a rival codec that happens to
            # decode every byte would misread all of them.
            return codec, _candidates(ranked)
    return ranked[0][1], _candidates(ranked)


def _decode_lines(data: bytes) -> Decoded:
    lines = data.splitlines(keepends=True)
    kinds = [_line_kind(line) for line in lines]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    texts: list[str] = [""] * len(lines)
    labels: list[str | None] = [None] * len(lines)
    runs: list[InvalidRun] = []
    block_candidates: tuple[tuple[str, float], ...] = ()
    scripts = _utf8_scripts(lines, kinds)

    for first, last in _legacy_blocks(kinds):
        block = data[offsets[first] : offsets[last + 1]]
        codec, ranked = _best_codec(block)
        if not block_candidates:
            block_candidates = ranked
        chosen = _read_block(lines, kinds, offsets, first, last, codec, scripts)
        for index, (label, line_text, line_runs) in chosen.items():
            labels[index], texts[index] = label, line_text
            runs += line_runs
        _adopt_short_neighbours(lines, kinds, labels, texts, first, last, codec)

    for index, line in enumerate(lines):
        if labels[index] is not None:
            continue
        if kinds[index] == "utf-8":
            texts[index] = line.decode("utf-8")
            labels[index] = "utf-8"
        else:
            texts[index] = line.decode("ascii")

    text = "".join(texts)
    if not _looks_like_text(text):
        raise NotTextError("not text (mostly control characters)")
    segments = _segments(labels)
    runs.sort(key=lambda run: run.offset)
    weights: dict[str, int] = {}
    for index, label in enumerate(labels):
        if label is not None:
            weights[label] = weights.get(label, 0) + len(lines[index])
    encoding = min(weights, key=lambda c: (-weights[c], c)) if weights else "utf-8"
    method = "mixed" if len(weights) > 1 else "detected"
    bad = sum(r.length for r in runs)
    return _report(
        text,
        encoding,
        method,
        confidence=round(1.0 - bad / len(data), 3),
        bom=False,
        candidates=block_candidates,
        segments=segments if len(segments) > 1 else (),
        **_undecodable(runs),
    )


def _read_block(
    lines: list[bytes],
    kinds: list[str],
    offsets: list[int],
    first: int,
    last: int,
    codec: str,
    scripts: frozenset[str] = frozenset(),
) -> dict[int, tuple[str, str, list[InvalidRun]]]:
    """The lines UTF-8 rejects in one block: all in ``codec``, or all as damaged UTF-8.

    The block is one part written by another program, or UTF-8 with stray bytes; the whole
    block is judged at once, since a part that switches codec does so at its edges, not per
    line. Damaged UTF-8 pays per invalid run, whatever the run reads as (stray bytes read
    as some legacy letter too); the legacy part pays per UTF-8 neighbour it has to break
    away from.
    """
    legacy: dict[int, tuple[str, str, list[InvalidRun]]] = {}
    damaged: dict[int, tuple[str, str, list[InvalidRun]]] = {}
    legacy_cost = _SWITCH_COST * sum(
        _utf8_neighbour(kinds, start, step) for start, step in ((first - 1, -1), (last + 1, 1))
    )
    damaged_cost = 0.0
    for index in range(first, last + 1):
        if kinds[index] == "ascii":
            continue
        line, base = lines[index], offsets[index]
        text, line_runs = decode_replacing(line, codec, base)
        legacy[index] = (codec, text, line_runs)
        legacy_cost += _reading_cost(codec, text)
        text, line_runs = _recover_utf8_line(line, base, scripts)
        damaged[index] = ("utf-8", text, line_runs)
        damaged_cost += _reading_cost("utf-8", _without_runs(text, line_runs, base))
        damaged_cost += sum(_INVALID_RUN_COST + _INVALID_BYTE_COST * r.length for r in line_runs)
    # A tie goes to UTF-8, which reports the bad bytes instead of hiding them.
    return legacy if legacy_cost < damaged_cost else damaged


def _utf8_neighbour(kinds: list[str], start: int, step: int) -> bool:
    index = start
    while 0 <= index < len(kinds) and kinds[index] == "ascii":
        index += step
    return 0 <= index < len(kinds) and kinds[index] == "utf-8"


def _without_runs(text: str, runs: list[InvalidRun], base: int) -> str:
    """``text`` with the invalid runs' readings cut out (runs are in order, one line)."""
    if not runs:
        return text
    parts, pos = [], 0
    for run in runs:
        at = text.index(run.text, pos)
        parts.append(text[pos:at])
        pos = at + len(run.text)
    parts.append(text[pos:])
    return "".join(parts)


def _legacy_blocks(kinds: list[str]) -> list[tuple[int, int]]:
    """Runs of lines UTF-8 rejects, ASCII lines between them included (they read alike
    everywhere)."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    last_legacy = -1
    for index, kind in enumerate(kinds):
        if kind in ("legacy", "broken"):
            if start is None:
                start = index
            last_legacy = index
        elif kind != "ascii" and start is not None:
            blocks.append((start, last_legacy))
            start = None
    if start is not None:
        blocks.append((start, last_legacy))
    return blocks


def _adopt_short_neighbours(
    lines: list[bytes],
    kinds: list[str],
    labels: list[str | None],
    texts: list[str],
    first: int,
    last: int,
    codec: str,
) -> None:
    """Short valid-UTF-8 lines next to a legacy block may be legacy lines valid by chance."""
    for step, start in ((-1, first - 1), (1, last + 1)):
        index = start
        while 0 <= index < len(lines) and kinds[index] in ("ascii", "utf-8"):
            line = lines[index]
            if kinds[index] == "utf-8" and labels[index] is None:
                high = len(line) - len(line.translate(None, _HIGH_BYTES))
                if high > _SHORT_LINE_HIGH_BYTES:
                    break
                try:
                    legacy = line.decode(codec)
                except UnicodeDecodeError:
                    break
                utf8 = line.decode("utf-8")
                if _reading_cost(codec, legacy) >= _reading_cost("utf-8", utf8):
                    break
                labels[index], texts[index] = codec, legacy
            index += step


def _utf8_scripts(lines: list[bytes], kinds: list[str]) -> frozenset[str]:
    """The scripts of the non-ASCII characters in the file's valid UTF-8 lines (a sample)."""
    chars: set[str] = set()
    seen = 0
    for line, kind in zip(lines, kinds, strict=True):
        if kind == "utf-8" and seen < _SCRIPT_SAMPLE_BYTES:
            chars.update(_NON_ASCII.findall(line.decode("utf-8")))
            seen += len(line)
    return frozenset(char_info(char)[1] for char in chars)


_SCRIPT_SAMPLE_BYTES = 64 * 1024
# A recovered fragment in a script the rest of the file never uses (Hangul read from GBK
# bytes in a Chinese file, the stray Hebrew letter a GBK pair is as UTF-8) pays this per
# character; files with no valid UTF-8 to compare with are not judged so.
_FOREIGN_SCRIPT_COST = 1.0
_SCRIPTS_NOT_JUDGED = frozenset(("Latin", "common", "odd", "math"))


def _recover_utf8_line(
    line: bytes, base: int, scripts: frozenset[str] = frozenset()
) -> tuple[str, list[InvalidRun]]:
    """UTF-8 with invalid stretches: each stretch of non-ASCII bytes read the best way."""
    parts: list[str] = []
    runs: list[InvalidRun] = []
    pos = 0
    for match in _NON_ASCII_RUN.finditer(line):
        parts.append(line[pos : match.start()].decode("ascii"))
        pos = match.end()
        stretch = match.group()
        try:
            parts.append(stretch.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        # The ASCII around the stretch is read with it: hanzi made of junk bytes and an
        # accented letter's bytes ("煤靠nico" for "único") are glued to Latin letters.
        after = _ASCII_PREFIX.match(line, match.end(), match.end() + _STRETCH_CONTEXT)
        context = (parts[-1][-_STRETCH_CONTEXT:], after.group().decode("ascii") if after else "")
        text, stretch_runs = _read_stretch(stretch, base + match.start(), context, scripts)
        parts.append(text)
        runs += stretch_runs
    parts.append(line[pos:].decode("ascii"))
    return "".join(parts), runs


def _invalid_spans(stretch: bytes) -> list[tuple[int, int]]:
    """Maximal spans of bytes UTF-8 rejects, adjacent errors merged."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(stretch):
        try:
            stretch[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
            pos = end
    return spans


_STRETCH_CONTEXT = 2
_JUNK_ALLOWANCE = 0.15  # per invalid byte, when a fragment is weighed against UTF-8 and junk
_ASCII_PREFIX = re.compile(rb"[\x00-\x7f]*")


def _read_stretch(
    stretch: bytes,
    base: int,
    context: tuple[str, str] = ("", ""),
    scripts: frozenset[str] = frozenset(),
) -> tuple[str, list[InvalidRun]]:
    """The cheapest reading of a non-ASCII stretch holding invalid UTF-8.

    Options: the whole stretch in one legacy codec (a legacy fragment whose bytes happen to
    contain valid UTF-8 pairs); UTF-8 with each invalid span read in one legacy codec; or
    UTF-8 with U+FFFD for each invalid span.
    """
    spans = _invalid_spans(stretch)
    options: list[tuple[float, str, list[InvalidRun]]] = []

    def assemble(reader: str | None) -> tuple[str, list[InvalidRun]] | None:
        parts, runs, pos = [], [], 0
        for start, end in spans:
            parts.append(stretch[pos:start].decode("utf-8"))
            if reader is None:
                piece = "\ufffd"
            else:
                try:
                    piece = stretch[start:end].decode(reader)
                except UnicodeDecodeError:
                    return None
            parts.append(piece)
            runs.append(InvalidRun(base + start, end - start, reader, piece))
            pos = end
        parts.append(stretch[pos:].decode("utf-8"))
        return "".join(parts), runs

    invalid_bytes = sum(end - start for start, end in spans)
    replaced = assemble(None)
    assert replaced is not None
    before, after = context

    def read_cost(reader: str, text: str) -> float:
        foreign = 0
        if scripts:
            foreign = sum(
                1
                for char in text
                if char >= "\x80"
                and (script := char_info(char)[1]) not in scripts
                and script not in _SCRIPTS_NOT_JUDGED
            )
        return _reading_cost(reader, before + text + after) + _FOREIGN_SCRIPT_COST * foreign

    options.append((read_cost("utf-8", replaced[0]), replaced[0], replaced[1]))
    swallowed = replaced[0].replace("\ufffd", "")
    swallowed_cost = read_cost("utf-8", swallowed)
    mostly_invalid = 2 * invalid_bytes >= len(stretch) and swallowed != ""
    in_word = swallowed.isalpha() and (before[-1:].isalpha() or after[:1].isalpha())
    for reader, prior in _RECOVERY_PRIORS.items():
        assembled = assemble(reader)
        if assembled is not None:
            price = read_cost(reader, assembled[0]) + prior * invalid_bytes
            options.append((price, *assembled))
        # The whole stretch in a legacy codec: a fragment of mostly invalid UTF-8, or whose
        # bytes hold one valid UTF-8 character by chance (冷静 is C0 E4BEB2: invalid C0,
        # then 侲); more valid text than that is UTF-8 with junk in it. A valid letter
        # glued to the Latin word around it is no chance ("único" with junk after its ú
        # is not "煤靠nico"), and the fragment must read better than the valid UTF-8 it
        # swallows with its invalid bytes as junk (月 and a stray byte are not "譛暗").
        if (mostly_invalid or len(swallowed) == 1) and not in_word:
            try:
                whole = stretch.decode(reader)
            except UnicodeDecodeError:
                continue
            whole_cost = read_cost(reader, whole)
            if whole_cost >= swallowed_cost + _JUNK_ALLOWANCE * invalid_bytes:
                continue
            price = whole_cost + prior * len(stretch)
            options.append((price, whole, [InvalidRun(base, len(stretch), reader, whole)]))
    price, text, runs = min(options, key=lambda option: option[0])
    return text, runs


def _segments(labels: list[str | None]) -> tuple[Segment, ...]:
    """Consecutive lines with one encoding; ASCII lines join the part before them."""
    filled: list[str] = []
    pending = 0
    for label in labels:
        if label is None:
            if filled:
                filled.append(filled[-1])
            else:
                pending += 1
            continue
        if pending:
            filled += [label] * pending
            pending = 0
        filled.append(label)
    if pending:
        filled += ["utf-8"] * pending
    segments: list[Segment] = []
    for number, label in enumerate(filled, start=1):
        if segments and segments[-1].encoding == label:
            segments[-1] = Segment(label, segments[-1].first_line, number)
        else:
            segments.append(Segment(label, number, number))
    return tuple(segments)
