"""textkeep: decode, repair, normalise and archive source texts.

The public entry points for text are :func:`repair` and :func:`repair_and_report`;
the per-document pipeline is :func:`textkeep.pipeline.process_document`.

``textkeep.repair`` is the function; the stage's module is reached with
``from textkeep.repair import ...`` (the repair engine builds its tables lazily, so this
import stays cheap for every CLI start).
"""

from __future__ import annotations

__version__ = "0.1.0"

from textkeep.repair import Repair, RepairResult, clear_memos, repair, repair_and_report

__all__ = ["Repair", "RepairResult", "__version__", "clear_memos", "repair", "repair_and_report"]
