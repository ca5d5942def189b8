"""Web archives cut short or damaged (sitrep/ingest/warc.py, issue 15): an error naming the file
and the offset of the record, whose truncated payload is never stored; the whole records before
it are read as usual."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.cli import app
from sitrep.config import InputOptions
from sitrep.errors import InputError
from sitrep.ingest.warc import read_warc
from sitrep.models import Article
from sitrep.store import EventFilter, Store

TOWNS = ("Quetta", "Turbat", "Gwadar")


def _page(town: str) -> bytes:
    story = (
        f"{town.upper()}, Pakistan — A roadside bomb killed five soldiers near {town} on "
        "Monday, officials said. The blast struck a patrol on the main road. "
    )
    return (
        f"<!DOCTYPE html><html><head><title>Bomb near {town}</title></head><body><article>"
        f"<h1>Bomb near {town}</h1><p>{story * 2}</p></article></body></html>"
    ).encode()


def _archive(gzipped: bool) -> tuple[bytes, list[int]]:
    """A WARC of three HTML responses, and the offset where each record starts and the last ends."""
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=gzipped)
    bounds = [0]
    for number, town in enumerate(TOWNS):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://wire.example/{town.lower()}",
            "response",
            payload=io.BytesIO(_page(town)),
            http_headers=headers,
            # Fixed ids, not warcio's random ones: the compressed bytes, and so where a cut
            # falls, are then the same on every run.
            warc_headers_dict={
                "WARC-Date": "2026-05-21T06:00:00Z",
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
            },
        )
        writer.write_record(record)
        bounds.append(stream.tell())
    return stream.getvalue(), bounds


_CRLFS = 4
"""Bytes at a plain record's end whose loss leaves its block whole: its two closing CRLFs."""


def _whole_at(data: bytes, start: int, end: int, cut: int, gzipped: bool) -> bool:
    """Whether a cut at ``cut`` leaves the record at ``start``…``end`` whole: for a gzip member,
    when what survives still decompresses to the whole record but its closing CRLFs (the last
    bits of the deflate stream and its CRC-32 and length can go without losing a byte of it)."""
    if cut >= end:
        return True
    if not gzipped:
        return cut >= end - _CRLFS
    try:
        kept = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[start:cut])
    except zlib.error:
        return False
    record = zlib.decompress(data[start:end], 16 + zlib.MAX_WBITS)
    return len(kept) >= len(record) - _CRLFS  # as for a plain record, its closing CRLFs may go


def _read(path: Path) -> tuple[list[str], InputError | None]:
    """The URLs of the articles read before the error, and the error (None when there is none)."""
    urls: list[str] = []
    try:
        for item in read_warc(path, InputOptions()):
            assert isinstance(item, Article), item
            urls.append(item.url or "")
    except InputError as error:
        return urls, error
    return urls, None


def _expected(data: bytes, cut: int, bounds: list[int], gzipped: bool) -> tuple[int, int | None]:
    """How many records a cut leaves whole, and the offset of the record it damages, if any."""
    whole = 0
    while whole < len(TOWNS) and _whole_at(data, bounds[whole], bounds[whole + 1], cut, gzipped):
        whole += 1
    damaged = bounds[whole] if whole < len(TOWNS) and cut > bounds[whole] else None
    return whole, damaged


CUTS = [0.01, 0.1, 0.2, 0.34, 0.5, 0.55, 0.67, 0.8, 0.9, 0.99]


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("fraction", CUTS, ids=[f"cut-{int(f * 100)}%" for f in CUTS])
def test_a_cut_archive_yields_its_whole_records_then_names_the_damaged_one(
    tmp_path: Path, gzipped: bool, fraction: float
) -> None:
    data, bounds = _archive(gzipped)
    cut = int(len(data) * fraction)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[:cut])
    urls, error = _read(path)
    whole, damaged = _expected(data, cut, bounds, gzipped)
    assert urls == [f"https://wire.example/{town.lower()}" for town in TOWNS[:whole]]
    if damaged is None:
        assert error is None
    else:
        assert error is not None and error.source == str(path)
        assert f"record at offset {damaged:,}" in str(error), str(error)
        assert "\n" not in str(error)


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_no_cut_anywhere_stores_a_shortened_record(tmp_path: Path, gzipped: bool) -> None:
    """Every 37th byte: the records read are exactly the whole ones, and a cut inside a
    record always says so."""
    data, bounds = _archive(gzipped)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    for cut in range(1, len(data), 37):
        path.write_bytes(data[:cut])
        urls, error = _read(path)
        whole, damaged = _expected(data, cut, bounds, gzipped)
        assert len(urls) == whole, cut
        assert (error is None) == (damaged is None), (cut, error)


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_a_cut_in_the_first_records_headers_is_never_an_empty_archive(
    tmp_path: Path, gzipped: bool
) -> None:
    """Every byte of the first record's first 600: a gzip member cut where what decompresses
    ends at "Content-Length: " read once as a record with an empty block, so as an archive
    with no pages and no error (the 37-byte steps above stepped over it)."""
    data, bounds = _archive(gzipped)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    for cut in range(1, min(bounds[1], 600)):
        path.write_bytes(data[:cut])
        urls, error = _read(path)
        whole, damaged = _expected(data, cut, bounds, gzipped)
        assert (len(urls), error is None) == (whole, damaged is None), (cut, error)


def test_a_declared_length_beyond_the_payload_is_never_stored(tmp_path: Path) -> None:
    data, bounds = _archive(gzipped=False)
    last = data[bounds[2] : bounds[3]]
    declared = last.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
    longer = last.replace(
        b"Content-Length: " + declared, b"Content-Length: " + str(int(declared) + 500).encode()
    )
    path = tmp_path / "lying.warc"
    path.write_bytes(data[: bounds[2]] + longer)
    urls, error = _read(path)
    assert len(urls) == 2
    assert error is not None and f"offset {bounds[2]:,}" in str(error)
    assert "short of the record's declared Content-Length" in str(error)


def test_a_damaged_record_header_is_an_error_naming_its_offset(tmp_path: Path) -> None:
    data, bounds = _archive(gzipped=False)
    path = tmp_path / "damaged.warc"
    path.write_bytes(data[: bounds[1]] + b"GARBAGE" + data[bounds[1] + 7 :])
    urls, error = _read(path)
    assert len(urls) == 1
    assert error is not None and error.source == str(path)
    assert f"offset {bounds[1]:,}" in str(error), str(error)


def test_ingest_of_an_archive_cut_at_55_percent_stores_only_whole_records_and_exits_1(
    tmp_path: Path, sqlite_url: str
) -> None:
    data, _ = _archive(gzipped=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[: int(len(data) * 0.55)])
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", sqlite_url])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(path) in errors[0] and "offset" in errors[0]
    assert "1 new, 0 already stored, 1 failed" in result.stderr
    with Store.open(sqlite_url) as store:
        assert store.row_counts()["articles"] == 1
        events = store.events(EventFilter())
    urls = {source.url for event in events for source in event.sources or []}
    assert urls == {"https://wire.example/quetta"}
