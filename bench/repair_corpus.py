"""Build the mojibake repair corpus: real multilingual text, garbled the ways text gets garbled.

The text comes from the development dependencies (CLDR data through babel, faker's locales)
and from hand-written English templates and tricky negatives; nothing is downloaded. Every
text is garbled by every chain in :data:`CHAINS` that is lossless for it (each layer encodes
and decodes strictly and must round-trip), as a whole, as a span (a name inside clean text)
and as a partial document (some lines of a multi-line text). A separate clean set holds text
that a repairer must leave alone.

Everything is deterministic: fixed seeds, sorted output, no clocks.

    python bench/repair_corpus.py            # writes bench/out/repair-corpus.jsonl
    python bench/repair_corpus.py --quick    # the small development sample
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

BASE_SEED = 20240305
OUT_DIR = Path(__file__).resolve().parent / "out"

KINDS = ("whole", "span", "partial-document")
CLEAN_KIND = "clean"
CLEAN_CHAIN = "clean"


# --- codecs -----------------------------------------------------------------------------

# Display names for reports; keys are the codec names used in chain steps.
CODEC_NAMES = {
    "utf-8": "UTF-8",
    "cp1252": "cp1252",
    "latin-1": "Latin-1",
    "mac_roman": "Mac Roman",
    "cp437": "cp437",
    "cp1250": "cp1250",
    "cp1251": "cp1251",
    "gbk": "GBK",
    "gb18030": "GB18030",
    "big5": "Big5",
    "shift_jis": "Shift-JIS",
    "euc_kr": "EUC-KR",
}


@cache
def _sloppy_cp1252_tables() -> tuple[dict[int, str], dict[int, int]]:
    """Windows-1252 as browsers decode it: the five bytes Python leaves undefined are C1 controls.

    Returns (decode table for ``str.translate`` over Latin-1 text, encode table back to bytes).
    """
    decode: dict[int, str] = {}
    encode: dict[int, int] = {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            char = chr(byte)
        decode[byte] = char
        encode[ord(char)] = byte
    return decode, encode


def decode_strict(data: bytes, codec: str) -> str | None:
    """Decode ``data`` the way a misconfigured reader would; None when the codec cannot."""
    if codec == "cp1252":
        decode, _ = _sloppy_cp1252_tables()
        return data.decode("latin-1").translate(decode)
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def encode_strict(text: str, codec: str) -> bytes | None:
    if codec == "cp1252":
        _, encode = _sloppy_cp1252_tables()
        try:
            return bytes(encode[ord(char)] for char in text)
        except KeyError:
            return None
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


# --- chains -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """How text got garbled, first step first: each step is (codec of the bytes, codec read as).

    Step n+1 takes step n's text, encodes it with its source codec (UTF-8 for every layer after
    the first) and decodes the bytes with its read codec.
    """

    name: str
    steps: tuple[tuple[str, str], ...]
    # Only texts in these languages are garbled by the chain (legacy-encoded sources); None = all.
    languages: frozenset[str] | None = None
    # Only texts the source codec cannot tell apart from a narrower one are skipped: GB18030
    # text that GBK also encodes identically is GBK text.
    needs_beyond: str | None = None

    @property
    def layers(self) -> tuple[str, ...]:
        """One name per layer, in the form ``Repair.chain`` uses ("UTF-8 read as cp1252")."""
        return tuple(f"{CODEC_NAMES[src]} read as {CODEC_NAMES[read]}" for src, read in self.steps)

    @property
    def slug(self) -> str:
        return "+".join(f"{src}~{read}" for src, read in self.steps)

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages


def _utf8_chain(read: str) -> Chain:
    return Chain(f"UTF-8 read as {CODEC_NAMES[read]}", (("utf-8", read),))


def _layered(*reads: str) -> Chain:
    name = " -> ".join(["UTF-8", *(CODEC_NAMES[r] for r in reads)])
    return Chain(name, tuple(("utf-8", read) for read in reads))


def _legacy(source: str, read: str, languages: Iterable[str], beyond: str | None = None) -> Chain:
    name = f"{CODEC_NAMES[source]} read as {CODEC_NAMES[read]}"
    return Chain(name, ((source, read),), frozenset(languages), beyond)


_LEGACY_SOURCES = (
    ("gbk", ("zh_Hans",), None),
    ("gb18030", ("zh_Hans",), "gbk"),
    ("big5", ("zh_Hant",), None),
    ("shift_jis", ("ja",), None),
    ("euc_kr", ("ko",), None),
)

CHAINS: tuple[Chain, ...] = (
    *(
        _utf8_chain(read)
        for read in (
            "cp1252",
            "latin-1",
            "mac_roman",
            "cp437",
            "cp1250",
            "cp1251",
            "gbk",
            "gb18030",
            "big5",
            "shift_jis",
            "euc_kr",
        )
    ),
    *(
        _legacy(source, read, languages, beyond)
        for source, languages, beyond in _LEGACY_SOURCES
        for read in ("latin-1", "cp1252")
    ),
    _layered("cp1252", "cp1252"),
    _layered("mac_roman", "cp1252"),
    _layered("cp1252", "cp1252", "cp1252"),
    _layered("latin-1", "cp1252"),
    _layered("cp1251", "cp1252"),
)
CHAIN_ORDER = {chain.name: index for index, chain in enumerate(CHAINS)}


def garble(text: str, chain: Chain) -> str | None:
    """``text`` garbled by ``chain``, or None when some layer is lossy or nothing changes."""
    if chain.needs_beyond is not None and encode_strict(text, chain.needs_beyond) is not None:
        return None
    current = text
    for source, read in chain.steps:
        data = encode_strict(current, source)
        if data is None:
            return None
        garbled = decode_strict(data, read)
        # A layer the repairer could not undo exactly is not a fair test item.
        if garbled is None or encode_strict(garbled, read) != data:
            return None
        current = garbled
    return None if current == text else current


# --- languages and source text ----------------------------------------------------------


@dataclass(frozen=True)
class Language:
    code: str
    faker_locale: str
    cldr_locale: str
    # faker falls back to Latin lorem ipsum for some locales; those get CLDR sentences instead.
    native_lorem: bool


LANGUAGES: tuple[Language, ...] = (
    Language("en", "en_US", "en", True),
    Language("zh_Hans", "zh_CN", "zh_Hans_CN", True),
    Language("zh_Hant", "zh_TW", "zh_Hant_TW", True),
    Language("ja", "ja_JP", "ja", True),
    Language("ko", "ko_KR", "ko", False),
    Language("ru", "ru_RU", "ru", True),
    Language("uk", "uk_UA", "uk", True),
    Language("el", "el_GR", "el", True),
    Language("ar", "ar_AA", "ar", True),
    Language("he", "he_IL", "he", True),
    Language("vi", "vi_VN", "vi", True),
    Language("fr", "fr_FR", "fr", True),
    Language("de", "de_DE", "de", True),
    Language("pt", "pt_BR", "pt_BR", False),
    Language("tr", "tr_TR", "tr", False),
    Language("es", "es_ES", "es", True),
    Language("it", "it_IT", "it", True),
    Language("pl", "pl_PL", "pl", True),
    Language("cs", "cs_CZ", "cs", True),
    Language("hu", "hu_HU", "hu", False),
)
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)
LEGACY_LANGUAGES = frozenset(code for _, codes, _ in _LEGACY_SOURCES for code in codes)

# Hand-written English pieces: typographic punctuation, symbols and emoji as they appear in
# news and product text.
_EMOJI = ("🎉", "👍", "📖", "❌", "✅", "🚀", "❤️", "☕", "🇯🇵", "👨‍👩‍👧", "😂", "🔥")
_SYMBOLS = ("™", "©", "®", "°C", "±2%", "×3", "→", "•", "…", "½", "€", "£", "¥", "§", "√2")
_ENGLISH_TEMPLATES = (
    "{person} met {zh_roman} ({zh_name}) in {city} — “a {phrase}”, she said.",
    "“{phrase},” says {zh_roman} ({zh_name}), CEO of {company}. {emoji}",
    "Price: {currency}{amount} – was {currency}{old_amount} {symbol}",
    "{zh_name} ({zh_roman}) joins {company} as {job}… {emoji}",
    "Q&A: {person} on ‘{phrase}’ — and why {city} matters {emoji}",
    "{company}™ announces {phrase} • {city} • {temperature}°C",
    "Update {emoji}: {zh_roman}’s team shipped “{phrase}” – {symbol} {amount} users",
    "{person} – {job} – “{zh_name}” {symbol}",
)
# Carriers for span garbling: clean text around one name; some carry typographic punctuation.
_SPAN_CARRIERS = (
    "Contact {name} for details.",
    "Photo: {name} / Staff",
    "Author: {name}",
    "Interview with {name}, recorded on Monday.",
    "“{name}” wrote back the same day — see below.",
    "Thanks to {name} • 5 min read",
    "From: {name} <info@example.org>",
    "Speaker – {name} – keynote at 10:30",
)


def _seed(*parts: str) -> int:
    return BASE_SEED + zlib.crc32("/".join(parts).encode("utf-8"))


@cache
def _faker(locale: str, purpose: str):
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(_seed(locale, purpose))
    for provider in fake.providers:
        # faker's it_IT builds its city list from a set, so its order follows the string hash
        # seed of the process; sorted, the same seed gives the same cities in every run.
        cities = getattr(provider, "cities", None)
        if isinstance(cities, list):
            provider.cities = sorted(cities)
    return fake


@cache
def _cldr(locale: str):
    from babel import Locale

    return Locale.parse(locale)


def _sorted_names(mapping: dict) -> list[str]:
    return [name for _, name in sorted(mapping.items()) if name]


def _line_makers(language: Language, purpose: str) -> list[Callable[[random.Random], str]]:
    """Ways to make one line of text in ``language``, each drawing from faker or CLDR."""
    from babel.dates import format_date
    from babel.lists import format_list
    from babel.numbers import format_currency, format_decimal

    fake = _faker(language.faker_locale, purpose)
    cldr = _cldr(language.cldr_locale)
    territories = _sorted_names(cldr.territories)
    languages = _sorted_names(cldr.languages)
    months = [cldr.months["format"]["wide"][m] for m in range(1, 13)]
    days = [cldr.days["format"]["wide"][d] for d in range(7)]

    def cldr_date(rng: random.Random) -> str:
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000))
        return f"{format_date(day, 'full', locale=cldr)}: {rng.choice(territories)}"

    def cldr_list(rng: random.Random) -> str:
        return format_list(rng.sample(languages, rng.randint(2, 4)), locale=cldr)

    def cldr_money(rng: random.Random) -> str:
        amount = rng.randrange(100, 10**7) / 100
        currency = rng.choice(("EUR", "USD", "JPY", "CNY", "GBP", "KRW", "RUB", "TRY"))
        count = format_decimal(rng.randrange(2, 5000), locale=cldr)
        money = format_currency(amount, currency, locale=cldr)
        return f"{rng.choice(territories)} {count} – {money}"

    def cldr_calendar(rng: random.Random) -> str:
        return format_list([rng.choice(months), rng.choice(days), rng.choice(days)], locale=cldr)

    if language.code == "en":
        return [_english_line, _english_line, lambda rng: fake.name(), cldr_money]

    makers: list[Callable[[random.Random], str]] = [
        lambda rng: fake.name(),
        lambda rng: f"{fake.name()}, {fake.city()}",
        lambda rng: fake.address().replace("\n", ", "),
        lambda rng: f"{fake.company()} — {fake.job()}",
        cldr_date,
        cldr_list,
        cldr_money,
        cldr_calendar,
    ]
    if language.native_lorem:
        makers.append(lambda rng: fake.sentence(nb_words=rng.randint(4, 14)))
        makers.append(lambda rng: fake.paragraph(nb_sentences=2))
    return makers


def _english_line(rng: random.Random) -> str:
    fake = _faker("en_US", "english")
    chinese = _faker("zh_CN", "english")
    return rng.choice(_ENGLISH_TEMPLATES).format(
        person=fake.name(),
        zh_roman=chinese.romanized_name(),
        zh_name=chinese.name(),
        city=fake.city(),
        phrase=fake.catch_phrase().lower(),
        company=fake.company(),
        job=fake.job().lower(),
        emoji=rng.choice(_EMOJI),
        symbol=rng.choice(_SYMBOLS),
        currency=rng.choice("$€£¥"),
        amount=rng.randrange(2, 999),
        old_amount=rng.randrange(1000, 5000),
        temperature=rng.randrange(-20, 40),
    )


def _add_gb18030_only(text: str, rng: random.Random) -> str:
    """Give some Chinese text a character GBK lacks, so GB18030 chains have material."""
    return f"{text} {rng.choice(_EMOJI[:6])}"


@dataclass(frozen=True)
class SourceText:
    language: str
    index: int
    text: str
    multiline: bool


def source_texts(language: Language, lines: int, documents: int) -> list[SourceText]:
    """``lines`` distinct single-line texts, then ``documents`` multi-line texts, in fixed order."""
    rng = random.Random(_seed(language.code, "lines"))
    makers = _line_makers(language, "lines")
    seen: set[str] = set()
    texts: list[SourceText] = []
    attempts = 0
    while len(texts) < lines and attempts < lines * 20:
        text = makers[attempts % len(makers)](rng).strip()
        if language.code == "zh_Hans" and attempts % 5 == 4:
            text = _add_gb18030_only(text, rng)
        attempts += 1
        if text and text not in seen:
            seen.add(text)
            texts.append(SourceText(language.code, len(texts), text, multiline=False))
    doc_rng = random.Random(_seed(language.code, "documents"))
    doc_makers = _line_makers(language, "documents")
    for _ in range(documents):
        count = doc_rng.randint(5, 12)
        body = [doc_rng.choice(doc_makers)(doc_rng).strip() for _ in range(count)]
        texts.append(SourceText(language.code, len(texts), "\n".join(body), multiline=True))
    return texts


def span_names(language: Language, count: int) -> list[str]:
    fake = _faker(language.faker_locale, "spans")
    names: list[str] = []
    for _ in range(count * 5):
        name = fake.name()
        if name not in names:
            names.append(name)
        if len(names) == count:
            break
    return names


# --- corpus items -----------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusItem:
    id: str
    language: str
    chain: str
    kind: str
    original: str
    garbled: str
    # Layer names as ``Repair.chain`` reports them; empty for clean items.
    layers: tuple[str, ...] = ()
    # Clean items only: which kind of trap the text is.
    group: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["layers"] = list(self.layers)
        return data


@dataclass(frozen=True)
class CorpusSize:
    lines_per_language: int
    documents_per_language: int
    spans_per_language: int


FULL_SIZE = CorpusSize(lines_per_language=36, documents_per_language=6, spans_per_language=20)


@dataclass(frozen=True)
class Corpus:
    garbled: tuple[CorpusItem, ...]
    clean: tuple[CorpusItem, ...]

    def items(self) -> tuple[CorpusItem, ...]:
        return self.garbled + self.clean


def _garble_lines(text: str, chain: Chain, rng: random.Random) -> str | None:
    """Garble about a third of the lines (at least one) that ``chain`` can garble."""
    lines = text.split("\n")
    candidates = [(i, g) for i, line in enumerate(lines) if (g := garble(line, chain)) is not None]
    if not candidates:
        return None
    picked = rng.sample(candidates, max(1, len(candidates) // 3))
    for index, garbled in picked:
        lines[index] = garbled
    return "\n".join(lines)


def _garbled_items(
    language: Language, texts: Sequence[SourceText], names: Sequence[str]
) -> list[CorpusItem]:
    items: list[CorpusItem] = []
    for chain in CHAINS:
        if not chain.applies_to(language.code):
            continue

        def add(kind: str, index: int, original: str, garbled: str, chain: Chain = chain) -> None:
            items.append(
                CorpusItem(
                    id=f"{chain.slug}/{kind}/{language.code}/{index:04d}",
                    language=language.code,
                    chain=chain.name,
                    kind=kind,
                    original=original,
                    garbled=garbled,
                    layers=chain.layers,
                )
            )

        rng = random.Random(_seed(language.code, chain.slug))
        for source in texts:
            if source.multiline:
                garbled = _garble_lines(source.text, chain, rng)
                if garbled is not None:
                    add("partial-document", source.index, source.text, garbled)
            whole = garble(source.text, chain)
            if whole is not None:
                add("whole", source.index, source.text, whole)
        for index, name in enumerate(names):
            garbled_name = garble(name, chain)
            if garbled_name is None:
                continue
            carrier = _SPAN_CARRIERS[index % len(_SPAN_CARRIERS)]
            add("span", index, carrier.format(name=name), carrier.format(name=garbled_name))
    return items


# --- the clean set ----------------------------------------------------------------------

# Written for textkeep: text that resembles mojibake, or that a too-eager repairer breaks.
TRICKY_NEGATIVES: tuple[str, ...] = (
    "SÃO PAULO",
    "SÃO JOÃO DA BARRA",
    "ÇA",
    "ÇA VA ? ÇA VA.",
    "ÔÔÔ",
    "CORAÇÃO",
    "AÇÃO E REAÇÃO",
    "ÓRGÃOS PÚBLICOS",
    "MÃE E IRMÃS",
    "À BIENTÔT",
    "ÎLE-DE-FRANCE",
    "HÔTEL DE VILLE",
    "NOËL À PARIS",
    "ÉCOLE ÉTÉ",
    "ÉÉÉ!",
    "GRÜSSE AUS MÜNCHEN",
    "ÄÖÜ",
    "İSTANBUL",
    "IĞDIR VE ŞIRNAK",
    "ÇANAKKALE",
    "ÑANDÚ",
    "ÞÓRSHÖFN",
    "THÀNH PHỐ HỒ CHÍ MINH",
    "ĐÀ NẴNG",
    "ÅÄÖ",
    "ØRSTED",
    "Ã = A + B",
    "Â is a vowel with a circumflex",
    "Ð and ð are called eth",
    "ÐÐÐ",
    "Ãà",
    "ÂÂÂÂ",
    "Ê",
    "Ì Í Î Ï",
    "¡Hola! ¿Qué tal?",
    "«Bonjour», dit-il.",
    "„Hallo“, sagte sie.",
    "‹single› «double»",
    "§ 5 Abs. 2",
    "© 2024 Example™ ®",
    "1½ cups, ¼ tsp",
    "±0.5 %",
    "2 × 3 ÷ 4",
    "¬p ∨ q",
    "a ¦ b",
    "√2 ≈ 1.414",
    "∑ xᵢ ≤ ∞",
    "π ≈ 3.14159",
    "∆T = 5 °C",
    "≤ ≥ ≠ ≡",
    "10 µs",
    "R = 4.7 kΩ",
    "ƒ(x) = x²",
    "∫ f(x) dx",
    "€12,50",
    "£5.99",
    "¥1000",
    "₩5,000",
    "₽ 300",
    "₹ 99",
    "₺ 45",
    "12.000 ₫",
    "₪ 20",
    "¢ and ¤",
    "│ ├── src",
    "╔══╗\n║ok║\n╚══╝",
    "░▒▓█",
    "α β Γ π Σ σ µ τ Φ Θ Ω δ ∞ φ ε ∩",
    "ΑΘΗΝΑ",
    "Ελληνικά",
    "МОСКВА",
    "Ёж и ёлка",
    "ОАО «Газпром»",
    "ЁЁЁ",
    "ЯЯ",
    "Ñ",
    "ß",
    "ẞ",
    "Œuvre, ŒUVRE",
    "Æsir",
    "ｶﾀｶﾅ",
    "ﾃｽﾄ",
    "ＡＢＣ１２３",
    "¯\\_(ツ)_/¯",
    "(╯°□°)╯︵ ┻━┻",
    "ʕ•ᴥ•ʔ",
    "(｡◕‿◕｡)",
    "ヽ(´▽`)/",
    "(ಠ_ಠ)",
    "(≧▽≦)",
    "¬_¬",
    "(¬‿¬)",
    "ᕕ( ᐛ )ᕗ",
    "(⌐■_■)",
    "👍",
    "🎉🎉",
    "👨‍👩‍👧‍👦",
    "🇯🇵🇰🇷🇨🇳",
    "❤️",
    "✅ Done",
    "⚠️ Warning",
    "Café ☕",
    "naïve café façade",
    "résumé",
    "Ångström",
    "Ça alors",
    "Mötley Crüe",
    "Beyoncé",
    "Zoë’s “quotes” — and ‘dashes’ – too…",
    "It’s 5 o’clock",
    "“Ã”",
    "‚low‘ quote",
    "•••",
    "†‡",
    "‰ and ‱",
    "™™™",
    "¿¡",
    "×××",
    "ÀÁÂÃÄÅ",
    "àáâãäå",
    "ÒÓÔÕÖ",
    "ÙÚÛÜ",
    "ÿ",
    "Ÿ",
    "ŠŽšž",
    "ŁÓDŹ",
    "PŘÍLIŠ ŽLUŤOUČKÝ KŮŇ",
    "ÁRVÍZTŰRŐ TÜKÖRFÚRÓGÉP",
    "中",
    "中文",
    "日本語",
    "한국어",
    "ㅋㅋㅋ",
    "嗯",
    "喵",
    "東京都",
    "上海",
    "はい",
    "いいえ",
    "ありがとう",
    "감사",
    "繁體",
    "龍",
    "鍋",
    "锟",
    "縺",
    "譁",
    "蜷",
    "テスト",
    "カタカナ",
    "円",
    "元",
    "원",
    "Ω",
    "µ",
    "¼",
    "°",
    "ø",
    "ñ",
    "é",
    "ü",
    "Ã",
    "Â",
    "Ð",
)


def _clean_item(group: str, language: str, index: int, text: str) -> CorpusItem:
    return CorpusItem(
        id=f"clean/{group}/{language}/{index:04d}",
        language=language,
        chain=CLEAN_CHAIN,
        kind=CLEAN_KIND,
        original=text,
        garbled=text,
        group=group,
    )


def _short_cjk(language: Language, texts: Sequence[SourceText], count: int) -> list[str]:
    """One to four characters cut from real CJK text: where statistics have least to go on."""
    rng = random.Random(_seed(language.code, "short"))
    runs: list[str] = []
    for source in texts:
        run = ""
        for char in source.text + " ":
            if "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7a3":
                run += char
            elif run:
                runs.append(run)
                run = ""
    shorts: list[str] = []
    for run in runs:
        width = rng.randint(1, 4)
        start = rng.randrange(max(1, len(run) - width + 1))
        piece = run[start : start + width]
        if piece not in shorts:
            shorts.append(piece)
        if len(shorts) == count:
            break
    return shorts


def _clean_items(
    per_language: dict[str, list[SourceText]], names: dict[str, list[str]]
) -> list[CorpusItem]:
    items = [_clean_item("tricky negative", "mixed", i, t) for i, t in enumerate(TRICKY_NEGATIVES)]
    for language in LANGUAGES:
        code = language.code
        texts = per_language[code]
        for source in texts:
            group = "document" if source.multiline else "text"
            items.append(_clean_item(group, code, source.index, source.text))
        for index, name in enumerate(names[code]):
            carrier = _SPAN_CARRIERS[index % len(_SPAN_CARRIERS)]
            items.append(_clean_item("name in text", code, index, carrier.format(name=name)))
        if names[code]:
            items.append(_clean_item("names list", code, 0, ", ".join(names[code])))
            items.append(_clean_item("names list", code, 1, "\n".join(names[code][::-1])))
        capitals = sorted(
            {s.text.upper() for s in texts if not s.multiline and s.text.upper() != s.text}
        )
        for index, text in enumerate(capitals[:16]):
            items.append(_clean_item("capitals", code, index, text))
        if code in ("zh_Hans", "zh_Hant", "ja", "ko"):
            for index, text in enumerate(_short_cjk(language, texts, 40)):
                items.append(_clean_item("short CJK", code, index, text))
    return items


# --- building and sampling --------------------------------------------------------------


def build_corpus(size: CorpusSize = FULL_SIZE) -> Corpus:
    # Faker instances carry their random state; fresh ones make every build the same.
    _faker.cache_clear()
    per_language: dict[str, list[SourceText]] = {}
    names: dict[str, list[str]] = {}
    garbled: list[CorpusItem] = []
    for language in LANGUAGES:
        # Legacy-encoded chains only garble these languages; more text keeps their rows meaningful.
        lines = size.lines_per_language * (3 if language.code in LEGACY_LANGUAGES else 1)
        texts = source_texts(language, lines, size.documents_per_language)
        per_language[language.code] = texts
        names[language.code] = span_names(language, size.spans_per_language)
        garbled.extend(_garbled_items(language, texts, names[language.code]))
    clean = _clean_items(per_language, names)
    return Corpus(tuple(sorted(garbled, key=_order)), tuple(sorted(clean, key=_order)))


def _order(item: CorpusItem) -> tuple:
    return (CHAIN_ORDER.get(item.chain, len(CHAIN_ORDER)), item.id)


def _evenly(items: Sequence[CorpusItem], count: int) -> list[CorpusItem]:
    """``count`` items spread evenly over ``items`` (sorted, so kinds and languages mix)."""
    if count >= len(items):
        return list(items)
    return [items[(i * len(items)) // count] for i in range(count)]


def sample(corpus: Corpus, per_chain: int | None, clean: int | None) -> Corpus:
    """A deterministic subset: at most ``per_chain`` garbled items per chain, ``clean`` clean ones.

    Within a chain the picks are spread over kinds and languages; the hand-written tricky
    negatives always stay in the clean set.
    """
    garbled = list(corpus.garbled)
    if per_chain is not None:
        by_chain: dict[str, list[CorpusItem]] = defaultdict(list)
        for item in corpus.garbled:
            by_chain[item.chain].append(item)
        garbled = [
            picked
            for name in sorted(by_chain, key=CHAIN_ORDER.__getitem__)
            for picked in _by_kind_evenly(by_chain[name], per_chain)
        ]
    kept_clean = list(corpus.clean)
    if clean is not None:
        negatives = [i for i in corpus.clean if i.group == "tricky negative"]
        rest = [i for i in corpus.clean if i.group != "tricky negative"]
        kept_clean = sorted(negatives + _evenly(rest, max(0, clean - len(negatives))), key=_order)
    return Corpus(tuple(garbled), tuple(kept_clean))


def _by_kind_evenly(items: Sequence[CorpusItem], count: int) -> list[CorpusItem]:
    kinds = [[i for i in items if i.kind == kind] for kind in KINDS]
    kinds = [group for group in kinds if group]
    picked: list[CorpusItem] = []
    for position, group in enumerate(kinds):
        share = count // len(kinds) + (1 if position < count % len(kinds) else 0)
        picked.extend(_evenly(group, share))
    return sorted(picked, key=_order)


QUICK_PER_CHAIN = 62  # x 26 chains, fewer for the legacy ones: ~1,450 garbled items
QUICK_CLEAN = 500


def quick_corpus() -> Corpus:
    return sample(build_corpus(), QUICK_PER_CHAIN, QUICK_CLEAN)


# --- throughput text --------------------------------------------------------------------


def throughput_lines(corpus: Corpus) -> list[tuple[str, str]]:
    """(language, line) pool for the throughput documents: every single line of clean text."""
    pool = []
    for item in corpus.clean:
        if item.group in ("text", "name in text"):
            pool.append((item.language, item.original))
    return pool


def throughput_documents(
    corpus: Corpus, megabytes: float, garbled_every: int | None, lines_per_document: int = 50
) -> list[str]:
    """Documents of mixed clean text totalling ``megabytes`` of UTF-8.

    Lines join two or three same-language pieces at random (seeded), so a repairer that caches
    per line gains nothing from repetition. With ``garbled_every`` = n, every n-th line is
    garbled by the next UTF-8 chain (in turn) that can garble it.
    """
    rng = random.Random(_seed("throughput", str(garbled_every)))
    pool = throughput_lines(corpus)
    by_language: dict[str, list[str]] = defaultdict(list)
    for language, line in pool:
        by_language[language].append(line)
    languages = sorted(by_language)
    single_layer = [c for c in CHAINS if len(c.steps) == 1 and c.steps[0][0] == "utf-8"]
    budget = int(megabytes * 1_000_000)
    documents: list[str] = []
    lines: list[str] = []
    size = 0
    turn = 0
    while size < budget:
        pieces = by_language[rng.choice(languages)]
        line = " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 3)))
        if garbled_every and len(lines) % garbled_every == garbled_every - 1:
            for attempt in range(len(single_layer)):
                chain = single_layer[(turn + attempt) % len(single_layer)]
                garbled = garble(line, chain)
                if garbled is not None:
                    line = garbled
                    turn += attempt + 1
                    break
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
        if len(lines) == lines_per_document:
            documents.append("\n".join(lines) + "\n")
            lines = []
    if lines:
        documents.append("\n".join(lines) + "\n")
    return documents


# --- CLI --------------------------------------------------------------------------------


def write_jsonl(corpus: Corpus, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in corpus.items():
            out.write(json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def summary(corpus: Corpus) -> str:
    counts: dict[str, int] = defaultdict(int)
    for item in corpus.garbled:
        counts[item.chain] += 1
    lines = [f"{counts[c.name]:6d}  {c.name}" for c in CHAINS]
    lines.append(f"{len(corpus.garbled):6d}  garbled in total")
    lines.append(f"{len(corpus.clean):6d}  clean")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small development sample")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "repair-corpus.jsonl")
    args = parser.parse_args(argv)
    corpus = quick_corpus() if args.quick else build_corpus()
    write_jsonl(corpus, args.out)
    print(summary(corpus))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
