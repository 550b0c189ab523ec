"""The peer: the Flask tutorial's API (a-luna/flask-api-tutorial), which users compare us with.

Nothing of it lives in this repository: build and serve it by hand (its own README), seed it
with 1,000 widgets, and name it with `BENCH_PEER_URL` plus the login of an account on it
(`BENCH_PEER_EMAIL`, `BENCH_PEER_PASSWORD`). Without `BENCH_PEER_URL` the benchmark runs
without a peer column.
"""

import json
import os
import urllib.parse
import urllib.request
from dataclasses import dataclass

# Our read types and the peer's matching requests: its routes have no trailing slash and its
# list takes `per_page` (one of 5, 10, 25, 50, 100) instead of `page_size`.
PATHS = {
    "GET auth/user/": "/api/v1/auth/user",
    "GET widgets/?page=1": "/api/v1/widgets?page=1&per_page=10",
    "GET widgets/?page=1&page_size=100": "/api/v1/widgets?page=1&per_page=100",
    "GET widgets/<name>/": "/api/v1/widgets/{widget}",
}
# A widget the peer's seed (widget-0001 to widget-1000) has, from the middle.
WIDGET = os.environ.get("BENCH_PEER_WIDGET", "widget-0500")


@dataclass(frozen=True)
class Peer:
    url: str
    token: str

    def path(self, label: str) -> str | None:
        path = PATHS.get(label)
        return path.format(widget=WIDGET) if path else None


def from_environment() -> Peer | None:
    url = os.environ.get("BENCH_PEER_URL", "").rstrip("/")
    if not url:
        return None
    email = os.environ.get("BENCH_PEER_EMAIL", "admin@example.com")
    password = os.environ.get("BENCH_PEER_PASSWORD", "")
    return Peer(url, login(url, email, password))


def login(url: str, email: str, password: str) -> str:
    """Its login takes a form, not JSON, and answers `access_token`."""
    body = urllib.parse.urlencode({"email": email, "password": password}).encode()
    request = urllib.request.Request(url + "/api/v1/auth/login", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.load(response)["access_token"])
