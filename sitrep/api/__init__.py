"""The HTTP API and dashboard that ``sitrep serve`` runs (FastAPI, served by uvicorn)."""

from sitrep.api.app import ExportFormat, create_app
from sitrep.api.errors import ERROR_STATUS, error_response

__all__ = ["ERROR_STATUS", "ExportFormat", "create_app", "error_response"]
