"""Evaluation: scoring sitrep against annotated reports."""
