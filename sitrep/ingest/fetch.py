"""Fetching feeds and pages over HTTP, within limits a feed's author cannot talk us out of.

Every URL comes from someone else (a feed lists links, a page redirects), so each request is
bounded: http and https only, no loopback/private/link-local address unless allowed (checked
before connecting and again for every redirect target), a connect and a read timeout, a response
size cap enforced while streaming, a redirect limit, and a minimum interval between two requests
to one host. Each refusal is an :class:`~sitrep.errors.InputError` naming the URL.

The address check resolves the host before httpx connects; a DNS server that answers differently
the second time could still steer the connection, so ``allow_private`` is no substitute for a
network policy where that matters.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import httpx

from sitrep import __version__
from sitrep.config import FetchOptions
from sitrep.errors import InputError
from sitrep.ingest.urls import WEB_SCHEMES

__all__ = ["Fetched", "Fetcher", "resolve_host"]

log = logging.getLogger(__name__)

USER_AGENT = f"sitrep/{__version__} (news report ingest; +https://pypi.org/project/sitrep/)"
_ALLOW_HINT = "allow it with --allow-private-urls or SITREP_ALLOW_PRIVATE_URLS=1"
_CAP_HINT = "raise it with --max-bytes or SITREP_MAX_BYTES"

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class Fetched:
    """A successful response: where it ended up (after redirects), its type and its body."""

    requested: str
    url: str
    content_type: str
    body: bytes


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class Fetcher:
    """An HTTP client with sitrep's limits; one per ingest run, closed when the run ends.

    ``resolve``, ``clock``, ``sleep`` and ``transport`` are parameters so tests can observe the
    address check and the per-host interval without a network or a real wait.
    """

    def __init__(
        self,
        options: FetchOptions,
        max_bytes: int,
        *,
        resolve: Resolver = resolve_host,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options
        self.max_bytes = max_bytes
        self._resolve = resolve
        self._transport = transport
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (if a request ever opened one)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        """The httpx client, created on first use so runs without URLs never build one."""
        if self._client is None:
            timeout = httpx.Timeout(
                connect=self.options.connect_timeout,
                read=self.options.read_timeout,
                write=self.options.read_timeout,
                pool=self.options.connect_timeout,
            )
            self._client = httpx.Client(
                timeout=timeout,
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT},
                transport=self._transport,
            )
        return self._client

    def get(self, url: str, accept: str = "*/*") -> Fetched:
        """GET ``url``, following at most ``max_redirects`` redirects, each one checked."""
        current = url
        for _hop in range(self.options.max_redirects + 1):
            target = self._checked(current, source=url)
            self._wait_turn(target.host)
            try:
                with self.client.stream("GET", target, headers={"Accept": accept}) as response:
                    location = response.headers.get("location")
                    if response.is_redirect and location:
                        current = str(response.url.join(location))
                        log.info("%s: redirected to %s", url, current)
                        continue
                    if response.status_code >= 400:
                        raise InputError(
                            url, f"HTTP {response.status_code} {response.reason_phrase}".strip()
                        )
                    body = self._read_capped(response, url)
                    content_type = response.headers.get("content-type", "")
                    return Fetched(url, str(response.url), content_type, body)
            except httpx.TimeoutException as exc:
                raise InputError(url, self._timeout_message(exc)) from exc
            except httpx.HTTPError as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise InputError(url, f"cannot fetch: {reason}") from exc
        raise InputError(
            url, f"more than {self.options.max_redirects} redirects (the last to {current})"
        )

    def _checked(self, url: str, source: str) -> httpx.URL:
        """The URL parsed, after checking its scheme and (unless allowed) its addresses."""
        hop = "" if url == source else f"redirected to {url}: "
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise InputError(source, f"{hop}not a valid URL ({exc})") from exc
        if parsed.scheme not in WEB_SCHEMES:
            scheme = f"{parsed.scheme}://" if parsed.scheme else "a relative"
            raise InputError(
                source, f"{hop}{scheme} URL refused: only http:// and https:// are fetched"
            )
        if not parsed.host:
            raise InputError(source, f"{hop}the URL has no host")
        if self.options.allow_private:
            return parsed
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = self._resolve(parsed.host, port)
        except (OSError, UnicodeError) as exc:
            raise InputError(source, f"{hop}cannot resolve host {parsed.host} ({exc})") from exc
        for address in addresses:
            if not _is_public(address):
                raise InputError(
                    source,
                    f"{hop}{parsed.host} is {address}, a loopback, private or otherwise "
                    f"non-public address; refused ({_ALLOW_HINT})",
                )
        return parsed

    def _wait_turn(self, host: str) -> None:
        """Sleep until ``host_interval`` has passed since the last request to ``host``."""
        last = self._last_request.get(host)
        if last is not None:
            wait = self.options.host_interval - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _read_capped(self, response: httpx.Response, source: str) -> bytes:
        """The body, read in chunks and abandoned as soon as it passes the size cap."""
        over = f"the response is over the {self.max_bytes:,}-byte cap ({_CAP_HINT})"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise InputError(source, over)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise InputError(source, over)
            chunks.append(chunk)
        return b"".join(chunks)

    def _timeout_message(self, exc: httpx.TimeoutException) -> str:
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            return f"no connection within {self.options.connect_timeout:g} s (--connect-timeout)"
        return f"no answer within {self.options.read_timeout:g} s (--read-timeout)"
