"""Properties over arbitrary input (hypothesis): the pipeline never crashes, its output is
canonical, its text stages are idempotent and an archive is reproducible.

Examples are bounded (``max_examples``, short inputs, no deadline) so the suite stays fast, and
derandomized so every run tries the same ones; raise ``max_examples`` locally when hunting.
"""

from __future__ import annotations

import shutil
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from textkeep.decode import DecodeError, NotTextError
from textkeep.normalize import normalize
from textkeep.pipeline import clean
from textkeep.repair import repair_and_report

FAST = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Bytes that look like text in the encodings textkeep meets, plus raw noise.
_texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("ÃÂâ€™œ©®éèüößäÈò∂Ë∑ÉÊòüËæ∞中文漢字한국어\u200d\u200c\u202e\r\n\t ")),
    ),
    max_size=80,
)
_encodings = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "gb18030", "shift_jis", "koi8-r"]
)


@st.composite
def document_bytes(draw: st.DrawFn) -> bytes:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return draw(st.binary(max_size=200))
    text = draw(_texts)
    data = text.encode(draw(_encodings), errors="ignore")
    if choice == 2 and data:  # damage: cut, flip or splice bytes
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=4)) + data[cut + 1 :]
    return data


def _canonical(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    assert text == "" or (text.endswith("\n") and not text.endswith("\n\n"))


@FAST
@given(document_bytes())
@example(b"")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example("caf\u00c3\u00a9\r\n".encode())
@example(b"\xe4\xb8")  # truncated UTF-8
def test_clean_never_crashes_and_gives_canonical_text(data: bytes) -> None:
    try:
        cleaned = clean(data)
    except (NotTextError, DecodeError):
        return
    _canonical(cleaned.text)
    cleaned.text.encode("utf-8")  # no lone surrogates


@FAST
@given(_texts)
def test_repair_is_idempotent(text: str) -> None:
    once = repair_and_report(text).text
    assert repair_and_report(once).text == once


@FAST
@given(_texts, st.booleans())
def test_normalize_is_idempotent_and_canonical(text: str, strip_bidi: bool) -> None:
    once = normalize(text, strip_bidi=strip_bidi)
    _canonical(once.text)
    twice = normalize(once.text, strip_bidi=strip_bidi)
    assert twice.text == once.text
    assert twice.report.counts == {}
    assert twice.report.joiners_kept == once.report.joiners_kept


def test_cleaning_clean_output_changes_nothing() -> None:
    # Once normalise drops the control between them, '¡ªÞ' must still not read as
    # Shift-JIS half-width katakana.
    first = clean(b"\xef\xbb\xbf\xc2\xa1\x1f\xc2\xaa\xc3\x9e").text
    assert first == "\u00a1\u00aa\u00de\n"
    assert clean(first.encode("utf-8")).text == first


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6})?\.txt", fullmatch=True),
        document_bytes(),
        max_size=5,
    )
)
def test_archiving_twice_gives_identical_bytes(tmp_path_factory, docs: dict[str, bytes]) -> None:
    from textkeep.archive import archive

    root = tmp_path_factory.mktemp("twice")
    snapshots = []
    for run in ("one", "two"):
        raw = root / run / "raw"
        for rel, data in docs.items():
            path = raw / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        raw.mkdir(parents=True, exist_ok=True)
        report = archive(raw, root / run / "clean")
        assert not [d for d in report.refused if "internal error" in d.reason]
        snapshots.append(
            {
                p.relative_to(root / run / "clean").as_posix(): p.read_bytes()
                for p in sorted((root / run / "clean").rglob("*"))
                if p.is_file()
            }
        )
    assert snapshots[0] == snapshots[1]
    shutil.rmtree(root)
