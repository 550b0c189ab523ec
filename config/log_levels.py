"""Log records whose logger's level overstates them, put at the level they deserve."""

import logging


class ClientErrorFilter(logging.Filter):
    """A WARNING without a traceback: the request was wrong, not the server.

    Django logs `DisallowedHost` (a request naming a host not in ALLOWED_HOSTS: scanners, a
    misrouted DNS name) at ERROR with its traceback, as if the server had failed; it answers 400.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info, record.exc_text = None, None
        return True
