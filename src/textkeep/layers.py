"""The ways text gets garbled: one *layer* is "bytes in codec A were read as codec B".

Undoing a layer means encoding the garbled characters back with B (recovering the exact
bytes) and decoding those bytes with A. This module holds the table of layers textkeep
knows and the codec mechanics each needs; deciding whether an undo is right is the job of
:mod:`textkeep.plausibility` and :mod:`textkeep.repair`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache, cached_property

# Bytes that a strict Python codec leaves undefined but browsers and most programs pass
# through as the C1 control with the same number ("sloppy" decoding).
_SINGLE_BYTE_CODECS = {
    "cp1252": "cp1252",
    "cp1250": "cp1250",
    "cp1251": "cp1251",
    "cp1257": "cp1257",
    "mac_roman": "mac_roman",
    "cp437": "cp437",
}

# Display names used in reports.
READ_NAMES = {
    "cp1252": "cp1252",
    "cp1250": "cp1250",
    "cp1251": "cp1251",
    "cp1257": "cp1257",
    "mac_roman": "Mac Roman",
    "cp437": "cp437",
    "gb18030": "GBK",
    "big5": "Big5",
    "shift_jis": "Shift-JIS",
    "euc_kr": "EUC-KR",
}
SOURCE_NAMES = {
    "utf-8": "UTF-8",
    "cp1252": "cp1252",
    "gb18030": "GBK",
    "big5": "Big5",
    "shift_jis": "Shift-JIS",
    "euc_kr": "EUC-KR",
}

LOST_MARKS = frozenset("?\ufffd")
# How far around a screen match of a multi-byte layer a unit may start.
LEGACY_REACH = 4
# Two characters of a legacy codec this many ASCII characters apart at most make a line
# worth searching (2024年3月5日, 5元/件, 鈴木 稔); CJK text has few words of one character.
LEGACY_GAP = 4

# A CJK codec and its Windows superset: text may have gone through either, and the two map a
# few bytes differently (Big5 A1 41 is ／ in big5 and ∕ in cp950), so both are tried, the
# standard one first.
CODEC_FAMILIES: dict[str, tuple[str, ...]] = {
    "gb18030": ("gb18030",),
    "big5": ("big5", "cp950"),
    "shift_jis": ("shift_jis", "cp932"),
    "euc_kr": ("euc_kr", "cp949"),
    "utf-8": ("utf-8",),
    "cp1252": ("cp1252",),
}


@dataclass(frozen=True, eq=False)
class Layer:
    """Text whose bytes were in ``source`` was decoded as ``read``.

    Layers are the singletons of LAYERS, compared and hashed by identity: they key the
    engine's memo tables, where a field-by-field hash would cost more than the lookup.
    """

    source: str  # Python codec of the true bytes
    read: str  # Python codec (or sloppy single-byte table) they were wrongly read with
    prior: float  # how much less likely this layer is than UTF-8 read as cp1252

    @cached_property
    def name(self) -> str:
        return f"{SOURCE_NAMES[self.source]} read as {READ_NAMES[self.read]}"

    @cached_property
    def names(self) -> frozenset[str]:
        """Every name :meth:`name_for` may give this layer.

        >>> sorted(LAYERS[0].names)
        ['UTF-8 read as Latin-1', 'UTF-8 read as cp1252']
        """
        names = {self.name}
        if self.read in _OTHER_READ_NAMES:
            names.add(f"{SOURCE_NAMES[self.source]} read as {_OTHER_READ_NAMES[self.read]}")
        return frozenset(names)

    def name_for(self, garbled: str) -> str:
        """The layer's name, telling cp1252 from Latin-1 and GBK from GB18030 by the evidence.

        >>> LAYERS[0].name_for("â\\x80\\x99"), LAYERS[0].name_for("â€™")
        ('UTF-8 read as Latin-1', 'UTF-8 read as cp1252')
        """
        if self.read not in _OTHER_READ_NAMES:
            return self.name  # nothing in the text could tell two codecs apart
        if self.read == "cp1252":
            shows_other = _C1_CONTROL.search(garbled) and not any(map(_is_cp1252_special, garbled))
        else:
            shows_other = not _encodes(garbled, "gbk")
        if not shows_other:
            return self.name
        return f"{SOURCE_NAMES[self.source]} read as {_OTHER_READ_NAMES[self.read]}"


# The reads whose layer goes by a second name where the text shows that codec instead:
# cp1252's undefined bytes kept as C1 controls are Latin-1, characters GBK lacks GB18030.
_OTHER_READ_NAMES = {"cp1252": "Latin-1", "gb18030": "GB18030"}
_C1_CONTROL = re.compile("[\x80-\x9f]")


def _is_cp1252_special(char: str) -> bool:
    return char >= "\u0100" and char in single_byte_table("cp1252")


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# Ordered by how common the layer is in the wild; earlier wins ties. The priors also carry
# this project's readers: much of their text is Chinese, so GBK wins a tie with EUC-KR.
LAYERS: tuple[Layer, ...] = (
    Layer("utf-8", "cp1252", 0.0),
    Layer("cp1252", "cp1252", 0.8),  # C1 controls standing for cp1252 punctuation
    Layer("utf-8", "mac_roman", 0.2),
    Layer("utf-8", "cp1250", 0.3),
    Layer("utf-8", "cp1251", 0.3),
    Layer("utf-8", "cp437", 0.4),
    Layer("utf-8", "cp1257", 0.5),
    Layer("utf-8", "gb18030", 0.3),
    Layer("utf-8", "big5", 0.5),
    Layer("utf-8", "shift_jis", 0.5),
    Layer("utf-8", "euc_kr", 0.5),
    Layer("gb18030", "cp1252", 0.6),
    Layer("big5", "cp1252", 0.8),
    Layer("shift_jis", "cp1252", 1.0),
    Layer("euc_kr", "cp1252", 0.6),
)


# --- Reading characters back into bytes -----------------------------------------------------


@cache
def single_byte_table(codec: str) -> dict[str, int]:
    """Character -> byte for a sloppy single-byte codec (undefined bytes pass as C1 controls).

    cp1252's table also takes the C1 controls themselves, because text that went through
    both cp1252 and Latin-1 readers mixes the two (``Justinâ\\x9d¤`` is ``Justin❤``).

    >>> single_byte_table("cp1252")["€"], single_byte_table("cp1252")["\\x81"]
    (128, 129)
    """
    table: dict[str, int] = {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode(_SINGLE_BYTE_CODECS[codec])
        except UnicodeDecodeError:
            char = chr(byte)
        table.setdefault(char, byte)
    if codec in ("cp1252", "cp1250", "cp1251", "cp1257"):
        for byte in range(0x80, 0xA0):
            table.setdefault(chr(byte), byte)
    return table


@cache
def _encoding_map(codec: str) -> dict[int, int]:
    return {ord(char): byte for char, byte in single_byte_table(codec).items()}


def encode_single_byte(text: str, codec: str) -> bytes | None:
    """``text`` as the bytes a sloppy one-byte ``codec`` read it from, or None if some
    character is not one it produces. One C-level call, for whole lines.

    >>> encode_single_byte("Ã©t\x81", "cp1252"), encode_single_byte("中", "cp1252")
    (b'\xc3\xa9t\x81', None)
    """
    try:
        return codecs.charmap_encode(text, "strict", _encoding_map(codec))[0]
    except UnicodeEncodeError:
        return None


def encode_read(text: str, codec: str) -> bytes | None:
    """``text`` as the bytes ``codec`` (a one-byte codec or a CJK codec family) read it
    from, or None if some character is not one it produces; whole lines at C speed.

    >>> encode_read("闃惰穬", "gb18030"), encode_read("Ã©", "cp1252"), encode_read("é", "big5")
    (b'\xe9\x98\xb6\xe8\xb7\x83', b'\xc3\xa9', None)
    """
    if codec in _SINGLE_BYTE_CODECS:
        return encode_single_byte(text, codec)
    try:
        data = text.encode(CODEC_FAMILIES[codec][0])
    except UnicodeEncodeError:
        data = None
    # EUC-KR spells syllables outside KS X 1001 as 8-byte jamo sequences (A4 D4 ...), which
    # no reader produced: those lines, and lines only a wider member encodes, go character
    # by character as units do.
    if data is not None and not (codec == "euc_kr" and b"\xa4\xd4" in data):
        return data
    pieces = []
    for char in text:
        encoded = char.encode() if char < "\x80" else read_bytes(char, codec)
        if encoded is None:
            return None
        pieces.append(encoded)
    return b"".join(pieces)


_MULTI_BYTE_CACHE: dict[tuple[str, str], bytes | None] = {}


def read_bytes(char: str, codec: str) -> bytes | None:
    """The bytes that ``codec`` decodes to ``char``, or None if it never produces it.

    >>> read_bytes("Ã", "cp1252"), read_bytes("闃", "gb18030"), read_bytes("中", "cp1252")
    (b'\\xc3', b'\\xe9\\x98', None)
    """
    if codec in _SINGLE_BYTE_CODECS:
        byte = single_byte_table(codec).get(char)
        return None if byte is None else bytes([byte])
    key = (char, codec)
    if key in _MULTI_BYTE_CACHE:
        return _MULTI_BYTE_CACHE[key]
    encoded: bytes | None = None
    for member in CODEC_FAMILIES[codec]:
        try:
            encoded = char.encode(member)
        except UnicodeEncodeError:
            continue
        if len(encoded) <= 2 or codec == "gb18030":
            break
        encoded = None  # EUC-KR's 8-byte jamo spellings are not what a reader produced
    _MULTI_BYTE_CACHE[key] = encoded
    return encoded


# --- Decoding the recovered bytes ----------------------------------------------------------------

COMPLETE = 0
INCOMPLETE = 1
INVALID = 2

_TRUNCATION_REASONS = ("unexpected end of data", "incomplete multibyte sequence")


def decode_source(data: bytes, codec: str) -> tuple[int, str]:
    """Decode recovered bytes: (COMPLETE, text), (INCOMPLETE, "") or (INVALID, "").

    UTF-8 also accepts surrogate pairs encoded one half at a time (CESU-8), which some
    programs write for emoji: ``b'\\xed\\xa0\\xbd\\xed\\xb8\\x8d'`` is 😍.

    >>> decode_source(b"\\xe9\\x98\\xb6", "utf-8"), decode_source(b"\\xe9\\x98", "utf-8")
    ((0, '阶'), (1, ''))
    """
    status = INVALID
    for member in CODEC_FAMILIES.get(codec, (codec,)):
        try:
            return COMPLETE, data.decode(member)
        except UnicodeDecodeError as error:
            if error.end >= len(data) and error.reason in _TRUNCATION_REASONS:
                status = INCOMPLETE
    if status == INVALID and codec == "utf-8" and data[:1] == b"\xed":
        return _decode_cesu8(data)
    return status, ""


_CESU8_PAIR = re.compile(rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]")
_CESU8_PAIR_PREFIX = (rb"\xed", rb"[\xa0-\xaf]", rb"[\x80-\xbf]", rb"\xed", rb"[\xb0-\xbf]")


def _decode_cesu8(data: bytes) -> tuple[int, str]:
    if _CESU8_PAIR.fullmatch(data):
        halves = data.decode("utf-8", "surrogatepass")
        return COMPLETE, halves.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    if len(data) < 6 and re.fullmatch(b"".join(_CESU8_PAIR_PREFIX[: len(data)]), data):
        return INCOMPLETE, ""
    return INVALID, ""


# --- Fast screens: could this line hold this layer's mojibake at all? ------------------------

NON_ASCII = re.compile("[^\x00-\x7f]")
NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def hot_starts(line: str, layer: Layer, short_words: bool = True) -> list[int]:
    """Positions in ``line`` where a unit of ``layer``'s mojibake may begin, in order.

    Only the words around a screen match are examined, so clean text costs a regex pass.
    For UTF-8 read by a CJK codec, short CJK words elsewhere in the line are examined too,
    unless ``short_words`` is false.

    >>> hot_starts("le café Ã© noir", LAYERS[0])
    [8]
    """
    if single_byte_utf8(layer) or layer.source == "cp1252":
        # Every multi-byte character of this mojibake begins with a lead glued to a tail.
        return [match.start() for match in screen(layer).finditer(line)]
    # Regions are widened by a few characters each way for the ASCII second bytes Big5 and
    # Shift-JIS use; UTF-8 read as a CJK codec reaches two characters further after a match.
    reach_after = LEGACY_REACH + (2 if layer.source == "utf-8" else 0)
    regions = [
        (max(0, m.start() - LEGACY_REACH), min(len(line), m.end() + reach_after))
        for m in screen(layer).finditer(line)
    ]
    if regions and short_words and layer.source == "utf-8":
        # Short words stand apart from the matches that show the layer: "д. 7 к." read as
        # GBK is "写. 7 泻.", where each letter alone is a common hanzi.
        regions += [match.span() for match in _SHORT_CJK_WORD.finditer(line)]
    # UTF-8 read by a CJK codec: a unit can only begin where a character's first byte is a
    # UTF-8 lead with a continuation after it, the characters a screen opens with.
    begins = screen_opening(layer) if layer.source == "utf-8" else NON_ASCII
    starts: list[int] = []
    last_end = -1
    for start, end in sorted(regions):
        start = max(start, last_end)
        if start < end:
            starts.extend(m.start() for m in begins.finditer(line, start, end))
            last_end = end
    return starts


# CJK characters: what UTF-8 read by a CJK codec always yields.
CJK_CLASS = "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
# One to three of them standing apart (what a CJK codec makes of "д." or "кв.").
_SHORT_CJK_WORD = re.compile(f"(?<!{CJK_CLASS}){CJK_CLASS}{{1,3}}(?!{CJK_CLASS})")


@cache
def screen(layer: Layer) -> re.Pattern[str]:
    """A regex that finds where ``layer``'s mojibake could start; no match, no work.

    Each pattern begins with one character class, which lets the regex engine skip clean
    text quickly; layers with the same screen share one compiled pattern.

    >>> bool(screen(LAYERS[0]).search("cafÃ©")), bool(screen(LAYERS[0]).search("café"))
    (True, False)
    """
    if layer.source == "cp1252":
        return _compiled("[\x80-\x9f]")
    if single_byte_utf8(layer):
        table = single_byte_table(layer.read)
        leads = _char_class([c for c, b in table.items() if 0xC2 <= b <= 0xF4])
        tails = [c for c, b in table.items() if 0x80 <= b <= 0xBF] + sorted(LOST_MARKS)
        if table.get("\u00a0") != 0xA0:
            return _compiled(f"{leads}{_char_class(tails)}")
        # A two-byte lead may also stand before a space that was a no-break space (A0).
        two_byte_leads = _char_class(_spaced_leads(layer.read))
        return _compiled(f"{leads}(?:{_char_class(tails)}|(?<={two_byte_leads}) )")
    if layer.source == "utf-8":
        from textkeep.cjk_screens import CJK_READING_SCREENS

        precomputed = CJK_READING_SCREENS.get(layer.read)
        return _compiled(precomputed or cjk_reading_screen(layer.read))
    return _compiled(_legacy_screen(layer, loose=False))


@cache
def screen_opening(layer: Layer) -> re.Pattern[str]:
    """The opening character class of :func:`screen` alone: a text it finds nothing in
    needs no screen, and for UTF-8 read by a CJK codec it compiles in a fifth of the
    time (a hook on one small file pays that compile).

    >>> gbk = next(layer for layer in LAYERS if layer.read == "gb18030")
    >>> bool(screen_opening(gbk).search("中文 日本語")), bool(screen_opening(gbk).search("闃惰"))
    (False, True)
    """
    if layer.source == "utf-8" and not single_byte_utf8(layer):
        from textkeep.cjk_screens import CJK_READING_SCREENS

        pattern = CJK_READING_SCREENS.get(layer.read) or cjk_reading_screen(layer.read)
    else:
        pattern = screen(layer).pattern
    return _compiled(_leading_class(pattern)[0])


@cache
def gate_screen(layer: Layer, whole_sequences: bool = False) -> re.Pattern[str]:
    """What the one-pass screen of all layers looks for, layer by layer: it only gates
    lines, which are then checked screen by screen.

    For a legacy CJK reader, any two characters from 80 up: its exact byte pairs would
    slow that pass over every accented letter. For UTF-8 read by a one-byte codec, with
    ``whole_sequences``, the whole sequences :func:`sequence_screen` looks for, not
    :func:`screen`'s lead and tail: clean Ukrainian is full of those (``ді`` is E4 B3 in
    cp1251), and each line it flagged would be checked again for nothing; the pattern takes
    four times as long to compile, which a long text repays and a hook on one file does not.

    >>> big5 = next(layer for layer in LAYERS if layer.source == "big5")
    >>> price = "¥\u00a0100"  # A5 A0: Big5 takes no A0 as a second byte
    >>> bool(gate_screen(big5).search(price)), bool(screen(big5).search(price))
    (True, False)
    >>> cp1251, word = LAYERS[4], "неділя"
    >>> bool(gate_screen(cp1251, True).search(word)), bool(screen(cp1251).search(word))
    (False, True)
    """
    if whole_sequences and single_byte_utf8(layer):
        return sequence_screen(layer)
    if layer.source in ("utf-8", "cp1252"):
        return screen(layer)
    return _compiled(_legacy_screen(layer, loose=True))


@cache
def _bytes_class(read: str, low: int, high: int) -> str:
    """A character class of what one-byte ``read`` shows for the bytes ``low`` to ``high``."""
    return _char_class([c for c, b in single_byte_table(read).items() if low <= b <= high])


def _legacy_screen(layer: Layer, loose: bool) -> str:
    high = _bytes_class(layer.read, 0x81, 0xFE)
    from textkeep.cjk_screens import LEGACY_PAIRS

    # Loose: any character from 80 up after a lead (Shift-JIS's ム is 83 80, "ƒ€").
    pairs = _bytes_class(layer.read, 0x80, 0xFE)
    if not loose:
        pairs = LEGACY_PAIRS.get(layer.source) or legacy_pairs(layer.source, layer.read)
    if layer.source == "shift_jis":
        # Kana and Japanese punctuation (leads 81-83) often take an ASCII second byte, and so
        # do kanji: one whose lead is a C1 control, or cp1252 punctuation with another
        # character from 80 up after its ASCII byte ("ŽR“c" is 山田; a lone "“c" is a quote).
        kana_leads = _bytes_class(layer.read, 0x81, 0x83)
        kanji_leads = _bytes_class(layer.read, 0x84, 0x9F)
        return (
            f"{high}(?:{pairs}|(?<={kana_leads})[\x40-\x7e]|(?<=[\x80-\x9f])[\x40-\x7e]"
            f"|(?<={kanji_leads})[\x40-\x7e](?={high}))"
        )
    if layer.source == "big5":
        # Big5's common characters (leads A4-C6) often take an ASCII second byte; one that
        # sits among other high characters is theirs (a lone "°C" or "µs" is not).
        common_leads = _bytes_class(layer.read, 0xA4, 0xC6)
        # Its punctuation row A1 takes them too (A1 56 is the en dash).
        ascii_second = f"(?<={common_leads})[\x40-\x7e](?={high})|(?<=\u00a1)[\x40-\x7e]"
        return f"{high}(?:{pairs}|{ascii_second})"
    if layer.source == "gb18030":
        # GB18030's four-byte characters put an ASCII digit second and fourth (¥ is 81 30 84 36).
        # Its punctuation row A8 takes ASCII second bytes too (A8 43 is the en dash).
        return f"{high}(?:{pairs}|[0-9]{high}[0-9]|(?<=\u00a8)[\x40-\x7e])"
    return f"{high}(?:{pairs})"


def legacy_pairs(source: str, read: str) -> str:
    """The second characters each first character takes in ``source``'s two-byte
    characters from 80 up, as ``read`` shows them: a regex of look-behinds on the first.

    Two accented letters side by side are everyday Latin text (``ção``, ``¥\u00a0``);
    only pairs the codec reads as one character can begin its mojibake.

    >>> pairs = re.compile(legacy_pairs("big5", "cp1252"))
    >>> bool(pairs.match("¥\u00a0", 1)), bool(pairs.match("¤¤", 1))  # A5 A0; A4 A4 is 中
    (False, True)
    """
    table = single_byte_table(read)
    by_byte: dict[int, list[str]] = {}
    for char, byte in table.items():
        by_byte.setdefault(byte, []).append(char)
    pairs = [bytes([first, second]) for first in range(0x81, 0xFF) for second in range(0x80, 0xFF)]
    single = {data for data, _ in _read_singly(pairs, source)}
    firsts_by_seconds: dict[tuple[int, ...], list[int]] = {}
    for first in range(0x81, 0xFF):
        seconds = tuple(s for s in range(0x80, 0xFF) if bytes([first, s]) in single)
        if seconds:
            firsts_by_seconds.setdefault(seconds, []).append(first)
    alternatives = []
    for seconds, firsts in firsts_by_seconds.items():
        leads = [char for byte in firsts for char in by_byte.get(byte, [])]
        tails = [char for byte in seconds for char in by_byte.get(byte, [])]
        alternatives.append(f"(?<={_char_class(leads)}){_char_class(tails)}")
    return "|".join(alternatives)


# Second bytes UTF-8 allows after each lead byte (RFC 3629): E0, F0 and F4 narrow them to
# rule out overlong forms and code points past U+10FFFF. ED keeps them all: surrogates
# encoded one by one (CESU-8, as Java writes emoji) are repaired too.
_UTF8_SECOND_BYTES = {0xE0: (0xA0, 0xBF), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}


@cache
def sequence_screen(layer: Layer) -> re.Pattern[str]:
    """For UTF-8 read by a one-byte codec: where a whole UTF-8 sequence shows, or one cut
    short by a lost byte; a line without one holds no unit of the layer, whatever
    :func:`screen`, which looks at two characters only, finds in it.

    A line the screen flags is checked with this before any unit is built: in clean
    Ukrainian ``ві`` is a lead and a tail (E2 B3) for cp1251, but never a whole character.
    A space counts as the tail of a two-byte sequence where it may stand for a lost
    no-break space (A0): after a lead :func:`screen` takes one after (where a unit can
    start), and then before a letter, or after a lead C2 or C3.

    >>> pattern = sequence_screen(LAYERS[4])
    >>> [bool(pattern.search(text)) for text in ("дві, три", "РІРґ", "вЂ?")]
    [False, True, True]

    For a legacy CJK codec read as cp1252, see :func:`has_legacy_stretch`.
    """
    if not single_byte_utf8(layer):
        return screen(layer)
    table = single_byte_table(layer.read)

    def chars(low: int, high: int) -> list[str]:
        return [char for char, byte in table.items() if low <= byte <= high]

    lost = _char_class(sorted(LOST_MARKS))
    tail = _char_class(chars(0x80, 0xBF) + sorted(LOST_MARKS))
    # A space for a lost A0 is looked for as the tail of a two-byte sequence only (à read as
    # cp1252, "Ã ", Р read as cp1251, "Р "): in longer ones it is rare, and seen everywhere
    # in clean text ("á” " at the end of a quote, Ukrainian "к і"). A line that shows its
    # layer otherwise still has such characters repaired with the rest.
    spaced_leads = _spaced_leads(layer.read) if table.get("\u00a0") == 0xA0 else []
    # Leads grouped by how many tails follow and which second bytes they allow.
    groups: dict[tuple[int, tuple[int, int]], list[str]] = {}
    for lead in range(0xC2, 0xF5):
        length = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
        second = _UTF8_SECOND_BYTES.get(lead, (0x80, 0xBF))
        groups.setdefault((length, second), []).extend(chars(lead, lead))
    alternatives = []
    for (length, (low, high)), leads in groups.items():
        # A lost byte ends the character wherever it comes, the second byte included.
        second = _char_class(chars(low, high))
        if spaced_leads and low <= 0xA0 <= high and length == 1:
            second = f"(?:{second}|(?<={_char_class(spaced_leads)}) (?=[^\\W\\d_]))"
        rest = ""
        for _ in range(length - 1):
            rest = f"(?:{lost}|{tail}{rest})"
        alternatives.append(f"(?<={_char_class(leads)})(?:{lost}|{second}{rest})")
    c2_c3 = [lead for lead in spaced_leads if table[lead] in (0xC2, 0xC3)]
    if c2_c3:
        alternatives.append(f"(?<={_char_class(c2_c3)}) ")
    every_lead = _char_class(chars(0xC2, 0xF4))
    # Every alternative takes a tail, a lost mark or a space second: one look at that lets
    # the search pass a lead among plain letters (Russian read as cp1251) at once.
    seconds = _char_class(chars(0x80, 0xBF) + sorted(LOST_MARKS) + [" "])
    return re.compile(f"{every_lead}(?={seconds})(?:{'|'.join(alternatives)})")


@cache
def legacy_near_pair(read: str) -> re.Pattern[str]:
    """Two characters from 80 up, then within a few ASCII characters another, or a Latin-1
    symbol before a digit or a character from 80 up: what every :func:`has_legacy_stretch`
    of a legacy codec read as ``read`` needs, as one small pattern, so that a line without
    it is spared those screens and their compiling.

    >>> pattern = legacy_near_pair("cp1252")
    >>> bool(pattern.search("Le café est prêt")), bool(pattern.search("ÁõÀû"))
    (False, True)
    """
    high = _bytes_class(read, 0x81, 0xFE)
    second = _bytes_class(read, 0x80, 0xFE)
    first = f"(?:{second}|[\x30-\x39\x40-\x7e])"
    near = f"[\x20-\x7e]{{0,{LEGACY_GAP}}}"
    # One opening class (every symbol is a character from 80 up too): the engine skips to it.
    symbol = _symbol_leads(read)
    return re.compile(f"{high}(?:{first}{near}{high}|(?<={symbol})[0-9{second[1:]})")


def has_legacy_stretch(line: str, layer: Layer) -> bool:
    """For a legacy CJK codec read as cp1252: whether ``line`` holds two of its characters
    with only ASCII between, one of them a byte pair :func:`screen` finds, and either the
    two at most a few ASCII characters apart or one of them opening with a Latin-1 symbol.

    A repair of this kind needs two characters in one stretch (one hanzi alone proves
    nothing). Accented Latin text is full of single pairs (``ção``, ``příští``), seldom of
    two close together; its pairs far apart are letters, while pinyin and accents written
    in GBK open with a symbol (``m¨¦thode m¨¨res``, A8 A6 and A8 A8).

    >>> gbk = next(layer for layer in LAYERS if layer.source == "gb18030")
    >>> texts = ("informação e produção", "ÁõÀû", "2024Äê3ÔÂ", "m¨¦thode m¨¨res", "b¨¦ton")
    >>> [has_legacy_stretch(text, gbk) for text in texts]
    [False, True, True, True, True]
    """
    near, symbol_character, far, pair = _legacy_stretch_screens(layer)
    if near.search(line) is not None:
        return True
    latin_letter = _LATIN_LETTER_APART.get(layer.source)
    if latin_letter is not None and latin_letter.search(line) is not None:
        return True
    return all(pattern.search(line) is not None for pattern in (symbol_character, far, pair))


# A Latin letter that a CJK codec writes apart, as cp1252 shows it: GBK's pinyin row (A8
# A1-C0: é is "¨¦"), a GB18030 four-byte character (ö is 81 30 8B 32), EUC-KR's rows A8-A9
# (æ is A9 A1, "©¡"). One alone shows the codec, as one hanzi does not.
# Each opens with one character class, which the regex engine skips text to.
_LATIN_LETTER_APART = {
    "gb18030": re.compile(
        "[\u00a8\x81-\x84\u201a\u0192\u201e]"
        "(?:(?<=\u00a8)[\u00a1-\u00c0]|(?<=[\x81-\x84\u201a\u0192\u201e])[0-9][^\x00-\x7f][0-9])"
    ),
    "euc_kr": re.compile("[\u00a8\u00a9][\u00a1-\u00fe]"),
}


@cache
def _legacy_stretch_screens(
    layer: Layer,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of :func:`has_legacy_stretch`, cheapest look first: two characters
    near; a character opening with a symbol; two characters far apart, one of them opening
    with a symbol; a byte pair anywhere on the line."""
    high = _bytes_class(layer.read, 0x81, 0xFE)
    second = _bytes_class(layer.read, 0x80, 0xFE)
    # Any character of the codec: a lead and a second byte from 80 up; Big5 and Shift-JIS
    # also take ASCII second bytes, GB18030 four bytes with ASCII digits second and fourth.
    character = second
    if layer.source in ("big5", "shift_jis"):
        character = f"(?:{second}|[\x40-\x7e])"
    elif layer.source == "gb18030":
        character = f"(?:{second}|[0-9]{high}[0-9])"
    pair_lead, pair = _leading_class(_legacy_screen(layer, loose=False))
    if pair_lead != high:  # the patterns below put ``high`` before ``pair`` themselves
        raise ValueError(f"{layer.name}: the legacy screen opens with {pair_lead}, not {high}")
    near = f"[\x20-\x7e]{{0,{LEGACY_GAP}}}"
    # A character opening with a symbol, its second byte from 80 up (or GB18030's digits).
    symbol = _symbol_leads(layer.read)
    symbol_character = f"(?:{second}|[0-9]{high}[0-9])"
    far = "[\x20-\x7e]*"
    # Each pattern opens with one character class (every symbol is a lead too), which lets
    # the regex engine skip the text between leads without trying the pattern there.
    return (
        re.compile(f"{high}(?:(?:{pair}){near}{high}{character}|{character}{near}{high}(?:{pair}))"),
        re.compile(f"{symbol}{symbol_character}"),
        re.compile(
            f"{high}(?:(?<={symbol}){symbol_character}{far}{high}{character}"
            f"|{character}{far}{symbol}{symbol_character})"
        ),
        re.compile(f"{high}(?:{pair})"),
    )


