"""How much a piece of text reads like real writing: the judge of every repair.

The repair engine proposes candidates that round-trip exactly; this module decides which
of two readings is the real text. :func:`cost` is low for text people write and high for
mojibake. It adds a cost per character (rare, unassigned or control characters cost a lot)
and a cost per adjacent pair (an accented capital glued to a symbol, Latin glued to
Cyrillic, a lowercase letter followed by an uppercase one inside a word).

Real-text frequency for CJK comes from the legacy codecs themselves, with no data files:
GB2312 level 1 holds the 3,755 most common hanzi, Big5 and JIS X 0208 have a frequent and
a less frequent block, and KS X 1001 lists the 2,350 common Hangul syllables. Mojibake made
by reading UTF-8 as a CJK codec lands mostly outside those blocks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from textkeep.hangul_frequency import RANKED_HANGUL
from textkeep.hanzi_frequency import FREQUENT_HANZI
from textkeep.surnames import (
    CHINESE_COMPOUND,
    CHINESE_SIMPLIFIED,
    CHINESE_TRADITIONAL,
    JAPANESE,
    KOREAN,
)

# --- Character kinds -------------------------------------------------------------------

SPACE = 0
ASCII_LOWER = 1
ASCII_UPPER = 2
DIGIT = 3
ASCII_PUNCT = 4
LOWER = 5  # non-ASCII lowercase letter
UPPER = 6  # non-ASCII uppercase letter
LETTER = 7  # uncased letter (Han, kana, Hangul, Arabic, Hebrew, Thai, ...)
MARK = 8  # combining mark
PUNCT = 9  # general punctuation: dashes, curly quotes, bullets, ellipsis
SYMBOL = 10  # currency, math, arrows, emoji, dingbats
LATIN1_SYMBOL = 11  # the symbols of U+00A1..U+00BF plus × and ÷
MODIFIER = 12  # spacing modifiers: ˆ ˜ ˇ ˘ ˙ ˚ ˛ ˝
BOX = 13  # box drawing and block elements
CONTROL = 14
BAD = 15  # unassigned, private use, surrogate, noncharacter
REPLACEMENT = 16  # U+FFFD

LETTER_KINDS = frozenset({ASCII_LOWER, ASCII_UPPER, LOWER, UPPER, LETTER})
CASED_LOWER = frozenset({ASCII_LOWER, LOWER})
CASED_UPPER = frozenset({ASCII_UPPER, UPPER})

# Scripts are compared only between letters; "common" never conflicts.
COMMON = "common"

# --- Cost tables (data apart from logic) -------------------------------------------------

# Base cost of one character, by kind.
KIND_COST: dict[int, float] = {
    SPACE: 0.0,
    ASCII_LOWER: 0.0,
    ASCII_UPPER: 0.0,
    DIGIT: 0.0,
    ASCII_PUNCT: 0.0,
    LOWER: 0.4,
    UPPER: 0.4,
    LETTER: 0.4,
    MARK: 0.6,
    PUNCT: 0.3,
    SYMBOL: 0.6,
    LATIN1_SYMBOL: 1.0,
    MODIFIER: 2.0,
    BOX: 1.5,
    CONTROL: 6.0,
    BAD: 8.0,
    REPLACEMENT: 4.0,
}

# Characters whose cost differs from their kind's, because real text uses them more or
# less than their neighbours in the same block.
CHAR_COST: dict[str, float] = {
    "\u00a0": 0.6,  # no-break space: real, but also the tail byte A0 of much mojibake
    "\u00ad": 2.5,  # soft hyphen: invisible, rarely typed
    "\u00a6": 2.0,  # ¦
    "\u00a4": 2.0,  # ¤
    "\u00a8": 1.0,  # ¨ (Greek writers use it as a quote mark)
    "\u00af": 2.0,  # ¯
    "\u00b4": 0.8,  # ´ (also typed as a closing quote: ``like this´´)
    "\u00b8": 2.0,  # ¸
    "\u00aa": 0.4,  # ª and º: ordinals after a digit (1ª, 2º); elsewhere see ORDINAL_APART
    "\u00ba": 0.4,
    "\u00ac": 1.5,  # ¬
    "\u00b6": 1.5,  # ¶
    "\u00b5": 1.2,  # µ
    "\u00b9": 1.2,
    "\u00b2": 0.8,
    "\u00b3": 0.8,
    "\u00bc": 1.2,
    "\u00bd": 1.0,
    "\u00be": 1.2,
    "\u00a9": 0.6,  # ©
    "\u00ae": 0.6,  # ®
    "\u00b0": 0.5,  # °
    "\u00a3": 0.5,  # £
    "\u00a5": 0.5,  # ¥
    "\u00a7": 0.7,  # §
    "\u00b1": 0.7,  # ±
    "\u00b7": 0.6,  # ·
    "\u00ab": 0.5,  # «
    "\u00bb": 0.5,  # »
    "\u00bf": 0.5,  # ¿
    "\u00a1": 0.6,  # ¡
    "\u00d7": 0.6,  # ×
    "\u00f7": 0.8,  # ÷
    "\u2020": 1.2,  # †
    "\u2021": 1.5,  # ‡
    "\u2030": 1.2,  # ‰
    "\u2039": 1.2,  # ‹
    "\u203a": 1.2,  # ›
    "\u201a": 1.0,  # ‚ (low quote; mostly seen in mojibake)
    "\u201e": 0.6,  # „
    "\u2122": 0.6,  # ™
    "\u0192": 2.0,  # ƒ: the florin sign, and the lead of many Mac Roman misreadings (ƒç)
    "\u02c6": 1.5,  # ˆ
    "\u02dc": 1.5,  # ˜
    "\u0131": 0.6,  # ı
    "\u0152": 0.8,  # Œ
    "\u0153": 0.6,  # œ
    "\u0178": 1.0,  # Ÿ
    "\u00d0": 1.0,  # Ð
    "\u00de": 1.2,  # Þ
    "\u00f0": 0.8,  # ð
    "\u00fe": 0.8,  # þ
    "\u00c3": 0.8,  # Ã: the commonest mojibake lead, rare in real text
    "\u00c2": 0.8,  # Â
    "\u00e2": 0.5,  # â
    "\u0149": 1.5,  # ŉ
    "\u017f": 3.0,  # ſ: archaic long s
    "\u2500": 1.0,
    # cp437's readings of UTF-8 tails: é is "├⌐", Ş is "┼₧"; alone, rare in real text.
    "\u2310": 1.5,  # ⌐ reversed not sign
    "\u20a7": 1.5,  # ₧ peseta sign (the peseta was written "Pts" or "₧" only on old PCs)
}

# Latin letters past Latin Extended-A that real text uses often: Pinyin tone marks,
# Vietnamese, Romanian's comma-below ș and ț, Azerbaijani ə, the open vowels ɛ and ɔ of
# Akan, Ewe and Lingala.
EVERYDAY_LATIN_EXTENDED = frozenset("ǎǐǒǔǚǜǍǏǑǓǗǙǛǕǘơưƠƯșțȘȚəƏɛƐɔƆ")
# Latin Extended Additional outside Vietnamese: the dotted letters of Sanskrit and Arabic
# transliteration, Welsh ẁ ẃ ẅ, German ẞ. The rest (ḟ, ṗ, ẍ, ...) is rare, and what
# UTF-8 bytes E1 B8-BB make when a CJK codec took them for its own.
EVERYDAY_LATIN_EXTENDED_ADDITIONAL = frozenset(
    "ḌḍḎḏḤḥḪḫḶḷḸḹṀṁṂṃṄṅṆṇṚṛṜṝṢṣṬṭṮṯẀẁẂẃẄẅẒẓẞ"
)
# Modifier letters that orthographies write inside words, as letters of any script: the
# ʻ of Uzbek (Oʻzbekiston) and Hawaiian (Hawaiʻi), the apostrophe letter ʼ (Qurʼon,
# Ukrainian пʼять), and the ʾ ʿ of Arabic and Hebrew transliteration (ʿAlī).
WORD_MODIFIER_LETTERS = frozenset("\u02bb\u02bc\u02be\u02bf")
APOSTROPHE = "apostrophe"  # their script: they go with letters of any
NO_BREAK = "no-break"  # the no-break space's: typography sets ordinals and units after it
GUILLEMET = "guillemet"  # « and »

# Cost by frequency tier of a Han character: 0 common, 1 less common, 2 rare.
HAN_TIER_COST = (0.3, 2.0, 4.0)
# Cheaper than a common hanzi: Korean read as GBK always gives common hanzi (KS X 1001
# Hangul leads B0-C8 sit inside GB2312 level 1), while Chinese read as EUC-KR yields
# all-Hangul text only when every lead byte falls in that narrower band.
HANGUL_COMMON_COST = 0.15
HANGUL_FINAL_COST = 0.1
HANGUL_RARE_JAMO_COST = 0.25
HANGUL_RARE_COST = 3.5
# KS X 1001 syllables by how often Korean writes them (``hangul_frequency``): past the first
# 800 a syllable costs more, and more again past the 1,200 the table keeps.
HANGUL_FREQUENT_RANK = 800
HANGUL_LESS_FREQUENT_COST = 0.4
HANGUL_SELDOM_COST = 0.8
HALFWIDTH_KANA_COST = 1.2
PHONETIC_EXTENSION_COST = 3.5
# Vertical, compatibility and small forms of CJK punctuation (︵ ﹜ ﹏): typesetting
# variants that GBK and Big5 carry but running text rarely uses.
CJK_FORM_VARIANT_COST = 2.5
RARE_COMBINING_COST = 2.5
# Scripts with few writers (Sundanese, Kayah Li, Yi, Runic, ...): one of their characters
# in the text to be archived is far likelier a three-byte UTF-8 sequence made up by a
# misreading (UTF-8 read as Shift-JIS turns 「盖」 into ``᳁v``) than real writing.
MINOR_SCRIPT_COST = 2.5
MINOR_SCRIPT_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0780, 0x08FF),  # Thaana, NKo, Samaritan, Mandaic, Syriac and Arabic extensions
    (0x13A0, 0x18FF),  # Cherokee, Canadian syllabics, Ogham, Runic, Philippine, Mongolian
    (0x1900, 0x1CFF),  # Limbu, Tai Le, Buginese, Tai Tham, Balinese, Sundanese, Ol Chiki, ...
    (0x2C00, 0x2C5F),  # Glagolitic
    (0x2C80, 0x2CFF),  # Coptic
    (0x2D30, 0x2DDF),  # Tifinagh, Ethiopic extended
    (0xA000, 0xA6FF),  # Yi, Lisu, Vai, Cyrillic extended B, Bamum
    (0xA800, 0xABFF),  # Syloti Nagri, Phags-pa, Saurashtra, Kayah Li, Javanese, Cham, ...
)
# Digits other than 0-9: real text in most scripts writes 0-9, and a Thai or Myanmar digit
# beside Chinese is a misreading (犹如 as Shift-JIS is UTF-8 ``๔@``). Arabic and Persian
# write their own digits every day, and full-width digits are CJK typesetting.
NATIVE_DIGIT_COST = 1.5
EVERYDAY_DIGITS: tuple[tuple[int, int], ...] = (
    (0x0660, 0x0669),  # Arabic-Indic
    (0x06F0, 0x06F9),  # Persian and Urdu
    (0xFF10, 0xFF19),  # full-width
)
# The combining accents that decomposed European and Vietnamese text actually uses.
COMMON_COMBINING = frozenset(
    "\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u031b\u0323\u0327\u0328"
    "\u0335\u0336"  # strokes drawn over digits and letters for strikethrough
)

# Pair costs.
SCRIPT_CLASH = 2.5  # two letters of different scripts glued together
GREEK_IN_LATIN = 0.8  # "IL2Rγc", "μs": science glues lowercase Greek into Latin words
CAPS_PAIR_THEN_LOWER = 1.5  # "KĂĽhnert": two accented capitals inside a lowercase word
HAN_SPACE_HAN = 0.8  # Chinese puts no spaces between words; Korean does
HAN_HANGUL_GLUE = 1.0  # modern Korean rarely glues hanja to Hangul
LONE_CJK_IN_LATIN_WORD = 2.0
ASCII_NEXT_TO_HALFWIDTH = 1.5  # "cafﾃｩ": half-width katakana glued to a Latin word
ASCII_CJK_GLUE = 0.3  # "Step函数" is real, but less usual than either side alone
ASCII_HANGUL_GLUE = 1.0  # Korean is written with spaces between words
LOWER_UPPER_NONASCII = 1.5  # "ÃƒÂ" style case flips inside a word
LOWER_UPPER_ASCII = 0.3  # camelCase exists
UPPER_ACCENT_THEN_ODD = 1.5  # "Ã©", "Ã‡": accented capital glued to a symbol or accent
LETTER_THEN_SYMBOL = 0.8  # non-ASCII letter glued to a Latin-1 symbol
SYMBOL_PAIR = 1.0  # two Latin-1 symbols glued together
MARK_AFTER_NONLETTER = 2.0
BOX_NEXT_TO_LETTER = 1.5
HALFWIDTH_NEXT_TO_HAN = 1.5
LONE_HALFWIDTH_KANA = 1.0  # "ﾃ〕ava": one half-width kana between other characters
LETTER_THEN_MATH = 0.8  # "wei√ü": a math sign glued to the end of a word
# "√Ñquator", "emp√™cher", "≈ûensoy": Mac Roman's √ and ≈ are UTF-8's leads C3 and C5, so
# the accented Latin letter (or ™, its ê) after them is the rest of one character. Math
# writes √x, √π and √∞, never √ before an accented Latin letter or a trademark sign.
MATH_THEN_ACCENTED = 1.0
ODD_PUNCT_GLUE = 0.8  # "Г‚В": punctuation that never sits inside a word
# ¨ before a symbol: Greek writers quote with it, but only GBK's pinyin row read as cp1252
# puts a symbol after it (é is A8 A6, "¨¦").
DIAERESIS_BEFORE_SYMBOL = 1.0
# ª or º glued to anything but a digit, as UTF-8 read as cp1252 leaves them ("Ãª"); after
# a no-break space it is an ordinal or degree set apart ("n.\u00a0º 5", "25\u00a0ºC").
ORDINAL_APART = 1.0
# A letter apostrophe (ʻ ʼ) stands in a word, never beside a digit: there it was a sign
# misread ("25 ºC" with a no-break space is ʼ read as Mac Roman).
APOSTROPHE_BESIDE_DIGIT = 3.0
GUILLEMET_INSIDE_WORD = 1.0  # « or » between two letters (see _guillemet_in_word_cost)
# ASCII that code and markup write, but text never glues to the end of a word in another
# script: a CJK codec's reading of UTF-8 takes it from a second byte (盧歐 is "ḟ^").
CODE_PUNCT = frozenset("^`\\")
CODE_PUNCT_GLUE = 1.0

# Accents that people type as quotation marks.
QUOTE_LIKE = frozenset("\u00b4\u00a8")

# Punctuation that real text never glues to a letter, but cp1252 and Mac Roman mojibake does
# (a bullet opens a list item with a space after it: "•Ó" is Shift-JIS 95 D3).
ODD_PUNCT = frozenset("‚„†‡‰‹›ˆ˜€•")

# A Hangul consonant then a vowel written apart (see _JAMO_UNJOINED).
JAMO_UNJOINED_COST = 1.0

# Adjacent pairs that are almost only ever mojibake (extra cost on top of the pair rules).
MOJIBAKE_PAIRS: dict[str, float] = {
    "Ã\u00a0": 1.5,  # à read as cp1252
    "Â\u00a0": 1.0,  # no-break space read as cp1252
    "Å\u00a0": 1.0,  # Š read as cp1252
    "Ĺ\u00a0": 1.0,  # Š read as cp1250
}

_SCRIPT_BY_NAME_PREFIX = {
    "LATIN": "Latin",
    "GREEK": "Greek",
    "COPTIC": "Greek",
    "CYRILLIC": "Cyrillic",
    "ARMENIAN": "Armenian",
    "HEBREW": "Hebrew",
    "ARABIC": "Arabic",
    "SYRIAC": "Syriac",
    "THAANA": "Thaana",
    "NKO": "Nko",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "TAMIL": "Tamil",
    "THAI": "Thai",
    "LAO": "Lao",
    "GEORGIAN": "Georgian",
    "HANGUL": "Hangul",
    "HIRAGANA": "Kana",
    "KATAKANA": "Kana",
    "HALFWIDTH": "Kana",
    "CJK": "Han",
    "IDEOGRAPHIC": "Han",
    "KATAKANA-HIRAGANA": "Kana",
    "BOPOMOFO": "Bopomofo",
    "ETHIOPIC": "Ethiopic",
}

# Han, kana and Hangul mix freely in real CJK text.
_CJK_SCRIPTS = frozenset({"Han", "Kana", "Hangul", "Bopomofo"})


# --- Frequency tiers derived from the legacy codecs -----------------------------------------


# Where each legacy codec keeps its frequent and its less frequent hanzi/kanji, as the
# two-byte code ranges (first code, last code) of each block.
HAN_BLOCKS: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("gb2312", (0xB0A1, 0xD7FE), (0xD8A1, 0xF7FE)),  # GB2312 levels 1 and 2
    ("big5", (0xA440, 0xC67E), (0xC940, 0xF9D5)),  # Big5 frequent and less frequent
    ("euc_jp", (0xB0A1, 0xCFFE), (0xD0A1, 0xF4FE)),  # JIS X 0208 levels 1 and 2
)


def han_tier(char: str) -> int:
    """Frequency tier of a Han character: 0 common, 1 less common, 2 rare.

    >>> han_tier("中"), han_tier("鏄"), han_tier("\u3400")
    (0, 1, 2)
    """
    best = 2
    for codec, common, less in HAN_BLOCKS:
        code = _two_byte_code(char, codec)
        if code is None:
            continue
        if common[0] <= code <= common[1]:
            return 0
        if less[0] <= code <= less[1]:
            best = 1
    return best


def _two_byte_code(char: str, codec: str) -> int | None:
    """``char``'s two bytes in ``codec`` as one number (D6 D0 is 0xD6D0), or None."""
    try:
        encoded = char.encode(codec)
    except UnicodeEncodeError:
        return None
    return int.from_bytes(encoded, "big") if len(encoded) == 2 else None


