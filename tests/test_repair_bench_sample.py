"""A small, deterministic slice of the repair benchmark (bench/), run as tests.

The generator checks pin down how the corpus is made (lossless chains, sloppy cp1252,
determinism). The target checks hold textkeep's repair to issue 3's accuracy targets on a
few hundred garbled texts across every chain and a few hundred clean texts; the full
benchmark with ftfy alongside and throughput is ``python bench/score_repair.py``.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import repair_corpus  # noqa: E402
from repair_corpus import CHAINS, Corpus, CorpusSize, garble  # noqa: E402
from textkeep.repair import repair  # noqa: E402

# Issue 3's targets: 99.5% exact restores per chain (with 16 texts a chain, no miss at all)
# and no clean text changed.
EXACT_TARGET = 0.995

SAMPLE_SIZE = CorpusSize(lines_per_language=4, documents_per_language=1, spans_per_language=3)
SAMPLE_PER_CHAIN = 16
SAMPLE_CLEAN = 300


@cache
def sample_corpus() -> Corpus:
    return repair_corpus.sample(
        repair_corpus.build_corpus(SAMPLE_SIZE), SAMPLE_PER_CHAIN, SAMPLE_CLEAN
    )


# --- the generator ----------------------------------------------------------------------


def test_sloppy_cp1252_maps_undefined_bytes_to_c1_controls() -> None:
    assert repair_corpus.decode_strict(b"\x80\x81\x8d\x8f\x90\x9d\x9f", "cp1252") == (
        "€\x81\x8d\x8f\x90\x9dŸ"
    )
    assert repair_corpus.encode_strict("€\x81\x9dŸ", "cp1252") == b"\x80\x81\x9d\x9f"
    assert repair_corpus.encode_strict("ā", "cp1252") is None


def test_garble_layers_apply_first_step_first() -> None:
    by_name = {chain.name: chain for chain in CHAINS}
    assert garble("café", by_name["UTF-8 read as cp1252"]) == "cafÃ©"
    assert garble("café", by_name["UTF-8 -> cp1252 -> cp1252"]) == "cafÃƒÂ©"
    assert garble("阶跃", by_name["UTF-8 read as Mac Roman"]) == "Èò∂Ë∑É"
    assert garble("中文", by_name["GBK read as Latin-1"]) == "ÖÐÎÄ"
    assert by_name["UTF-8 -> cp1251 -> cp1252"].layers == (
        "UTF-8 read as cp1251",
        "UTF-8 read as cp1252",
    )


def test_garble_skips_lossy_and_unchanged_text() -> None:
    by_name = {chain.name: chain for chain in CHAINS}
    assert garble("plain ASCII", by_name["UTF-8 read as cp1252"]) is None
    # Chinese cannot be encoded as Shift-JIS source text when it uses simplified forms.
    assert garble("阶跃星辰", by_name["Shift-JIS read as Latin-1"]) is None
    # GBK encodes this text, so it is GBK text, not GB18030-only text.
    assert garble("中文", by_name["GB18030 read as Latin-1"]) is None


def test_every_garbled_item_is_its_original_garbled_by_its_chain() -> None:
    by_name = {chain.name: chain for chain in CHAINS}
    for item in sample_corpus().garbled:
        assert item.garbled != item.original, item.id
        if item.kind == "whole":
            assert garble(item.original, by_name[item.chain]) == item.garbled, item.id
        assert item.layers == by_name[item.chain].layers


def test_sample_covers_every_chain_and_kind() -> None:
    corpus = sample_corpus()
    assert {item.chain for item in corpus.garbled} == {chain.name for chain in CHAINS}
    assert {item.kind for item in corpus.garbled} == set(repair_corpus.KINDS)
    assert len(corpus.garbled) >= 300
    assert len(corpus.clean) == SAMPLE_CLEAN


def test_corpus_is_deterministic() -> None:
    first = repair_corpus.build_corpus(SAMPLE_SIZE)
    second = repair_corpus.build_corpus(SAMPLE_SIZE)
    assert [item.to_dict() for item in first.items()] == [item.to_dict() for item in second.items()]
    ids = [item.id for item in first.items()]
    assert len(ids) == len(set(ids))


_DIGEST_SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import repair_corpus
corpus = repair_corpus.build_corpus(repair_corpus.CorpusSize(8, 1, 3))
data = json.dumps([item.to_dict() for item in corpus.items()], ensure_ascii=False)
print(hashlib.sha256(data.encode("utf-8")).hexdigest())
"""


