"""Tests for the describe stage (textkeep.metadata).

All article snippets here are written for these tests; the seed test only reads
../shared/seeds and asserts short field values.
"""

from __future__ import annotations

import doctest
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkeep import metadata
from textkeep.metadata import (
    LABEL_SCAN_CHARS,
    SCRIPT_SCAN_LIMIT,
    TITLE_MAX_CHARS,
    TextDescription,
    chinese_variant,
    describe_text,
)

ENGLISH_ARTICLE = """\
Home > Technology > AI

Robotics maker Lumen raises $120 million to build warehouse arms

By Maria Keller | Staff reporter

The company said on Tuesday that it had closed the round with 14 investors, and that
the money will be used to hire 300 engineers by 2027. Its first factory opened in 2019.
See https://lumen.example.com/careers for the jobs it is offering.

Original Source: Harbor Times
Published: 2026-01-30
Source URL: https://harbortimes.example.com/lumen-raise
"""

CHINESE_ARTICLE = """\
首页

机器人公司完成十亿元新一轮融资

2026-01-30 10:20 来源：江南日报 作者：王晓明

本报记者 陈立

记者了解到，这家公司成立于2019年，目前有300名员工，新资金将用于扩大生产和研发。
公司负责人表示，明年将在三个城市建设新工厂。
原文链接：https://news.example.cn/2026/0130/robot.html
"""

TRADITIONAL_ARTICLE = """\
機器人公司完成新一輪融資
發布時間：2026年1月30日 10:05
來源：港灣日報
這家公司表示，新資金將用於研發與國際市場擴張，並與本地晶片廠商合作。
"""


def test_english_article_fields() -> None:
    d = describe_text(ENGLISH_ARTICLE).to_dict()
    assert d == {
        "title": "Robotics maker Lumen raises $120 million to build warehouse arms",
        "author": "Maria Keller",
        "date": "2026-01-30",
        "publisher": "Harbor Times",
        "sitename": "Harbor Times",
        "url": "https://harbortimes.example.com/lumen-raise",
        "language": "en",
        "scripts": {"Latin": 1.0},
    }


def test_chinese_article_fields() -> None:
    d = describe_text(CHINESE_ARTICLE).to_dict()
    assert d["title"] == "机器人公司完成十亿元新一轮融资"
    assert d["date"] == "2026-01-30T10:20"
    # 作者 comes before the 记者 credit, and "记者了解到" is a phrase, not a credit.
    assert d["author"] == "王晓明"
    assert d["publisher"] == d["sitename"] == "江南日报"
    assert d["url"] == "https://news.example.cn/2026/0130/robot.html"
    assert d["language"] == "zh-Hans"
    assert list(d["scripts"]) == ["Han", "Latin"]


def test_traditional_chinese_article_fields() -> None:
    d = describe_text(TRADITIONAL_ARTICLE).to_dict()
    assert d["date"] == "2026-01-30T10:05"
    assert d["publisher"] == "港灣日報"
    assert d["language"] == "zh-Hant"
    assert d["scripts"] == {"Han": 1.0}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 2026-01-30", "2026-01-30"),
        ("**Published:** 2026-01-30", "2026-01-30"),
        ("Date: January 30, 2026", "2026-01-30"),
        ("Published on 30 January 2026", "2026-01-30"),
        ("Posted: Jan. 30, 2026 at 6:44 pm", "2026-01-30T18:44"),
        ("Date: Fri, 30 Jan 2026 10:00:00 +0000", "2026-01-30T10:00"),
        ("发布时间：2026年1月30日", "2026-01-30"),
        ("发布时间：2026年1月30日 18:44", "2026-01-30T18:44"),
        ("日期：2026/1/30", "2026-01-30"),
        ("日期: 2026.01.30", "2026-01-30"),
        ("Published: 2026-01-30T07:05", "2026-01-30T07:05"),
        # A time that cannot exist is dropped, the date kept.
        ("Published: 2026-01-30 25:61", "2026-01-30"),
    ],
)
def test_labelled_date_forms(line: str, expected: str) -> None:
    text = f"A headline\n\n{line}\n\nThe body of the article is here."
    assert describe_text(text).date == expected


def test_name_glued_to_date_gives_author_and_date() -> None:
    d = describe_text("A headline\n\n晓曦2026-01-26 18:44\nThe body.\n")
    assert (d.author, d.date) == ("晓曦", "2026-01-26T18:44")


def test_name_and_date_line_in_english() -> None:
    d = describe_text("A headline\n\nJane Doe 2026-01-26\nThe body.\n")
    assert (d.author, d.date) == ("Jane Doe", "2026-01-26")


def test_first_labelled_date_wins() -> None:
    text = "Headline\nPublished: 2026-01-30\nBody.\nDate: 2025-12-01\n"
    assert describe_text(text).date == "2026-01-30"


