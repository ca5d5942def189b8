"""Evaluation: scoring sitrep against annotated reports.

- :mod:`sitrep.evaluate.score`: the scoring rules as pure functions (``score_articles``).
- :mod:`sitrep.evaluate.run`: the pipeline run over an annotated file (``evaluate_file``).
- :mod:`sitrep.evaluate.names`: district names compared the way the rules say.

Import from the submodules: this package imports nothing itself, because ``sitrep.geo.check``
imports :mod:`sitrep.evaluate.names` while ``score`` and ``run`` import the geo stage, and an
import here would make that a cycle.
"""

__all__: list[str] = []
