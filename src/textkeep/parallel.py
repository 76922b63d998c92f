"""Run a per-document function on every core, handing results back in input order.

The parent reads inputs and writes outputs; workers only compute. Results come back in the
order the inputs went in, whatever order the workers finish in, so ``--jobs 8`` writes the
same bytes as ``--jobs 1``. Inputs are read lazily and only a few batches are in flight at
once, so memory stays bounded however many documents there are.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from textkeep.pipeline import DocumentResult

__all__ = [
    "BATCH_BYTES",
    "BATCH_ITEMS",
    "INLINE_MAX_BYTES",
    "INLINE_MAX_ITEMS",
    "Cleaning",
    "clean_files",
    "default_jobs",
    "map_ordered",
    "process_pairs",
    "resolve_jobs",
]

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P")

if TYPE_CHECKING:
    from textkeep.pipeline import Cleaned

# Below these, the whole input is done in the parent: starting workers and shipping a handful
# of documents to them costs more than cleaning them (a pre-commit run touches a few files).
INLINE_MAX_ITEMS = 16
INLINE_MAX_BYTES = 256 * 1024
# One task per batch: per-task overhead (pickling, a pipe round trip) is about 0.1 ms, far
# more than cleaning a one-line file, while batches small enough keep every worker busy to
# the end of the run.
BATCH_ITEMS = 64
BATCH_BYTES = 512 * 1024
# Batches queued per worker: enough that no worker waits for the parent, few enough that the
# parent never holds much of a large corpus in memory.
_IN_FLIGHT_PER_JOB = 4


def default_jobs() -> int:
    """All cores this process may use (the CLI's default for ``--jobs``)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    """``None`` or 0 means all cores; negative counts are refused."""
    if jobs is None or jobs == 0:
        return default_jobs()
    if jobs < 0:
        raise ValueError(f"jobs must be positive, not {jobs}")
    return jobs


def _context() -> multiprocessing.context.BaseContext | None:
    # Forking lets workers share the modules the parent already imported (the repair engine's
    # tables take a while to build). Fork is only safe on Linux and with no other threads:
    # with one running (a large file's pool started while the documents' pool works), a
    # fork could copy a lock held mid-operation, so the workers come from a fork server.
    if sys.platform == "linux":
        return multiprocessing.get_context(
            "fork" if threading.active_count() == 1 else "forkserver"
        )
    return None


def _exit_with_parent() -> None:
    """End this worker when its parent is gone (the run, or the fork server, which ends
    with the run).

    A parent killed outright (SIGKILL, the OOM killer) never tells its pool to stop, and
    each worker waits on a pipe its siblings keep open: without this they would wait
    forever.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="textkeep-parent-watch", daemon=True).start()


_PARENT_CHECK_SECONDS = 0.5


def _run_batch(func: Callable[[T], R], batch: list[T]) -> list[R]:
    return [func(item) for item in batch]


def _batches(items: Iterable[T], size: Callable[[T], int]) -> Iterator[list[T]]:
    batch: list[T] = []
    weight = 0
    for item in items:
        batch.append(item)
        weight += size(item)
        if len(batch) >= BATCH_ITEMS or weight >= BATCH_BYTES:
            yield batch
            batch, weight = [], 0
    if batch:
        yield batch


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int | None = None,
    size: Callable[[T], int] = lambda _item: 1,
    per_job: int = _IN_FLIGHT_PER_JOB,
    before_pool: Callable[[], object] | None = None,
) -> Iterator[R]:
    """``map(func, items)`` on ``jobs`` processes; results in input order.

    ``func`` must be picklable (a module-level function or a ``functools.partial`` of one)
    and pure: the same item gives the same result on any worker. ``size`` weighs an item
    (bytes, say) for batching and for deciding that the input is too small for a pool.
    ``per_job`` batches per worker are in flight at most (fewer for large items).
    ``before_pool`` runs just before the workers start (to load what they all need once,
    in the parent, before it forks); a run small enough to stay inline never calls it.
    Exceptions raised by ``func`` reach the caller when its result's turn comes.
    """
    jobs = resolve_jobs(jobs)
    iterator = iter(items)
    if jobs == 1:
        yield from map(func, iterator)
        return

    head: list[T] = []
    weight = 0
    for item in iterator:
        head.append(item)
        weight += size(item)
        if len(head) > INLINE_MAX_ITEMS or weight > INLINE_MAX_BYTES:
            break
    else:
        yield from map(func, head)
        return

    if before_pool is not None:
        before_pool()
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_exit_with_parent,
    ) as pool:
        in_flight: deque[Future[list[R]]] = deque()
        for batch in _batches(chain(head, iterator), size):
            in_flight.append(pool.submit(_run_batch, func, batch))
            if len(in_flight) >= jobs * per_job:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


# --- the per-document pipeline ---------------------------------------------------------------


def _process_pair(pair: tuple[str, bytes], encoding: str | None) -> DocumentResult:
    from textkeep.pipeline import process_or_refuse

    name, data = pair
    try:
        return process_or_refuse(name, data, encoding)
    except Exception as exc:  # one bad document must not cost the others
        return DocumentResult(name, refusal=f"internal error ({type(exc).__name__}: {exc}); "
                              "please report")


def process_pairs(
    pairs: Iterable[tuple[str, bytes]], *, encoding: str | None = None, jobs: int | None = None
) -> Iterator[DocumentResult]:
    """:func:`textkeep.pipeline.process_or_refuse` over (name, bytes) pairs, in input order."""
    work = functools.partial(_process_pair, encoding=encoding)
    return map_ordered(
        work, pairs, jobs=jobs, size=lambda pair: len(pair[1]), before_pool=_load_pipeline
    )


def _load_pipeline() -> None:
    # Imported before the pool forks, so every worker starts with the pipeline loaded; a
    # run with nothing to clean (every document unchanged) never pays for it.
    import textkeep.metadata
    import textkeep.repair  # noqa: F401


# --- fix: whole files, changes recorded --------------------------------------------------------


@dataclass(frozen=True)
class Cleaning:
    """One input of ``textkeep fix``: its bytes and stages, or why not (``error``)."""

    data: bytes | None
    cleaned: Cleaned | None = None
    error: str | None = None  # "read", "not_text" or "decode"
    message: str = ""

    def to_dict(self) -> dict:
        return {"bytes": None if self.data is None else len(self.data), "error": self.error,
                "message": self.message}


def _clean_one(item: tuple[bytes | None, str], encoding: str | None) -> Cleaning:
    from textkeep.decode import DecodeError, NotTextError
    from textkeep.pipeline import clean

    data, read_error = item
    if data is None:
        return Cleaning(None, error="read", message=read_error)
    try:
        return Cleaning(data, clean(data, encoding=encoding, record_changes=True))
    except NotTextError as exc:
        return Cleaning(data, error="not_text", message=str(exc))
    except DecodeError as exc:
        return Cleaning(data, error="decode", message=str(exc))


def clean_files(
    paths: Iterable[P],
    read: Callable[[P], bytes],
    *,
    encoding: str | None = None,
    jobs: int | None = None,
) -> Iterator[Cleaning]:
    """Clean every path's bytes (``read`` by the caller, lazily) on ``jobs`` processes, in order."""

    def inputs() -> Iterator[tuple[bytes | None, str]]:
        for path in paths:
            try:
                yield read(path), ""
            except OSError as exc:
                yield None, f"cannot read ({exc.strerror})"

    work = functools.partial(_clean_one, encoding=encoding)
    return map_ordered(
        work,
        inputs(),
        jobs=jobs,
        size=lambda item: len(item[0] or b""),
        before_pool=_load_pipeline,
    )
