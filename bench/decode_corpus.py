"""Labelled corpus for the decode benchmark (issue 5): real text, encoded every way its script is.

    python bench/decode_corpus.py [--quick]     # writes bench/out/decode-corpus[-quick].jsonl

Text comes from ``repair_corpus.source_texts`` (faker and babel/CLDR, installed with the dev
dependencies). For each language, documents are assembled from its lines, then encoded in
every encoding its script uses, at full length and cut to 1,024, 256 and 64 bytes on a
character boundary. Lines a legacy codec cannot encode are left out of that codec's copy, so
every item's bytes decode back to its text exactly.

Two more kinds test what detectors cannot do:

- ``broken``: UTF-8 documents with invalid bytes inserted at character boundaries (the
  offsets are recorded), or with one name written in a legacy codec (cp1252 or GBK) inside;
- ``mixed``: the first lines in UTF-8, the rest in the language's legacy codec, or the other
  way round (lines appended by two programs).

Each item: ``id``, ``language``, ``encoding`` (label), ``length`` ("full", "1024", "256", "64"),
``kind`` ("single", "broken-junk", "broken-fragment", "mixed"), ``text`` (expected), ``data``
(hex of the bytes) and, for junk, ``junk`` ([[char position, byte offset, hex]...]). Fixed
seeds: the same dependencies give the same file byte for byte.
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import sys
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import repair_corpus

OUT_DIR = Path(__file__).resolve().parent / "out"
SEED = 20240505
LENGTHS = (1024, 256, 64)
_WIDE_LABELS = {
    "utf-16-le": ("utf-16-le", b""),
    "utf-16-be": ("utf-16-be", b""),
    "utf-32-le": ("utf-32-le", b""),
    "utf-32-be": ("utf-32-be", b""),
    "utf-16-le+bom": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be+bom": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32-le+bom": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32-be+bom": ("utf-32-be", codecs.BOM_UTF32_BE),
    "utf-8": ("utf-8", b""),
    "utf-8+bom": ("utf-8", codecs.BOM_UTF8),
}
WESTERN = ("cp1252", "latin-1", "mac_roman")
# Every encoding each script uses, beyond the Unicode ones.
LEGACY: dict[str, tuple[str, ...]] = {
    "zh_Hans": ("gb2312", "gbk", "gb18030"),
    "zh_Hant": ("big5",),
    "ja": ("shift_jis", "cp932", "euc_jp"),
    "ko": ("euc_kr", "cp949"),
    "ru": ("cp1251", "koi8_r", "iso8859_5"),
    "el": ("iso8859_7",),
    "fr": WESTERN,
    "de": WESTERN,
    "es": WESTERN,
    "en": WESTERN,
}
# The codec of the "other program" in mixed files and of the fragment in broken ones.
MIXED_WITH = {
    "zh_Hans": "gbk",
    "zh_Hant": "big5",
    "ja": "shift_jis",
    "ko": "euc_kr",
    "ru": "cp1251",
    "el": "iso8859_7",
    "fr": "cp1252",
    "de": "cp1252",
    "es": "cp1252",
}
FRAGMENT_CODEC = {"zh_Hans": "gbk", "fr": "cp1252", "de": "cp1252", "es": "cp1252"}
CJK_LABELS = frozenset(
    ("gb2312", "gbk", "gb18030", "big5", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949")
)
_JUNK = (b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe4\xb8", b"\xbf\xbf", b"\xf0\x9f")


@dataclass(frozen=True)
class Item:
    id: str
    language: str
    encoding: str
    length: str
    kind: str
    text: str
    data: str  # hex
    junk: list = field(default_factory=list)


@dataclass(frozen=True)
class Size:
    lines: int
    documents: int  # per language
    lines_per_document: tuple[int, int]


FULL = Size(lines=60, documents=24, lines_per_document=(4, 14))
QUICK = Size(lines=30, documents=6, lines_per_document=(4, 14))


def _rng(*parts: str) -> random.Random:
    return random.Random(SEED + zlib.crc32("/".join(parts).encode("utf-8")))


def _encodes(text: str, codec: str) -> bool:
    try:
        return text.encode(codec).decode(codec) == text
    except UnicodeError:
        return False


def documents(language: repair_corpus.Language, size: Size) -> list[list[str]]:
    """Documents as lists of lines, drawn from the language's source texts."""
    sources = repair_corpus.source_texts(language, size.lines, size.documents // 4)
    pool = [line for s in sources for line in s.text.split("\n") if line.strip()]
    rng = _rng(language.code, "documents")
    return [
        rng.sample(pool, min(len(pool), rng.randint(*size.lines_per_document)))
        for _ in range(size.documents)
    ]


def cut(text: str, codec: str, limit: int) -> str | None:
    """The longest prefix of ``text`` whose encoding fits in ``limit`` bytes (None if all fits)."""
    total = 0
    unit = 4 if "32" in codec else (2 if "16" in codec else 0)
    for index, char in enumerate(text):
        size = (
            len(char.encode(codec))
            if not unit
            else unit * (2 if ord(char) > 0xFFFF and unit == 2 else 1)
        )
        if total + size > limit:
            return text[:index]
        total += size
    return None


def _single_items(code: str, docs: list[list[str]]) -> Iterator[Item]:
    labels = [*_WIDE_LABELS, *LEGACY[code]]
    for number, lines in enumerate(docs):
        for label in labels:
            codec, bom = _WIDE_LABELS.get(label, (label, b""))
            kept = [line for line in lines if _encodes(line, codec)]
            if len(kept) < 2:
                continue
            text = "\n".join(kept) + "\n"
            yield _item(code, label, "full", "single", text, bom + text.encode(codec), number)
            for limit in LENGTHS:
                short = cut(text, codec, limit - len(bom))
                if short:
                    data = bom + short.encode(codec)
                    yield _item(code, label, str(limit), "single", short, data, number)


def _item(
    code: str,
    label: str,
    length: str,
    kind: str,
    text: str,
    data: bytes,
    number: int,
    junk: list | None = None,
) -> Item:
    return Item(
        f"{code}/{label}/{kind}/{length}/{number}",
        code,
        label,
        length,
        kind,
        text,
        data.hex(),
        junk or [],
    )


def _junk_item(code: str, lines: list[str], number: int) -> Item | None:
    text = "\n".join(lines) + "\n"
    if text.isascii():
        return None
    rng = _rng(code, "junk", str(number))
    positions = sorted(rng.sample(range(1, len(text) - 1), min(3, len(text) - 2)))
    positions = [p for i, p in enumerate(positions) if i == 0 or p - positions[i - 1] > 1]
    data = bytearray()
    junk = []
    previous = 0
    for position in positions:
        data += text[previous:position].encode("utf-8")
        piece = rng.choice(_JUNK)
        junk.append([position, len(data), piece.hex()])
        data += piece
        previous = position
    data += text[previous:].encode("utf-8")
    return _item(code, "utf-8", "full", "broken-junk", text, bytes(data), number, junk)


def _fragment_item(code: str, lines: list[str], number: int) -> Item | None:
    codec = FRAGMENT_CODEC.get(code)
    if codec is None:
        return None
    rng = _rng(code, "fragment", str(number))
    # A name written by a legacy program into a UTF-8 document.
    name = repair_corpus.span_names(
        next(lang for lang in repair_corpus.LANGUAGES if lang.code == code), 40
    )[number % 40]
    if name.isascii() or not _encodes(name, codec):
        return None
    at = rng.randrange(len(lines) + 1)
    before = "\n".join(lines[:at]) + ("\n" if at else "")
    after = "\n" + "\n".join(lines[at:]) + "\n"
    carrier = "Contact: "
    text = before + carrier + name + after
    data = (before + carrier).encode("utf-8") + name.encode(codec) + after.encode("utf-8")
    return _item(code, f"utf-8+{codec}", "full", "broken-fragment", text, data, number)


def _mixed_items(code: str, lines: list[str], number: int) -> Iterator[Item]:
    codec = MIXED_WITH.get(code)
    if codec is None:
        return
    kept = [line for line in lines if _encodes(line, codec) and not line.isascii()]
    if len(kept) < 4:
        return
    half = len(kept) // 2
    for order, (first, second) in enumerate((("utf-8", codec), (codec, "utf-8"))):
        head = "\n".join(kept[:half]) + "\n"
        tail = "\n".join(kept[half:]) + "\n"
        data = head.encode(first) + tail.encode(second)
        yield _item(
            code, f"{first}+{second}", "full", "mixed", head + tail, data, number * 2 + order
        )


def build(size: Size) -> list[Item]:
    items: list[Item] = []
    for language in repair_corpus.LANGUAGES:
        if language.code not in LEGACY:
            continue
        docs = documents(language, size)
        items += _single_items(language.code, docs)
        for number, lines in enumerate(docs):
            if (junk := _junk_item(language.code, lines, number)) is not None:
                items.append(junk)
            if (fragment := _fragment_item(language.code, lines, number)) is not None:
                items.append(fragment)
            items += _mixed_items(language.code, lines, number)
    items.sort(key=lambda item: item.id)
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the documents")
    args = parser.parse_args()
    items = build(QUICK if args.quick else FULL)
    OUT_DIR.mkdir(exist_ok=True)
    path = OUT_DIR / ("decode-corpus-quick.jsonl" if args.quick else "decode-corpus.jsonl")
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(asdict(item), ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(items)} items -> {path}")


if __name__ == "__main__":
    main()
