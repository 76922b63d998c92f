from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textkeep.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected", "counts"),
    [
        ("a\r\nb\r\n", "a\nb\n", {"crlf": 2}),
        ("a\rb\r", "a\nb\n", {"cr": 2}),
        ("\ufeffa\ufeffb\n", "ab\n", {"bom": 2}),
        ("a\u200bb\u200cc\u200dd\u2060e\n", "abcde\n", {"zero_width": 4}),
        ("a\x00b\x07c\x1bd\x7fe\x85f\x9fg\x0ch\x0bi\n", "abcdefghi\n", {"control": 8}),
        ("e\u0301 and A\u030a\n", "\u00e9 and \u00c5\n", {"nfc": 2}),
        ("a  \nb\t\nc\u00a0\nd\u3000\n", "a\nb\nc\nd\n", {"trailing_whitespace": 4}),
        ("a\n\n\n", "a\n", {"trailing_blank_lines": 2}),
        ("a", "a\n", {"final_newline": 1}),
        ("  \n\n", "", {"blank_text": 1, "trailing_whitespace": 1}),
    ],
)
def test_each_kind_is_changed_and_counted(text: str, expected: str, counts: dict) -> None:
    result = normalize(text)
    assert result.text == expected
    assert result.report.counts == counts


def test_empty_text_stays_empty() -> None:
    result = normalize("")
    assert result.text == ""
    assert result.report.to_dict() == {}


def test_clean_text_is_untouched() -> None:
    text = "“Curly” — dashes, 中文，全角：ＡＢＣ、「引号」 and tabs\tinside.\n"
    result = normalize(text)
    assert result.text == text
    assert result.report.counts == {}


def test_bidi_controls_and_line_separators_are_kept() -> None:
    text = "abc\u202adef\u202c \u2066x\u2069 y\u2028z\u2029\n"
    assert normalize(text).text == text


def test_tab_inside_a_line_is_kept_and_leading_whitespace_too() -> None:
    text = "\tindented\n  two spaces\n\u3000\u3000中文段落\n"
    assert normalize(text).text == text


def test_to_dict_sorts_keys_and_omits_zero_counts() -> None:
    report = normalize("x\u200b\r\ny  ").report.to_dict()
    assert list(report) == sorted(report)
    assert all(count > 0 for count in report.values())
    assert report == {"crlf": 1, "final_newline": 1, "trailing_whitespace": 1, "zero_width": 1}
    assert json.loads(json.dumps(report)) == report


def test_recorded_changes_locate_each_change() -> None:
    text = "ab\r\ncd \u200bx\n"
    changes = normalize(text, record_changes=True).report.changes
    kinds = [(c.kind, c.offset, c.before, c.after) for c in changes]
    assert kinds == [("crlf", 2, "\r\n", "\n"), ("zero_width", 7, "\u200b", "")]
    assert normalize(text).report.changes == ()


def test_removing_an_invisible_between_base_and_mark_still_composes() -> None:
    # After the zero-width space goes, e + U+0301 meet; NFC must run after removal.
    result = normalize("e\u200b\u0301\n")
    assert result.text == "\u00e9\n"
    assert normalize(result.text).text == result.text


_interesting = st.sampled_from(
    list(
        "\r\n\t \u00a0\u3000\ufeff\u200b\u200d\u2060\x00\x07\x85\u0301\u0308e\u1100\u1161\u11a8a中"
    )
)


@given(st.lists(st.one_of(_interesting, st.characters()), max_size=60).map("".join))
def test_idempotent(text: str) -> None:
    once = normalize(text)
    twice = normalize(once.text)
    assert twice.text == once.text
    assert twice.report.counts == {}


@given(st.lists(st.one_of(_interesting, st.characters()), max_size=60).map("".join))
def test_output_has_no_removed_characters_and_one_final_newline(text: str) -> None:
    out = normalize(text).text
    assert "\r" not in out
    # ZWNJ/ZWJ may stay where they join letters or emoji (tests/test_reliability.py).
    assert not any(c in out for c in "\ufeff\u200b\u2060\x00\x7f")
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
