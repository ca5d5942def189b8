"""The HTTP API and dashboard that ``sitrep serve`` runs (FastAPI, served by uvicorn)."""

from sitrep.api.app import SERVE_DATABASE, ExportFormat, app_from_environment, create_app
from sitrep.api.errors import ERROR_STATUS, error_response

__all__ = [
    "ERROR_STATUS",
    "SERVE_DATABASE",
    "ExportFormat",
    "app_from_environment",
    "create_app",
    "error_response",
]
