"""sitrep: news reports of political violence in, a sourced and geocoded event dataset out."""

__version__ = "0.1.0"

__all__ = ["__version__"]
