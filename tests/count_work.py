"""Count the work ``process_article`` does on each text: a measure that does not depend on timing.

Run as a script (the test of linear time starts it in a fresh interpreter, so that every regular
expression sitrep compiles at import goes through the counter):

    python tests/count_work.py < texts.json        # prints one count per text, as JSON

The count is the number of Python and built-in function calls (cProfile's total) plus the
characters regular expressions scan: a search counts from where it starts to where it matched
or gave up, a match or fullmatch what it matched (a failed one, one), a finditer as far as it
was read, a sub or split the whole region. The causes of quadratic time found so far
were of both kinds: loops over every mention or sentence for each event (calls) and searches
of all the text before a position (scanned characters).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import json
import pstats
import re
import sys
from typing import Any

SCANNED = [0]


class CountingPattern:
    """A compiled pattern that adds what each call scans to ``SCANNED``."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._pattern = pattern

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)

    def _region(self, string: str, pos: int, endpos: int) -> None:
        SCANNED[0] += max(0, min(endpos, len(string)) - pos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.search(string, pos, endpos)
        end = found.end() if found is not None else min(endpos, len(string))
        SCANNED[0] += max(1, end - pos)
        return found

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.match(string, pos, endpos)
        SCANNED[0] += 1 + (found.end() - pos if found is not None else 0)
        return found

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.fullmatch(string, pos, endpos)
        SCANNED[0] += 1 + (found.end() - pos if found is not None else 0)
        return found

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        def counted() -> Any:  # lazily: a caller that stops early scanned only that far
            last = pos
            for found in self._pattern.finditer(string, pos, endpos):
                SCANNED[0] += max(1, found.end() - last)
                last = found.end()
                yield found
            SCANNED[0] += max(0, min(endpos, len(string)) - last)

        return counted()

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._region(string, pos, endpos)
        return self._pattern.findall(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> Any:
        self._region(string, 0, len(string))
        return self._pattern.sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> Any:
        self._region(string, 0, len(string))
        return self._pattern.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> Any:
        self._region(string, 0, len(string))
        return self._pattern.split(string, maxsplit)


def install() -> None:
    """Send every pattern compiled from now on, and each ``re.search(...)``, through the counter."""
    compile_pattern = re._compile  # type: ignore[attr-defined]

    def counting(pattern: Any, flags: Any) -> Any:
        if isinstance(pattern, CountingPattern):
            return pattern
        compiled = compile_pattern(pattern, flags)
        return CountingPattern(compiled) if isinstance(compiled.pattern, str) else compiled

    re._compile = counting  # type: ignore[attr-defined]


def main() -> None:
    install()
    from sitrep.geo import load_gazetteer
    from sitrep.models import Article
    from sitrep.pipeline import process_article

    texts = json.load(sys.stdin)
    gazetteer = load_gazetteer()
    published = dt.date(2024, 3, 10)
    warm = "Gunmen killed five people in Quetta on Monday, police said."
    process_article(Article(id="warm-up", text=warm, published=published), gazetteer)
    counts = []
    for index, text in enumerate(texts):
        article = Article(id=f"work-{index}", text=text, published=published)
        SCANNED[0] = 0
        profile = cProfile.Profile()
        profile.enable()
        process_article(article, gazetteer)
        profile.disable()
        calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
        counts.append(calls + SCANNED[0])
    json.dump(counts, sys.stdout)


if __name__ == "__main__":
    main()
