"""Ingest: files, directories, feeds, URLs, web archives and standard input in; validated
Articles (or errors) out."""

from sitrep.ingest.identity import article_id, content_hash
from sitrep.ingest.readers import (
    build_article,
    read_html,
    read_jsonl,
    read_page,
    read_plain_text,
    split_headline,
)
from sitrep.ingest.sources import STDIN, SUPPORTED_SUFFIXES, expand_paths, read_inputs
from sitrep.ingest.urls import normalise_url, url_key

__all__ = [
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "article_id",
    "build_article",
    "content_hash",
    "expand_paths",
    "normalise_url",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_page",
    "read_plain_text",
    "split_headline",
    "url_key",
]
