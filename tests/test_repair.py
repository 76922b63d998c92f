"""The repair stage: what it undoes, what it reports, and what it must leave alone."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from textkeep.plausibility import cost
from textkeep.repair import Repair, repair, repair_and_report

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
STEPFUN = "阶跃星辰"


def garble(text: str, *reads: str) -> str:
    """Garble ``text`` as a browser would: UTF-8 bytes read with each codec in turn, bytes a
    single-byte codec leaves undefined passing through as the C1 control of that number."""
    for read in reads:
        if read in ("gbk", "big5", "shift_jis", "euc_kr"):
            text = text.encode("utf-8").decode(read)  # strict: the test text must survive
            continue
        decoded = text.encode("utf-8").decode(read, "surrogateescape")
        text = "".join(chr(ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in decoded)
    return text


# --- one layer, every reader ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("garbled", "chain"),
    [
        ("Èò∂Ë∑ÉÊòüËæ∞", "UTF-8 read as Mac Roman"),
        ("é˜¶è·ƒæ˜Ÿè¾°", "UTF-8 read as cp1252"),
        ("闃惰穬鏄熻景", "UTF-8 read as GBK"),
        # Without C1 controls to tell them apart, Latin-1 and cp1252 read alike; the report
        # names cp1252, the commoner reader.
        ("½×Ô¾ÐÇ³½", "GBK read as cp1252"),
    ],
)
def test_the_four_readings_of_stepfun(garbled: str, chain: str) -> None:
    result = repair_and_report(f"StepFun ({garbled}) raised funds.")
    assert result.text == f"StepFun ({STEPFUN}) raised funds."
    assert [r.chain for r in result.repairs] == [(chain,)]
    assert result.repairs[0].offset == len("StepFun (")
    assert result.repairs[0].before == garbled


@pytest.mark.parametrize(
    ("original", "read"),
    [
        ("Nicolás Maduro visitó Pekín", "cp1252"),
        ("Jäckel und Söhne, Köln", "mac_roman"),
        ("Hülya Köster", "cp437"),
        ("Łódź, Kraków i Gdańsk", "cp1250"),
        ("Москва и Санкт-Петербург", "cp1251"),
        ("Šiaulių bankas", "cp1257"),
        ("Müller & Söhne", "shift_jis"),
        ("Résumé café", "euc_kr"),
        ("Müller & Söhne", "big5"),
        ("深度求索人工智能", "gbk"),
    ],
)
def test_utf8_read_as_each_codec(original: str, read: str) -> None:
    assert repair(garble(original, read)) == original


def test_legacy_chinese_read_as_latin1_in_english_text() -> None:
    garbled = "上海阶跃星辰智能科技有限公司".encode("gbk").decode("latin-1")
    assert repair(f"Registered as {garbled} in 2023.") == (
        "Registered as 上海阶跃星辰智能科技有限公司 in 2023."
    )


def _read_as(data: bytes, read: str) -> str:
    """``data`` read by a one-byte codec as browsers read cp1252: its undefined bytes pass
    through as C1 controls."""
    return "".join(bytes([byte]).decode(read, errors="ignore") or chr(byte) for byte in data)


INTERVIEW = "Interview with {}, recorded on Monday."


@pytest.mark.parametrize(
    ("template", "text", "source", "read"),
    [
        # Common GBK hanzi whose bytes are also EUC-KR Hangul, seldom written (쟀숯, 냈컹).
        (INTERVIEW, "李健", "gbk", "latin-1"),
        (INTERVIEW, "陈娜", "gbk", "cp1252"),
        (INTERVIEW, "高丽丽", "gbk", "latin-1"),
        # Four accented capitals from three alphabets (ÑÖÀÚ), which no language writes.
        (INTERVIEW, "阎磊", "gbk", "cp1252"),
        # Two of three characters pair into Cyrillic letters as UTF-8 (Ҷ, Ӣ) by chance.
        (INTERVIEW, "叶淑英", "gbk", "latin-1"),
        (INTERVIEW, "簡志忠", "big5", "cp1252"),
        # GBK reads the same bytes with a small-form bracket (独﹜愀).
        (INTERVIEW, "黃宜蓁, 高雄", "big5", "latin-1"),
        # ¥ is 81 30 84 36 in GB18030: its low first byte is no sign of a wrong codec.
        ("{}", "美国 3,674 – JP¥5,291", "gb18030", "latin-1"),
        ("{}", "美国 3,674 – JP¥5,291", "gb18030", "cp1252"),
        # Kanji whose second byte is ASCII: after a C1 control (森 is 90 58), after cp1252
        # punctuation followed by another high character (山田 is "ŽR“c").
        ("{}", "森 陽一", "cp932", "latin-1"),
        (INTERVIEW, "山田 翔太", "cp932", "latin-1"),
        (INTERVIEW, "山田 翔太", "cp932", "cp1252"),
        # A bullet glued to a letter (渡辺 is "“n•Ó").
        ("Thanks to {} • 5 min read", "渡辺 直子", "cp932", "cp1252"),
        # A real opening quote before a name whose first byte (8B) reads as a second byte
        # to it: the quote stays, to pair with the closing one.
        ("“{}” wrote back the same day", "吉田 陽子", "cp932", "cp1252"),
        ("“{}” wrote back the same day", "吉田 陽子", "cp932", "latin-1"),
        # Names decide between codecs that read the same bytes about equally well: 刘利
        # (GBK) against 증적 (EUC-KR), 陳凱翔 (Big5) against 朝惩稻 (GBK); 韩璐 takes a
        # seldom-written hanzi, 璐, but its family name is among the commonest.
        ("{}", "刘利", "gbk", "latin-1"),
        ("{}", "刘利", "gbk", "cp1252"),
        ("Photo: {} / Staff", "陳凱翔", "big5", "latin-1"),
        ("Contact {} for details.", "韩璐", "gbk", "cp1252"),
        # A two-kanji family name is stronger evidence still: dashes glued to letters
        # (—é–Ø) read almost like text.
        ("From: {} <info@example.org>", "鈴木 稔", "cp932", "cp1252"),
        # European text saved as GBK (its pinyin row has é, è, ü) or GB18030 (four bytes for
        # ö): one accented letter a word, far apart, each opening with a symbol or a C1.
        ("{}", "faculté confort méthode mères", "gbk", "latin-1"),
        # One such letter alone in a line shows the codec, as one hanzi does not.
        ("{}", "béton assez signal", "gbk", "latin-1"),
        ("{}", "grace twitter cherché", "gbk", "cp1252"),
        ("{}", "seguro inversión", "gbk", "latin-1"),
        ("{}", "hará juez significado", "gbk", "latin-1"),
        ("{}", "tivoli gravid græder", "euc_kr", "latin-1"),
        ("{}", "erklären transport", "gb18030", "latin-1"),
        ("{}", "empfang befreit persönlich wirtschaftlichen zerstört", "gb18030", "latin-1"),
        # Russian saved as GBK (row A7): Big5 reads it as its simplest hanzi only.
        ("{}", "Владимир Путин", "gbk", "latin-1"),
        ("{}", "Москва", "gbk", "cp1252"),
        # Russian saved as EUC-KR (row AC): Big5 reads it as hanzi of one row only.
        ("{}", "невозможно численности", "euc_kr", "latin-1"),
        ("{}", "上下左右", "big5", "latin-1"),
        ("{}", "一人一口", "big5", "cp1252"),
        # Korean with hanja in it stays Korean, not GBK (技辆措空(幡痼愚栎)).
        ("{}", "세종대왕(世宗大王)은 한글을 만들었다", "euc_kr", "latin-1"),
        ("{}", "국립중앙박물관 國立中央博物館", "euc_kr", "cp1252"),
    ],
)
def test_legacy_cjk_read_as_latin1_in_short_text(
    template: str, text: str, source: str, read: str
) -> None:
    garbled = _read_as(text.encode(source), read)
    assert repair(template.format(garbled)) == template.format(text)


@pytest.mark.parametrize(
    "line",
    [
        "ул. Стахановская, д. 7 к. 46, 829695",
        "вулиця Каштанова, буд. 754 кв. 222, Армянськ",
        "Γρηγοροπούλου 00, ΤΚ 713 36 Βέροια",
        "Author: ג'נא יעקובוב",
    ],
)
def test_short_words_beside_a_garbled_line_are_repaired_with_it(line: str) -> None:
    # Alone, "к" read as GBK is the common hanzi 泻; the rest of the line shows the layer.
    assert repair(line.encode("utf-8").decode("gbk")) == line


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("kanuri ├⌐s machame", "kanuri és machame"),
        ("Photo: Sevcan ┼₧ensoy / Staff", "Photo: Sevcan Şensoy / Staff"),
        # Box drawing glued to the letters between its units, not standing as a drawing.
        ("├║ter├╜ 6. srpna 2024", "úterý 6. srpna 2024"),
    ],
)
def test_utf8_read_as_cp437_in_short_lines(garbled: str, expected: str) -> None:
    assert repair(garbled) == expected


@pytest.mark.parametrize(
    ("line", "read"),
    [
        # Two hanzi inside a capitalised Latin word.
        ("Jose Francisco Ribes Núñez", "big5"),
        # One half-width kana, then a bracket glued to the rest of the word.
        ("Loreto Dominguez-Martin, Álava", "shift_jis"),
        # Exactly as plausible as the bar asks: float error must not decide.
        ("Author: 刘静", "shift_jis"),
        # Reads as a level 2 kanji (髯) and two common ones: rare in Japanese.
        ("陈瑜", "shift_jis"),
        # An ordinal after a digit is everyday Portuguese, not a symbol glued to a number.
        ("Vila Nova Gameleira 1ª Seção, 18058-284", "gbk"),
        ("Vila Nova Gameleira 1ª Seção, 18058-284", "big5"),
    ],
)
def test_utf8_read_as_a_cjk_codec_in_short_lines(line: str, read: str) -> None:
    assert repair(line.encode("utf-8").decode(read)) == line


@pytest.mark.parametrize(
    "line",
    [
        "Mongolia 2,384 – ₩34,893 Price: ¥564 – was ¥2880 °C",
        "쿠바 1,749 – ₩6,711",
        "Ärger für Öl und Bäume",
    ],
)
def test_whole_lines_read_as_cp1250(line: str) -> None:
    # The whole line's bytes are UTF-8: one reading explains every character.
    garbled = line.encode("utf-8").decode("cp1250", errors="strict")
    assert repair(garbled) == line
    assert repair(f"{garbled}\n{line}\n") == f"{line}\n{line}\n"


@pytest.mark.parametrize(
    "text", ["etapa colegiul condiții", "România și Moldova", "Azərbaycan Respublikası"]
)
def test_everyday_letters_past_latin_extended_a(text: str) -> None:
    # Romanian ț (C8 9B) alone in a line: its repair must not read as a rare letter. Mac
    # Roman reads it as "»õ", a sign inside a word, which no text writes.
    for read in ("cp1252", "latin-1", "mac_roman"):
        garbled = _read_as(text.encode(), read)
        assert repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    ["Oʻzbekiston Respublikasi", "Gʻafur Gʻulom", "Hawaiʻi", "ʻOhana", "Qurʼon", "ʿAlī ibn Abī"],
)
@pytest.mark.parametrize("read", ["cp1252", "cp1250", "cp1251", "cp1257", "cp437"])
def test_letter_apostrophes_read_by_a_one_byte_codec(text: str, read: str) -> None:
    # Uzbek and Hawaiian ʻ, the apostrophe letter ʼ and ʿ of Arabic transliteration are
    # letters: ʻ read as cp1252 is "Ê»", and as cp1250 "Ę»", which cp1257 would read as
    # the rare ƻ (C6 BB).
    garbled = text.encode().decode(read)
    assert repair(garbled) == text


def test_letter_apostrophes_read_as_mac_roman_in_a_mac_roman_document() -> None:
    # Mac Roman reads ʻ as a no-break space and ª, which typography also writes ("n.\u00a0ª"):
    # alone it is left, among lines that show Mac Roman it is repaired.
    text = "Le café est prêt à Paris.\nÉté chaud, hôtel fermé.\nHawaiʻi\nOʻzbekiston\n"
    assert repair(text.encode().decode("mac_roman")) == text


def test_legacy_stretch_of_signs_alone_needs_the_document() -> None:
    # 中央 in Big5 is A4 A4 A5 A1, all Latin-1 signs as cp1252 shows them: alone it could be
    # any string of signs (it read as GBK kana, いァ); among Big5 lines it is Big5.
    garbled = "中央".encode("big5").decode("cp1252")
    assert repair(f"Contact {garbled} now") == f"Contact {garbled} now"
    text = "台北市政府今天宣布新的交通計畫。\n市長表示將在明年實施。\n中央\n記者會下午舉行。\n"
    assert repair(text.encode("big5").decode("cp1252")) == text


@pytest.mark.parametrize(
    "text", ["今天", "日本", "文化", "中文化", "中日文", "六月", "使用", "其中"]
)
def test_common_big5_words_alone_stay_big5(text: str) -> None:
    # Their bytes are GBK kana (今天 is さぱ) and EUC-KR letters written apart (ㅅㅡ): a few
    # kana alone in a Chinese codec, and a consonant and a vowel no Korean input leaves
    # unjoined, are less likely than the commonest hanzi.
    garbled = text.encode("big5").decode("cp1252")
    assert repair(garbled) == text
    assert repair(f"Contact {garbled} for details") == f"Contact {text} for details"


@pytest.mark.parametrize(
    ("text", "codec"),
    [("ㅋㅋㅋ 재밌다", "euc_kr"), ("ㅠㅠ 슬퍼", "euc_kr"), ("α粒子和β射线", "gbk")],
)
def test_letters_apart_that_text_writes(text: str, codec: str) -> None:
    # Korean writes ㅋㅋ and ㅠㅠ alone; Chinese science glues lowercase Greek to hanzi.
    assert repair(text.encode(codec).decode("cp1252")) == text


@pytest.mark.parametrize("text", ["コーヒー", "データベース", "ルーター"])
def test_katakana_saved_as_gbk_with_its_long_vowel_mark(text: str) -> None:
    # ー is GBK A9 60, outside the kana rows: Big5 read コーヒー as 戊奈甲奈.
    assert repair(text.encode("gbk").decode("cp1252")) == text


def test_a_document_read_from_one_legacy_codec() -> None:
    # GBK's Cyrillic row (A7) reads in Big5 as common hanzi (Москва as 妙抉扼抗志忘), about
    # as plausible line by line; the document's other lines show GBK, and so is this one.
    text = "俄罗斯总统普京今天发表讲话。\n他说：\nВладимир Путин\nМосква\n中国外交部回应。\n"
    assert repair(text.encode("gbk").decode("latin-1")) == text


@pytest.mark.parametrize(
    "text", ["sobota 10. července 2021", "Karaayak dili ve Doğu Frizcesi", "nieznany język"]
)
def test_mac_roman_under_cp1252(text: str) -> None:
    # č is C4 8D, Mac Roman "ƒç": the florin sign glued to a letter is no word.
    garbled = text.encode().decode("mac_roman").encode().decode("cp1252")
    assert repair(garbled) == text


def test_mojibake_that_reads_as_everyday_chinese_is_left_alone() -> None:
    # 罗玉 read as Shift-JIS is 鄂礼脂: three kanji Japanese seldom writes, but all three
    # everyday Chinese, as in 迪拜 (Dubai), which is clean. Clean text must never change,
    # so such a reading is no evidence and the name stays garbled.
    garbled = "Photo: " + "罗玉".encode().decode("shift_jis") + " / Staff"
    assert garbled == "Photo: 鄂礼脂 / Staff"
    assert repair(garbled) == garbled


def test_no_legacy_reading_made_of_seldom_written_kanji() -> None:
    # ftfy's in-the-wild case: mojibake whose case was changed, so its bytes are gone. Read
    # as Shift-JIS, its remains give level 2 kanji almost only (繝, 窶, 蝪): no Japanese.
    junk = "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â"
    assert not any("\u4e00" <= char <= "\u9fff" for char in repair(junk))


def test_numbers_that_are_not_digits_cost_as_symbols() -> None:
    # Kanbun and circled numbers are symbols: "㆒" must not pass for a plain "1".
    assert cost("x㆒y") > cost("x1y")
    assert cost("①") > cost("1")


@pytest.mark.parametrize(
    ("word", "codec"),
    [("全国", "gbk"), ("目前", "gbk"), ("部分", "big5"), ("함께", "euc_kr"), ("많이", "euc_kr")],
)
def test_short_words_where_two_legacy_codecs_read_common_characters(word: str, codec: str) -> None:
    # 全国 saved as GBK is 홍벌 in EUC-KR, 함께 saved as EUC-KR is 窃膊 in GBK: common in their
    # codecs' tiers both ways; the characters each language writes most tell them apart.
    garbled = word.encode(codec).decode("cp1252")
    assert repair(garbled) == word


def test_frequency_does_not_turn_an_alphabet_into_hangul() -> None:
    # Russian saved as Big5 reads as Hangul in EUC-KR, some of it everyday syllables: the
    # Cyrillic reading is weighed by the codecs' tiers alone, as before.
    line = "гор эпохи"
    assert repair(line.encode("big5").decode("latin-1")) == line


def test_a_script_s_own_numerals_are_not_read_out_of_mojibake() -> None:
    # Big5's 瑞 read as cp1252 is "·ç¨", which Mac Roman's reading of UTF-8 makes ፬
    # (Ethiopic digit four): writers of Amharic use 0-9, so ፬ glued to "å" is no repair.
    line = "瑞典 800 – TRY96,262.37"
    garbled = line.encode("big5").decode("cp1252")
    assert repair(garbled) == line
    assert cost("x\u136cy") > cost("x\u2460y")


def test_chain_named_once_for_a_line_one_layer_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    # The quote reads back from cp1252 too, but only cp1250 explains Ă´: the line was cp1250.
    # The unit search (forced here; lines it takes, lost bytes among them, go that way) undoes
    # the quote first, as cp1252, and the report must still name the line's one chain.
    engine = importlib.import_module("textkeep.repair")
    monkeypatch.setattr(engine, "_whole_line_candidate", lambda *args: None)
    engine.clear_memos()
    try:
        result = engine.repair_and_report("CĂ´te dâ€™Ivoire 2,268 â€“ â‚©15,884")
    finally:
        engine.clear_memos()  # nothing found without the whole-line path may stay remembered
    assert result.text == "Côte d’Ivoire 2,268 – ₩15,884"
    assert {r.chain for r in result.repairs} == {("UTF-8 read as cp1250",)}


def test_korean_names_stay_korean_among_korean_lines() -> None:
    document = "박지혜, 양평군\n" + "백옥자".encode("euc_kr").decode("latin-1") + "\n8월, 수요일\n"
    assert repair(document) == "박지혜, 양평군\n백옥자\n8월, 수요일\n"


def test_big5_read_as_cp1252() -> None:
    garbled = "台灣積體電路製造股份有限公司".encode("big5").decode("cp1252")
    assert repair(garbled) == "台灣積體電路製造股份有限公司"


def test_c1_punctuation_is_cp1252() -> None:
    result = repair_and_report("\x93Hello\x94, she said \x96 twice.")
    assert result.text == "“Hello”, she said – twice."
    assert {r.chain for r in result.repairs} == {("cp1252 read as Latin-1",)}


# --- several layers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reads",
    [("cp1252", "cp1252"), ("mac_roman", "cp1252"), ("cp1252", "cp1252", "cp1252")],
)
def test_layers_come_off_one_by_one(reads: tuple[str, ...]) -> None:
    original = "The Mona Lisa doesn’t have eyebrows, café owner 张伟 said."
    result = repair_and_report(garble(original, *reads))
    assert result.text == original
    names = {"cp1252": "cp1252", "mac_roman": "Mac Roman"}
    expected_chain = tuple(f"UTF-8 read as {names[read]}" for read in reads)
    assert {r.chain for r in result.repairs} == {expected_chain}


def test_label_shows_the_chain_first_step_first() -> None:
    repair_ = Repair(0, "x", "y", ("UTF-8 read as Mac Roman", "UTF-8 read as cp1252"))
    assert repair_.label == "UTF-8 → Mac Roman → cp1252"


# --- spans, lines, documents -----------------------------------------------------------------


def test_different_chains_in_one_line() -> None:
    line = "StepFun (Èò∂Ë∑ÉÊòüËæ∞) opened a cafÃ© in 上海"
    assert repair(line) == "StepFun (阶跃星辰) opened a café in 上海"


def test_garbled_lines_among_clean_ones() -> None:
    clean = ["第一行是正常的中文。", "Second line is plain English.", "Third: naïve café."]
    text = "\n".join([clean[0], garble("深度求索人工智能", "gbk"), *clean[1:], ""])
    result = repair_and_report(text)
    assert result.text.split("\n")[1] == "深度求索人工智能"
    assert [line for i, line in enumerate(result.text.split("\n")) if i != 1][:3] == clean


def test_document_evidence_repairs_short_spans() -> None:
    # Short spans such as "‚ùå" are judged with the evidence of the rest of the document.
    lines = [
        "StepFun (阶跃星辰) — a Shanghai start-up",
        "Jiang Daxin (姜大昕) leads it",
        "❌ not open source",
    ]
    garbled = garble("\n".join(lines), "mac_roman")
    assert repair(garbled) == "\n".join(lines)


def test_repair_round_trips_exactly() -> None:
    text = (
        garble("Zürich, São Paulo, 北京 and “quotes”", "cp1252")
        + " and "
        + garble("Łódź", "cp1250")
    )
    result = repair_and_report(text)
    for r in result.repairs:
        assert text[r.offset : r.offset + len(r.before)] == r.before
        redone = r.after
        for step in r.chain:
            redone = garble(redone, _reader(step))
        assert redone == r.before


def _reader(step: str) -> str:
    return {"cp1252": "cp1252", "cp1250": "cp1250", "Mac Roman": "mac_roman"}[
        step.split(" read as ")[1]
    ]


# --- losses ----------------------------------------------------------------------------------


def test_lost_bytes_are_reported_not_guessed() -> None:
    result = repair_and_report("Itâ€™s fine but itâ€? is lost and 锟斤拷 too")
    assert result.text.startswith("It’s fine but it")
    assert "\ufffd" in result.text  # the lost character stays marked
    kinds = {loss.kind for loss in result.losses}
    assert "utf-8 replacement read as GBK" in kinds
    assert any(r.loss for r in result.repairs)


def test_mojibake_beside_lost_characters_is_still_repaired() -> None:
    # 锟斤拷 reads as two U+FFFD: it stays as it is and is reported, and does not keep the
    # repairable text next to it from being repaired.
    result = repair_and_report("闃惰穬鏄熻景 锟斤拷")
    assert result.text == "阶跃星辰 锟斤拷"
    assert [(loss.kind, loss.text) for loss in result.losses] == [
        ("utf-8 replacement read as GBK", "锟斤拷")
    ]


def test_question_marks_in_cjk_text_are_reported() -> None:
    result = repair_and_report("阶跃星辰??公司")
    assert result.text == "阶跃星辰??公司"
    assert [(loss.offset, loss.text) for loss in result.losses] == [(4, "??")]


# --- what must not change ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "SÃO PAULO",
        "ÇA VA",
        "ÔÔÔ",
        "Ελληνικά κείμενα",
        "Москва",
        "√π ≈ 1.77",
        "5×£35",
        "NESTLÉ®",
        "¯\\_(ツ)_/¯",
        "( ͡° ͜ʖ ͡°)",
        "👩‍💻🚀",
        "€200 – ¥1,000",
        "中",
        "中文",
        "日本語",
        "한국어",
        "阶跃星辰",
        "Step函数",
        "AI芯片",
        "naïve café résumé",
        "Ångström",
        "İstanbul'da",
        "Tiếng Việt",
        "ﾃｽﾄ",
        # Square roots: √ before an accented Latin letter is Mac Roman's UTF-8 lead, not these.
        "area = √π r",
        "√x + √y ≈ z",
        "≈ 5 km, √2 ≈ 1.41",
        # Romanian and Slovak capitals: Ă and Ĺ lead UTF-8 read as cp1250 only before a tail.
        "CASĂ ŞI MASĂ",
        "Ĺubica a Ľubomír",
        "Vlădeasa – Ăla",
        # Chinese glued to English words at their edges, not inside one.
        "学习Python版",
        "用Python语言写代码",
        "iPhone手机",
        "Contact 王云",
        # 還 is GBK DF 80, UTF-8 for an NKo digit: traditional characters are no sign of
        # a misreading, though GB2312 lacks them.
        "經驗工具出現推薦還有正在城市業務設備開始廣告工程發布生活一些.",
        # Accented capitals, as alphabets, lists and capitalised words write them: GBK
        # hanzi read as Latin-1 can look the same (阎磊 is ÑÖÀÚ), but these are text.
        "ÀÁÂÃÄÅ",
        "ÂÂÂÂ",
        "Capitals: ÉÈÊË",
        "Touches: ÉÈÀÙ",
        "Les majuscules accentuées ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ sont rares.",
        "PŘÍČINA ZAŻÓŁĆ ĐƯỢC",
        "ÅÄÖ och ÆØÅ",
        # Ukrainian і after в is a lead and a tail for cp1251, never a whole character.
        "дві, три і чотири",
        # Words spelt with one language's letters: GBK, EUC-KR and cp1250 read them
        # (誉鎔indum, 패, DŎKA), but the readings break the word or its alphabet.
        "Óþægindum",
        "ÓÞÖRF ÓÞÖRF",
        "Åååh",
        "ÆÐ ÆÐ",
        "çà, Çà.",
        "DĹŽKA DĹŽKA",
        # Everyday Chinese words whose kanji Shift-JIS holds in its level 2: read as UTF-8
        # they give a Thai digit (๔@), a Sundanese mark (᳁v), a backtick (猝`).
        "迪拜",
        "犹如",
        "犹如 犹如",
        "「盖」",
        "“覆盖”",
        "「康熙」",
        # Traditional Chinese read as UTF-8 through Shift-JIS gives a rare Latin letter and
        # a caret (ḟ^文); Inari Sami writes Â and Š side by side, as cp1252 shows C2 8A.
        "盧歐文",
        "KONGO DEMOKRAATTISÂŠ TÄSIVÄLDI",
        # A kanji read from a lead and an ASCII byte (怡 is 9C 7D) says nothing of UTF-8;
        # a word said twice is one piece of evidence.
        "邱怡婷",
        "他说逍遥 逍遥。",
        # A Greek capital glued to Latin letters is no science (homoglyph Cyrillic ОЈ
        # read as cp1251 is Σ).
        "MЕDICINSKОЈ ОRDINАCIЈI",
        # Greek writers quote with ¨; before a letter it is no pinyin row.
        "Είπε ¨καλημέρα¨ και έφυγε.",
        # Symbol art: Big5 and EUC-KR read it in stretches, each leaving a symbol or a
        # letter beside it unread (and EUC-KR gives archaic jamo, ㆈ).
        "°º¤ø,¸¸,ø¤º°`°º¤ø,¸",
        "Text: °º¤ø,¸¸,ø¤º°`°º¤ø,¸ °º¤ø,¸¸,ø¤º°`°º¤ø,¸",
        # Degrees and ordinals set after a no-break space: Mac Roman reads ʼ as "\u00a0º",
        # but a letter apostrophe stands in words, never beside a digit.
        "Temperatura 25\u00a0ºC y 30\u00a0ºC",
        "Artigo n.\u00a0º 5, 2\u00a0ª edição",
        # Turkish âşık in capitals: Â and Ş are C2 AA in cp1250, ª.
        "Âşık, ÂŞIK",
        # Letter apostrophes themselves.
        "Oʻzbekiston, Hawaiʻi, Qurʼon, пʼятниця",
        # Signs that do stand inside words (Catalan's middle dot, £ written for E), and
        # guillemets at words' edges.
        "col·lecció i il·lusió",
        "MÄ£ÄM ÌÑÌ",
        "«слово» и »Wort«",
        # Strings of Latin-1 signs in code (docutils' quotes, ftfy's own tables): Big5
        # reads them as hanzi, but signs alone prove no codec.
        "quotes = '«»«»'",
        'SYMBOLS = "®©°·»{"',
    ],
)
def test_clean_text_is_left_alone(text: str) -> None:
    assert repair(text) == text


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"shared seed documents not present at {SEEDS}")
def test_seed_documents() -> None:
    garbled = (SEEDS / "002_1b0983bb6ce9965c.txt").read_text(encoding="utf-8")
    expected = (SEEDS / "expected" / "002_1b0983bb6ce9965c.txt").read_text(encoding="utf-8")
    assert repair(garbled) == expected
    for path in sorted(SEEDS.glob("00[0134]_*.txt")):
        text = path.read_text(encoding="utf-8")
        assert repair(text) == text, path.name


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        # One letter read as Mac Roman: √ and ≈ are the UTF-8 leads C3 and C5.
        ("Freitag, 28. Juli 2023: √Ñquatorialguinea", "Freitag, 28. Juli 2023: Äquatorialguinea"),
        ("Aider supporter emp√™cher satisfaire", "Aider supporter empêcher satisfaire"),
        ("Photo: Sevcan ≈ûensoy / Staff", "Photo: Sevcan Şensoy / Staff"),
        # UTF-8 read as cp1250: Ă and Ĺ glued to a tail character.
        ("“KadÄ±nana Ă–calan Demir” wrote back", "“Kadınana Öcalan Demir” wrote back"),
        ("Milan Ĺ\u00a0imek", "Milan Šimek"),
        # UTF-8 read by a CJK codec: a hanzi ending a Latin word, or two inside one.
        ("Drahoslava Mal谩", "Drahoslava Malá"),  # GBK, at the text's end
        ("Mart, Cumartesi ve Sal覺", "Mart, Cumartesi ve Salı"),  # Big5
        ("gennaio, sabato e marted챙", "gennaio, sabato e martedì"),  # EUC-KR
        ("Dame th矇璽tre ensemble", "Dame théâtre ensemble"),  # two inside one word
    ],
)
def test_single_misread_letters_in_clean_text_are_repaired(garbled: str, expected: str) -> None:
    assert repair(garbled) == expected
