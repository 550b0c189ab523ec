"""The soak's clients: threads that read, write, log in, refresh and log out until a deadline.

Each client writes only widgets of its own name prefix and changes each one in sequence, so it
knows exactly what the database must hold afterwards: the widgets it created and did not delete,
each with the last `info_url` the API confirmed.
"""

import json
import random
import time
import urllib.error
from collections import Counter
from dataclasses import dataclass, field

from bench.load import call

DEADLINE = "2099-12-31"
# Operation -> weight: mostly reads, as real traffic is.
MIX = {
    "list": 30,
    "detail": 20,
    "me": 10,
    "create": 12,
    "update": 10,
    "delete": 6,
    "refresh": 6,
    "login": 3,
    "logout": 3,
}


@dataclass
class Client:
    base_url: str
    number: int
    prefix: str
    email: str
    password: str
    seed: int
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    # (operation, seconds) of every request
    latencies: list[tuple[str, float]] = field(default_factory=list)
    # name -> the info_url the API last confirmed; deleted widgets leave it.
    widgets: dict[str, str] = field(default_factory=dict)
    logins: int = 0
    logouts: int = 0
    # Writes whose outcome is unknown (no answer): they may or may not be in the database.
    uncertain: set[str] = field(default_factory=set)
    access: str = ""
    refresh: str = ""
    serial: int = 0
    last_body: str = ""

    def request(self, operation: str, path: str, method: str = "GET", body: object = None) -> int:
        data = json.dumps(body) if body is not None else ""
        started = time.perf_counter()
        try:
            status, text = call(self.base_url + path, method, self.access, data)
        except (urllib.error.URLError, OSError):
            status, text = 0, ""
        self.latencies.append((operation, time.perf_counter() - started))
        self.statuses[(operation, status)] += 1
        self.last_body = text
        return status

    def log_in(self) -> None:
        self.access = ""
        if self.request("login", "/api/v1/auth/login/", "POST", self.credentials()) == 200:
            tokens = json.loads(self.last_body)
            self.access, self.refresh = tokens["access"], tokens["refresh"]
            self.logins += 1

    def credentials(self) -> dict[str, str]:
        return {"email": self.email, "password": self.password}

    def run_until(self, deadline: float) -> None:
        chooser = random.Random(self.seed)  # noqa: S311 (a repeatable mix, not a secret)
        operations, weights = list(MIX), list(MIX.values())
        self.log_in()
        while time.monotonic() < deadline:
            getattr(self, "do_" + chooser.choices(operations, weights)[0])(chooser)

    def do_list(self, chooser: random.Random) -> None:
        self.request("list", f"/api/v1/widgets/?page_size={chooser.choice([10, 50])}")

    def do_detail(self, chooser: random.Random) -> None:
        if self.widgets:
            self.request("detail", f"/api/v1/widgets/{chooser.choice(list(self.widgets))}/")

    def do_me(self, chooser: random.Random) -> None:
        self.request("me", "/api/v1/auth/user/")

    def do_create(self, chooser: random.Random) -> None:
        self.serial += 1
        name = f"{self.prefix}{self.number}-{self.serial}"
        url = f"https://example.com/{name}/0"
        body = {"name": name, "info_url": url, "deadline": DEADLINE}
        status = self.request("create", "/api/v1/widgets/", "POST", body)
        if status == 201:
            self.widgets[name] = url
        elif status == 0:
            self.uncertain.add(name)

    def do_update(self, chooser: random.Random) -> None:
        if not self.widgets:
            return
        name = chooser.choice(list(self.widgets))
        url = f"https://example.com/{name}/{chooser.randrange(10**6)}"
        status = self.request("update", f"/api/v1/widgets/{name}/", "PATCH", {"info_url": url})
        if status == 200:
            self.widgets[name] = url
        elif status == 0:
            self.uncertain.add(name)

    def do_delete(self, chooser: random.Random) -> None:
        if len(self.widgets) < 5:
            return
        name = chooser.choice(list(self.widgets))
        status = self.request("delete", f"/api/v1/widgets/{name}/", "DELETE")
        if status == 204:
            del self.widgets[name]
        elif status == 0:
            self.uncertain.add(name)

    def do_refresh(self, chooser: random.Random) -> None:
        body = {"refresh": self.refresh}
        if self.request("refresh", "/api/v1/auth/refresh/", "POST", body) == 200:
            tokens = json.loads(self.last_body)
            self.access, self.refresh = tokens["access"], tokens["refresh"]

    def do_login(self, chooser: random.Random) -> None:
        self.log_in()

    def do_logout(self, chooser: random.Random) -> None:
        if self.request("logout", "/api/v1/auth/logout/", "POST") == 204:
            self.logouts += 1
        self.log_in()
