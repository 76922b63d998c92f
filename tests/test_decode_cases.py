"""Issue 5's cases: short CJK snippets, damaged UTF-8, mixed files, forced and BOM-less input."""

from __future__ import annotations

import json
import random

import pytest

from textkeep.decode import DecodeError, InvalidRun, decode


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        ("陈宇，毛辉，齐齐哈尔市", "gbk", "gb18030"),
        ("公司廣告那麼日期個人發表", "big5", "cp950"),
        ("中村 裕太、佐々木 晃", "shift_jis", "cp932"),
        ("박지영, 김지영, 구리시", "euc_kr", "cp949"),
    ],
)
def test_short_cjk_snippets_resolve_to_supersets(text: str, codec: str, expected: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.report.encoding == expected
    assert decoded.report.candidates[0][0] == expected
    scores = [score for _, score in decoded.report.candidates]
    assert scores == sorted(scores)


def test_greek_title_case_is_not_read_as_cyrillic() -> None:
    text = "Σάββατο 20 Ιουνίου 2020: Ελλάδα\nΜαρίνος Ορφανιώτης\n"
    decoded = decode(text.encode("iso8859_7"))
    assert decoded.text == text
    assert decoded.report.encoding == "iso8859-7"


def test_cp1252_is_not_read_as_mac_roman() -> None:
    text = "Price: 5 € – “quoted” déjà vu™\n"
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.report.encoding == "cp1252"


def test_invalid_bytes_in_utf8_are_reported_at_their_offsets() -> None:
    text = "Σάββατο 20 Ιουνίου 2020: Ελλάδα\nΜαρίνος Ορφανιώτης\n"
    good = text.encode("utf-8")
    data = good[:10] + b"\xff" + good[10:]
    decoded = decode(data)
    assert decoded.report.encoding == "utf-8"
    assert [(run.offset, run.length) for run in decoded.report.invalid_runs] == [(10, 1)]
    run = decoded.report.invalid_runs[0]
    # The text around the bad byte is the original; the byte became what the run says.
    assert decoded.text == text[:5] + run.text + text[5:]
    assert decoded.report.undecodable_bytes == 1


@pytest.mark.xfail(
    strict=True,
    reason="known miss (issue 5): a three-character GBK name alone on its line is read as "
    "cp950; the plausibility model's tiers cannot separate such short readings",
)
def test_short_gbk_line_in_utf8_file() -> None:
    before, name, after = "Contact: ", "朱镕基", "\n这是一段中文文本，用于测试。\n"
    data = before.encode("utf-8") + name.encode("gbk") + after.encode("utf-8")
    assert decode(data).text == before + name + after


def test_gbk_fragment_inside_a_utf8_line_is_recovered_and_reported() -> None:
    head, name, tail = "这是一段中文文本，联系人：", "陈宇", "，谢谢。\n"
    data = head.encode("utf-8") + name.encode("gbk") + tail.encode("utf-8")
    decoded = decode(data)
    assert decoded.text == head + name + tail
    runs = decoded.report.invalid_runs
    offset = len(head.encode("utf-8"))
    assert [(r.offset, r.length, r.recovered_as) for r in runs] == [(offset, 4, "gb18030")]


_CHINESE_FILE = (
    "阿拉伯联合酋长国 3,600 – RUB73,756.11\nContact: ",
    "\n陕西省红市合川通辽路W座 954667\n重要有些的人帖子为了时间.\n",
)


@pytest.mark.parametrize(
    ("around", "name", "codec", "recovered_as"),
    [
        (("Grüße aus Köln — ", " “quoted”\n"), "Aurélie", "cp1252", "cp1252"),
        # Each GBK name holds a byte pair that is valid UTF-8 by chance (冷静: C0, then
        # E4BEB2 "侲"), and cp949 reads some as Hangul, which this Chinese file never uses.
        (_CHINESE_FILE, "冷静", "gbk", "gb18030"),
        (_CHINESE_FILE, "陈芳", "gbk", "gb18030"),
        (_CHINESE_FILE, "李璐", "gbk", "gb18030"),
        (_CHINESE_FILE, "庄芳", "gbk", "gb18030"),
    ],
)
def test_legacy_fragment_inside_utf8_text_is_recovered(
    around: tuple[str, str], name: str, codec: str, recovered_as: str
) -> None:
    head, tail = around
    data = head.encode("utf-8") + name.encode(codec) + tail.encode("utf-8")
    decoded = decode(data)
    assert decoded.text == head + name + tail
    assert [r.recovered_as for r in decoded.report.invalid_runs] == [recovered_as]


def test_a_whole_cp1252_line_after_utf8_is_a_mixed_file() -> None:
    head = "Grüße aus Köln — “quoted” text\n"
    tail = "Contact: Aurélie Dupré, Bâle\n"
    decoded = decode(head.encode("utf-8") + tail.encode("cp1252"))
    assert decoded.text == head + tail
    segments = [(s.encoding, s.first_line, s.last_line) for s in decoded.report.segments]
    assert segments == [("utf-8", 1, 1), ("cp1252", 2, 2)]
    assert decoded.report.invalid_runs == ()


def test_one_cp1252_letter_after_utf8_is_a_recovered_fragment() -> None:
    # One byte cannot tell a line written by a cp1252 program from a cp1252 name pasted into
    # UTF-8; the text is the same either way, and the report names the byte.
    head = "Grüße aus Köln — “quoted” text\n"
    data = head.encode("utf-8") + "Contact: Aurélie Riou\n".encode("cp1252")
    decoded = decode(data)
    assert decoded.text == head + "Contact: Aurélie Riou\n"
    offset = len(head.encode("utf-8")) + len("Contact: Aur")
    assert decoded.report.invalid_runs == (InvalidRun(offset, 1, "cp1252", "é"),)


def test_mixed_file_reports_each_part_with_its_lines() -> None:
    utf8_part = "Калашников Никон Августович\nСеливерстова Ксения Вадимовна\n"
    legacy_part = "ЗАО «Тихонов-Ларионова» — Сиделка\nс. Всеволожск, алл. Курганная\n"
    decoded = decode(utf8_part.encode("utf-8") + legacy_part.encode("cp1251"))
    assert decoded.text == utf8_part + legacy_part
    assert decoded.report.method == "mixed"
    segments = [(s.encoding, s.first_line, s.last_line) for s in decoded.report.segments]
    assert segments == [("utf-8", 1, 2), ("cp1251", 3, 4)]
    assert decoded.report.invalid_runs == ()


def test_mixed_gbk_then_utf8() -> None:
    legacy_part = "陈宇，毛辉，齐齐哈尔市\n飞利信科技有限公司 — 纺织工\n"
    utf8_part = "吉林省拉萨市静安王路p座 249246\n"
    decoded = decode(legacy_part.encode("gbk") + utf8_part.encode("utf-8"))
    assert decoded.text == legacy_part + utf8_part
    segments = [(s.encoding, s.first_line, s.last_line) for s in decoded.report.segments]
    assert segments == [("gb18030", 1, 2), ("utf-8", 3, 3)]


def test_forced_encoding_is_reported_as_forced() -> None:
    data = "陈宇，毛辉".encode("gbk")
    decoded = decode(data, "gbk")
    assert (decoded.text, decoded.report.method, decoded.report.encoding) == (
        "陈宇，毛辉",
        "forced",
        "gbk",
    )
    assert decoded.report.candidates == ()


def test_forced_encoding_that_does_not_fit_names_the_first_bad_byte() -> None:
    data = "陈宇".encode() + b"\x80"
    with pytest.raises(DecodeError) as info:
        decode(data, "utf-8")
    assert (info.value.encoding, info.value.offset) == ("utf-8", 6)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_cjk_without_nul_bytes(codec: str) -> None:
    # Han text alone has no NUL byte in UTF-16, so the NUL pattern cannot reveal it.
    text = "为什不同决定客户完成增加工程设计目前不同注册必须"
    data = text.encode(codec)
    assert b"\x00" not in data
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.report.encoding == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_mixed_script(codec: str) -> None:
    text = "Σάββατο 20 Ιουνίου, Москва, 東京 and plain English\n"
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.report.encoding == codec


def test_large_input_is_judged_by_samples_across_the_file() -> None:
    # Megabytes of ASCII with the text that matters near the end: a start-only sample sees
    # nothing to judge, samples across the file do.
    data = b"plain ascii line\n" * 20000 + "陈宇，毛辉，齐齐哈尔市\n".encode("gbk") * 50
    decoded = decode(data)
    assert decoded.report.encoding == "gb18030"
    assert decoded.text.endswith("陈宇，毛辉，齐齐哈尔市\n")


def test_report_with_segments_and_runs_is_json_ready_and_deterministic() -> None:
    data = "Grüße\n".encode() + "Grüße\n".encode("cp1252") + b"abc\xff\n"
    first = decode(data).report.to_dict()
    assert json.loads(json.dumps(first)) == first
    assert first == decode(data).report.to_dict()
    assert {"candidates", "segments", "invalid_runs"} <= set(first)


@pytest.mark.parametrize("codec", ["euc_kr", "gbk"])
def test_legacy_line_holding_valid_utf8_pairs_stays_in_its_codec(codec: str) -> None:
    # "이성호" in EUC-KR and "李健" in GBK each hold a valid UTF-8 sequence among bytes UTF-8
    # rejects, which once sent the whole file to line-by-line UTF-8 recovery.
    text = {
        "euc_kr": "강지민, 증평군\n이성호\n11월, 목요일 및 토요일\n",
        "gbk": "游桂香\n李健\n丁卡语、伊比比奥语、尼亚萨汤加语\n",
    }[codec]
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.report.segments == ()
    assert decoded.report.invalid_runs == ()


def test_stray_byte_in_an_ascii_line_between_utf8_lines_is_reported() -> None:
    lines = ["Grüße aus Köln\n", "Donnerstag, 14. Oktober\n", "Straße 12, Zürich\n"]
    data = lines[0].encode() + b"Donne\xbf\xbfrstag, 14. Oktober\n" + lines[2].encode()
    decoded = decode(data)
    runs = decoded.report.invalid_runs
    assert [(r.offset, r.length) for r in runs] == [(len(lines[0].encode()) + 5, 2)]
    assert decoded.text.replace(runs[0].text, "", 1) == "".join(lines)
    assert decoded.report.segments == ()


def test_big5_symbols_read_as_big5_not_cp950() -> None:
    # A244 is "¥" in Big5 and fullwidth "￥" in cp950; the rest of the text is the same.
    text = "蓋亞那 3,689 – CN¥83,571.50\n誇誇嘉誇語、西蘭文和葡萄牙文\n豐兆國際商業銀行\n"
    decoded = decode(text.encode("big5"))
    assert (decoded.text, decoded.report.encoding) == (text, "big5")


def test_cp950_stays_where_big5_cannot_decode() -> None:
    text = "台灣印無品良 — 媒體公關\n碁銹裏墻恒粧嫺\n"  # 碁銹裏墻恒粧嫺: cp950's extensions
    data = text.encode("cp950")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    decoded = decode(data)
    assert (decoded.text, decoded.report.encoding) == (text, "cp950")


def test_a_few_symbols_in_english_text_are_not_cyrillic() -> None:
    # cp1251 reads A5 ("¥") as "Ґ": a handful of Cyrillic letters among many Latin ones is a
    # misreading. (Without the rule this text decodes as cp1251.)
    text = (
        "Latin America 3,961 – RUB28,963.37\n"
        "Vaughn-Taylor™ announces customer-focused stable parallelism • Mariahview • -4°C\n"
        "Glenn Wagner\nAndrew Schmidt\n"
        "Antigua & Barbuda 1,147 – ¥29,677\n"
        "El Salvador 1,616 – RUB22,027.25\n"
        "El Salvador 3,835 – $66,077.71\n"
    )
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.report.encoding) == (text, "cp1252")


