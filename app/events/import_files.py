"""The uploaded card list of an import: read into a table by `core.uploads` (CSV or XLSX,
within its limits) and kept on the server between the preview and the confirmation, as a file
of the event it is imported into."""

from app.core import uploads
from app.core.uploads import (  # noqa: F401  (the limits, for the CLI, tests and benchmarks)
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROW_CELLS,
    MAX_ROWS,
    MAX_XLSX_ENTRIES,
    Table,
    discard_upload,
    read_table,
)

# The refusal of an unreadable or too large file (a refusal of the import as a whole).
ImportRefused = uploads.UploadRefused


def _scope(event_id: int) -> str:
    return f"event-{event_id}"


def store_upload(data: bytes, filename: str, *, event_id: int, user_id: int | None) -> str:
    """Keep the file until the import into the event is confirmed; returns the token."""
    return uploads.store_upload(data, filename, scope=_scope(event_id), user_id=user_id)


def load_upload(token: str, *, event_id: int, user_id: int | None) -> tuple[bytes, str]:
    """The stored file of this event and user, and its name."""
    return uploads.load_upload(token, scope=_scope(event_id), user_id=user_id)
