"""Django's PostgreSQL backend with one method overridden, `is_usable()` (see `base`)."""
