"""The extraction stage: from an article's text to events and statements.

A rule-based extractor (``RULES_VERSION`` "rules-9"): a phrase grammar over lexicons in
``sitrep/data/extract_*.csv``, with spaCy's dependency parse as a second reader of the casualty
sentences the grammar cannot read (``parse.py``). The helpers for splitting text are exported
too, because the geo stage reads the same sentences and dateline.
"""

from sitrep.extract.casualties import Casualty, find_casualties
from sitrep.extract.dates import find_date_expressions, resolve_date
from sitrep.extract.events import RULES_VERSION, extract_article
from sitrep.extract.lexicon import ExtractLexicon, default_lexicon, load_lexicon
from sitrep.extract.numbers import parse_quantity
from sitrep.extract.statements import find_statements
from sitrep.extract.text import (
    Dateline,
    Sentence,
    split_dateline,
    split_sentences,
)

__all__ = [
    "RULES_VERSION",
    "Casualty",
    "Dateline",
    "ExtractLexicon",
    "Sentence",
    "default_lexicon",
    "extract_article",
    "find_casualties",
    "find_date_expressions",
    "find_statements",
    "load_lexicon",
    "parse_quantity",
    "resolve_date",
    "split_dateline",
    "split_sentences",
]
