"""gunicorn settings for the platform (used by the Procfile).

The platform's router (Heroku's, or any like it) times requests out after 30 s, keeps idle
connections to the dyno open for 90 s, and sends SIGKILL 30 s after SIGTERM on shutdown.
"""

import os

from config.env import load_env_file
from config.log_format import json_formatter

# gunicorn reads this file before it loads the app: its own variables may come from `.env` too.
load_env_file()

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads keep connections alive between requests (the sync worker cannot) and ride out slow
# I/O; each thread may hold a database connection, so a dyno holds up to workers x threads.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Below the router's 30 s: a worker that stops answering is replaced before the router gives up.
# With threads this is the worker's heartbeat, not a limit per request; the database's
# statement_timeout bounds queries and the router bounds requests.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "25"))
# Below the platform's shutdown window: in-flight requests finish before SIGKILL.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Above the router's 90 s idle timeout, so the router closes idle connections, never us while
# it is sending a request on one.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "95"))
# Recycle workers now and then, with jitter so they do not all restart at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# gunicorn's own lines (boot, worker timeouts, shutdown) on stdout as the app's JSON lines. The
# app logs every request with its request id, so gunicorn's access log is dropped.
logconfig_dict = {
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "formatters": {"json": json_formatter()},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Nothing manages the server through gunicornc; without the socket, processes on one machine
# (tests, several local servers) cannot trip over each other's control socket.
control_socket_disable = True
