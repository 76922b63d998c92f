"""Repair mojibake: text that was decoded with the wrong codec, once or several times.

How it works, line by line (mojibake never crosses a newline: every codec here keeps
``\\n`` as the single byte 0x0A):

1. A cheap regex screen per layer (:func:`textkeep.layers.screen`) says whether the line
   could hold that layer's mojibake at all. Clean text mostly stops here.
2. For each layer that passes, the line is cut into *units*: runs of characters whose
   bytes, read back with the wrong codec, form whole characters of the true codec
   (``Ã©`` -> ``é``; ``闃惰`` -> ``阶`` plus half of the next character, so units grow
   until both codecs agree on a boundary).
3. Units are chosen by dynamic programming (the non-overlapping set that reads best, so
   shifted parses of double-byte text are judged by their output) and grouped into
   stretches; each stretch is scored in context (:func:`textkeep.plausibility.cost`) by
   what it reads as once any further layers come off it too. A stretch is accepted when
   the gain is large, or when it is modest but the same layer was found with confidence
   elsewhere in the line or document.
4. Accepted candidates are applied and the line is examined again, so two and three
   layers (``UTF-8 -> cp1252 -> cp1252``) come off one at a time.

Every round trip is exact: the repaired text, garbled again by the reported chain, gives
back the input. Bytes lost before the text reached us (``?``, U+FFFD, 锟斤拷, 烫烫烫) are
reported as :class:`Loss`; where a span is partly lost, only its exact part is recovered
and the lost characters are marked with U+FFFD.
"""

from __future__ import annotations

import heapq
import itertools
import re
import string
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from textkeep.latin_alphabets import ACCENTED_LATIN, alphabet_misfit
from textkeep.layers import (
    CJK_CLASS,
    COMPLETE,
    INVALID,
    LAYERS,
    LOST_MARKS,
    NON_ASCII,
    NON_ASCII_RUN,
    Layer,
    cjk_readings_screen,
    combined_screen,
    decode_source,
    encode_read,
    has_legacy_stretch,
    hot_starts,
    legacy_near_pair,
    read_bytes,
    screen,
    screen_opening,
    sequence_screen,
    single_byte_utf8,
)
from textkeep.plausibility import (
    COMMON_COMBINING,
    HAN_SPACE_HAN,
    HAN_TIER_COST,
    characters_cost,
    clear_cost_memo,
    cost,
    everyday_chinese,
    family_name_of,
    frequency_evidence,
    seldom_in,
)

_CJK = re.compile(CJK_CLASS)

# A candidate standing alone must make the text this much more plausible.
CONFIDENT_GAIN = 1.5
# With the document's evidence for its layer, a smaller gain suffices.
SUPPORTED_GAIN = 0.25
# Layers found with confidence in this document are preferred over rivals by this much.
SUPPORT_BONUS = 1.0
# Two confident finds make a layer the document's; one is enough within its own line.
DOCUMENT_SUPPORT = 2
MAX_ROUNDS = 4
MAX_UNIT_CHARS = 12

# A unit of k characters from one byte each that happens to form valid UTF-8 is rarer the
# longer it is: three or four glued characters are strong evidence by themselves.
LONG_UNIT_BONUS = 1.0
# How many more layers a candidate's text is peeled to judge it by its final reading.
PEEL_DEPTH = 2
# A legacy CJK codec read as Latin-1 must show at least this many characters.
LEGACY_MIN_UNITS = 2
# A run of this many accented capitals alone may be hanzi read as Latin-1 (阎磊 is ÑÖÀÚ) ...
ACCENTED_CAPITALS_RUN = 4
# ... when its letters belong to no one alphabet: each letter out of place counts this much
# towards the legacy reading, as it costs a Latin reading in decoding.
ALPHABET_MISFIT_GAIN = 2.5
# Each hanzi of a CJK reading that its own language seldom writes (level 2 kanji in what
# reads as Shift-JIS) counts as the less common tier it is in that language, not as the
# common tier another codec gives it.
SELDOM_HAN_GAIN = HAN_TIER_COST[1] - HAN_TIER_COST[0]
# ... and a legacy reading is charged for them only where it gives back at least this many
# (names take one level 2 kanji, 翔太; bytes that never were the codec give them in runs).
SELDOM_HAN_RUN = 3
# A legacy reading of this many hanzi from where another codec keeps an alphabet is
# improbable (see _alphabet_rows).
ALPHABET_ROWS_RUN = 4
# A legacy reading that gives back a person's name (see _name_gain) counts this much more
# for each character of its family name (up to two).
NAME_GAIN = 1.0
# Lost bytes next to a real repair ride along with it (and are marked U+FFFD); alone they
# never make a candidate.
LOST_UNIT_GAIN = 0.01
LOST_MARK_COST = 0.3
TIE_GAIN = 0.05
COVERAGE_GAIN = 0.15
# Two layers whose readings of one span gain within this of each other, with nothing
# else in the document to tell them apart, leave the span alone.
AMBIGUITY_MARGIN = 1.0
# A repair's text must read like real text: at most this cost per character on average.
MAX_MEAN_COST = 1.2

# Lost-data patterns: what stays of bytes that a program replaced or never initialised.
# (kind, pattern, a substring that every match contains)
LOSS_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("utf-8 replacement read as GBK", re.compile("(?:锟斤拷)+|锟斤|斤拷"), "斤"),
    ("uninitialised memory (0xCC) read as GBK", re.compile("烫{3,}"), "烫烫烫"),
    ("uninitialised memory (0xCD) read as GBK", re.compile("屯{3,}"), "屯屯屯"),
    ("replacement character", re.compile("\ufffd+"), "\ufffd"),
    (
        "question marks in CJK text",
        re.compile(
            r"(?<=[\u3040-\u9fff\uac00-\ud7af])\?{2,}|\?{2,}(?=[\u3040-\u9fff\uac00-\ud7af])"
        ),
        "??",
    ),
)


@dataclass(frozen=True)
class Repair:
    """One repaired span. ``offset`` counts characters in the text given to the repair stage.

    ``chain`` lists how the text was garbled, first step first, e.g.
    ``("UTF-8 read as Mac Roman",)`` or ``("UTF-8 read as cp1252", "UTF-8 read as cp1252")``.
    ``loss`` is True when part of the span had already been lost and is marked U+FFFD.
    """

    offset: int
    before: str
    after: str
    chain: tuple[str, ...]
    loss: bool = False

    @property
    def label(self) -> str:
        """The chain in arrow form.

        >>> Repair(0, "Ã©", "é", ("UTF-8 read as cp1252",)).label
        'UTF-8 → cp1252'
        """
        steps = [self.chain[0].split(" read as ")[0]]
        steps += [step.split(" read as ")[1] for step in self.chain]
        return " → ".join(steps)

    def to_dict(self) -> dict:
        # Built by hand: dataclasses.asdict deep-copies, which a file with a million
        # repairs feels.
        return {
            "offset": self.offset,
            "before": self.before,
            "after": self.after,
            "chain": list(self.chain),
            "loss": self.loss,
        }


@dataclass(frozen=True)
class Loss:
    """Bytes lost before the text reached us; reported, never guessed."""

    offset: int
    text: str
    kind: str

    def to_dict(self) -> dict:
        return {"offset": self.offset, "text": self.text, "kind": self.kind}


@dataclass(frozen=True)
class RepairResult:
    text: str
    repairs: tuple[Repair, ...] = field(default_factory=tuple)
    losses: tuple[Loss, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "repairs": [r.to_dict() for r in self.repairs],
            "losses": [loss.to_dict() for loss in self.losses],
        }


def repair(text: str) -> str:
    """Return ``text`` with its mojibake repaired; text that is already right is unchanged.

    >>> repair("StepFun (Èò∂Ë∑ÉÊòüËæ∞)")
    'StepFun (阶跃星辰)'
    >>> repair("阶跃星辰 Ã© café")
    '阶跃星辰 é café'
    """
    return repair_and_report(text).text


def repair_and_report(text: str) -> RepairResult:
    """Repair ``text`` and say what was done: every repair with its offset and chain.

    >>> result = repair_and_report("He said “闃惰穬鏄熻景” twice")
    >>> result.text, result.repairs[0].chain
    ('He said “阶跃星辰” twice', ('UTF-8 read as GBK',))
    """
    if text.isascii():
        return RepairResult(text, (), _find_losses(text))
    first_round = {
        start: _remembered_candidates(text[start:end], layers)
        for start, end, layers in _hot_lines(text)
    }
    support = _document_support(first_round)
    repairs: list[Repair] = []
    pieces: list[str] = []
    done = 0
    for start, candidates in sorted(first_round.items()):
        # A candidate under the lowest bar is never chosen: most flagged clean lines stop here.
        if any(_clears(c.gain, SUPPORTED_GAIN) for c in candidates):
            end = _line_end(text, start)
            repaired, line_repairs = _repair_line(text[start:end], candidates, support, start)
            pieces += [text[done:start], repaired]
            done = end
            repairs.extend(line_repairs)
    pieces.append(text[done:])
    return RepairResult("".join(pieces), tuple(repairs), _find_losses(text))


