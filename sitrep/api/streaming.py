"""Stream what a writer writes as a response body, without holding all of it.

The exporters write to a text stream; here they run in a thread of their own, writing into a
small bounded queue that the response drains, so an export of 100,000 events holds one batch of
events and a few chunks of text at a time, and a slow client slows the writer down instead of
growing the server's memory. A client that goes away stops the writer at its next write.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

__all__ = ["streamed"]

_CHUNK = 64 * 1024
_QUEUED_CHUNKS = 16


class _Stopped(Exception):
    """The response was closed (the client went away): the writer stops."""


class _Pipe(io.TextIOBase):
    def __init__(self, chunks: queue.Queue[bytes | BaseException | None], stop: threading.Event):
        self._chunks = chunks
        self._stop = stop
        self._buffer: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._buffer.append(text)
        self._size += len(text)
        if self._size >= _CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            self._put("".join(self._buffer).encode("utf-8"))
            self._buffer, self._size = [], 0

    def _put(self, item: bytes | BaseException | None) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue


def streamed(write: Callable[[TextIO], object]) -> Iterator[bytes]:
    """The UTF-8 bytes ``write(stream)`` writes, as they are written."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=_QUEUED_CHUNKS)
    stop = threading.Event()
    pipe = _Pipe(chunks, stop)

    def run() -> None:
        try:
            write(pipe)  # type: ignore[arg-type]
            pipe.flush()
            pipe._put(None)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the response, which ends the body early
            try:
                pipe._put(exc)
            except _Stopped:
                return

    thread = threading.Thread(target=run, name="sitrep-export", daemon=True)
    thread.start()
    try:
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
