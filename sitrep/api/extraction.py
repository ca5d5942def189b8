"""Extraction for ``POST /articles`` in worker processes, behind a bounded queue.

Extracting a report takes a core for a good fraction of a second; run in the server process it
held the interpreter while every read waited (reads were 3.6 times slower during writes). Here
it runs in a pool of worker processes that load the gazetteer once; the server only stores the
result. At most ``queue_size`` reports wait or run at once: one more is answered 429 with a
``Retry-After``, so a burst of posts cannot pile up unbounded work or memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from sitrep.api.errors import ApiError
from sitrep.errors import SitrepError, UnexpectedError
from sitrep.models import Article, ArticleRecord

__all__ = ["ExtractionQueue"]

RETRY_AFTER_SECONDS = 5
WORKER_NICENESS = 10

_GAZETTEER: list[Any] = []


def _start_worker() -> None:
    """Load the gazetteer once, and yield the processor to the server: extraction is
    background work, and a read waiting for a core is what a user notices."""
    from sitrep.geo import load_gazetteer

    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    _GAZETTEER[:] = [load_gazetteer()]


def _extract(article: Article) -> ArticleRecord | tuple[str, str]:
    """In the worker: the record, or a failure as plain strings (exceptions with their own
    constructors do not always survive pickling back)."""
    from sitrep.pipeline import process_article

    try:
        return process_article(article, _GAZETTEER[0] if _GAZETTEER else None)
    except SitrepError as exc:
        return ("sitrep", str(exc))
    except Exception as exc:  # reported against this article, as for any input
        detail = str(exc).splitlines()[0][:200] if str(exc).strip() else ""
        return ("unexpected", f"{type(exc).__name__}{': ' + detail if detail else ''}")


class ExtractionQueue:
    """Worker processes for extraction and a cap on the reports waiting for them."""

    def __init__(self, workers: int, queue_size: int) -> None:
        self.workers = workers
        self.queue_size = queue_size
        self._pending = 0
        self._lock = threading.Lock()
        self._executor: Executor | None = None

    def _pool(self) -> Executor:
        with self._lock:
            if self._executor is None:
                # fork where there is one: the workers start at once with sitrep imported
                method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
                self._executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context(method),
                    initializer=_start_worker,
                )
            return self._executor

    async def extract(self, article: Article, source: str) -> ArticleRecord:
        """The article's record, extracted in a worker; 429 when the queue is full."""
        with self._lock:
            if self._pending >= self.queue_size:
                raise ApiError(
                    429,
                    f"{self._pending} reports are being extracted; try again in "
                    f"{RETRY_AFTER_SECONDS} s (SITREP_API_QUEUE sets how many may wait)",
                    {"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            self._pending += 1
        try:
            future = self._pool().submit(_extract, article)
            result = await asyncio.wrap_future(future)
        finally:
            with self._lock:
                self._pending -= 1
        if isinstance(result, ArticleRecord):
            return result
        kind, message = result
        if kind == "sitrep":
            raise UnexpectedError(f"{source}: article {article.id}", message)
        raise UnexpectedError(
            f"{source}: article {article.id}",
            f"extracting its events failed unexpectedly ({message}); this is a bug in sitrep, "
            "the server's log has the report",
        )

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None