@pytest.mark.parametrize(
    ("head", "tail", "junk"),
    [
        # Junk after ú: GB18030 would read ú's bytes and the junk as two hanzi, "煤靠nico".
        ("Por el camino ú", "nico sigue.\nEl camino es largo y la economía crece.\n", b"\xbf\xbf"),
        # Junk after 月: GBK would read 月's last byte and the junk as "譛暗".
        ("会议在2020年10月", "28日举行。\n他们讨论了很多问题。\n", b"\xc3"),
        # Cyrillic text with a junk pair: never read as GBK hanzi.
        ("Сиделка", " Калашников Николай.\nРассуждения о жизни.\n", b"\xe4\xb8"),
    ],
)
def test_junk_bytes_never_swallow_the_valid_utf8_beside_them(
    head: str, tail: str, junk: bytes
) -> None:
    data = head.encode("utf-8") + junk + tail.encode("utf-8")
    decoded = decode(data)
    assert decoded.report.encoding == "utf-8"
    runs = decoded.report.invalid_runs
    assert [(r.offset, r.length) for r in runs] == [(len(head.encode("utf-8")), len(junk))]
    assert decoded.text == head + runs[0].text + tail


def test_cp1252_part_with_a_currency_code_is_not_read_as_cp1250() -> None:
    utf8_part = "Guam 1.780 – 44.276,24 TRY\nDr. Czeslaw Blümel B.Sc.\n"
    cp1252_part = "Frau Hülya Wulf\nOman 2.574 – 66.605,38\u00a0CN¥\n"
    decoded = decode(utf8_part.encode("utf-8") + cp1252_part.encode("cp1252"))
    assert decoded.text == utf8_part + cp1252_part
    assert [s.encoding for s in decoded.report.segments] == ["utf-8", "cp1252"]