def everyday_chinese(text: str) -> bool:
    """Whether ``text`` holds hanzi, all of them of GB2312 level 1: everyday simplified
    Chinese (whatever else stands between them).

    >>> everyday_chinese("迪拜"), everyday_chinese("「盖」"), everyday_chinese("譚主")
    (True, True, False)
    """
    hanzi = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if not hanzi:
        return False
    family, (first, last), _ = HAN_BLOCKS[0]
    codes = [_two_byte_code(char, family) for char in hanzi]
    return all(code is not None and first <= code <= last for code in codes)


# The block each CJK reader's own language writes less often: JIS X 0208 level 2 for
# Shift-JIS, GB2312 level 2 for GBK and GB18030, Big5's less frequent block.
_READERS_OF_BLOCKS = {"gb2312": ("gb18030", "gbk"), "big5": ("big5",), "euc_jp": ("shift_jis",)}
_LESS_FREQUENT_BLOCK = {
    codec: (family, less)
    for family, _, less in HAN_BLOCKS
    for codec in _READERS_OF_BLOCKS[family]
}


def seldom_in(char: str, codec: str) -> bool:
    """Whether ``char`` is a hanzi/kanji that text written in ``codec`` seldom uses.

    The frequency tier of :func:`han_tier` takes the best of every codec, so that a
    traditional character read from GBK bytes is not rare; but text that *was* Shift-JIS
    holds mostly level 1 kanji, while UTF-8 read as Shift-JIS begins every three-byte
    character with a level 2 lead (E3-E9).

    >>> seldom_in("譚", "shift_jis"), seldom_in("主", "shift_jis"), seldom_in("譚", "big5")
    (True, False, False)
    """
    block = _LESS_FREQUENT_BLOCK.get(codec)
    if block is None or not "\u4e00" <= char <= "\u9fff":
        return False
    family, (first, last) = block
    # Outside the core set (GBK's traditional characters) is what traditional Chinese writes
    # every day, so no sign of a misreading.
    code = _two_byte_code(char, family)
    return code is not None and first <= code <= last


