"""Repair mojibake: text that was decoded with the wrong codec, once or several times.

First version: ftfy's encoding fixer with its non-repair steps off. The full engine
(CJK chains, spans, document evidence, loss reporting) replaces the body of
:func:`repair_and_report`; the data types below are the stable interface.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Repair:
    """One repaired span. ``offset`` counts characters in the text given to the repair stage.

    ``chain`` lists how the text was garbled, first step first, e.g.
    ``("UTF-8 read as Mac Roman",)`` or ``("UTF-8 read as cp1252", "UTF-8 read as cp1252")``.
    """

    offset: int
    before: str
    after: str
    chain: tuple[str, ...]
    loss: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        d["chain"] = list(self.chain)
        return d


@dataclass(frozen=True)
class Loss:
    """Bytes that were lost before the text reached us (``?``, U+FFFD, 锟斤拷, 烫烫烫)."""

    offset: int
    text: str
    kind: str

    def to_dict(self) -> dict:
        return asdict(self)


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


def repair_and_report(text: str) -> RepairResult:
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    fixed = ftfy.fix_encoding(text, config)
    if fixed == text:
        return RepairResult(text)
    return RepairResult(fixed, (Repair(0, text, fixed, ("ftfy",)),))


def repair(text: str) -> str:
    """Return ``text`` with its mojibake repaired; text that is already right is unchanged.

    >>> repair("StepFun (Èò∂Ë∑ÉÊòüËæ∞)")
    'StepFun (阶跃星辰)'
    """
    return repair_and_report(text).text