@cache
def _symbol_leads(read: str) -> str:
    """Latin-1's symbols (A1-BF, × and ÷) and the C1 controls standing for the bytes cp1252
    leaves undefined, as a character class: as a legacy codec's lead bytes they open
    characters that accented Latin text does not show (GBK's pinyin é is A8 A6, ``¨¦``;
    GB18030's ô is 81 30 8B 30)."""
    symbols = [
        char
        for char, byte in single_byte_table(read).items()
        if 0xA1 <= byte <= 0xBF or byte in (0xD7, 0xF7) or "\x80" < char < "\xa0"
    ]
    return _char_class(symbols)


@cache
def combined_screen(layers: tuple[Layer, ...], whole_sequences: bool = False) -> re.Pattern[str]:
    """One regex that matches wherever any of ``layers``' screens matches (their
    :func:`gate_screen`, with ``whole_sequences`` or not); the layers are read by one-byte
    codecs (the CJK readings' screens, thousands of characters each, are searched on their
    own rather than compiled a second time into this one).

    A text is searched once instead of once per screen: the pattern opens with the union
    of the screens' first classes, which the regex engine skips through as fast as through
    one class, and each screen's remainder follows a look-behind on its own first class.
    A line it finds is then checked screen by screen.

    >>> pattern = combined_screen(LAYERS[:2])
    >>> [bool(pattern.search(text)) for text in ("cafÃ© noir", "“quoted”", "café")]
    [True, False, False]
    """
    from textkeep.cjk_screens import COMBINED_SCREENS

    precomputed = COMBINED_SCREENS.get(combined_screen_key(layers, whole_sequences))
    return _compiled(precomputed or combined_screen_pattern(layers, whole_sequences))


