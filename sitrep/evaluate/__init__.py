"""Evaluation: scoring sitrep against annotated reports.

- :mod:`sitrep.evaluate.score`: the scoring rules as pure functions (``score_articles``).
- :mod:`sitrep.evaluate.run`: the pipeline run over an annotated file (``evaluate_file``).
- :mod:`sitrep.evaluate.places`: the places stage alone (``sitrep gazetteer check``).
- :mod:`sitrep.evaluate.names`: district names compared the way the rules say.

Import from the submodules: ``run`` imports the whole pipeline, which a caller that only scores
should not have to load.
"""

__all__: list[str] = []