def test_corpus_does_not_depend_on_the_string_hash_seed() -> None:
    # Set iteration order changes with PYTHONHASHSEED; a generator that leaks it is not
    # reproducible between runs even though it is within one.
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT, str(BENCH)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_full_corpus_meets_the_issue_sizes() -> None:
    corpus = repair_corpus.build_corpus()
    assert len(corpus.clean) >= 2000
    assert len(repair_corpus.LANGUAGES) >= 15
    languages = {item.language for item in corpus.garbled}
    for required in ("zh_Hans", "zh_Hant", "ja", "ko", "ru", "el", "ar", "vi", "fr", "de"):
        assert required in languages
    groups = {item.group for item in corpus.clean}
    assert {"tricky negative", "capitals", "short CJK", "names list"} <= groups


# --- textkeep against the targets -------------------------------------------------------


@pytest.mark.parametrize("chain", [chain.name for chain in CHAINS])
def test_textkeep_restores_each_chain(chain: str) -> None:
    """textkeep restores at least EXACT_TARGET of the sample's texts garbled by ``chain``."""
    items = [item for item in sample_corpus().garbled if item.chain == chain]
    misses = [item for item in items if repair(item.garbled) != item.original]
    rate = 1 - len(misses) / len(items)
    shown = "\n".join(f"  {item.id}: {item.garbled[:60]!r}" for item in misses[:5])
    assert rate >= EXACT_TARGET, f"{chain}: {rate:.1%} exact of {len(items)}; misses:\n{shown}"


def test_textkeep_restores_the_sample_overall() -> None:
    items = sample_corpus().garbled
    restored = sum(repair(item.garbled) == item.original for item in items)
    assert restored / len(items) >= EXACT_TARGET


def test_textkeep_leaves_clean_text_alone() -> None:
    """repair changes no clean text of the sample."""
    changed = sorted(
        {item.original for item in sample_corpus().clean if repair(item.original) != item.original}
    )
    assert not changed, f"{len(changed)} clean texts changed: {changed[:10]}"


def test_whole_line_path_gives_what_the_unit_search_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines read back whole (two C-level calls) come out as the unit-by-unit search makes
    them, repair reports included, on every text of the sample."""
    # The package's repair() function shadows its module of the same name.
    engine = importlib.import_module("textkeep.repair")

    texts = [item.garbled for item in sample_corpus().garbled]
    texts += [item.original for item in sample_corpus().clean]
    fast = [engine.repair_and_report(text) for text in texts]
    monkeypatch.setattr(engine, "_whole_line_candidate", lambda *args: None)
    for memo in ("_LINE_CANDIDATES", "_PEELED", "_UNITS"):
        monkeypatch.setattr(engine, memo, {})
    slow = [engine.repair_and_report(text) for text in texts]
    differ = [text for text, a, b in zip(texts, fast, slow, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} differ, first: {differ[:3]}"


def test_throughput_forgets_before_every_timed_pass_and_takes_turns() -> None:
    # The scorer's timing: one untimed pass each, then TIMED_PASSES passes in turn, each of
    # textkeep's after its memos are cleared (else the corpus it just scored is still warm).
    score_repair = importlib.import_module("score_repair")
    calls: list[str] = []

    def make(name: str):
        return lambda text: calls.append(name)

    forgotten: list[int] = []
    speeds = score_repair.throughput(
        ["a" * 1000, "b" * 1000],
        {"textkeep": make("textkeep"), "ftfy": make("ftfy")},
        {"textkeep": lambda: forgotten.append(len(calls))},
    )
    passes = score_repair.TIMED_PASSES
    assert set(speeds) == {"textkeep", "ftfy"} and all(speed > 0 for speed in speeds.values())
    in_turn = ["textkeep", "textkeep", "ftfy", "ftfy"]
    assert calls == ["textkeep"] * 2 + ["ftfy"] * 2 + in_turn * passes
    # Cleared right before each timed textkeep pass, never before the untimed one.
    assert forgotten == [4 + 4 * i for i in range(passes)]