def combined_screen_key(layers: tuple[Layer, ...], whole_sequences: bool) -> str:
    """The name of a precomputed :func:`combined_screen`."""
    names = " + ".join(layer.name for layer in layers)
    return f"{names} (whole sequences)" if whole_sequences else names


def combined_screen_pattern(layers: tuple[Layer, ...], whole_sequences: bool = False) -> str:
    """The pattern of :func:`combined_screen`, built from the screens (0.1 s, most of it
    finding which opening characters may precede plain ASCII)."""
    # Accented letters open many screens but, followed by a space or a letter, complete
    # none: a cheap look at the next character lets the search pass them by. Quotes and
    # dashes open Shift-JIS's screen, but with ASCII after them only before another
    # character from 80 up.
    opens = [_opens_before_ascii(layer, whole_sequences) for layer in layers]
    anyway = {char for chars, _ in opens for char in chars}
    before_high = {char for _, chars in opens for char in chars} - anyway
    looks = [f"(?={_second_characters(layers)})"]
    if anyway:
        looks.append(f"(?<={_char_class(sorted(anyway))})")
    if before_high:
        plain = "[" + re.escape(_PLAIN_ASCII) + "]"
        looks.append(f"(?<={_char_class(sorted(before_high))})(?={plain}[^\\x00-\\x7f])")
    quick = f"(?:{'|'.join(looks)})"
    return _union([gate_screen(layer, whole_sequences) for layer in layers], quick)


