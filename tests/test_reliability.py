"""Bad input and hostile text: joiners that spell words, bidi controls, names and trees that
try to make textkeep read or write where it must not (issue 6)."""

from __future__ import annotations

import pytest

from textkeep.normalize import bidi_controls, normalize

# --- joiners -----------------------------------------------------------------------------------

WOMAN_TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
FAMILY_WITH_SKIN_TONE = "\U0001f468\U0001f3fd\u200d\U0001f467"
PERSIAN_MIKHAHAM = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", half-space
DEVANAGARI_HALF_KA = "\u0915\u094d\u200d\u0937"
MALAYALAM_CHILLU = "\u0d28\u0d4d\u200d"  # before a space: joins nothing
SINHALA_YANSAYA = "\u0dc1\u0dca\u200d\u0dba"


@pytest.mark.parametrize(
    "word",
    [
        WOMAN_TECHNOLOGIST,
        RAINBOW_FLAG,
        FAMILY_WITH_SKIN_TONE,
        PERSIAN_MIKHAHAM,
        DEVANAGARI_HALF_KA,
        SINHALA_YANSAYA,
    ],
)
def test_joiners_that_join_are_kept_and_counted(word: str) -> None:
    result = normalize(f"{word} {word}\n")
    assert result.text == f"{word} {word}\n"
    assert result.report.counts == {}
    assert result.report.joiners_kept == 2
    assert result.report.to_dict() == {"joiners_kept": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u200db\u200cc\n", "abc\n"),  # Latin letters need no joiner
        ("\u200d\U0001f4bb\n", "\U0001f4bb\n"),  # nothing before it
        ("\U0001f469\u200d\n", "\U0001f469\n"),  # nothing after it
        ("\U0001f469\u200cx\n", "\U0001f469x\n"),  # ZWNJ never joins emoji
        ("\u0645\u200c\u0915\n", "\u0645\u0915\n"),  # two different scripts
        (MALAYALAM_CHILLU + " x\n", "\u0d28\u0d4d x\n"),
        ("\u0645\u200c\u200c\u200d\u0645\n", "\u0645\u200c\u0645\n"),  # a run keeps its first
        ("\U0001f469\u200b\u200d\U0001f4bb\n", WOMAN_TECHNOLOGIST + "\n"),  # ZWSP goes
    ],
)
def test_joiners_that_join_nothing_are_removed(text: str, expected: str) -> None:
    result = normalize(text)
    assert result.text == expected
    removed = sum(text.count(c) for c in "\u200b\u200c\u200d") - sum(
        expected.count(c) for c in "\u200b\u200c\u200d"
    )
    assert result.report.counts.get("zero_width", 0) == removed
    again = normalize(result.text)
    assert again.text == result.text
    assert again.report.counts == {}


# --- bidi controls (Trojan source) -------------------------------------------------------------

TROJAN = 'access = "user\u202e \u2066// admin\u2069 \u2066"\r\nok = 1\n\u202bRTL\u202c\n'


def test_bidi_controls_are_kept_and_located() -> None:
    result = normalize(TROJAN)
    assert result.text == TROJAN.replace("\r\n", "\n")
    assert result.report.counts == {"crlf": 1}
    assert result.report.bidi_kept == 6
    assert result.report.to_dict() == {"bidi_kept": 6, "crlf": 1}
    found = [(c.line, c.column, c.code_point) for c in bidi_controls(TROJAN)]
    assert found == [
        (1, 15, "U+202E"),
        (1, 17, "U+2066"),
        (1, 26, "U+2069"),
        (1, 28, "U+2066"),
        (3, 1, "U+202B"),
        (3, 5, "U+202C"),
    ]
    assert bidi_controls(TROJAN)[0].name == "RIGHT-TO-LEFT OVERRIDE"


def test_strip_bidi_removes_and_counts_them() -> None:
    result = normalize(TROJAN, strip_bidi=True, record_changes=True)
    assert not bidi_controls(result.text)
    assert result.report.counts == {"bidi": 6, "crlf": 1}
    assert [c.offset for c in result.report.changes if c.kind == "bidi"] == [
        c.offset for c in bidi_controls(TROJAN)
    ]
    assert normalize(result.text, strip_bidi=True).report.counts == {}


def test_stripping_bidi_before_a_mark_still_gives_nfc() -> None:
    assert normalize("e\u202e\u0301\n", strip_bidi=True).text == "\u00e9\n"