# What a personal name looks like in the language each legacy codec writes: a common family
# name, then a given name of one or two characters (Korean: two syllables; Japanese: one to
# three kanji or kana, after a space or not).
_HAN_CHAR = "[\u4e00-\u9fff]"
_KANA_OR_KANJI = "[\u3041-\u30ff\u4e00-\u9fff々]"
_GIVEN_NAME = {
    "chinese": re.compile(f"{_HAN_CHAR}{{1,2}}"),
    "korean": re.compile("[\uac00-\ud7a3]{2}"),
    "japanese": re.compile(f"[ \u3000]?{_KANA_OR_KANJI}{{1,3}}"),
}
_FAMILY_NAMES = {
    "gb18030": ("chinese", CHINESE_SIMPLIFIED | CHINESE_COMPOUND),
    "gbk": ("chinese", CHINESE_SIMPLIFIED | CHINESE_COMPOUND),
    "big5": ("chinese", CHINESE_TRADITIONAL | CHINESE_COMPOUND),
    "euc_kr": ("korean", KOREAN),
    "shift_jis": ("japanese", JAPANESE),
}


def family_name_of(text: str, codec: str) -> str:
    """The family name ``text`` begins with, if it is shaped as a personal name in the
    language ``codec`` writes; else "".

    >>> family_name_of("刘利", "gbk"), family_name_of("증적", "euc_kr")
    ('刘', '')
    >>> family_name_of("鈴木 稔", "shift_jis"), family_name_of("陳凱翔", "gbk")
    ('鈴木', '')
    """
    known = _FAMILY_NAMES.get(codec)
    if known is None:
        return ""
    shape, family_names = known
    given = _GIVEN_NAME[shape]
    for length in (1, 2, 3):
        if text[:length] in family_names and given.fullmatch(text, length) is not None:
            return text[:length]
    return ""


