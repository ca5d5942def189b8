"""Extraction and storing for ``POST /articles`` in worker processes, behind a bounded queue.

Extracting a report takes a core for a good fraction of a second, and merging it into the
store's incidents takes more as the store grows; run in the server process, either held the
interpreter while every read waited (reads were 3.6 times slower during writes, still 1.6 times
with extraction alone moved out). Here both run in a pool of worker processes that load the
gazetteer and open the database once; the server only checks the token and reads the stored
events back. At most ``queue_size`` reports wait or run at once: one more is answered 429 with a
``Retry-After``, so a burst of posts cannot pile up unbounded work or memory.

A database only this process can see (SQLite in memory) cannot be opened by a worker: then the
worker extracts and the server stores the record.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from sitrep.api.errors import ApiError
from sitrep.errors import StoreError
from sitrep.merge.rules import MergeRules
from sitrep.models import Article, ArticleRecord
from sitrep.store import DATABASE_UNAVAILABLE, SaveOutcome, Store

__all__ = ["ExtractionQueue", "shared_database"]

RETRY_AFTER_SECONDS = 5
WORKER_NICENESS = 10

_WORKER: dict[str, Any] = {}
"""What a worker process loads once: the gazetteer, and the store when it can open one."""


def shared_database(engine: Engine) -> str | None:
    """The URL another process can open the database by, None when only this one can (SQLite
    in memory)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _start_worker(database: str | None, rules: MergeRules) -> None:
    """Load the gazetteer and open the store, and yield the processor to the server: extraction
    is background work, and a read waiting for a core is what a user notices."""
    from sitrep.geo import load_gazetteer

    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    _WORKER["gazetteer"] = load_gazetteer()
    if database is not None:
        _WORKER["store"] = Store.open(database, rules)


def _process(article: Article, source: str) -> ArticleRecord | SaveOutcome:
    """In the worker: store the article and say how, or return its record for the server to
    store. Errors are raised as the pipeline raises them (sitrep's errors cross back whole)."""
    from sitrep.pipeline import extract_record, store_article

    store: Store | None = _WORKER.get("store")
    if store is None:
        return extract_record(article, _WORKER.get("gazetteer"), source)
    try:
        return store_article(article, store, _WORKER.get("gazetteer"), source)
    except DATABASE_UNAVAILABLE as exc:  # the server answers 503 for this, as for its own reads
        raise StoreError(
            f"the database is unavailable ({type(exc).__name__}); try again later"
        ) from None


class ExtractionQueue:
    """Worker processes that extract and store posted reports, and a cap on those waiting."""

    def __init__(self, store: Store, workers: int, queue_size: int) -> None:
        self.store = store
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
                    initargs=(shared_database(self.store.engine), self.store.rules),
                )
            return self._executor

    async def store_article(self, article: Article, source: str) -> SaveOutcome:
        """Extract and store the article in a worker; 429 when the queue is full."""
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
            future = self._pool().submit(_process, article, source)
            result = await asyncio.wrap_future(future)
        finally:
            with self._lock:
                self._pending -= 1
        if isinstance(result, ArticleRecord):
            from sitrep.pipeline import save_record  # only here: the server never extracts

            return await run_in_threadpool(save_record, result, self.store, source)
        return result

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None