def _second_characters(layers: tuple[Layer, ...]) -> str:
    """What any gate screen of ``layers`` may take after its opening character, plain
    ASCII aside (which only the openings :func:`_opens_before_ascii` finds take): a digit
    or ``?``, a lost mark, or what a one-byte reader shows for a byte from 80 up, for a
    UTF-8 reading only its continuation bytes (80-BF).

    Russian read as cp1251 opens a screen at nearly every letter (Р is lead D0), but
    letters follow it, which no screen takes second: the search passes them at once.

    >>> seconds = re.compile(_second_characters((LAYERS[4],)))
    >>> [bool(seconds.match(char)) for char in ("р", "і", "7", "é")]
    [False, True, True, False]
    """
    chars = set("0123456789?") | LOST_MARKS
    for layer in layers:
        last = 0xBF if single_byte_utf8(layer) else 0xFF
        chars.update(c for c, b in single_byte_table(layer.read).items() if 0x80 <= b <= last)
    return _char_class(sorted(chars))


@cache
def cjk_readings_screen(layers: tuple[Layer, ...]) -> re.Pattern[str]:
    """:func:`combined_screen` for the CJK readings: their screens in one pass, for long
    texts (compiling it costs more than searching a short text four times).

    >>> pattern = cjk_readings_screen(tuple(l for l in LAYERS if l.read == "gb18030"))
    >>> bool(pattern.search("He said 闃惰穬鏄熻景")), bool(pattern.search("阶跃星辰"))
    (True, False)
    """
    return _compiled(_union([screen(layer) for layer in layers], ""))


