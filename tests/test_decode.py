from __future__ import annotations

import codecs
import random

import pytest

from textkeep.decode import DecodeError, NotTextError, decode, line_ending_style

SAMPLE = "Grüße, 世界! «ok»\n"


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_every_bom_is_recognised_and_removed(bom: bytes, codec: str, name: str) -> None:
    decoded = decode(bom + SAMPLE.encode(codec))
    assert decoded.text == SAMPLE
    assert decoded.report.encoding == name
    assert decoded.report.method == "bom"
    assert decoded.report.bom is True


def test_utf32_le_bom_is_not_mistaken_for_utf16() -> None:
    # FF FE 00 00 starts like UTF-16 LE's BOM followed by a NUL character.
    decoded = decode(codecs.BOM_UTF32_LE + "A".encode("utf-32-le"))
    assert decoded.report.encoding == "utf-32-le"
    assert decoded.text == "A"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_without_bom(codec: str) -> None:
    decoded = decode("plain English text, line one\nline two\n".encode(codec))
    assert decoded.text == "plain English text, line one\nline two\n"
    assert decoded.report.encoding == codec


def test_strict_utf8_wins_before_detection() -> None:
    decoded = decode(SAMPLE.encode("utf-8"))
    assert (decoded.text, decoded.report.method, decoded.report.encoding) == (
        SAMPLE,
        "utf-8",
        "utf-8",
    )
    assert decoded.report.confidence == 1.0
    assert decoded.report.bom is False


def test_empty_input() -> None:
    decoded = decode(b"")
    assert decoded.text == ""
    assert decoded.report.encoding == "utf-8"
    assert decoded.report.method == "empty"
    assert decoded.report.line_endings == "none"


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        ("简体中文的文本，这是一个较长的测试句子。我们在这里写一些中文字。", "gb2312", "gb18030"),
        ("日本語のテキストです。これはテストのための文章です。", "shift_jis", "cp932"),
        ("한국어 텍스트입니다. 이것은 시험을 위한 문장입니다.", "euc_kr", "cp949"),
        ("繁體中文的文字，這是一個較長的測試句子。我們在這裡寫一些字。", "big5", "cp950"),
        ("Ça coûte 5 €, déjà vu à la crème brûlée", "cp1252", "cp1252"),
        # Latin codecs told apart by alphabet and numbers. cp1252's £ and ¥ read as cp1250
        # are Ł and Ą glued to the prices; Mac Roman read as cp1250 turns für into fźr,
        # Köln into Kšln, 10–12 into 10Đ12, £40 into Ł40.
        ("Tickets cost £12.50 at the door, or ¥1500 online.\n", "cp1252", "cp1252"),
        ("Termine für Kinder: 10–12 Uhr, Eintritt frei.\n", "mac_roman", "mac-roman"),
        ("Er wohnt in Köln und arbeitet für die Stadt.\n", "mac_roman", "mac-roman"),
        ("Reservations: 10–12 guests, £40 each.\n", "mac_roman", "mac-roman"),
        # Real Central European text keeps its codec.
        ("Zażółć gęślą jaźń: Łódź, 12 zł za bilet.\n", "cp1250", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.\n", "cp1250", "cp1250"),
    ],
)
def test_detected_encodings_resolve_to_supersets(text: str, codec: str, expected: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.report.method == "detected"
    assert decoded.report.encoding == expected
    assert decoded.report.candidates, "the candidate list is kept for later detection work"
    assert 0.0 < decoded.report.confidence <= 1.0


def test_gbk_only_characters_decode_through_gb18030() -> None:
    # 镕 is in GBK but not GB2312: a strict gb2312 decode would fail on it.
    text = "朱镕基总理的讲话内容很长，这是一个测试句子，用来检测编码。" * 2
    decoded = decode(text.encode("gbk"))
    assert decoded.text == text
    assert decoded.report.encoding == "gb18030"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
        (b"\x00" * 64, "NUL bytes"),
        (b"\x00" * 63, "NUL bytes"),
    ],
)
def test_binary_is_refused_with_a_reason(data: bytes, why: str) -> None:
    with pytest.raises(NotTextError, match=why):
        decode(data)


def test_random_bytes_are_refused() -> None:
    noise = random.Random(7)
    for _ in range(5):
        data = bytes(noise.randrange(256) for _ in range(4096))
        with pytest.raises(NotTextError):
            decode(data)


def test_random_bytes_without_nul_are_refused() -> None:
    noise = random.Random(11)
    data = bytes(noise.randrange(1, 256) for _ in range(4096))
    with pytest.raises(NotTextError):
        decode(data)


def test_not_text_error_is_a_value_error() -> None:
    assert issubclass(NotTextError, ValueError)
    assert issubclass(DecodeError, ValueError)


def test_forced_encoding_is_used_without_detection() -> None:
    data = "Привет".encode("koi8-r")
    decoded = decode(data, "koi8-r")
    assert decoded.text == "Привет"
    assert decoded.report.method == "forced"
    assert decoded.report.encoding == "koi8-r"


def test_forced_encoding_that_fails_names_encoding_and_offset() -> None:
    with pytest.raises(DecodeError) as info:
        decode(b"abc\xff\xfe", "utf-8")
    assert info.value.encoding == "utf-8"
    assert info.value.offset == 3
    assert "utf-8" in str(info.value)
    assert "3" in str(info.value)


def test_forced_unknown_encoding_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode(b"abc", "no-such-codec")


def test_forced_utf8_drops_its_bom() -> None:
    decoded = decode(codecs.BOM_UTF8 + b"hi", "utf-8")
    assert decoded.text == "hi"
    assert decoded.report.bom is True


def test_forced_binary_is_still_refused() -> None:
    with pytest.raises(NotTextError, match="PNG"):
        decode(b"\x89PNG\r\n\x1a\nrest", "latin-1")


def test_undecodable_bytes_in_cjk_text_are_replaced_and_counted() -> None:
    # Valid GB18030 Chinese with one byte that fits no codec: the document is kept, the byte
    # becomes U+FFFD and is counted rather than hidden.
    text = "这是一段很长的中文文本，用于测试解码器在遇到坏字节时的行为。" * 4
    good = text.encode("gb18030")
    decoded = decode(good[:40] + b"\x80" + good[40:])
    assert decoded.report.encoding == "gb18030"
    assert decoded.report.undecodable_bytes == 1
    assert decoded.report.first_undecodable_offset == 40
    assert decoded.text.count("\ufffd") == 1
    assert decoded.text.replace("\ufffd", "") == text


def test_a_damaged_byte_in_utf8_costs_only_that_byte() -> None:
    text = "Grüße aus Köln — “quoted” text, " * 20
    good = text.encode("utf-8")
    decoded = decode(good[:100] + b"\xff" + good[100:])
    assert decoded.report.encoding == "utf-8"
    assert decoded.report.undecodable_bytes == 1
    assert decoded.report.first_undecodable_offset == 100


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("a\nb\n", "LF"),
        ("a\r\nb\r\n", "CRLF"),
        ("a\rb\r", "CR"),
        ("a\r\nb\n", "mixed"),
        ("ab", "none"),
    ],
)
def test_line_ending_style(text: str, style: str) -> None:
    assert line_ending_style(text) == style
    assert decode(text.encode("utf-8")).report.line_endings == style


def test_report_to_dict_is_json_ready() -> None:
    import json

    report = decode("Ça coûte 5 €, déjà vu".encode("cp1252")).report.to_dict()
    assert json.loads(json.dumps(report)) == report
    assert set(report) >= {"encoding", "method", "confidence", "bom", "line_endings"}
