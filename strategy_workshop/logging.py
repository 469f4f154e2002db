"""Logging filters, configured in `settings.LOGGING`."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Log a refused request (4xx) as one line: who was refused where, without a traceback.

    Django logs every 403 (PermissionDenied) with its full traceback, although refusing a
    request is the application working as intended; a traceback belongs to server errors only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
