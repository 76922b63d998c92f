"""Build the sample originals in ``raw/`` from the expected clean texts next to this script.

This is a record of how every sample was garbled, not part of the product: tests and CI never
run it. The raw files are committed as bytes and are the originals; this script only shows, and
can re-create, how each one was made. It refuses to overwrite a raw file that already exists.

Every garbling is done with strict codecs and checked to be reversible, so each raw file still
carries all the bytes needed to get the expected text back exactly.

Usage (from the repository root)::

    python tests/data/samples/make_raw.py          # write the missing raw files
    python tests/data/samples/make_raw.py --check  # reverse each garbling, compare with .expected
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent
REPO_ROOT = SAMPLES_DIR.parents[2]
RAW_DIR = REPO_ROOT / "raw"

ZERO_WIDTH_SPACE = "\u200b"
# U+FEFF in the middle of a file: what is left when two files with BOMs are concatenated.
STRAY_BOM = "\ufeff"


def mojibake(text: str, wrong_codec: str) -> str:
    """``text`` as it looks after its UTF-8 bytes were decoded with ``wrong_codec``."""
    garbled = text.encode("utf-8").decode(wrong_codec)
    if garbled.encode(wrong_codec).decode("utf-8") != text:
        raise ValueError(f"UTF-8 read as {wrong_codec} is not reversible for {text!r}")
    # Evidence of the garbling must survive normalisation, whichever order the stages run in.
    if not unicodedata.is_normalized("NFC", garbled):
        raise ValueError(f"mojibake of {text!r} via {wrong_codec} changes under NFC")
    awkward = sorted({hex(ord(c)) for c in garbled if is_awkward(c)})
    if awkward and not text_is_awkward(text):
        raise ValueError(f"mojibake of {text!r} via {wrong_codec} contains {awkward}")
    return garbled


def is_awkward(char: str) -> bool:
    """C1 controls, NBSP and soft hyphen: characters a normaliser may rightly drop or change."""
    return 0x80 <= ord(char) <= 0xA0 or char == "\xad"


def text_is_awkward(text: str) -> bool:
    return any(is_awkward(char) for char in text)


def unmojibake(garbled: str, wrong_codec: str) -> str:
    return garbled.encode(wrong_codec).decode("utf-8")


def gbk_read_as_latin1(text: str) -> str:
    """``text`` saved as GBK, then read back as Latin-1 (阶跃星辰 -> ½×Ô¾ÐÇ³½)."""
    data = text.encode("gbk")
    garbled = data.decode("latin-1")
    awkward = sorted({hex(ord(c)) for c in garbled if is_awkward(c)})
    if awkward:
        raise ValueError(f"GBK bytes of {text!r} decode to awkward Latin-1 characters: {awkward}")
    return garbled


def replace_exactly(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"{old!r} not found in the expected text")
    return text.replace(old, new)


def replace_lines(text: str, lines: tuple[str, ...], change: Callable[[str], str]) -> str:
    """Apply ``change`` to each whole line listed in ``lines`` (which must all be present)."""
    current = text.split("\n")
    missing = [line for line in lines if line not in current]
    if missing:
        raise ValueError(f"lines not found in the expected text: {missing!r}")
    return "\n".join(change(line) if line in lines else line for line in current)


def restore_lines(text: str, lines: tuple[str, ...], change: Callable[[str], str]) -> str:
    garbled_to_clean = {change(line): line for line in lines}
    return "\n".join(garbled_to_clean.get(line, line) for line in text.split("\n"))


def paragraph_starting(text: str, start: str) -> str:
    matches = [p for p in text.split("\n\n") if p.startswith(start)]
    if len(matches) != 1:
        raise ValueError(f"expected exactly one paragraph starting {start!r}")
    return matches[0]


@dataclass(frozen=True)
class Sample:
    """One raw file: how its bytes are made from the clean text, and how to undo that."""

    path: str  # relative to raw/, POSIX separators
    encoding: str
    garbling: str
    build: Callable[[str], bytes]
    undo: Callable[[bytes], str]


def encoded(path: str, codec: str, label: str, *, bom: bytes = b"") -> Sample:
    def build(text: str) -> bytes:
        data = bom + text.encode(codec)
        if data[len(bom) :].decode(codec) != text:
            raise ValueError(f"{codec} does not round-trip {path}")
        return data

    def undo(data: bytes) -> str:
        if not data.startswith(bom):
            raise ValueError(f"{path} lost its BOM")
        return data[len(bom) :].decode(codec)

    return Sample(path, label, "none", build, undo)


def unambiguous(path: str, codec: str, sibling: str, label: str) -> Sample:
    """A legacy-codec sample whose bytes read the same in ``codec`` and its common ``sibling``.

    Big5/cp950, Shift-JIS/cp932 and GBK/GB18030 map a few byte pairs to different characters
    (e.g. Big5 A241 is U+FF0F, cp950 reads U+2215). The samples avoid those characters so the
    expected text does not depend on which member of the family a decoder picks.
    """
    sample = encoded(path, codec, label)

    def build(text: str) -> bytes:
        data = sample.build(text)
        if data.decode(sibling) != text:
            raise ValueError(f"{path} uses characters where {codec} and {sibling} disagree")
        return data

    return Sample(path, sample.encoding, sample.garbling, build, sample.undo)


def crlf(path: str) -> Sample:
    return Sample(
        path,
        "UTF-8, CRLF line endings",
        "none (line endings only)",
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda data: data.decode("utf-8").replace("\r\n", "\n"),
    )


# Words of the checklist sample written decomposed (NFD), as macOS file names and some PDF
# exports deliver them.
DECOMPOSED_WORDS = ("Renée", "café", "résumé", "naïve")
TRAILING_WHITESPACE = {
    "Owner: Renée Dubois": "   ",
    "Before publishing a story that names Chinese companies or people:": " ",
    "- Lines ending in spaces make diffs noisy.": "  \t",
    "Sign-off: R. D.": "\t",
}


def messy_checklist(path: str) -> Sample:
    def build(text: str) -> bytes:
        for word in DECOMPOSED_WORDS:
            text = replace_exactly(text, word, unicodedata.normalize("NFD", word))
        text = replace_exactly(text, "Shenzhen", "Shen" + ZERO_WIDTH_SPACE + "zhen")
        text = replace_exactly(text, "StepFun (", "StepFun" + ZERO_WIDTH_SPACE + " (")
        text = replace_exactly(text, "\nCommon problems:", "\n" + STRAY_BOM + "Common problems:")
        lines = text.split("\n")
        for number, line in enumerate(lines):
            key = unicodedata.normalize("NFC", line)
            if key in TRAILING_WHITESPACE:
                lines[number] = line + TRAILING_WHITESPACE[key]
            elif line == "" and 0 < number < len(lines) - 1:
                # Blank lines that are not quite blank.
                lines[number] = "  "
        # Two extra empty lines at the end, with a space on one of them.
        text = "\n".join(lines) + " \n\n"
        return text.replace("\n", "\r\n").encode("utf-8")

    def undo(data: bytes) -> str:
        text = data.decode("utf-8").replace("\r\n", "\n")
        text = text.replace(ZERO_WIDTH_SPACE, "").replace(STRAY_BOM, "")
        text = unicodedata.normalize("NFC", text)
        lines = [line.rstrip(" \t") for line in text.split("\n")]
        return "\n".join(lines).rstrip("\n") + "\n"

    return Sample(
        path,
        "UTF-8, CRLF line endings",
        "trailing spaces/tabs, whitespace-only lines, ZWSP, stray U+FEFF, NFD accents, "
        "extra final blank lines",
        build,
        undo,
    )


def whole_text_mojibake(path: str, wrong_codec: str, label: str) -> Sample:
    return Sample(
        path,
        "UTF-8",
        label,
        lambda text: mojibake(text, wrong_codec).encode("utf-8"),
        lambda data: unmojibake(data.decode("utf-8"), wrong_codec),
    )


def span_mojibake(path: str, spans: tuple[str, ...], wrong_codec: str, label: str) -> Sample:
    def build(text: str) -> bytes:
        for span in spans:
            text = replace_exactly(text, span, mojibake(span, wrong_codec))
        return text.encode("utf-8")

    def undo(data: bytes) -> str:
        text = data.decode("utf-8")
        for span in spans:
            text = text.replace(mojibake(span, wrong_codec), span)
        return text

    return Sample(path, "UTF-8", label, build, undo)


def double_mojibake_paragraph(path: str, paragraph_start: str) -> Sample:
    def garble(paragraph: str) -> str:
        return mojibake(mojibake(paragraph, "cp1252"), "cp1252")

    def build(text: str) -> bytes:
        paragraph = paragraph_starting(text, paragraph_start)
        return text.replace(paragraph, garble(paragraph)).encode("utf-8")

    def undo(data: bytes) -> str:
        text = data.decode("utf-8")
        garbled_start = garble(paragraph_start)
        paragraph = paragraph_starting(text, garbled_start)
        once = unmojibake(paragraph, "cp1252")
        return text.replace(paragraph, unmojibake(once, "cp1252"))

    return Sample(
        path,
        "UTF-8",
        "one paragraph double mojibake: UTF-8 read as cp1252, twice",
        build,
        undo,
    )


def line_garbling(
    path: str, lines: tuple[str, ...], change: Callable[[str], str], label: str
) -> Sample:
    def build(text: str) -> bytes:
        return replace_lines(text, lines, change).encode("utf-8")

    def undo(data: bytes) -> str:
        return restore_lines(data.decode("utf-8"), lines, change)

    return Sample(path, "UTF-8", label, build, undo)


SAMPLES: tuple[Sample, ...] = (
    unambiguous("news/zh-hans-stepfun-gb18030.txt", "gb18030", "gbk", "GB18030"),
    unambiguous("news/zh-hant-chip-startup-big5.txt", "big5", "cp950", "Big5"),
    encoded("news/en-price-war-utf16le.txt", "utf-16-le", "UTF-16 LE with BOM", bom=b"\xff\xfe"),
    unambiguous("notes/ja-meeting-note-cp932.txt", "cp932", "shift_jis", "Shift-JIS (cp932)"),
    encoded("reports/quarterly note cp1252.txt", "cp1252", "cp1252 (Windows-1252)"),
    encoded(
        "news/en-zh-bilingual-notice-utf8-bom.txt",
        "utf-8",
        "UTF-8 with BOM",
        bom=b"\xef\xbb\xbf",
    ),
    encoded("news/zh-hans-drone-maker-utf8.txt", "utf-8", "UTF-8"),
    encoded("lists/人名表 mixed-names.txt", "utf-8", "UTF-8"),
    crlf("reports/en-weekly-digest-crlf.txt"),
    messy_checklist("reports/en-editor-checklist-crlf-zwsp.txt"),
    whole_text_mojibake(
        "news/en-stepfun-profile-macroman.txt",
        "mac_roman",
        "whole text mojibake: UTF-8 read as Mac Roman, saved as UTF-8",
    ),
    span_mojibake(
        "news/en-robotics-funding-cp1252-spans.txt",
        ("凌云机器人", "许明", "汤悦", "陆晶"),
        "cp1252",
        "four Chinese names as cp1252 mojibake (UTF-8 read as cp1252) in clean English",
    ),
    double_mojibake_paragraph(
        "reports/en-interview-double-mojibake.txt", "Her second rule is about people."
    ),
    line_garbling(
        "news/zh-hans-inspection-robot-gbk-mojibake.txt",
        (
            "来源：示例能源报",
            "介绍称，这批机器人能够在夜间和雨天照常工作，",
            "项目负责人表示，机器人不会取代运维人员，但能让员工把精力集中在更有价值的工作上，",
            "责任编辑：孙立平",
        ),
        lambda line: mojibake(line, "gbk"),
        "four lines as GBK mojibake (UTF-8 read as GBK, saved as UTF-8)",
    ),
    line_garbling(
        "news/en-registry-extract-gbk-latin1.txt",
        ("Chinese name: 上海阶跃星辰智能科技有限公司",),
        gbk_read_as_latin1,
        "one line of GBK read as Latin-1, saved as UTF-8",
    ),
)


def expected_path(sample: Sample) -> Path:
    return SAMPLES_DIR / (sample.path + ".expected")


def read_expected(sample: Sample) -> str:
    return expected_path(sample).read_bytes().decode("utf-8")


def write_missing() -> int:
    written = 0
    for sample in SAMPLES:
        target = RAW_DIR / sample.path
        if target.exists():
            print(f"kept     raw/{sample.path} (exists; this script never overwrites)")
            continue
        data = sample.build(read_expected(sample))
        if sample.undo(data) != read_expected(sample):
            raise SystemExit(f"garbling of {sample.path} is not reversible")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
        print(f"wrote    raw/{sample.path} ({len(data)} bytes)")
    return written


def check() -> bool:
    """Reverse every recorded garbling on the committed raw bytes; compare with .expected."""
    all_good = True
    for sample in SAMPLES:
        raw = RAW_DIR / sample.path
        if not raw.exists():
            print(f"MISSING  raw/{sample.path}")
            all_good = False
            continue
        expected = read_expected(sample)
        data = raw.read_bytes()
        same_bytes = sample.build(expected) == data
        reversed_ok = sample.undo(data) == expected
        status = "ok" if same_bytes and reversed_ok else "DIFFERS"
        all_good = all_good and status == "ok"
        print(f"{status:8} raw/{sample.path}")
    return all_good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="verify the raw files instead of writing them"
    )
    args = parser.parse_args(argv)
    if args.check:
        return 0 if check() else 1
    write_missing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
