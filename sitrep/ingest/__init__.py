"""Ingest: files, directories and standard input in; validated Articles (or errors) out."""

from sitrep.ingest.identity import article_id, content_hash
from sitrep.ingest.readers import (
    build_article,
    read_html,
    read_jsonl,
    read_plain_text,
    split_headline,
)
from sitrep.ingest.sources import STDIN, SUPPORTED_SUFFIXES, expand_paths, read_inputs

__all__ = [
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "article_id",
    "build_article",
    "content_hash",
    "expand_paths",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_plain_text",
    "split_headline",
]