def _union(screens: list[re.Pattern[str]], after_first: str) -> str:
    """``screens`` as one pattern: the union of their opening classes, then
    ``after_first``, then each screen's remainder behind a look-behind on its own class."""
    firsts: list[str] = []
    alternatives: list[str] = []
    for pattern in dict.fromkeys(each.pattern for each in screens):
        first, rest = _leading_class(pattern)
        firsts.append(first[1:-1])
        alternatives.append(f"(?<={first}){rest}")
    return f"[{''.join(firsts)}]{after_first}(?:{'|'.join(alternatives)})"


# The ASCII that most screens never take right after their opening character: all but '?',
# a lost byte, and the digits, GB18030's four-byte middle, which any opening may take.
_PLAIN_ASCII = "".join(chr(code) for code in range(0x80) if chr(code) not in "?0123456789")


@cache
def _opens_before_ascii(
    layer: Layer, whole_sequences: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Opening characters of ``layer``'s screen that a match may follow with plain ASCII:
    those a match may end on or follow with more ASCII, and those whose ASCII must be
    followed by a character from 80 up
    (a Shift-JIS kanji lead such as “, 93, takes an ASCII second byte only so: "“c" is a
    quote and a letter, "ŽR“c" is 山田).

    Found by trying the screen itself, so it stays right whatever the screen holds: each
    opening character, after a letter, followed by each plain ASCII character alone, then
    by an ASCII letter or a space, then by itself again (a character from 80 up).
    """
    pattern = gate_screen(layer, whole_sequences)
    first, _ = _leading_class(pattern.pattern)
    # The screen opens with a character its one-byte reader produces.
    opening = re.compile(first)
    anyway: list[str] = []
    before_high: list[str] = []
    for char in single_byte_table(layer.read):
        if not opening.match(char):
            continue
        if pattern.match(f"a{char}", 1) or any(
            pattern.match(f"a{char}{ascii}{after}", 1)
            for ascii in _PLAIN_ASCII
            for after in ("", "a", " ")
        ):
            anyway.append(char)
        elif any(pattern.match(f"a{char}{ascii}{char}", 1) for ascii in _PLAIN_ASCII):
            before_high.append(char)
    return tuple(anyway), tuple(before_high)


def _leading_class(pattern: str) -> tuple[str, str]:
    """Split a screen into its opening character class and the rest."""
    index = 1
    while pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return pattern[: index + 1], pattern[index + 1 :]


# Lead bytes whose character with A0 as second byte real text uses: no-break space, à, Š,
# Π, Р, ٠. Others (ß, IPA, Syriac, NKo...) would only make every "Spaß " line a suspect.
_A0_LEADS = frozenset({0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9})


def _spaced_leads(codec: str) -> list[str]:
    """Characters of ``codec`` that may stand before a space that was a no-break space."""
    leads = [c for c, b in single_byte_table(codec).items() if b in _A0_LEADS]
    if codec == "cp1251":
        leads.remove("\u0412")  # В is a common Russian word on its own
    return leads


def single_byte_utf8(layer: Layer) -> bool:
    """Whether ``layer`` is UTF-8 read by a one-byte-per-character codec."""
    return layer.source == "utf-8" and layer.read in _SINGLE_BYTE_CODECS


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def cjk_reading_screen(codec: str) -> str:
    """Where UTF-8 read by a CJK codec shows: pairs of characters whose bytes chain as UTF-8.

    A three-byte UTF-8 character read as GBK gives a character ``E? 8?`` followed by one
    that begins with a continuation byte; two-byte UTF-8 (Latin, Cyrillic, Greek) gives one
    character per letter, glued to Latin letters or three in a row. Real Chinese text
    matches rarely.
    """
    lead3, lead4, lead2, half_lead, continuation_first, then_next = [], [], [], [], [], []
    for data, char in _code_points(codec):
        first = data[0]
        second_is_tail = len(data) == 2 and 0x80 <= data[1] <= 0xBF
        if 0x80 <= first <= 0xBF:
            continuation_first.append(char)
            # The last byte of a three-byte character, then the first of the next: a lead
            # or ASCII, never a continuation byte.
            if len(data) == 1 or not 0x80 <= data[1] <= 0xC1:
                then_next.append(char)
        if 0xE0 <= first <= 0xEF and second_is_tail:
            lead3.append(char)
        elif 0xF0 <= first <= 0xF4 and second_is_tail:
            lead4.append(char)
        elif 0xC2 <= first <= 0xDF and second_is_tail:
            lead2.append(char)
        elif 0xC2 <= first <= 0xF4 and len(data) == 1:
            half_lead.append(char)
    alternatives = [
        f"(?<={_char_class(lead3)}){_char_class(then_next)}",
        f"(?<={_char_class(lead4 + half_lead)}){_char_class(continuation_first)}",
    ]
    if lead2:
        two = _char_class(lead2)
        alternatives += [f"(?<=[A-Za-z]{two})", f"(?<={two})[A-Za-z]", f"(?<={two}){two}{two}"]
    return f"{_char_class(lead3 + lead4 + lead2 + half_lead)}(?:{'|'.join(alternatives)})"


def _code_points(codec: str) -> list[tuple[bytes, str]]:
    """The one- and two-byte sequences from 80 up that the screens need and the codec family
    reads as one non-ASCII character, with that character."""
    # Only what the screens ask about: single bytes, characters that begin with a UTF-8
    # continuation byte, and characters whose second byte is one.
    sequences = [bytes([first]) for first in range(0x80, 0x100)]
    sequences += [
        bytes([first, second]) for first in range(0x80, 0xC0) for second in range(0x40, 0xFF)
    ]
    sequences += [
        bytes([first, second]) for first in range(0xC0, 0x100) for second in range(0x80, 0xC0)
    ]
    return [(data, char) for data, char in _read_singly(sequences, codec) if char >= "\x80"]


def _read_singly(sequences: list[bytes], codec: str) -> list[tuple[bytes, str]]:
    """Each of ``sequences`` that a member of ``codec``'s family reads as one character,
    with that character (once per member that does).

    One decode call per member: each sequence is followed by a newline, which no double-byte
    codec here takes as a second byte, so a bad sequence cannot swallow the next.

    >>> _read_singly([b"\\xd6\\xd0", b"\\x81\\x20"], "gb18030")
    [(b'\\xd6\\xd0', '中')]
    """
    found = []
    for member in CODEC_FAMILIES[codec]:
        pieces = b"\n".join(sequences).decode(member, "replace").split("\n")
        found += [
            (data, char)
            for data, char in zip(sequences, pieces, strict=True)
            if len(char) == 1 and char != "\ufffd"
        ]
    return found


def _char_class(chars: list[str]) -> str:
    """A regex character class for ``chars``, consecutive code points written as ranges
    (the CJK screens hold thousands of characters; ranges keep them quick to build)."""
    codes = sorted({ord(c) for c in chars})
    parts = []
    start = 0
    for index in range(1, len(codes) + 1):
        if index == len(codes) or codes[index] != codes[index - 1] + 1:
            first, last = chr(codes[start]), chr(codes[index - 1])
            if first == last:
                parts.append(re.escape(first))
            else:
                parts.append(f"{re.escape(first)}-{re.escape(last)}")
            start = index
    return "[" + "".join(parts) + "]"