def _hangul_cost(code: int) -> float:
    """A KS X 1001 syllable's cost by its shape and its rank in everyday Korean: plain
    syllables are the everyday ones, while doubled initials and two-consonant finals are
    rarer (KS X 1001 lists Hangul in alphabetical order, so its codes say nothing of
    frequency; the jamo and the ranks of ``hangul_frequency`` do).

    >>> _hangul_cost(ord("가")) < _hangul_cost(ord("박")) < _hangul_cost(ord("껍"))
    True
    >>> _hangul_cost(ord("이")) < _hangul_cost(ord("멕")) < _hangul_cost(ord("쟀"))
    True
    """
    rank = _HANGUL_RANK.get(chr(code), len(_HANGUL_RANK))
    if rank < HANGUL_FREQUENT_RANK:
        extra = 0.0
    elif rank < len(_HANGUL_RANK):
        extra = HANGUL_LESS_FREQUENT_COST
    else:
        extra = HANGUL_SELDOM_COST
    index = code - 0xAC00
    initial, final = index // 588, index % 28
    if final:
        extra += HANGUL_FINAL_COST
        if final in _COMPLEX_FINALS:
            extra += HANGUL_RARE_JAMO_COST
    if initial in _DOUBLE_INITIALS:
        extra += HANGUL_RARE_JAMO_COST
    return HANGUL_COMMON_COST + extra


_HANGUL_RANK = {char: rank for rank, char in enumerate(RANKED_HANGUL)}

# Jamo indexes (Unicode order): doubled initials ㄲ ㄸ ㅃ ㅆ ㅉ; two-consonant finals ㄳ ㄵ ㄶ ㄺ
# ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅄ.
_DOUBLE_INITIALS = frozenset({1, 4, 8, 10, 13})
_COMPLEX_FINALS = frozenset({3, 5, 6, 9, 10, 11, 12, 13, 14, 15, 18})


# What each character of a legacy reading among the few hundred its language writes most
# counts when two legacy codecs read the same bytes (see ``frequency_evidence``).
FREQUENT_CHARACTER_CREDIT = 0.15
FREQUENT_HANGUL_RANK = 300  # of 2,350 syllables, as 800 hanzi are of 3,755
_FREQUENT = frozenset(FREQUENT_HANZI) | frozenset(RANKED_HANGUL[:FREQUENT_HANGUL_RANK])