def clear_memos() -> None:
    """Forget the lines, units and strings repair has seen (each memo is bounded, so this is
    never needed for correctness): for a long-running process that wants the memory back,
    or a benchmark that must time text as if unseen. What is known of single characters
    and pairs of them stays, as do the tables and screens built from the codecs.

    >>> repair("cafÃ©")
    'café'
    >>> clear_memos()
    >>> repair("cafÃ©")
    'café'
    """
    _LINE_CANDIDATES.clear()
    _UNITS.clear()
    _PEELED.clear()
    clear_cost_memo()


def _hot_lines(text: str) -> list[tuple[int, int, list[Layer]]]:
    """(start, end, layers) of each line any layer's screen matches: the layers that
    matched, in LAYERS order.

    One regex pass over the whole text finds the lines the other screens match; only those
    are searched screen by screen. The CJK readings' screens, thousands of characters each,
    pass over text holding CJK on their own. While this process has screened little, the
    patterns are the ones quickest to compile (a hook on one file should not pay 30 ms
    for the CJK readings' union, nor 20 more for screens of whole sequences); on a long
    run, the ones quickest to search. Clean text never reaches a Python loop. Only "\n"
    ends a line here: splitlines() would also cut at \x85 and \x1c, which are themselves
    characters of mojibake.

    >>> [(start, end, layers[0].name) for start, end, layers in _hot_lines("ok\\ncafÃ©\\n")]
    [(3, 9, 'UTF-8 read as cp1252')]
    """
    global _screened_chars
    _screened_chars += len(text)
    long_run = _screened_chars >= LONG_RUN_CHARS
    layers = _LAYERS_WITHOUT_CJK_READINGS
    hot: dict[int, tuple[int, list[Layer]]] = {}
    for start, end in _matched_lines(combined_screen(layers, long_run), text):
        matched = _layers_matching(layers, text[start:end], long_run)
        if matched:
            hot[start] = (end, matched)
    # UTF-8 read by a CJK codec always yields CJK characters; without any, those screens
    # (large, built on first use) need not even be built.
    if _CJK.search(text) is not None:
        if not long_run:
            for layer in _CJK_READINGS:
                if screen_opening(layer).search(text) is None:
                    continue
                for start, end in _matched_lines(screen(layer), text):
                    hot.setdefault(start, (end, []))[1].append(layer)
        else:
            for start, end in _matched_lines(cjk_readings_screen(_CJK_READINGS), text):
                matched = _layers_matching(_CJK_READINGS, text[start:end], long_run)
                hot.setdefault(start, (end, []))[1].extend(matched)
    return [
        (start, end, sorted(matched, key=_LAYER_ORDER.__getitem__))
        for start, (end, matched) in sorted(hot.items())
    ]


def _screened_layers(line: str) -> list[Layer]:
    """The layers whose screens match ``line``, in LAYERS order: :func:`_hot_lines` for
    one line (a repaired line searched again, a stretch peeled).

    >>> [layer.name for layer in _screened_layers("Ã©tÃ©")][:2]
    ['UTF-8 read as cp1252', 'UTF-8 read as Mac Roman']
    >>> _screened_layers("été à Paris")
    []
    """
    layers = _LAYERS_WITHOUT_CJK_READINGS
    long_run = _screened_chars >= LONG_RUN_CHARS
    matched: list[Layer] = []
    if combined_screen(layers, long_run).search(line):
        matched = _layers_matching(layers, line, long_run)
    if _CJK.search(line):
        matched += _layers_matching(_CJK_READINGS, line, long_run)
    return sorted(matched, key=_LAYER_ORDER.__getitem__)


def _layers_matching(layers: tuple[Layer, ...], line: str, long_run: bool) -> list[Layer]:
    """Those of ``layers`` whose sequence screen finds something in ``line`` (the callers
    put them in LAYERS order)."""
    any_sequence, sequences, legacy = _checks(layers, long_run)
    matched = []
    if any_sequence is None or any_sequence.search(line):
        matched = [layer for layer, pattern in sequences if pattern.search(line)]
    for near_pair, readers in legacy:
        if near_pair.search(line):
            matched += [layer for layer in readers if has_legacy_stretch(line, layer)]
    return matched


@cache
def _checks(
    layers: tuple[Layer, ...], long_run: bool
) -> tuple[
    re.Pattern[str] | None,
    tuple[tuple[Layer, re.Pattern[str]], ...],
    tuple[tuple[re.Pattern[str], tuple[Layer, ...]], ...],
]:
    """What :func:`_layers_matching` asks of a line: each layer's sequence screen, on a
    long run after their one-pass screen where the line may have been flagged for a legacy
    codec alone (accented Latin text, where GBK reads nearly any two letters as one); and
    for the legacy CJK codecs, grouped by the one-byte codec that read them, the near pair
    they all need before any stretch is looked for."""
    sequence_layers = tuple(layer for layer in layers if not _is_legacy(layer))
    sequences = tuple((layer, sequence_screen(layer)) for layer in sequence_layers)
    readers: dict[str, list[Layer]] = {}
    for layer in layers:
        if _is_legacy(layer):
            readers.setdefault(layer.read, []).append(layer)
    any_sequence = None
    if long_run and readers and sequences:
        any_sequence = combined_screen(sequence_layers, whole_sequences=True)
    legacy = tuple((legacy_near_pair(r), tuple(group)) for r, group in readers.items())
    return any_sequence, sequences, legacy


