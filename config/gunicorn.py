"""gunicorn settings for the platform (used by the Procfile)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Below the router's 30 s request timeout, so a stuck worker is recycled before the router gives up.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "25"))
# Below the platform's shutdown window (SIGKILL 30 s after SIGTERM): in-flight requests finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Above the router's idle timeout, so the router closes idle connections, not us.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle workers now and then, with jitter so they do not all restart at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The app logs every request as JSON with its request id; gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