def test_updated_only_without_published() -> None:
    both = "Headline\nUpdated: 2026-02-02\nPublished: 2026-01-30\nBody."
    assert describe_text(both).date == "2026-01-30"
    only_updated = "Headline\nLast updated: March 3, 2026\nBody."
    assert describe_text(only_updated).date == "2026-03-03"


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nIn 2025 the firm had 1,200 staff; revenue rose 30% and 2026-01-30 was busy.",
        "Headline\n\nThe meeting on January 30, 2026 approved the plan.",
        "Headline\n\nPublished: 2026-02-30\n",  # no such day
        "Headline\n\nPublished: soon\n",
        "标题\n\n公司在2026年1月30日宣布融资，员工300人。",
        "Headline\n\n300 2026-01-30\n",
    ],
)
def test_no_date_from_unlabelled_or_invalid_numbers(text: str) -> None:
    assert describe_text(text).date is None
    assert "date" not in describe_text(text).to_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\nBy Jane Doe\nBody.", "Jane Doe"),
        ("Headline\nBY JANE DOE, REUTERS\nBody.", "JANE DOE"),
        ("Headline\nBy Ana de la Cruz — March 2, 2026\nBody.", "Ana de la Cruz"),
        ("Headline\nAuthor: Sam Lee\nBody.", "Sam Lee"),
        ("标题\n作者：李华\n正文。", "李华"),
        ("标题\n记者 张伟\n正文。", "张伟"),
        ("标题\n新华社北京1月30日电（记者刘洋）正文。", "刘洋"),
    ],
)
def test_author_forms(text: str, expected: str) -> None:
    assert describe_text(text).author == expected


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nBy 2030, most companies will run their own models.",
        "Headline\n\nBy January, the plan was set.",
        "Headline\n\nBy aligning software with chips, the firm cut costs.",
        "Headline\n\nThe round was led by Jane Doe Capital.",
        "标题\n\n记者了解到，这家公司已经盈利。",
        "Headline\n\nDisclaimer: The above content is generated by AI.",
    ],
)
def test_no_author_from_prose(text: str) -> None:
    assert describe_text(text).author is None


def test_publisher_forms_and_rejections() -> None:
    assert describe_text("Headline\nSource: Reuters\n").publisher == "Reuters"
    assert describe_text("Headline\nPublisher: Harbor Times\n").publisher == "Harbor Times"
    assert describe_text("标题\n来源：新华社\n").publisher == "新华社"
    assert describe_text("Headline\nSource code is on GitHub.\n").publisher is None
    assert describe_text("Headline\nSource: https://example.com/a\n").publisher is None
    # A "Source URL:" label is a URL, not a publisher called "URL".
    assert describe_text("Headline\nSource URL: https://example.com/a\n").publisher is None


def test_url_only_from_labels() -> None:
    unlabelled = "Headline\nRead more at https://example.com/story and https://b.example.org.\n"
    assert describe_text(unlabelled).url is None
    labelled = "Headline\nSee https://example.com/other\nURL: <https://example.com/a?b=1>.\n"
    assert describe_text(labelled).url == "https://example.com/a?b=1"
    assert describe_text("标题\n原文链接：https://example.cn/x。\n").url == "https://example.cn/x"


def test_title_from_markdown_heading_without_markers() -> None:
    text = "Intro line\n\n## The **[Big](https://example.com)** Story ##\n\nBody."
    assert describe_text(text).title == "The Big Story"


def test_title_skips_navigation_and_label_lines() -> None:
    text = "HomeArticle\n\nPublished: 2026-01-30\n\nThe Real Headline\n\nBody."
    assert describe_text(text).title == "The Real Headline"


def test_long_first_line_is_cut_at_a_word() -> None:
    text = " ".join(["word"] * 100) + "\nBody."
    title = describe_text(text).title
    assert title is not None
    assert title.endswith("…")
    assert len(title) <= TITLE_MAX_CHARS + 1
    assert title[:-1].split() == ["word"] * len(title[:-1].split())


def test_absent_fields_are_omitted() -> None:
    assert describe_text("").to_dict() == {}
    assert TextDescription().to_dict() == {}
    d = describe_text("A headline\n\nA short note without labels or links.").to_dict()
    assert set(d) == {"title", "language", "scripts"}


def test_scripts_count_letters_only_and_sort_by_share() -> None:
    d = describe_text("abc 中文字 123 !!! 。").to_dict()
    assert d["scripts"] == {"Han": 0.5, "Latin": 0.5}
    assert list(d["scripts"]) == ["Han", "Latin"]  # equal shares: by name
    d = describe_text("abcd 中 カ").to_dict()
    assert list(d["scripts"].items()) == [("Latin", 0.667), ("Han", 0.167), ("Katakana", 0.167)]


def test_scripts_scan_stops_at_the_limit() -> None:
    text = "a" * SCRIPT_SCAN_LIMIT + "中文" * 1000
    assert describe_text(text).to_dict()["scripts"] == {"Latin": 1.0}