def _matched_lines(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line ``pattern`` matches; after a match the search skips to the
    next line, so a line full of matches costs one."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        position = _line_end(text, match.start())
        yield text.rfind("\n", 0, match.start()) + 1, position


def _remembered_candidates(line: str, layers: list[Layer]) -> list[_Candidate]:
    """:func:`_line_candidates` of a whole line, remembered: tables, logs and exports repeat
    lines, and a line that every screen flags but nothing repairs (German "Grüße": ü and ß
    pair as one GBK character) costs the same each time it comes back."""
    if len(line) > LINE_CACHE_MAX_CHARS:
        return _line_candidates(line, 0, layers)  # memory stays bounded by count x length
    key = (line, tuple(layers))
    found = _LINE_CANDIDATES.get(key)
    if found is None:
        if len(_LINE_CANDIDATES) > LINE_CACHE_SIZE:
            _LINE_CANDIDATES.clear()
        found = _LINE_CANDIDATES[key] = _line_candidates(line, 0, layers)
    return found


LINE_CACHE_SIZE = 20_000
LINE_CACHE_MAX_CHARS = 1_000
_LINE_CANDIDATES: dict[tuple[str, tuple[Layer, ...]], list[_Candidate]] = {}


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends, its "\n" included."""
    end = text.find("\n", position)
    return len(text) if end < 0 else end + 1


def _reads_as_cjk(layer: Layer) -> bool:
    return layer.source == "utf-8" and not single_byte_utf8(layer)


_LAYERS_WITHOUT_CJK_READINGS = tuple(layer for layer in LAYERS if not _reads_as_cjk(layer))
_CJK_READINGS = tuple(layer for layer in LAYERS if _reads_as_cjk(layer))
_LAYER_ORDER = {layer: index for index, layer in enumerate(LAYERS)}
# After this many characters screened in a process, the screens quickest to search are
# used, not those quickest to compile (see _hot_lines); the count only chooses between
# equal searches.
LONG_RUN_CHARS = 1_000_000
_screened_chars = 0


# --- Candidates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    layer: Layer
    lossy: bool


@dataclass(frozen=True)
class _Candidate:
    """A stretch of the line that ``layer`` undoes, as one or more edits, and its gain."""

    start: int
    end: int
    edits: tuple[_Edit, ...]
    layer: Layer
    gain: float
    # Too little evidence alone (a lone glyph pair among symbols, box drawing): repaired
    # only where the document shows the same layer elsewhere.
    needs_support: bool = False


def _line_candidates(
    line: str, depth: int = 0, layers: Sequence[Layer] | None = None
) -> list[_Candidate]:
    if line.isascii():
        return []
    if layers is None:
        layers = _screened_layers(line)
    elif not _CJK.search(line):
        layers = [layer for layer in layers if not _reads_as_cjk(layer)]
    whole = _whole_line_candidate(line, layers, depth)
    if whole is not None:
        return [whole]
    found: list[_Candidate] = []
    for layer in layers:
        if found and _explained(line, found):
            break  # every non-ASCII character already has a confident single-byte reading
        if _reads_as_cjk(layer):
            # Short words apart from the matches only join a stretch that the matches
            # themselves begin: clean CJK text is full of them, and searching them costs.
            starts = hot_starts(line, layer, short_words=False)
            if not starts:
                continue
            candidates = _layer_candidates(line, layer, depth, starts)
            if candidates:  # every one gains (see _layer_candidates)
                candidates = _layer_candidates(line, layer, depth, hot_starts(line, layer))
            found.extend(candidates)
            continue
        starts = hot_starts(line, layer)
        if starts:
            found.extend(_layer_candidates(line, layer, depth, starts))
    return found


def _whole_line_candidate(line: str, layers: Sequence[Layer], depth: int) -> _Candidate | None:
    """The one confident repair of a line that UTF-8 read by one codec garbled from end to end.

    Most mojibake covers whole lines, and then the line's bytes under that layer's codec
    are valid UTF-8 throughout: two C-level calls find the repair that the unit-by-unit
    search would build, scored the same way. The first layer (in LAYERS order) that
    explains every character with confidence is the one, as the unit search stops at a
    one-byte layer that does; a CJK reading that explains every character is preferred
    here to rivals the unit search would weigh against it. Anything else (spans, lost
    bytes, repairs short of confident) is left to the unit-by-unit search.

    >>> candidate = _whole_line_candidate("Ã©tÃ©, cafÃ©", LAYERS, 0)
    >>> candidate.layer.read, _text_after("Ã©tÃ©, cafÃ©", candidate.edits)
    ('cp1252', 'été, café')
    """
    found = NON_ASCII.search(line)
    if found is None:
        return None
    first = found.start()
    for layer in layers:
        if layer.source != "utf-8" or not _begins_utf8(line, first, layer):
            continue
        data = encode_read(line, layer.read)
        if data is None:
            continue
        try:
            fixed = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        candidate = _whole_line_repair(line, fixed, layer, depth)
        if candidate is not None:
            return candidate
    return None


def _begins_utf8(line: str, first: int, layer: Layer) -> bool:
    """Whether the bytes of ``line``'s first character from 80 up (at ``first``) and the
    next begin a UTF-8 sequence: a lead, then a continuation. Most clean lines the screens
    flag fail here, before the whole line is encoded. A character that is ASCII to the
    codec (Shift-JIS writes ¥ as 5C) says nothing.

    >>> [_begins_utf8(text, 0, LAYERS[0]) for text in ("Ã©t", "é t", "–x")]
    [True, False, False]
    """
    head = read_bytes(line[first], layer.read)
    if head is None:
        return False
    if head[0] < 0x80:
        return True
    if len(head) == 1 and first + 1 < len(line):
        head += read_bytes(line[first + 1], layer.read) or b""
    return 0xC2 <= head[0] <= 0xF4 and (len(head) == 1 or 0x80 <= head[1] <= 0xBF)


# Rare combining marks, what Mac Roman makes of cp1252's "Ã©" (see _stray_mark).
_STRAY_MARK = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if chr(c) not in COMMON_COMBINING) + "]"
)


def _text_after(line: str, edits: Sequence[_Edit]) -> str:
    """``line`` with ``edits`` (in order, not overlapping) made."""
    pieces: list[str] = []
    done = 0
    for edit in edits:
        pieces += [line[done : edit.start], edit.text]
        done = edit.end
    return "".join(pieces) + line[done:]


def _whole_line_repair(line: str, fixed: str, layer: Layer, depth: int) -> _Candidate | None:
    """``line`` read back as ``fixed`` by undoing ``layer``, as one confident candidate.

    >>> candidate = _whole_line_repair("Ã©tÃ©, cafÃ©", "été, café", LAYERS[0], 0)
    >>> [(edit.start, edit.end, edit.text) for edit in candidate.edits]
    [(0, 2, 'é'), (3, 5, 'é'), (10, 12, 'é')]
    """
    runs = [match.span() for match in NON_ASCII_RUN.finditer(line)]
    # U+FFFD read back is an older loss (ï¿½, 锟斤拷): the unit search reports it as one.
    if fixed == line or not runs or _STRAY_MARK.search(fixed) or "\ufffd" in fixed:
        return None
    texts = _run_texts(line, runs, fixed, layer)
    if texts is None:
        return None
    edits = tuple(_Edit(s, e, text, layer, False) for (s, e), text in zip(runs, texts, strict=True))
    if any(edit.text == line[edit.start : edit.end] for edit in edits):
        return None
    start, end = runs[0][0], runs[-1][1]
    units: list[_Unit] = [(e.start, e.end, e.text, False, 0.0, True) for e in edits]
    if _looks_like_symbols(line, start, end, units):
        return None
    # As for units: a character of three or four bytes is stronger evidence than two (one
    # bonus per byte past the second), and for a CJK reading, characters its own language
    # seldom writes.
    # A one-byte reader's units are a character's bytes, so its bonus follows from the
    # byte count.
    bonus = 0.0
    if _one_byte_per_char(layer):
        ascii_chars = len(line) - sum(run_end - run_start for run_start, run_end in runs)
        bonus = LONG_UNIT_BONUS * (len(fixed.encode()) - 2 * len(fixed) + ascii_chars)
    elif _reads_as_cjk(layer):
        bonus = _seldom_read("".join(line[a:b] for a, b in runs), layer)
    undone = fixed[start : len(fixed) - (len(line) - end)]
    broken = _alphabet_broken(line, start, end, undone, layer)
    bonus -= broken
    gain = None if broken else _clear_gain(line, start, end, undone, layer)
    if gain is None:
        stretch: list[_Unit] = [(start, end, undone, False, 0.0, True)]
        gain = _gain_in_context(line, start, end, stretch, depth, layer)
    candidate = _Candidate(start, end, edits, layer, gain + bonus - layer.prior)
    return candidate if _confident(candidate) else None


def _run_texts(
    line: str, runs: list[tuple[int, int]], fixed: str, layer: Layer
) -> list[str] | None:
    """What each run of non-ASCII characters of ``line`` reads back as.

    UTF-8 never puts an ASCII byte inside a character, and a one-byte reader keeps every
    ASCII byte as itself: the runs of ``fixed`` are the answers, in order. A CJK reader
    may have taken an ASCII byte as a second byte (``岷縩`` is ``ến``), so its runs are
    read back one by one, and one that does not read back alone leaves the line to the
    unit search.

    >>> _run_texts("Ã©t", [(0, 2)], "ét", LAYERS[0])
    ['é']
    """
    if single_byte_utf8(layer):
        return NON_ASCII_RUN.findall(fixed)
    texts: list[str] = []
    for start, end in runs:
        data = encode_read(line[start:end], layer.read)
        try:
            texts.append(data.decode("utf-8") if data else "")
        except UnicodeDecodeError:
            return None
    return texts if all(texts) else None


def _clear_gain(line: str, start: int, end: int, undone: str, layer: Layer) -> float | None:
    """A gain at most :func:`_gain_in_context`'s that already clears the confidence bar,
    or None: then the full reckoning decides.

    The garbled side is counted by its characters alone (pair rules only add to it) and
    the undone side as it reads before further layers come off (peeling only lowers it).
    A long line of mojibake is where the full reckoning costs most and decides least.

    >>> _clear_gain("x æ˜Ÿè¾° y", 2, 8, "星辰", LAYERS[0]) > CONFIDENT_GAIN
    True
    >>> _clear_gain("Ã©", 0, 2, "\x85", LAYERS[0]) is None  # a control it did not have
    True
    """
    garbled = line[start:end]
    if _has_new_trouble(garbled, undone):
        return None
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    undone_cost = cost(before + undone + after)
    # Neighbours only add to a cost: within the mean, the undone text alone is too.
    if undone_cost > MAX_MEAN_COST * len(undone):
        return None
    gain = characters_cost(before + garbled + after) - undone_cost
    return gain if _clears(gain - layer.prior, CONFIDENT_GAIN) else None


def _explained(line: str, found: list[_Candidate]) -> bool:
    confident = [c for c in found if _confident(c) and _one_byte_per_char(c.layer)]
    if not confident:
        return False
    covered = bytearray(len(line))
    for candidate in confident:
        covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return all(covered[m.start()] for m in NON_ASCII.finditer(line))


def _unit_at(line: str, start: int, layer: Layer) -> tuple[int, str, bool] | None:
    """The unit beginning at ``start``: (end, undone text, lossy), or None."""
    if line[start + 1 : start + 2] == " " and _nbsp_is_a0(layer):
        spaced = _unit_with_lost_nbsp(line, start, layer)
        if spaced is not None:
            return spaced
    buffer = b""
    end = start
    limit = min(len(line), start + MAX_UNIT_CHARS)
    while end < limit:
        char = line[end]
        if buffer and char in LOST_MARKS and layer.source == "utf-8":
            return _lost_unit_end(line, end, buffer, layer), "\ufffd", True
        if buffer and char == " " and _nbsp_is_a0(layer):
            following = line[end + 1 : end + 2]
            if not following.isalpha():
                return None
            char = "\u00a0"  # a no-break space (byte A0) that became a plain space
        encoded = read_bytes(char, layer.read)
        if encoded is None:
            return None
        buffer += encoded
        end += 1
        status, decoded = decode_source(buffer, layer.source)
        if status == COMPLETE:
            return end, decoded, False
        if status == INVALID:
            return None
    return None


# Portuguese writes à glued to the next word (às, àquele, àquilo): there the space after
# ``Ã`` was the no-break space itself.
_A_GRAVE_CONTRACTION = re.compile(r"s(?:\s|$)|quel|quil")


def _unit_with_lost_nbsp(line: str, start: int, layer: Layer) -> tuple[int, str, bool] | None:
    """``Ã `` and ``Â ``: à and a no-break space whose byte A0 became a plain space.

    Many programs turn the no-break space of ``Ã\u00a0`` into a space and then squeeze
    double spaces, so ``voilÃ le`` is ``voilà le``: a lead byte C3 can only have been à
    there. Where two spaces follow, or the Portuguese ``às``, the first space was the A0.
    """
    lead = read_bytes(line[start], layer.read)
    if lead not in (b"\xc2", b"\xc3"):
        return None
    rest = line[start + 2 :]
    if lead == b"\xc2" or rest.startswith(" ") or _A_GRAVE_CONTRACTION.match(rest):
        return start + 2, "\u00a0" if lead == b"\xc2" else "à", False
    return start + 1, "à", False


def _lost_unit_end(line: str, mark: int, buffer: bytes, layer: Layer) -> int:
    """Where a UTF-8 character with a lost byte at ``mark`` ends: its continuations follow."""
    lead = buffer[0]
    needed = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    have = len(buffer) + 1
    end = mark + 1
    while have < needed and end < len(line):
        encoded = read_bytes(line[end], layer.read)
        if encoded is None or len(encoded) != 1 or not 0x80 <= encoded[0] <= 0xBF:
            break
        have += 1
        end += 1
    return end


# start, end, undone, lossy, gain, evidence (whether it may justify a repair by itself)
_Unit = tuple[int, int, str, bool, float, bool]


def _nbsp_is_a0(layer: Layer) -> bool:
    return layer.source == "utf-8" and read_bytes("\u00a0", layer.read) == b"\xa0"


def _one_byte_per_char(layer: Layer) -> bool:
    return layer.source == "utf-8" and read_bytes("\u00c3", layer.read) in (b"\xc3", b"\xcc")


def _layer_candidates(line: str, layer: Layer, depth: int, starts: list[int]) -> list[_Candidate]:
    """The stretches of ``line`` that undoing ``layer`` improves: only a gain above zero can
    ever count (see :func:`_choose` and :func:`_one_legacy_codec`)."""
    return [c for c in _scored_candidates(line, layer, depth, starts) if c.gain > 0]


def _scored_candidates(line: str, layer: Layer, depth: int, starts: list[int]) -> list[_Candidate]:
    """The stretches of ``line`` that undoing ``layer`` improves most, each with its gain.

    Units may start at any of ``starts``, and for multi-byte codecs two parses can be
    shifted against each other (``“\\x8bg\\x93c``: the real quote is byte 93 too), so the
    units are chosen by dynamic programming: the non-overlapping set with the largest gain.
    """
    single_byte = _one_byte_per_char(layer)
    # Each state: (total gain, last unit, previous state); state 0 is the empty choice.
    states: list[tuple[float, _Unit | None, int]] = [(0.0, None, -1)]
    best_state = 0
    pending: list[tuple[int, int]] = []  # (end of a unit, its state) not yet usable
    for position in starts:
        while pending and pending[0][0] <= position:
            _, state = heapq.heappop(pending)
            if states[state][0] > states[best_state][0]:
                best_state = state
        unit = _scored_unit(line, position, layer, single_byte)
        if unit is None or unit[4] <= 0:
            continue
        states.append((states[best_state][0] + unit[4], unit, best_state))
        heapq.heappush(pending, (unit[1], len(states) - 1))
    for _, state in pending:
        if states[state][0] > states[best_state][0]:
            best_state = state
    picked: list[_Unit] = []
    state = best_state
    while state > 0:
        _, unit, state = states[state]
        if unit is not None:
            picked.append(unit)
    picked.reverse()
    # A unit that reads as a combining mark with nothing of its own to combine with (Mac
    # Roman's reading of cp1252's "Ã©") must not ride along in a stretch others justify.
    picked = [u for u in picked if not _stray_mark(u[2])]
    # A legacy stretch needs that many units (clean Latin text rarely has them), but for a
    # Latin letter GBK or GB18030 wrote apart.
    few = len(picked) < LEGACY_MIN_UNITS
    if few and _is_legacy(layer) and not _latin_letters_in(picked, layer):
        return []
    candidates: list[_Candidate] = []
    for stretch in _stretches(line, picked):
        candidate = _stretch_candidate(line, stretch, layer, depth)
        if candidate is not None:
            candidates.append(candidate)
    quoted = _swallowed_opening_quote(line, picked)
    if quoted is not None and _is_legacy(layer):
        # Its first unit took the opening quote of a quoted name as a lead byte (“ is 93,
        # a Shift-JIS lead): the parse that leaves the quote to pair with its closing one
        # competes, and the better of the two stands.
        others = _scored_candidates(line, layer, depth, [s for s in starts if s != quoted])
        if sum(c.gain for c in others) > sum(c.gain for c in candidates):
            return others
    return candidates


_QUOTE_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def _swallowed_opening_quote(line: str, picked: list[_Unit]) -> int | None:
    """Where the first picked unit begins with an opening quote whose closing partner
    stands after the picked units, as in ``“‹g“c —zŽq”``.

    >>> _swallowed_opening_quote("“‹g“c —zŽq”", [(0, 2, "搭", False, 1.0, True)])
    0
    """
    if not picked:
        return None
    start = picked[0][0]
    closing = _QUOTE_PAIRS.get(line[start])
    if closing is None or closing not in line[picked[-1][1] :]:
        return None
    return start


def _stray_mark(undone: str) -> bool:
    """A rare Latin combining mark (U+0300-036F outside the everyday accents) first: what
    Mac Roman makes of cp1252's "Ã©", never what a real text's unit decodes to."""
    return _STRAY_MARK.match(undone) is not None


def _scored_unit(line: str, position: int, layer: Layer, single_byte: bool) -> _Unit | None:
    # A unit and its gain depend on the characters from ``position`` on, except where a
    # lost byte makes the neighbours count: memoise the rest by the text they read.
    key = (layer, line[position : position + UNIT_MEMO_CHARS])
    known = _UNITS.get(key, _UNKNOWN)
    if known is _UNKNOWN:
        unit = _scored_unit_uncached(line, position, layer, single_byte)
        if unit is not None and (unit[3] or unit[1] - position > UNIT_MEMO_CHARS - 2):
            return unit  # depends on more than the key holds
        if len(_UNITS) > PEEL_CACHE_SIZE:
            _UNITS.clear()
        known = _UNITS[key] = None if unit is None else (unit[1] - position, *unit[2:])
    if known is None:
        return None
    length, undone, lossy, gain, evidence = known
    return position, position + length, undone, lossy, gain, evidence


UNIT_MEMO_CHARS = 8
_UNKNOWN = object()
_UNITS: dict[tuple[Layer, str], tuple | None] = {}


def _scored_unit_uncached(
    line: str, position: int, layer: Layer, single_byte: bool
) -> _Unit | None:
    unit = _unit_at(line, position, layer)
    if unit is None:
        return None
    end, undone, lossy = unit
    garbled = line[position:end]
    evidence = undone != garbled
    if lossy:
        gain = _lost_unit_gain(line, position, end)
        evidence = gain > LOST_UNIT_GAIN
    elif "\ufffd" in undone and len(undone) > 1:
        return None  # 锟斤拷 and kin: replacement characters read as GBK, reported as losses
    elif undone == "\ufffd":
        # U+FFFD itself went through the wrong codec (``ï¿½``): the loss is older.
        lossy = True
        gain = cost(garbled) - cost("*")
    elif undone == garbled:
        return None
    else:
        # Units are compared by what they read as; the garbled side counts its characters
        # alone, so that two shifted parses of the same bytes are judged on their output.
        # A repair that reads no worse counts a little, so that it joins the repairs of
        # its neighbours instead of being left out of their stretch.
        gain = max(characters_cost(garbled) - cost(undone), TIE_GAIN)
        if not single_byte:
            # Two parses of double-byte text that read equally well: the one explaining
            # more of the garbled characters is the true alignment.
            gain += COVERAGE_GAIN * len(garbled)
    if single_byte and len(garbled) > 2 and evidence:
        gain += LONG_UNIT_BONUS * (len(garbled) - 2)
    return position, end, undone, lossy, gain, evidence


def _stretches(line: str, picked: list[_Unit]) -> list[list[_Unit]]:
    """Group units separated only by ASCII; ASCII between them joins as unchanged units."""
    stretches: list[list[_Unit]] = []
    for unit in picked:
        if stretches:
            previous_end = stretches[-1][-1][1]
            gap = line[previous_end : unit[0]]
            if gap.isascii():
                stretches[-1].extend(
                    (i, i + 1, line[i], False, 0.0, False) for i in range(previous_end, unit[0])
                )
                stretches[-1].append(unit)
                continue
        stretches.append([unit])
    return stretches


def _lost_unit_gain(line: str, start: int, end: int) -> float:
    """Gain of replacing a lead character and its lost tail by U+FFFD.

    A ``?`` may be a real question mark, so it never counts as evidence; a U+FFFD already
    marks a loss, and folding the stray lead byte into it (``SlovenÄ�ina``) only helps when
    that lead reads badly where it stands.
    """
    garbled = line[start:end]
    if "\ufffd" not in garbled:
        return LOST_UNIT_GAIN
    kept = "".join(char for char in garbled if char not in LOST_MARKS)
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    return max(LOST_UNIT_GAIN, cost(before + kept + after) - cost(before + after) - LOST_MARK_COST)


def _stretch_candidate(
    line: str, units: list[_Unit], layer: Layer, depth: int
) -> _Candidate | None:
    """A stretch of units as one candidate, scored again in context; None if unfit, and
    with no edits when it gains nothing (then it only weighs against a rival parse)."""
    changed = [u for u in units if u[2] != line[u[0] : u[1]]]
    if not any(u[5] for u in changed):
        return None  # lost bytes alone are reported, never guessed at
    if len(changed) == 1 and _quoted_letter(line, changed[0][0], changed[0][1]):
        return None
    start, end = units[0][0], units[-1][1]
    legacy = _is_legacy(layer)
    if legacy and not _could_be_legacy(line[start:end], changed, layer, start):
        return None
    if legacy and _leaves_unexplained(line, start, end):
        return None
    gain = _gain_in_context(line, start, end, units, PEEL_DEPTH if legacy else depth, layer)
    if gain == float("-inf"):
        return None
    bonus = -_alphabet_broken(line, start, end, "".join(u[2] for u in units), layer)
    if _one_byte_per_char(layer):
        bonus += sum(LONG_UNIT_BONUS * (u[1] - u[0] - 2) for u in changed if u[1] - u[0] > 2)
    elif _reads_as_cjk(layer):
        bonus += _seldom_read("".join(line[u[0] : u[1]] for u in changed), layer)
    elif legacy:
        bonus -= _seldom_written(changed, layer) + _alphabet_rows(line, changed, layer)
        bonus += _name_gain(line, start, end, units, layer)
        garbled = line[start:end]
        if garbled.isupper() and garbled.isalpha():
            # Capitals from several alphabets at once (see _european_capitals), priced as
            # decoding prices such letters.
            bonus += ALPHABET_MISFIT_GAIN * alphabet_misfit(garbled)
    gain += bonus - layer.prior
    if gain <= 0:
        return _Candidate(start, end, (), layer, gain)  # weighed against a rival parse only
    needs_support = _looks_like_symbols(line, start, end, changed) or (
        legacy and _symbols_only(changed, line) and not _latin_letters_in(changed, layer)
    )
    edits = tuple(_group_edits(changed, layer))
    return _Candidate(start, end, edits, layer, gain, needs_support)


def _symbols_only(changed: list[_Unit], line: str) -> bool:
    """Whether the characters a legacy reading takes are all Latin-1 signs (``«»«»``) or
    ASCII other than letters, with no C1 control or cp1252 punctuation: code and typography
    write such strings, and alone they prove no codec. Hanzi read as cp1252 nearly always
    give a letter past the signs (``¤¤¤å`` is 中文, ``§d²Q®S`` 吳淑娟).

    >>> _symbols_only([(0, 2, "姣", False, 1.0, True)], "«»")
    True
    >>> _symbols_only([(0, 2, "文", False, 1.0, True)], "¤å")
    False
    """
    garbled = "".join(line[u[0] : u[1]] for u in changed)
    return all(_latin1_sign(char) or (char < "\x80" and not char.isalpha()) for char in garbled)


def _latin1_sign(char: str) -> bool:
    """Latin-1's signs: A1-BF and × ÷. Typography writes ª º µ among them, so they count
    as signs here though Unicode calls them letters.

    >>> _latin1_sign("«"), _latin1_sign("º"), _latin1_sign("å")
    (True, True, False)
    """
    return "\xa1" <= char <= "\xbf" or char in "\xd7\xf7"


def _name_gain(line: str, start: int, end: int, units: list[_Unit], layer: Layer) -> float:
    """What a legacy reading gains for giving back a whole word shaped as a personal name
    in its own language (a common family name and a short given name).

    ``ÁõÀû`` alone reads as GBK (刘利) and as EUC-KR (증적) almost equally well; the name
    is the likelier text. Japanese writes a space inside a name (鈴木 稔), where Chinese
    writes none: that space is not charged.

    >>> gbk = next(layer for layer in LAYERS if layer.source == "gb18030")
    >>> units = [(0, 2, "刘", False, 1.0, True), (2, 4, "利", False, 1.0, True)]
    >>> _name_gain("ÁõÀû", 0, 4, units, gbk)
    1.0
    """
    if line[start - 1 : start].isalnum() or line[end : end + 1].isalnum():
        return 0.0
    undone = "".join(u[2] for u in units)
    family_name = family_name_of(undone, layer.source)
    if not family_name:
        return 0.0
    # A two-character family name (鈴木, 欧阳) read by chance is far rarer than one character.
    gain = NAME_GAIN * min(len(family_name), 2)
    return gain + (HAN_SPACE_HAN if " " in undone else 0.0)


def _alphabet_broken(line: str, start: int, end: int, undone: str, layer: Layer) -> float:
    """What undoing ``layer`` on ``line[start:end]`` costs for breaking a word that one
    language's alphabet spells.

    Words whose characters past ASCII are all accented letters of one alphabet (Icelandic
    ``Óþægindum``, Slovak ``DĹŽKA``) are real text: read as GBK they give hanzi glued to
    Latin (``誉鎔indum``), read as cp1250 a letter no such alphabet has (``DŎKA``).
    Mojibake of accented letters nearly always shows a symbol (``Ã©``) or letters of two
    alphabets (``Ã¼``).

    >>> cp1250 = next(layer for layer in LAYERS if layer.read == "cp1250")
    >>> _alphabet_broken("DĹŽKA", 1, 3, "Ŏ", cp1250) == ALPHABET_MISFIT_GAIN
    True
    >>> _alphabet_broken("cafĂ©", 3, 5, "é", cp1250)
    0.0
    """
    if _reads_as_cjk(layer):
        return 0.0
    word_start, word_end = start, end
    while word_start and line[word_start - 1].isalpha():
        word_start -= 1
    while word_end < len(line) and line[word_end].isalpha():
        word_end += 1
    word = line[word_start:word_end]
    if word.isascii() or not all(_ACCENTED_LATIN.match(char) for char in word if char > "\x7f"):
        return 0.0
    if alphabet_misfit(word) != 0:
        return 0.0
    if _is_legacy(layer):
        return ALPHABET_MISFIT_GAIN
    undone_word = line[word_start:start] + undone + line[end:word_end]
    if not all(char.isalpha() for char in undone if not char.isascii()):
        return ALPHABET_MISFIT_GAIN  # a letter read back as a control or a symbol
    return ALPHABET_MISFIT_GAIN * alphabet_misfit(undone_word)


_ACCENTED_LATIN = re.compile(ACCENTED_LATIN)


def _alphabet_rows(line: str, changed: list[_Unit], layer: Layer) -> float:
    """What a legacy reading loses when its hanzi come where another codec keeps an alphabet.

    A codec's row holds about 94 hanzi in radical, stroke or pinyin order: running text
    seldom takes four distinct ones in a row from one, but an alphabet saved in another
    codec does (Russian in EUC-KR is all row AC, which Big5 reads as 盼盆皇眇...). Big5's
    first rows are the exception, its simplest hanzi, which text does string together
    (一人一口 is all A4); there, GBK keeps kana, Greek and Cyrillic, so a Big5 reading
    whose every byte pair is such a letter in GBK (Москва saved as GBK reads in Big5 as
    妙抉扼抗志忘) loses too. Under four, a GBK reading whose every pair GBK keeps for a
    letter (kana, Greek, Cyrillic, bopomofo) loses: Big5 reads those bytes as its commonest
    hanzi.

    >>> big5 = next(layer for layer in LAYERS if layer.source == "big5")
    >>> units = [(i, i + 2, c, False, 1.0, True) for i, c in zip(range(0, 8, 2), "盼盆皇眇")]
    >>> _alphabet_rows("¬ß¬Ö¬Ó¬à", units, big5) > 0
    True
    >>> units = [(i, i + 2, c, False, 1.0, True) for i, c in zip(range(0, 8, 2), "一人一口")]
    >>> _alphabet_rows("¤@¤H¤@¤f", units, big5)
    0.0
    """
    texts = [unit[2] for unit in changed]
    short = len(changed) < ALPHABET_ROWS_RUN
    if (short and layer.source != "gb18030") or (
        not short and not all(_HAN.fullmatch(text) for text in texts)
    ):
        return 0.0
    pairs = [encode_read(line[unit[0] : unit[1]], layer.read) for unit in changed]
    if any(data is None or len(data) != 2 for data in pairs):
        return 0.0
    if short:
        # A few letters alone, all kana, Greek, Cyrillic or bopomofo: too short to be a word
        # of another alphabet saved in a Chinese codec; Big5 reads the same bytes as its
        # commonest hanzi (今天, A4 B5 A4 D1, is GBK's さぱ; 使用 is ㄏノ).
        if all(_gbk_letter(data) or _gbk_bopomofo(data) for data in pairs if data is not None):
            return SELDOM_HAN_GAIN * len(changed)
        return 0.0
    leads = {data[0] for data in pairs if data is not None}
    simplest = layer.source == "big5" and leads <= {0xA4, 0xA5, 0xA6}
    if len(leads) == 1 and len(set(texts)) >= 3 and not simplest:
        return SELDOM_HAN_GAIN * len(changed)
    if layer.source == "big5" and all(_gbk_letter(data) for data in pairs if data is not None):
        return SELDOM_HAN_GAIN * len(changed)
    return 0.0


def _gbk_letter(data: bytes) -> bool:
    """Whether two bytes are one of the kana, Greek or Cyrillic letters of GBK's rows A4-A7,
    or a mark Japanese writes with kana (ー is A9 60: コーヒー saved as GBK reads in Big5 as
    戊奈甲奈).

    >>> _gbk_letter(b"\\xa5\\xb3"), _gbk_letter(b"\\xa9\\x60"), _gbk_letter(b"\\xa9\\xa4")
    (True, True, False)
    """
    if not (0xA4 <= data[0] <= 0xA7 or (data[0] == 0xA9 and 0x60 <= data[1] <= 0x67)):
        return False
    try:
        return _GBK_LETTER_ROWS.fullmatch(data.decode("gbk")) is not None
    except UnicodeDecodeError:
        return False


def _gbk_bopomofo(data: bytes) -> bool:
    """Whether two bytes are one of GBK's bopomofo (A8 C5-E9: ㄅ to ㄩ).

    >>> _gbk_bopomofo(b"\\xa8\\xcf"), _gbk_bopomofo(b"\\xa8\\xa6")
    (True, False)
    """
    return data[0] == 0xA8 and 0xC5 <= data[1] <= 0xE9


# What GBK keeps in rows A4-A7 (hiragana, katakana, Greek, Cyrillic) and at A9 60-67 (the
# long vowel mark, voicing marks and iteration marks of kana, 〆).
_GBK_LETTER_ROWS = re.compile(
    "[\u3041-\u30f6\u0391-\u03c9\u0401-\u0451\u30fc-\u30fe\u309b-\u309e\u3006]"
)


def _seldom_read(garbled: str, layer: Layer) -> float:
    """What a CJK reading gains for each character it was read as that its own language
    seldom writes (UTF-8 read as Shift-JIS begins every Chinese character with a level 2
    kanji).

    >>> shift_jis = next(layer for layer in LAYERS if layer.read == "shift_jis")
    >>> _seldom_read("譚主", shift_jis) == SELDOM_HAN_GAIN
    True
    >>> _seldom_read("迪拜", shift_jis)  # Dubai in Chinese: level 2 kanji, level 1 hanzi
    0.0

    Only characters read from two bytes 80 and up count: UTF-8 puts no ASCII byte inside a
    character, so one read from a lead and an ASCII byte (怡 is Shift-JIS 9C 7D, "}") tells
    nothing of UTF-8's shape. Each counts once: a word said twice (逍遥 逍遥) is one piece of
    evidence, not two.

    >>> _seldom_read("邱怡", shift_jis) == SELDOM_HAN_GAIN
    True
    """
    if layer.read != "gb18030" and everyday_chinese(garbled):
        return 0.0  # what Japanese or Big5 seldom writes, Chinese text writes every day
    return SELDOM_HAN_GAIN * sum(
        1
        for char in set(garbled)
        if seldom_in(char, layer.read) and (read_bytes(char, layer.read) or b"\0\0")[-1] >= 0x80
    )


def _seldom_written(changed: list[_Unit], layer: Layer) -> float:
    """What a legacy reading loses for giving back hanzi its own language seldom writes.

    Text that was Shift-JIS holds level 1 kanji mostly, but names take level 2 ones too
    (翔太): only where three or more, and half the hanzi, are seldom written is the reading
    charged, as bytes that were never Shift-JIS give (``ぎ蝪繧筮繝窶壹``).

    >>> shift_jis = next(layer for layer in LAYERS if layer.source == "shift_jis")
    >>> _seldom_written([(0, 8, "蝪繧筮繝", False, 1.0, True)], shift_jis) > 0
    True
    >>> _seldom_written([(0, 4, "山田翔太", False, 1.0, True)], shift_jis)
    0.0
    """
    undone = "".join(u[2] for u in changed)
    hanzi = _HAN.findall(undone)
    seldom = sum(1 for char in hanzi if seldom_in(char, layer.source))
    if seldom < SELDOM_HAN_RUN or seldom * 2 < len(hanzi):
        return 0.0
    return SELDOM_HAN_GAIN * seldom


_HAN = re.compile("[\u4e00-\u9fff]")


_CLOSING_QUOTES = {"\u201d": "\u201c", "\u2019": "\u2018"}


def _quoted_letter(line: str, start: int, end: int) -> bool:
    """A letter alone between curly quotes, as in ``the letter “Ã” ``.

    Ô read as cp1252 is ``Ã”`` too, but then the quote is glued to the rest of its word
    (``“Ã”rgão``); a closing quote that pairs with the opening one just before it and
    ends the word is a real quote.

    >>> _quoted_letter("the letter “Ã” here", 12, 14), _quoted_letter("“Ã”rgão", 1, 3)
    (True, False)
    """
    garbled = line[start:end]
    if len(garbled) != 2 or start == 0:
        return False
    opening = _CLOSING_QUOTES.get(garbled[1])
    return opening == line[start - 1] and not line[end : end + 1].isalnum()


def _looks_like_symbols(line: str, start: int, end: int, changed: list[_Unit]) -> bool:
    """Box drawing only, or one pair of symbols, with no letter beside it (``(   `¬´    )``).

    Box drawing glued to a word (``H├╝lya``, ``├║ter├╜``) is mojibake; standing alone it
    may be a drawing.
    """
    garbled = "".join(line[u[0] : u[1]] for u in changed)
    neighbours = (line[start - 1] if start else " ") + (line[end] if end < len(line) else " ")
    neighbours += "".join(line[u[0] - 1 : u[0]] + line[u[1] : u[1] + 1] for u in changed)
    if any(char.isalpha() for char in neighbours):
        return False
    if all(0x2500 <= ord(char) <= 0x259F for char in garbled):
        return True
    return len(changed) == 1 and len(garbled) == 2 and not any(c.isalpha() for c in garbled)


def _could_be_legacy(garbled: str, changed: list[_Unit], layer: Layer, offset: int) -> bool:
    """Whether a stretch read as cp1252 can plausibly be a legacy double-byte codec.

    Not when it is one lone character, or single bytes alone (Shift-JIS half-width katakana
    for Latin-1 symbols is a one-for-one swap that proves nothing), nor mostly UTF-8 read as
    cp1252 (far likelier), nor only capital letters (``ÀÁÂÃÄÅ``: real GBK bytes give a mix of
    cases and symbols), nor mostly bytes 80-A0, which GB2312, Big5 and KS X 1001 text never
    has as a first byte (``offset`` is where ``garbled`` starts in the units' line).
    """
    if _european_capitals(garbled):
        return False
    if len(changed) < LEGACY_MIN_UNITS and not _latin_letters_in(changed, layer):
        return False
    if all(unit[1] - unit[0] == 1 for unit in changed):
        return False
    if layer.source == "shift_jis" and len(changed) <= 2 and garbled.isalpha():
        return False  # ŠŽšž: two kanji read from letters alone; kana and kanji bytes give symbols
    if layer.source != "shift_jis":
        # GB18030's four-byte characters (¥ is 81 30 84 36) begin low by design.
        four_byte = {
            index
            for unit in changed
            if unit[1] - unit[0] == 4
            for index in range(unit[0] - offset, unit[1] - offset)
        }
        high = [c for i, c in enumerate(garbled) if c >= "\x80" and i not in four_byte]
        low_bytes = sum(1 for char in high if (read_bytes(char, layer.read) or b"\xff")[0] < 0xA1)
        if low_bytes * 4 > len(high):
            return False
    return not _reads_as_utf8(garbled)


def _leaves_unexplained(line: str, start: int, end: int) -> bool:
    """Whether a legacy stretch ``line[start:end]`` leaves a character beside it that its
    reading should have taken: a letter or a Latin-1 symbol would have been a byte of the
    codec's text too. Beside means glued to it, or apart by ASCII punctuation alone; other
    punctuation does not count (a name in curly quotes: “ÑÖÀÚ”).

    A line of symbol art reads as Big5 in stretches, each with a symbol or a letter left
    over beside it; text that was Big5 leaves none.

    >>> art = "°º¤ø,¸¸,ø¤º°`°º¤ø,¸"
    >>> _leaves_unexplained(art, 0, 7), _leaves_unexplained("“ÑÖÀÚ” said Zoë, ÑÖÀÚ", 1, 5)
    (True, False)
    """
    before = start - 1
    while before >= 0 and line[before] in _ASCII_PUNCTUATION:
        before -= 1
    after = end
    while after < len(line) and line[after] in _ASCII_PUNCTUATION:
        after += 1
    return any(
        0 <= index < len(line) and _left_unread(line[index]) for index in (before, after)
    )


_ASCII_PUNCTUATION = frozenset(string.punctuation)


def _left_unread(char: str) -> bool:
    return char > "\xa0" and (char.isalpha() or char <= "\u00bf" or char in "×÷")


def _latin_letters_in(units: list[_Unit], layer: Layer) -> bool:
    """Whether every unit is a Latin letter that GBK, GB18030 or EUC-KR wrote outside
    Latin-1's place for it: GBK's pinyin row (A8: é is A8 A6, ``¨¦``), a GB18030 four-byte
    character (ö is 81 30 8B 32), EUC-KR's rows A8-A9 (æ is A9 A1). One such letter alone
    in a line proves the codec, as one hanzi does not: no text writes ``m¨¦lange``.

    >>> gbk = next(layer for layer in LAYERS if layer.source == "gb18030")
    >>> _latin_letters_in([(1, 3, "é", False, 1.0, True)], gbk)
    True
    >>> _latin_letters_in([(1, 3, "中", False, 1.0, True)], gbk)
    False
    """
    return layer.source in ("gb18030", "euc_kr") and all(
        _ACCENTED_LATIN.fullmatch(unit[2]) for unit in units
    )


def _european_capitals(garbled: str) -> bool:
    """Capital letters that European text writes: a short run, letters in alphabetical
    order or repeated (``ÀÁÂÃÄÅ``), or letters one language's alphabet holds together
    (``ÉÈÊË``, ``ÅÄÖ``). Two common hanzi read as Latin-1 give capitals from several
    alphabets at once (阎磊 is ``ÑÖÀÚ``: Spanish Ñ, German Ö, French À).

    >>> [_european_capitals(t) for t in ("ÉTÉ", "ÀÁÂÃÄÅ", "ÉÈÊË", "ÅÄÖÉ", "ÑÖÀÚ")]
    [True, True, True, True, False]
    """
    if not (garbled.isupper() and garbled.isalpha()):
        return False
    if len(garbled) < ACCENTED_CAPITALS_RUN or any(char.isascii() for char in garbled):
        return True
    return list(garbled) == sorted(garbled) or alphabet_misfit(garbled) == 0


def _reads_as_utf8(garbled: str) -> bool:
    """Whether most of ``garbled`` is UTF-8 read as cp1252: then it is not a legacy CJK codec.

    Most means three in four of its high characters: two common hanzi in three read as
    Latin-1 may pair into UTF-8 letters by chance (叶淑英 is ``Ò¶ÊçÓ¢``, where ``Ò¶``
    and ``Ó¢`` are the Cyrillic ``Ҷ`` and ``Ӣ``).
    """
    utf8 = LAYERS[0]
    covered = 0
    position = 0
    while position < len(garbled):
        unit = _unit_at(garbled, position, utf8) if garbled[position] >= "\x80" else None
        if unit is None or cost(unit[1]) > 1.0:
            position += 1  # no UTF-8 here, or only as a private-use or rare character
            continue
        covered += unit[0] - position
        position = unit[0]
    high = sum(1 for char in garbled if char >= "\x80")
    return high > 0 and covered * 4 > high * 3


def _group_edits(changed: list[_Unit], layer: Layer) -> list[_Edit]:
    """Adjacent changed units become one edit; unchanged text between them splits edits."""
    groups: list[list[_Unit]] = []
    for unit in changed:
        if groups and groups[-1][-1][1] == unit[0]:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    return [
        _Edit(
            group[0][0],
            group[-1][1],
            "".join(unit[2] for unit in group),
            layer,
            any(unit[3] for unit in group),
        )
        for group in groups
    ]


def _gain_in_context(
    line: str, start: int, end: int, units: list[_Unit], depth: int, layer: Layer
) -> float:
    """How much more plausible the stretch reads undone, with one neighbour on each side.

    Lost characters count on neither side, and the undone text is judged by what it
    becomes once any further layers come off it too.
    """
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    garbled = "".join(line[u[0] : u[1]] for u in units if not u[3])
    undone = "".join(u[2] for u in units if not u[3])
    lost_gain = sum(u[4] for u in units if u[3])
    # Only a Latin-1 reader leaves C1 controls behind for a further layer to explain
    # (UTF-8 -> Latin-1 -> cp1252); from any other layer they mean a wrong reading.
    if layer.read != "cp1252" and _has_new_trouble(garbled, undone):
        return float("-inf")
    if depth < PEEL_DEPTH:
        undone = _peel(undone, depth + 1, before, after)
    if undone and cost(undone) > MAX_MEAN_COST * len(undone):
        return float("-inf")  # still far from real text: a wrong reading, not a repair
    if _has_new_trouble(garbled, undone):
        return float("-inf")
    return cost(before + garbled + after) - cost(before + undone + after) + lost_gain


def _peel(text: str, depth: int, before: str = "", after: str = "") -> str:
    """``text`` with the further layers it shows confidently taken off.

    It is read between its neighbours, which stay as they are: ``ГЎ`` alone could be
    Cyrillic, but in ``sГЎbado`` it is ``á`` read as cp1251.
    """
    key = (before, text, after, depth)
    peeled = _PEELED.get(key)
    if peeled is None:
        peeled = _peel_uncached(before + text + after, depth)
        if peeled.startswith(before) and peeled.endswith(after):
            peeled = peeled[len(before) : len(peeled) - len(after)]
        else:
            peeled = _peel_uncached(text, depth)  # a neighbour changed: judge the text alone
        if len(_PEELED) > PEEL_CACHE_SIZE:
            _PEELED.clear()
        if len(text) <= LINE_CACHE_MAX_CHARS:  # long stretches recur rarely and weigh much
            _PEELED[key] = peeled
    return peeled


# The same garbled words recur throughout a document; peeling is pure, so remember it.
_PEELED: dict[tuple[str, str, str, int], str] = {}
PEEL_CACHE_SIZE = 50_000


def _peel_uncached(text: str, depth: int) -> str:
    if text.isascii():
        return text
    for _ in range(MAX_ROUNDS):
        chosen = _choose(_line_candidates(text, depth), frozenset())
        if not chosen:
            break
        text = _text_after(text, [edit for candidate in chosen for edit in candidate.edits])
    return text


def _has_new_trouble(garbled: str, undone: str) -> bool:
    """Undoing must not bring in controls the input lacked, nor surrogates or private use.

    >>> _has_new_trouble("Ã\x81", "Á"), _has_new_trouble("x", "\x81")
    (False, True)
    >>> _has_new_trouble("", "\ue000")
    True
    """
    for match in _TROUBLE.finditer(undone):
        char = match.group()
        if char >= "\ud800" or char not in garbled:
            return True
    return False


_TROUBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\uf8ff\U000f0000-\U0010ffff]")


# --- Choosing -----------------------------------------------------------------------------------


def _document_support(rounds: dict[int, list[_Candidate]]) -> frozenset[str]:
    """Layers that each line, judged alone, repaired with confidence DOCUMENT_SUPPORT times;
    of the legacy CJK codecs, only the one most lines show (a document came from one).

    >>> gbk, big5 = (next(x for x in LAYERS if x.source == s) for s in ("gb18030", "big5"))
    >>> chinese, also = [_Candidate(0, 2, (), gbk, 9.0)], [_Candidate(0, 2, (), big5, 9.0)]
    >>> sorted(_document_support({0: chinese, 9: chinese, 18: chinese, 27: also, 36: also}))
    ['GBK read as cp1252']
    """
    counts: Counter[Layer] = Counter()
    for candidates in rounds.values():
        if any(_confident(c) for c in candidates):
            counts.update(c.layer for c in _choose(candidates, frozenset()) if _confident(c))
    if not counts:
        return frozenset()
    top = max(counts.values())
    supported = {layer for layer, n in counts.items() if n >= DOCUMENT_SUPPORT and n * 2 >= top}
    legacy = sorted((layer for layer in supported if _is_legacy(layer)), key=counts.__getitem__)
    if len(legacy) > 1 and counts[legacy[-1]] > counts[legacy[-2]]:
        supported -= set(legacy[:-1])
    return frozenset(layer.name for layer in supported)


def _clears(gain: float, bar: float) -> bool:
    """Gains are sums of costs in tenths: compared rounded, float error cannot put one
    under a bar it meets (``1.4999999999999996`` clears 1.5)."""
    return round(gain, 6) >= bar


def _confident(candidate: _Candidate) -> bool:
    return _clears(candidate.gain, CONFIDENT_GAIN) and not candidate.needs_support


def _one_legacy_codec(candidates: list[_Candidate], support: frozenset[str]) -> list[_Candidate]:
    """Keep only the legacy CJK codec that explains the most of the line, or of those the
    document shows, the one that explains the most.

    A line read as cp1252 came from one codec: GBK and EUC-KR readings of two of its words
    are rivals, and the codec that also explains the rest of the line (GB18030's ¥, its
    dash) is the one. So did a document: in a GBK document a line of Russian (GBK's
    Cyrillic row, A7) is Cyrillic, though Big5 reads the same bytes as common hanzi.
    """
    totals: Counter[Layer] = Counter()
    for candidate in candidates:
        if _is_legacy(candidate.layer) and candidate.gain > 0:
            totals[candidate.layer] += candidate.gain
    if len(totals) < 2:
        return candidates
    legacy = [c for c in candidates if c.layer in totals]
    if not any(_CJK.sub("", edit.text) for c in legacy for edit in c.edits):
        # Rivals read the same bytes as CJK characters: what each gives back is weighed by
        # how often its language writes its hanzi and Hangul, which the codecs' tiers
        # cannot tell. (Where one reads an alphabet, Cyrillic saved as Big5, tiers do.)
        for candidate in legacy:
            totals[candidate.layer] += sum(frequency_evidence(e.text) for e in candidate.edits)
    supported = [layer for layer in totals if layer.name in support]
    best = max(supported or totals, key=lambda layer: (totals[layer], -LAYERS.index(layer)))
    return [c for c in candidates if not _is_legacy(c.layer) or c.layer == best]


def _is_legacy(layer: Layer) -> bool:
    return layer.source not in ("utf-8", "cp1252")


def _ambiguous(candidate: _Candidate, by_span: dict[tuple[int, int], list[_Candidate]]) -> bool:
    """Another layer reads the same characters differently and almost as well."""
    for rival in by_span[candidate.start, candidate.end]:
        if (
            rival.layer != candidate.layer
            and _one_byte_per_char(rival.layer)
            and _clears(rival.gain, max(candidate.gain - AMBIGUITY_MARGIN, CONFIDENT_GAIN))
            and _text_of(rival) != _text_of(candidate)
        ):
            return True
    return False


def _text_of(candidate: _Candidate) -> tuple[tuple[int, int, str], ...]:
    return tuple((e.start, e.end, e.text) for e in candidate.edits)


def _choose(candidates: list[_Candidate], support: frozenset[str]) -> list[_Candidate]:
    """The non-overlapping set of acceptable candidates with the largest total gain."""
    if len(candidates) == 1:  # a whole line read back at once, most often: no rivals
        only = candidates[0]
        supported = only.layer.name in support and _clears(only.gain, SUPPORTED_GAIN)
        return [only] if supported or _confident(only) else []
    candidates = _one_legacy_codec(candidates, support)
    line_support = {c.layer.name for c in candidates if _confident(c)}
    by_span: dict[tuple[int, int], list[_Candidate]] = {}
    for candidate in candidates:
        by_span.setdefault((candidate.start, candidate.end), []).append(candidate)
    acceptable = [
        c
        for c in candidates
        if (c.layer.name in support and _clears(c.gain, SUPPORTED_GAIN))
        or (
            not _ambiguous(c, by_span)
            and (
                _confident(c)
                or (
                    _clears(c.gain, SUPPORTED_GAIN)
                    and c.layer.name in line_support
                    and not c.needs_support
                )
            )
        )
    ]
    if not acceptable:
        return []
    acceptable.sort(key=lambda c: (c.end, c.start))
    weights = [c.gain + (SUPPORT_BONUS if c.layer.name in support else 0.0) for c in acceptable]
    # Weighted interval scheduling: best[i] is the best total using the first i candidates.
    best = [0.0] * (len(acceptable) + 1)
    take = [False] * (len(acceptable) + 1)
    previous = [0] * len(acceptable)
    for i, candidate in enumerate(acceptable):
        j = i
        while j > 0 and acceptable[j - 1].end > candidate.start:
            j -= 1
        previous[i] = j
        with_it = best[j] + weights[i]
        if with_it > best[i]:
            best[i + 1], take[i + 1] = with_it, True
        else:
            best[i + 1] = best[i]
    chosen: list[_Candidate] = []
    i = len(acceptable)
    while i > 0:
        if take[i]:
            chosen.append(acceptable[i - 1])
            i = previous[i - 1]
        else:
            i -= 1
    chosen.reverse()
    return chosen


# --- Applying, round after round ----------------------------------------------------------------


@dataclass
class _Piece:
    """A stretch of the line: its place in the original and what it reads now."""

    start: int
    end: int
    text: str
    peeled: tuple[str, ...]  # layer names undone, outermost first
    lossy: bool = False


def _repair_line(
    line: str, candidates: list[_Candidate], support: frozenset[str], offset: int
) -> tuple[str, list[Repair]]:
    """``line`` repaired, and its repairs at their offsets in the text (the line at ``offset``)."""
    pieces = [_Piece(0, len(line), line, ())]
    legacy: set[Layer] = set()
    for _ in range(MAX_ROUNDS):
        chosen = _choose(candidates, support)
        if not chosen:
            break
        pieces = _apply(pieces, [edit for c in chosen for edit in c.edits])
        legacy.update(c.layer for c in chosen if _is_legacy(c.layer))
        candidates = _line_candidates("".join(p.text for p in pieces))
        if legacy:
            # One legacy codec explains a line: what another reads in the rest afterwards
            # is what the first left over (symbol art read as Big5, then as EUC-KR).
            candidates = [c for c in candidates if not _is_legacy(c.layer) or c.layer in legacy]
    repairs = [
        Repair(offset + p.start, line[p.start : p.end], p.text, tuple(reversed(p.peeled)), p.lossy)
        for p in pieces
        if p.peeled
    ]
    return "".join(p.text for p in pieces), _one_chain_per_line(repairs)


def _one_chain_per_line(repairs: list[Repair]) -> list[Repair]:
    """Name one layer for every one-layer repair of a line when one layer explains them all.

    Rounds take stretches in the order they gain most, so ``dâ€™Ivoire`` may be undone as
    cp1252 before ``CĂ´te`` shows the line was read as cp1250, which reads both back; the
    report then names the chain the line went through.

    >>> cp1252 = Repair(7, "â€™", "\u2019", ("UTF-8 read as cp1252",), False)
    >>> cp1250 = Repair(1, "Ă´", "ô", ("UTF-8 read as cp1250",), False)
    >>> [r.chain for r in _one_chain_per_line([cp1250, cp1252])]
    [('UTF-8 read as cp1250',), ('UTF-8 read as cp1250',)]
    """
    single = [i for i, r in enumerate(repairs) if len(r.chain) == 1 and not r.loss]
    named = {_LAYER_NAMED.get(repairs[i].chain[0]) for i in single}
    if len(named) < 2 or None in named:
        return repairs  # one layer, though cp1252 and Latin-1 are told apart in its name
    for layer in LAYERS:
        if layer in named and all(
            _reads_back(repairs[i].before, repairs[i].after, layer) for i in single
        ):
            relabelled = list(repairs)
            for i in single:
                relabelled[i] = replace(repairs[i], chain=(layer.name_for(repairs[i].before),))
            return relabelled
    return repairs


_LAYER_NAMED = {name: layer for layer in LAYERS for name in layer.names}


def _reads_back(garbled: str, fixed: str, layer: Layer) -> bool:
    """Whether ``fixed``, garbled by ``layer``, gives ``garbled`` byte for byte. Only
    cp1252's name says when its undefined bytes were kept as C1 controls (Latin-1): the
    other one-byte codecs are held to their own tables here.

    >>> cp1250 = next(layer for layer in LAYERS if layer.read == "cp1250")
    >>> _reads_back("â€™", "\u2019", cp1250), _reads_back("â\x80\x99", "\u2019", cp1250)
    (True, False)
    """
    if layer.read != "cp1252" and single_byte_utf8(layer):
        try:
            garbled.encode(layer.read)
        except UnicodeEncodeError:
            return False
    data = encode_read(garbled, layer.read)
    return data is not None and decode_source(data, layer.source) == (COMPLETE, fixed)


def _apply(pieces: list[_Piece], chosen: list[_Edit]) -> list[_Piece]:
    if len(pieces) == 1 and not pieces[0].peeled:
        return _apply_to_original(pieces[0].text, chosen)
    result: list[_Piece] = []
    edits = iter(chosen)
    edit = next(edits, None)
    cursor = 0  # position of the current piece in the current text
    pending: list[tuple[_Piece, int]] = []  # pieces touched by the current edit
    for piece in _split_for(pieces, chosen):
        piece_start, piece_end = cursor, cursor + len(piece.text)
        cursor = piece_end
        while edit is not None and edit.end <= piece_start and not pending:
            edit = next(edits, None)
        if edit is None or piece_end <= edit.start or piece_start >= edit.end:
            result.append(piece)
            continue
        pending.append((piece, piece_start))
        if piece_end >= edit.end:
            result.append(_merge(pending, edit))
            pending = []
            edit = next(edits, None)
    return result


def _apply_to_original(line: str, chosen: list[_Edit]) -> list[_Piece]:
    """The first round's edits on the line as it came: each edit one piece, no merging.

    >>> [(piece.text, piece.peeled) for piece in
    ...  _apply_to_original("x Ã©", [_Edit(2, 4, "é", LAYERS[0], False)])]
    [('x ', ()), ('é', ('UTF-8 read as cp1252',))]
    """
    result: list[_Piece] = []
    done = 0
    for edit in chosen:
        if edit.start > done:
            result.append(_Piece(done, edit.start, line[done : edit.start], ()))
        garbled = line[edit.start : edit.end]
        peeled = (edit.layer.name_for(garbled),)
        result.append(_Piece(edit.start, edit.end, edit.text, peeled, edit.lossy))
        done = edit.end
    if done < len(line):
        result.append(_Piece(done, len(line), line[done:], ()))
    return result


def _split_for(pieces: list[_Piece], chosen: list[_Edit]) -> list[_Piece]:
    """Cut untouched pieces at edit boundaries so every edit covers whole pieces."""
    cuts = sorted({c.start for c in chosen} | {c.end for c in chosen})
    result: list[_Piece] = []
    cursor = 0
    for piece in pieces:
        piece_start, piece_end = cursor, cursor + len(piece.text)
        cursor = piece_end
        if piece.peeled:
            result.append(piece)
            continue
        inner = [c - piece_start for c in cuts if piece_start < c < piece_end]
        bounds = [0, *inner, len(piece.text)]
        for a, b in itertools.pairwise(bounds):
            result.append(_Piece(piece.start + a, piece.start + b, piece.text[a:b], ()))
    return result


def _merge(pending: list[tuple[_Piece, int]], edit: _Edit) -> _Piece:
    first_piece, first_at = pending[0]
    last_piece, last_at = pending[-1]
    current = "".join(piece.text for piece, _ in pending)
    head = current[: edit.start - first_at]
    tail = current[len(current) - (last_at + len(last_piece.text) - edit.end) :]
    if last_at + len(last_piece.text) == edit.end:
        tail = ""
    inner = max((piece.peeled for piece, _ in pending), key=len)
    return _Piece(
        first_piece.start,
        last_piece.end,
        head + edit.text + tail,
        (*inner, edit.layer.name_for(current[len(head) : len(current) - len(tail)])),
        edit.lossy or any(piece.lossy for piece, _ in pending),
    )


# --- Losses -------------------------------------------------------------------------------------


def _find_losses(text: str) -> tuple[Loss, ...]:
    losses = []
    for kind, pattern, marker in LOSS_PATTERNS:
        if marker not in text:
            continue  # a substring test is far cheaper than each pattern's scan
        for match in pattern.finditer(text):
            losses.append(Loss(match.start(), match.group(), kind))
    losses.sort(key=lambda loss: loss.offset)
    return tuple(losses)
