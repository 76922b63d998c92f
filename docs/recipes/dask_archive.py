"""Recipe: build a textkeep archive with Dask doing the per-document work.

textkeep's per-document work is one pure function, ``textkeep.pipeline.process_or_refuse(name,
data, encoding)``: bytes in, clean text and the sidecar record out (or a refusal), nothing read
or written. ``textkeep.archive.archive`` accepts a ``runner`` that computes those results
elsewhere; the archive run still decides which documents changed, and writes clean/, the
sidecars and the manifest itself, so the result is byte for byte what ``textkeep archive``
writes.

Run it (local scheduler, one process per core)::

    python docs/recipes/dask_archive.py raw clean

On a cluster, create a ``dask.distributed.Client`` first; ``dask.bag`` then uses it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import dask.bag as db

from textkeep.archive import archive
from textkeep.pipeline import DocumentResult, process_or_refuse


def _clean(item: tuple[str, bytes], encoding: str | None) -> DocumentResult:
    name, data = item
    return process_or_refuse(name, data, encoding)


def dask_runner(
    documents: Iterator[tuple[str, bytes]],
    encoding: str | None,
    *,
    scheduler: str = "processes",
    partition_bytes: int = 4 * 1024 * 1024,
) -> list[DocumentResult]:
    """A ``runner`` for :func:`textkeep.archive.archive`: results in the documents' order."""
    items = list(documents)
    if not items:
        return []
    total = sum(len(data) for _name, data in items)
    partitions = max(1, min(len(items), total // partition_bytes + 1))
    bag = db.from_sequence(items, npartitions=partitions)
    # A bag keeps its order through map and compute, which is what the writer relies on.
    return bag.map(_clean, encoding).compute(scheduler=scheduler)


def main(raw: str, clean: str) -> int:
    report = archive(Path(raw), Path(clean), runner=dask_runner)
    for outcome in report.refused:
        print(f"refused: {outcome.path}: {outcome.reason}", file=sys.stderr)
    print(report.summary())
    return 2 if report.refused else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