def _gbk_prose(lines: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    hanzi = [chr(c) for c in range(0x4E00, 0x9FA6) if len(chr(c).encode("gb2312", "ignore")) == 2]
    return [
        "".join(rng.choice(hanzi) for _ in range(rng.randint(20, 40))) + "。\n"
        for _ in range(lines)
    ]


def test_gbk_file_with_a_utf8_line_beyond_the_samples_stays_gbk() -> None:
    # The heading's GBK bytes look like damaged UTF-8; the UTF-8 line lies outside every
    # sample window, so only the whole file shows that GB18030 cannot read it all.
    heading, body = "寨抓劬丁\n", _gbk_prose(800, seed=4)
    data = (heading + "".join(body)).encode("gb18030")
    cut = data.index(b"\n", len(data) // 4) + 1
    utf8 = "作者：张三 — “引用”\n"
    decoded = decode(data[:cut] + utf8.encode("utf-8") + data[cut:])
    assert decoded.report.encoding == "gb18030"
    assert utf8 in decoded.text and body[-1] in decoded.text and heading in decoded.text
    assert decoded.report.undecodable_bytes == 0


def test_gbk_file_with_a_stray_byte_beyond_the_samples_costs_only_that_byte() -> None:
    text = "".join(_gbk_prose(600, seed=2))
    data = text.encode("gb18030")
    cut = data.index(b"\n", len(data) // 4) + 1
    decoded = decode(data[:cut] + b"\xff" + data[cut:])
    assert decoded.report.encoding == "gb18030"
    assert decoded.report.undecodable_bytes == 1
    assert decoded.text.replace("\ufffd", "") == text