def test_labels_are_read_in_the_head_and_the_footer_of_long_documents() -> None:
    body = "The company kept growing and the team kept shipping.\n" * (LABEL_SCAN_CHARS // 20)
    footer = "\nOriginal Source: Harbor Times\nPublished: 2026-01-30\n"
    d = describe_text("Headline\n\n" + body + footer)
    assert (d.publisher, d.date) == ("Harbor Times", "2026-01-30")
    # Deep in the body a label-like line is prose (a chart credit, a quoted header).
    middle = "Headline\n\n" + body + "Source: Chart Desk\n" + body
    assert describe_text(middle).publisher is None
    assert describe_text("Headline\nSource: Chart Desk\n" + body).publisher == "Chart Desk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这家公司表示，新资金将用于研发和扩大生产。", "zh-Hans"),
        ("這家公司表示，新資金將用於研發和擴大生產。", "zh-Hant"),
        ("この会社は新しい資金を研究開発に使うと発表しました。", "ja"),
        ("이 회사는 새로운 자금을 연구 개발에 사용할 것이라고 밝혔다.", "ko"),
        ("Компания заявила, что направит деньги на исследования.", "ru"),
        ("Компанія заявила, що спрямує гроші на дослідження і розвиток.", "uk"),
        ("Η εταιρεία ανακοίνωσε νέα χρηματοδότηση.", "el"),
        ("الشركة أعلنت عن تمويل جديد", "ar"),
        ("החברה הודיעה על מימון חדש", "he"),
        ("The company said that it will use the money for research.", "en"),
        ("La empresa dijo que usará el dinero para la investigación y el desarrollo.", "und"),
        ("Die Firma sagte, dass sie das Geld für die Forschung nutzen wird.", "und"),
    ],
)
def test_language(text: str, expected: str) -> None:
    assert describe_text(text).language == expected


def test_english_prose_with_chinese_names_stays_english() -> None:
    text = (
        "The founders of 阶跃星辰 said that the company, based in 上海徐汇, will spend "
        "the money on its models and that it has been working with 华为 and 腾讯 for years."
    )
    d = describe_text(text).to_dict()
    assert d["language"] == "en"
    assert d["scripts"]["Han"] > 0.1


def test_chinese_variant_ignores_shared_characters() -> None:
    assert chinese_variant(Counter("中文的人")) == "zh"


def test_description_is_deterministic_and_json_ready() -> None:
    first = describe_text(CHINESE_ARTICLE)
    second = describe_text(CHINESE_ARTICLE)
    assert first == second
    assert json.dumps(first.to_dict(), ensure_ascii=False) == json.dumps(
        second.to_dict(), ensure_ascii=False
    )
    assert json.loads(json.dumps(first.to_dict())) == first.to_dict()


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_any_text_gives_a_json_ready_description(text: str) -> None:
    d = describe_text(text).to_dict()
    assert json.loads(json.dumps(d)) == d
    shares = d.get("scripts", {})
    assert all(0.0 <= share <= 1.0 for share in shares.values())
    if shares:
        assert abs(sum(shares.values()) - 1.0) < 0.01 * len(shares)
    assert set(d) <= {
        "title",
        "author",
        "date",
        "publisher",
        "sitename",
        "url",
        "language",
        "scripts",
    }


def test_docstring_examples() -> None:
    result = doctest.testmod(metadata)
    assert result.attempted > 20
    assert result.failed == 0


# --- the shared seed documents (not ours: read, never copied) --------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# The fields each seed visibly carries. Seed 002 is mojibake; its exact repair is read.
SEED_FIELDS = {
    "000_d3efe03921676290.txt": {
        "date": "2026-01-30",
        "publisher": "TechNode",
        "sitename": "TechNode",
        "language": "en",
    },
    "001_ee6558350a36c625.txt": {"language": "en"},
    "expected/002_1b0983bb6ce9965c.txt": {
        "title": "StepFun (阶跃星辰) - Deep Dive",
        "language": "en",
    },
    "003_792819f705965f5a.txt": {
        "author": "晓曦",
        "date": "2026-01-26T18:44",
        "language": "en",
    },
    "004_aab549e0d8bc6bbf.txt": {"language": "en"},
}
SEED_TITLE_STARTS = {
    "000_d3efe03921676290.txt": "Chinese AI startup StepFun",
    "001_ee6558350a36c625.txt": "Chinese artificial intelligence",
    "003_792819f705965f5a.txt": "Uncovering the Capital Backers",  # after "HomeArticle"
    "004_aab549e0d8bc6bbf.txt": "Financing in the AI sector",
}
# None of the seeds states an author, date or source URL beyond the ones above.
SEED_ABSENT = {
    "001_ee6558350a36c625.txt": {"author", "date", "publisher", "url"},
    "expected/002_1b0983bb6ce9965c.txt": {"author", "date", "publisher", "url"},
    "004_aab549e0d8bc6bbf.txt": {"author", "date", "publisher", "url"},
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"shared seed documents not present at {SEEDS}")
@pytest.mark.parametrize("name", sorted(SEED_FIELDS))
def test_seed_fields(name: str) -> None:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {name} not present at {path}")
    d = describe_text(path.read_text(encoding="utf-8")).to_dict()
    for field, value in SEED_FIELDS[name].items():
        assert d.get(field) == value, field
    if name in SEED_TITLE_STARTS:
        assert d["title"].startswith(SEED_TITLE_STARTS[name])
    assert not SEED_ABSENT.get(name, set()) & set(d)