def frequency_evidence(text: str) -> float:
    """How much ``text`` is made of the hanzi and Hangul that Chinese and Korean write most.

    The codecs' own tiers are broad (GB2312 level 1 is 3,755 hanzi, KS X 1001 2,350
    syllables): GBK's 全国 read as EUC-KR is 홍벌 and EUC-KR's 함께 read as GBK is 窃膊, all
    of them in the common tier of their codec, but only 全国 and 함께 are everyday words.

    >>> frequency_evidence("全国") > frequency_evidence("홍벌")
    True
    >>> frequency_evidence("함께") > frequency_evidence("窃膊")
    True
    """
    return FREQUENT_CHARACTER_CREDIT * sum(char in _FREQUENT for char in text)


def is_common_hangul(char: str) -> bool:
    """True for the 2,350 Hangul syllables of KS X 1001 (EUC-KR).

    >>> is_common_hangul("한"), is_common_hangul("똠")
    (True, False)
    """
    try:
        # Python's EUC-KR spells the other syllables as 8-byte jamo sequences.
        return len(char.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


# --- Per-character facts, cached ---------------------------------------------------------

_INFO: dict[str, tuple[int, str, float]] = {}


def char_info(char: str) -> tuple[int, str, float]:
    """(kind, script, cost) of one character.

    >>> char_info("a"), char_info("é")[:2], char_info("\\x85")[0] == CONTROL
    ((1, 'Latin', 0.0), (5, 'Latin'), True)
    """
    info = _INFO.get(char)
    if info is None:
        info = _compute_info(char)
        _INFO[char] = info
    return info


def _compute_info(char: str) -> tuple[int, str, float]:
    code = ord(char)
    if code < 0x80:
        return _ascii_info(char)
    category = unicodedata.category(char)
    script = _script_of(char, category)
    kind = _kind_of(char, code, category)
    cost = CHAR_COST.get(char, KIND_COST[kind])
    if kind in (LOWER, UPPER, LETTER) and script == "Latin" and char not in CHAR_COST:
        cost = _latin_letter_cost(code, char)  # caseless ones too (ƻ, ʔ, clicks ǀ ǁ)
    elif kind == LETTER and script == "Han" and (0x3400 <= code <= 0x9FFF or code >= 0xF900):
        cost = HAN_TIER_COST[han_tier(char)]
    elif kind == LETTER and script == "Hangul" and 0xAC00 <= code <= 0xD7A3:
        cost = _hangul_cost(code) if is_common_hangul(char) else HANGUL_RARE_COST
    elif 0x3165 <= code <= 0x318E:
        # Archaic compatibility jamo (ㅥ to ㆎ): KS X 1001 has them, Korean no longer writes
        # them; what EUC-KR makes of "¤" before a letter (¤ø is ㆈ).
        cost = HANGUL_RARE_COST
    elif 0xFF61 <= code <= 0xFF9F:
        cost = HALFWIDTH_KANA_COST
    elif 0x1D00 <= code <= 0x1DBF:
        cost = PHONETIC_EXTENSION_COST
    elif 0xFE10 <= code <= 0xFE6F:
        cost = CJK_FORM_VARIANT_COST
    elif kind == MARK and 0x0300 <= code <= 0x036F and char not in COMMON_COMBINING:
        cost = RARE_COMBINING_COST
    elif any(first <= code <= last for first, last in MINOR_SCRIPT_BLOCKS):
        cost = max(cost, MINOR_SCRIPT_COST)
    elif _native_number(char, code, kind, category):
        cost = NATIVE_DIGIT_COST
    return kind, script, cost


def _native_number(char: str, code: int, kind: int, category: str) -> bool:
    if kind == DIGIT:
        return not any(first <= code <= last for first, last in EVERYDAY_DIGITS)
    return category in ("No", "Nl") and _own_numeral(char)


def _own_numeral(char: str) -> bool:
    """A number sign of one alphabet's own that everyday text mostly writes as 0-9 now
    (Ethiopic ፬, kept for calendars and dates; Tamil ௰; Bengali's currency numerators):
    what Mac Roman makes of Big5's 瑞 (``·ç¨``, E1 8D AC) is ፬.

    >>> _own_numeral("\u136c"), _own_numeral("\u00bd"), _own_numeral("\u2460")
    (True, False, False)
    """
    script = _SCRIPT_BY_NAME_PREFIX.get(unicodedata.name(char, "").split(" ")[0])
    return script is not None and script not in _CJK_SCRIPTS


def _ascii_info(char: str) -> tuple[int, str, float]:
    if char.islower():
        return ASCII_LOWER, "Latin", 0.0
    if char.isupper():
        return ASCII_UPPER, "Latin", 0.0
    if char.isdigit():
        return DIGIT, COMMON, 0.0
    if char in " \t\n\r\f\v":
        return SPACE, COMMON, 0.0
    if char < " " or char == "\x7f":
        return CONTROL, COMMON, KIND_COST[CONTROL]
    return ASCII_PUNCT, "code" if char in CODE_PUNCT else COMMON, 0.0


def _kind_of(char: str, code: int, category: str) -> int:
    if code == 0xFFFD:
        return REPLACEMENT
    if category in ("Cn", "Co", "Cs") or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return BAD
    if category == "Cc":
        return CONTROL
    if category == "Cf":
        return SYMBOL
    if category == "Zs":
        return SPACE
    if category in ("Zl", "Zp"):
        return SPACE
    if category == "Lu" or category == "Lt":
        return UPPER
    if category == "Ll":
        return LOWER
    if category == "Lm" and (0x3000 <= code <= 0x30FF or char in WORD_MODIFIER_LETTERS):
        return LETTER  # ー, 々 and the apostrophe-like letters are everyday writing
    if category == "Lm" or 0x1D00 <= code <= 0x1DBF:
        return MODIFIER
    if category == "Lo":
        return LETTER
    if category in ("Mn", "Mc", "Me"):
        return MARK
    if category == "Nd":
        return DIGIT
    if category == "No" or category == "Nl":
        # Superscripts, fractions, circled and kanbun numbers: symbols that happen to count.
        return LATIN1_SYMBOL if 0xA0 <= code <= 0xBF else SYMBOL
    if char in QUOTE_LIKE:
        return PUNCT
    if 0xA1 <= code <= 0xBF or code in (0xD7, 0xF7):
        return LATIN1_SYMBOL
    if category == "Sk":
        return MODIFIER
    if 0x2500 <= code <= 0x259F:
        return BOX
    if category.startswith("P"):
        return PUNCT
    return SYMBOL


def _latin_letter_cost(code: int, char: str) -> float:
    if code <= 0x17F:  # Latin-1 and Latin Extended-A: everyday European letters
        return KIND_COST[LOWER]
    if char in EVERYDAY_LATIN_EXTENDED or char in EVERYDAY_LATIN_EXTENDED_ADDITIONAL:
        return KIND_COST[LOWER]
    if 0x1EA0 <= code <= 0x1EF9 or 0xFB00 <= code <= 0xFB06:  # Vietnamese; ligatures
        return KIND_COST[LOWER]
    if 0x250 <= code <= 0x2AF:  # IPA: real only in phonetics
        return 3.0
    return 1.5


def _script_of(char: str, category: str) -> str:
    # Non-letters have no script; the field marks the few symbol groups pair rules need.
    if char in ODD_PUNCT:
        return "odd"
    if char == "\u00d7":
        return "×"
    if char == "\u00b0":
        return "degree"  # 25°C
    if char == "\u00a0":
        return NO_BREAK
    if char in "\u00ab\u00bb":
        return GUILLEMET
    if char == "\u00a8":
        return "diaeresis"
    if char in "\u00aa\u00ba":
        return "ordinal"  # 1ª, 2º, and 1ºC
    if char in "\u0335\u0336":
        return "stroke"  # strikethrough overlays go on digits and symbols too
    if category == "Sm" and ord(char) >= 0x2000:
        return "math"
    if char in WORD_MODIFIER_LETTERS:
        return APOSTROPHE
    if not category.startswith(("L", "M")):
        return COMMON
    name = unicodedata.name(char, "")
    prefix = name.split(" ", 1)[0]
    return _SCRIPT_BY_NAME_PREFIX.get(prefix, prefix.title() if prefix else COMMON)


# --- Pair costs ------------------------------------------------------------------------------


# Signs that units and ordinals glue to the letters after them (25°C, 1ºC, 1ª Seção).
_UNIT_SIGNS = frozenset({"degree", "ordinal"})


def pair_cost(left: tuple[int, str, float], right: tuple[int, str, float]) -> float:
    """Cost of two characters standing side by side (given their :func:`char_info`).

    >>> pair_cost(char_info("Ã"), char_info("©")) > 1, pair_cost(char_info("c"), char_info("é"))
    (True, 0.0)
    """
    lkind, lscript, _ = left
    rkind, rscript, _ = right
    if lkind <= ASCII_PUNCT and rkind <= ASCII_PUNCT:
        return 0.0
    cost = 0.0
    if (
        lkind in LETTER_KINDS
        and rkind in LETTER_KINDS
        and lscript != rscript
        and APOSTROPHE not in (lscript, rscript)
    ):
        cost += _script_pair_cost(lkind, lscript, rkind, rscript)
    if (lscript == APOSTROPHE and rkind == DIGIT) or (rscript == APOSTROPHE and lkind == DIGIT):
        cost += APOSTROPHE_BESIDE_DIGIT
    if lkind in CASED_LOWER and rkind in CASED_UPPER:
        both_ascii = lkind == ASCII_LOWER and rkind == ASCII_UPPER
        cost += LOWER_UPPER_ASCII if both_ascii else LOWER_UPPER_NONASCII
    if lkind == UPPER and rkind in (LATIN1_SYMBOL, MODIFIER, CONTROL, LOWER, UPPER):
        # An accented Latin capital before a symbol, or before an accented lowercase letter
        # ("Ãš"); title case in Greek or Cyrillic ("Москва") is ordinary.
        if rkind in (UPPER, LOWER) and lscript == rscript and lscript != "Latin":
            pass
        elif rkind != UPPER or lscript != rscript:
            cost += UPPER_ACCENT_THEN_ODD
    elif lkind in (LOWER, UPPER) and rkind in (LATIN1_SYMBOL, MODIFIER):
        cost += LETTER_THEN_SYMBOL
    if lkind == LATIN1_SYMBOL and rkind in (LATIN1_SYMBOL, MODIFIER) and lscript != "×":
        cost += SYMBOL_PAIR
    if lscript == "math" and rkind in (LATIN1_SYMBOL, PUNCT):
        cost += SYMBOL_PAIR  # "√°", "√©": Mac Roman's signature
    math_glue = rscript == "math" and (lkind in LETTER_KINDS or lscript == "math")
    if math_glue or (lscript == "math" and rkind in LETTER_KINDS):
        cost += LETTER_THEN_MATH
    if lscript == "math" and (
        (rkind in (LOWER, UPPER) and rscript == "Latin") or (rkind == SYMBOL and rscript == COMMON)
    ):
        cost += MATH_THEN_ACCENTED
    if (lscript == "odd" and rkind in LETTER_KINDS) or (rscript == "odd" and lkind in LETTER_KINDS):
        cost += ODD_PUNCT_GLUE
    if rscript == "ordinal" and lkind != DIGIT and lscript != NO_BREAK:
        cost += ORDINAL_APART
    if lscript == "diaeresis" and rkind in (LATIN1_SYMBOL, PUNCT, SYMBOL):
        cost += DIAERESIS_BEFORE_SYMBOL
    if lkind in (LATIN1_SYMBOL, MODIFIER) and rkind in LETTER_KINDS and lscript not in _UNIT_SIGNS:
        cost += LETTER_THEN_SYMBOL  # "√©t": a symbol glued to the letters after it
    if rkind == MARK and lkind not in LETTER_KINDS and lkind != MARK and rscript != "stroke":
        cost += MARK_AFTER_NONLETTER
    if _halfwidth_kana(left) != _halfwidth_kana(right):
        if "Han" in (lscript, rscript):
            cost += HALFWIDTH_NEXT_TO_HAN
        elif lkind in (ASCII_LOWER, ASCII_UPPER) or rkind in (ASCII_LOWER, ASCII_UPPER):
            cost += ASCII_NEXT_TO_HALFWIDTH
    if (lkind == BOX) != (rkind == BOX) and (lkind in LETTER_KINDS or rkind in LETTER_KINDS):
        cost += BOX_NEXT_TO_LETTER
    if lkind in (LOWER, UPPER, LETTER) and rscript == "code":
        cost += CODE_PUNCT_GLUE
    return cost


def _halfwidth_kana(info: tuple[int, str, float]) -> bool:
    return info[2] == HALFWIDTH_KANA_COST and info[1] == "Kana"


# Scripts whose words science glues lowercase Greek letters to.
_GREEK_HOSTS = frozenset({"Latin", *_CJK_SCRIPTS})


def _script_pair_cost(lkind: int, lscript: str, rkind: int, rscript: str) -> float:
    if lscript in _CJK_SCRIPTS and rscript in _CJK_SCRIPTS:
        return HAN_HANGUL_GLUE if {lscript, rscript} == {"Han", "Hangul"} else 0.0
    if "Greek" in (lscript, rscript) and {lscript, rscript} - {"Greek"} <= _GREEK_HOSTS:
        # Science writes lowercase Greek into Latin and CJK words (IL2Rγc, α粒子, β受体); a
        # Greek capital glued to them is as odd as any other script's.
        greek_kind = lkind if lscript == "Greek" else rkind
        return GREEK_IN_LATIN if greek_kind == LOWER else SCRIPT_CLASH
    ascii_side = lkind in (ASCII_LOWER, ASCII_UPPER) or rkind in (ASCII_LOWER, ASCII_UPPER)
    cjk_side = lscript in _CJK_SCRIPTS or rscript in _CJK_SCRIPTS
    if ascii_side and cjk_side:
        return ASCII_HANGUL_GLUE if "Hangul" in (lscript, rscript) else ASCII_CJK_GLUE
    return SCRIPT_CLASH


# --- Whole strings -------------------------------------------------------------------------


# Ã and Â (bytes C3, C2) glued to a character that cp1252 gives for a byte 80-BF: the
# signature of UTF-8 read as cp1252, whatever the second character is.
_LEAD_THEN_TAIL = re.compile(
    "[ÃÂ][\u0080-\u00a4\u00a6-\u00bf\u2010-\u2018\u201a-\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc]"
)
LEAD_THEN_TAIL_COST = 1.0
# Ă and Ĺ (bytes C3, C5 in cp1250) glued to a character cp1250 gives for a byte 80-BF: the
# same signature for UTF-8 read as cp1250 ("Ă–calan" is Öcalan, "Ĺ\u00a0imek" Šimek).
_CP1250_TAILS = bytes(range(0x80, 0xC0)).decode("cp1250", "ignore") + "".join(
    chr(code) for code in range(0x80, 0xA0)  # its five undefined bytes, read as C1 controls
)
_CP1250_LEAD_THEN_TAIL = re.compile(f"[ĂĹ][{re.escape(_CP1250_TAILS)}]")
# Â (C2) before a Latin Extended-A letter: a Latin-1 symbol read as cp1250 or cp1257 (ÂŁ is £).
_C2_THEN_EXTENDED = re.compile("Â[\u0100-\u017f]")


def _pairs_cost(text: str) -> float:
    total = 0.0
    if "Ã" in text or "Â" in text:
        total += LEAD_THEN_TAIL_COST * len(_LEAD_THEN_TAIL.findall(text))
        total += LEAD_THEN_TAIL_COST * len(_C2_THEN_EXTENDED.findall(text))
    if "Ă" in text or "Ĺ" in text:
        total += LEAD_THEN_TAIL_COST * len(_CP1250_LEAD_THEN_TAIL.findall(text))
    for pair, extra in MOJIBAKE_PAIRS.items():
        if pair in text:
            total += extra * text.count(pair)
    total += JAMO_UNJOINED_COST * len(_JAMO_UNJOINED.findall(text))
    return total


# A Hangul consonant then a vowel written apart (ㅅㅡ): any Korean input method joins them
# into a syllable (스); Korean writes letters alone as ㅋㅋ, ㅎㅎ, ㅠㅠ, never so. What EUC-KR
# makes of a common Big5 word (今天 is A4 B5 A4 D1, ㅅㅡ).
_JAMO_UNJOINED = re.compile("[\u3131-\u314e][\u314f-\u3163]")


def characters_cost(text: str) -> float:
    """The characters' own costs, without the pair rules.

    >>> characters_cost("Ã©") < cost("Ã©")
    True
    """
    if len(text) > _MEMO_LENGTH:
        # Mojibake repeats a few characters (Ã, â, æ): count them once each.
        return sum(char_info(char)[2] * count for char, count in Counter(text).items())
    return sum(char_info(char)[2] for char in text)


def cost(text: str) -> float:
    """Total implausibility of ``text``: character costs plus pair costs.

    >>> cost("阶跃星辰") < cost("闃惰穬鏄熻景")
    True
    >>> cost("café") < cost("cafÃ©")
    True
    """
    if len(text) > _MEMO_LENGTH:
        return _cost_sparse(text) if len(text) > _SPARSE_LENGTH else _cost(text)
    known = _COSTS.get(text)
    if known is None:
        if len(_COSTS) > _MEMO_SIZE:
            _COSTS.clear()
        known = _COSTS[text] = _cost(text)
    return known


def clear_cost_memo() -> None:
    """Forget the costs of the strings :func:`cost` has seen (see ``repair.clear_memos``)."""
    _COSTS.clear()


# The repair engine asks about the same short strings (units, their neighbours) again and
# again; the answer is a pure function of the string.
_COSTS: dict[str, float] = {}
_MEMO_LENGTH = 16
_MEMO_SIZE = 200_000


_SPARSE_LENGTH = 64
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Rules look at most two characters back or ahead, so ASCII further than this from any
# non-ASCII character adds nothing but its own characters' costs.
_REACH = 2


def _cost_sparse(text: str) -> float:
    """:func:`_cost` of a long string, visiting only the neighbourhoods of its non-ASCII
    characters: the ASCII between them costs nothing but its control characters.
    """
    total = 0.0
    covered_to = 0
    window_start = window_end = -1
    for match in _NON_ASCII_RUN.finditer(text):
        start, end = max(0, match.start() - _REACH), min(len(text), match.end() + _REACH)
        if window_end >= 0 and start <= window_end + _REACH:
            window_end = end  # close enough to share one window: no rule is counted twice
            continue
        if window_end >= 0:
            total += _cost(text[window_start:window_end])
            total += _controls_cost(text, covered_to, window_start)
            covered_to = window_end
        window_start, window_end = start, end
    if window_end >= 0:
        total += _cost(text[window_start:window_end])
        total += _controls_cost(text, covered_to, window_start)
        covered_to = window_end
    return total + _controls_cost(text, covered_to, len(text))


def _controls_cost(text: str, start: int, end: int) -> float:
    return KIND_COST[CONTROL] * len(_ASCII_CONTROL.findall(text, start, end))


def _cost(text: str) -> float:
    total = 0.0
    previous = None
    before_previous = None
    third_back = None
    previous_char = ""
    for char in text:
        info = char_info(char)
        total += info[2]
        if previous is not None:
            pair = previous_char + char
            known = _PAIR_COSTS.get(pair)
            if known is None:
                if len(_PAIR_COSTS) > _MEMO_SIZE:
                    _PAIR_COSTS.clear()
                known = _PAIR_COSTS[pair] = pair_cost(previous, info)
            total += known
            # The three- and four-character rules all need the middle character to be an
            # accented capital, a space, a guillemet or CJK, and a CJK one needs a Latin
            # letter beside it or to be half-width: most text, Chinese included, skips them.
            if before_previous is None:
                pass
            elif previous[0] == UPPER or previous[0] == SPACE:
                total += _triple_cost(before_previous, previous, info)
            elif previous[1] == GUILLEMET:
                total += _guillemet_in_word_cost(before_previous, info)
            elif previous[1] in _CJK_SCRIPTS:
                latin_after = info[0] == ASCII_LOWER or info[0] == ASCII_UPPER
                if (
                    latin_after
                    or before_previous[0] == ASCII_LOWER
                    or before_previous[0] == ASCII_UPPER
                    or _halfwidth_kana(previous)
                ):
                    total += _triple_cost(before_previous, previous, info)
                if third_back is not None and info[0] == ASCII_LOWER:
                    total += _pair_in_word_cost(third_back, before_previous, previous, info)
        elif info[0] == MARK and info[1] != "stroke":
            total += MARK_AFTER_NONLETTER  # a combining mark with nothing to combine with
        third_back, before_previous, previous = before_previous, previous, info
        previous_char = char
    if previous is not None and before_previous is not None:
        # The text's end is a word boundary too: "Mal谩" ends a Latin word with one hanzi,
        # as "Mal谩 " does (the three-character rule only sees it with a character after).
        total += _triple_cost(before_previous, previous, _END)
    return total + _pairs_cost(text)


_END = (SPACE, COMMON, 0.0)  # what the rules see past the end of a text
# A pair's cost is a pure function of its two characters, and decoding scores the same
# pairs across every candidate reading of a file.
_PAIR_COSTS: dict[str, float] = {}


def _pair_in_word_cost(
    first: tuple[int, str, float],
    second: tuple[int, str, float],
    third: tuple[int, str, float],
    fourth: tuple[int, str, float],
) -> float:
    """Two CJK characters inside one Latin word (``th茅芒tre``, ``N繳簽ez``): two accented
    letters read by a CJK codec. Chinese glues words to English ones at their edges
    ("Python语言"), not between a letter and a lowercase letter of one word.
    """
    if (
        first[0] in (ASCII_LOWER, ASCII_UPPER)
        and fourth[0] == ASCII_LOWER
        and second[1] in _CJK_SCRIPTS
        and third[1] in _CJK_SCRIPTS
    ):
        return LONE_CJK_IN_LATIN_WORD
    return 0.0


def _guillemet_in_word_cost(first: tuple[int, str, float], third: tuple[int, str, float]) -> float:
    """A guillemet between two letters of one word (``colec»õia``: Mac Roman reads Romanian
    ț, C8 9B, as ``»õ``): quotes open and close words, never stand inside one. Other signs
    do (``col·lecció``; ``MÄ£ÄM`` writes £ for E).

    >>> _guillemet_in_word_cost(char_info("c"), char_info("õ")) > 0
    True
    >>> _guillemet_in_word_cost(char_info(" "), char_info("W"))
    0.0
    """
    if first[0] in LETTER_KINDS and third[0] in LETTER_KINDS:
        return GUILLEMET_INSIDE_WORD
    return 0.0


def _triple_cost(
    first: tuple[int, str, float], second: tuple[int, str, float], third: tuple[int, str, float]
) -> float:
    """Three in a row: two accented capitals then a lowercase letter (``KĂĽhnert``), or a
    space between two Han characters (Chinese puts no spaces between words; Korean does).
    """
    if first[0] == UPPER and second[0] == UPPER and third[0] in CASED_LOWER:
        return CAPS_PAIR_THEN_LOWER
    if second[1] in _CJK_SCRIPTS:
        # One CJK character inside a Latin word ("espa帽ol", "T체r") is a Latin letter misread.
        lonely = 0.0
        if _halfwidth_kana(second) and not _halfwidth_kana(first) and not _halfwidth_kana(third):
            lonely += LONE_HALFWIDTH_KANA  # old systems wrote whole words half-width: "ｶﾅ"
        if first[0] in (ASCII_LOWER, ASCII_UPPER) and third[1] not in _CJK_SCRIPTS:
            lonely += LONE_CJK_IN_LATIN_WORD
        if third[0] in (ASCII_LOWER, ASCII_UPPER) and first[1] not in _CJK_SCRIPTS:
            lonely += LONE_CJK_IN_LATIN_WORD
        return lonely
    if second[0] == SPACE and first[1] == "Han" and third[1] == "Han":
        return HAN_SPACE_HAN
    return 0.0
