"""Start real gunicorn servers of the project for tests that need more than one process.

Use the `gunicorn_servers` fixture (root conftest.py): servers share the test database, which
pytest-django created and which must hold committed data (the fixture asks for
`transactional_db`). On SQLite the test database lives in the test's memory, out of the
servers' reach: tests that need the servers to see data are marked `postgres`.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

READY_TIMEOUT = 30.0
REQUEST_TIMEOUT = 15.0


def free_port() -> int:
    """A loopback port that nothing listens on (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url_for_servers(tmp_path: Path) -> str:
    """A URL of the database this test run uses, for another process to reach."""
    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    url: str
    port: int
    process: "subprocess.Popen[bytes]"
    log_path: Path

    def request(
        self,
        method: str,
        path: str,
        data: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Response:
        body = None if data is None else json.dumps(data).encode()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            answer = conn.getresponse()
            return Response(answer.status, dict(answer.getheaders()), answer.read())
        finally:
            conn.close()

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Response:
        return self.request("POST", path, data, **kwargs)

    def logs(self) -> str:
        return self.log_path.read_text()

    def terminate(self) -> None:
        """SIGTERM the whole process group: the server drains and exits."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self) -> int:
        """Terminate the server, SIGKILL it if it lingers; its exit status."""
        self.terminate()
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


@dataclass
class GunicornServers:
    """Starts servers on free loopback ports; `stop_all` ends every one of them."""

    tmp_path: Path
    servers: list[Server] = field(default_factory=list)

    def environment(self, **overrides: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_servers(self.tmp_path),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
            "PYTHONUNBUFFERED": "1",
            **overrides,
        }
        env.pop("DJANGO_DEBUG", None)
        return env

    def start(self, app: str = "config.wsgi", **env: str) -> Server:
        return self.start_many(1, app, **env)[0]

    def start_many(self, count: int, app: str = "config.wsgi", **env: str) -> list[Server]:
        """Start `count` servers side by side (they boot in parallel) and wait for each."""
        started = [self.launch(app, env) for _ in range(count)]
        for server in started:
            self.wait_until_live(server)
        return started

    def launch(self, app: str, env: dict[str, str]) -> Server:
        # The socket is bound here and handed over, so no other process can take the port
        # between choosing it and gunicorn binding it.
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(128)
            port = int(listener.getsockname()[1])
            log_path = self.tmp_path / f"gunicorn-{port}.log"
            command = [sys.executable, "-m", "gunicorn", app, "--config", "config/gunicorn.py"]
            with log_path.open("wb") as log:
                process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                    [*command, f"--bind=fd://{listener.fileno()}"],
                    cwd=settings.BASE_DIR,
                    env=self.environment(**env),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    pass_fds=[listener.fileno()],
                    start_new_session=True,
                )
        server = Server(f"http://127.0.0.1:{port}", port, process, log_path)
        self.servers.append(server)
        return server

    def wait_until_live(self, server: Server) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{server.logs()}")
            try:
                if server.get("/health/live/", timeout=1).status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer in {READY_TIMEOUT}s:\n{server.logs()}")

    def stop_all(self) -> None:
        for server in self.servers:
            server.terminate()
        for server in self.servers:
            server.stop()
