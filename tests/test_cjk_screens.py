"""The precomputed screens for UTF-8 read by a CJK codec, and the byte pairs of the legacy
CJK codecs read as cp1252, match what the codecs give now.

Run this file directly to regenerate ``src/textkeep/cjk_screens.py`` after changing
``textkeep.layers.cjk_reading_screen`` or ``textkeep.layers.legacy_pairs``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkeep.cjk_screens import CJK_READING_SCREENS, COMBINED_SCREENS, LEGACY_PAIRS
from textkeep.layers import (
    LAYERS,
    LOST_MARKS,
    Layer,
    cjk_reading_screen,
    combined_screen,
    combined_screen_key,
    combined_screen_pattern,
    gate_screen,
    legacy_pairs,
    single_byte_table,
    single_byte_utf8,
)

MODULE = Path(__file__).resolve().parent.parent / "src" / "textkeep" / "cjk_screens.py"
CODECS = ("gb18030", "big5", "shift_jis", "euc_kr")


def test_every_cjk_reader_has_a_precomputed_screen() -> None:
    readers = {layer.read for layer in LAYERS if layer.source == "utf-8"} & set(CODECS)
    assert readers == set(CJK_READING_SCREENS)


@pytest.mark.parametrize("codec", CODECS)
def test_precomputed_screen_matches_the_codec(codec: str) -> None:
    assert CJK_READING_SCREENS[codec] == cjk_reading_screen(codec)


def test_every_legacy_reading_has_precomputed_pairs() -> None:
    sources = {layer.source for layer in LAYERS if layer.source in CODECS}
    assert sources == set(LEGACY_PAIRS)
    assert {layer.read for layer in LAYERS if layer.source in CODECS} == {"cp1252"}


@pytest.mark.parametrize("source", CODECS)
def test_precomputed_pairs_match_the_codec(source: str) -> None:
    assert LEGACY_PAIRS[source] == legacy_pairs(source, "cp1252")


# The layers the repair engine screens in one pass (all but the CJK readings), and of those
# the ones a sequence screen finds (all but the legacy CJK codecs read as cp1252).
ONE_PASS = tuple(
    layer for layer in LAYERS if layer.source != "utf-8" or single_byte_utf8(layer)
)
SEQUENCES = tuple(layer for layer in ONE_PASS if layer.source in ("utf-8", "cp1252"))
# (layers, whole sequences): the one-pass screen of a hook and of a long run, and the
# sequence screens' own (a long run's).
COMBINED = ((ONE_PASS, False), (ONE_PASS, True), (SEQUENCES, True))
COMBINED_IDS = ("one pass", "one pass, long run", "sequences, long run")


def test_precomputed_combined_screens_match_the_screens() -> None:
    expected = {
        combined_screen_key(layers, whole): combined_screen_pattern(layers, whole)
        for layers, whole in COMBINED
    }
    assert expected == COMBINED_SCREENS


# What the one-pass screen sees in mojibake and in clean text: every character the one-byte
# readers show for a byte from 80 up, ASCII around them, lost marks.
SCREEN_ALPHABET = sorted(
    {char for layer in ONE_PASS for char in single_byte_table(layer.read) if char >= "\x80"}
    | set("aZ 7?.-@")
    | LOST_MARKS
)


@pytest.mark.parametrize(("layers", "whole"), COMBINED, ids=COMBINED_IDS)
@settings(max_examples=3000, deadline=None)
@given(text=st.text(alphabet=SCREEN_ALPHABET, min_size=1, max_size=8))
def test_combined_screen_finds_whatever_a_layer_screen_finds(
    layers: tuple[Layer, ...], whole: bool, text: str
) -> None:
    # Its quick looks (what may follow an opening character) only skip where no screen
    # could match; a line they skipped would never be repaired.
    expected = any(gate_screen(layer, whole).search(text) for layer in layers)
    assert bool(combined_screen(layers, whole).search(text)) == expected


@pytest.mark.parametrize(("layers", "whole"), COMBINED, ids=COMBINED_IDS)
def test_combined_screen_after_each_opening_character(
    layers: tuple[Layer, ...], whole: bool
) -> None:
    # The quick looks decide on the one or two characters after an opening one: try every
    # opening character with ASCII and a third character of each kind after it.
    union = combined_screen(layers, whole)
    gates = [gate_screen(layer, whole) for layer in layers]
    opening = re.compile(union.pattern[: union.pattern.index("]") + 1])
    openings = {char for layer in layers for char in single_byte_table(layer.read)}
    wrong = []
    for char in sorted(c for c in openings if opening.match(c)):
        for second in " aZ@~-.7?":
            for third in ("", "a", " ", "é", "中", "\ufffd", char):
                text = f"a{char}{second}{third}"
                if bool(union.search(text)) != any(gate.search(text) for gate in gates):
                    wrong.append(text)
    assert not wrong, wrong[:10]


def regenerate() -> None:
    text = MODULE.read_text(encoding="utf-8")
    head = text[: text.index("CJK_READING_SCREENS")]
    # JSON's string form is a valid Python literal in the quotes ruff's formatter keeps.
    screens = "".join(
        f'    "{codec}": {json.dumps(cjk_reading_screen(codec), ensure_ascii=False)},\n'
        for codec in CODECS
    )
    pairs = "".join(
        f'    "{codec}": {json.dumps(legacy_pairs(codec, "cp1252"), ensure_ascii=False)},\n'
        for codec in CODECS
    )
    combined = "".join(
        f'    "{combined_screen_key(layers, whole)}": '
        f"{json.dumps(combined_screen_pattern(layers, whole), ensure_ascii=False)},\n"
        for layers, whole in COMBINED
    )
    MODULE.write_text(
        f"{head}CJK_READING_SCREENS: dict[str, str] = {{\n{screens}}}\n\n"
        f"LEGACY_PAIRS: dict[str, str] = {{\n{pairs}}}\n\n"
        f"COMBINED_SCREENS: dict[str, str] = {{\n{combined}}}\n",
        "utf-8",
    )


if __name__ == "__main__":
    regenerate()
