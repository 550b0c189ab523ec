"""A redis-server of the test's own on a free loopback port, which the test stops and restarts
on that same port; never the shared one."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from config.tests.servers import free_port

READY_TIMEOUT = 10.0


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        assert executable is not None, "redis-server is not installed"
        # No persistence of its own: only `stopped(keep_data=True)` saves what it holds.
        options = ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(  # noqa: S603 (the installed redis-server, our arguments)
            [executable, "--bind", "127.0.0.1", "--port", str(self.port), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            try:
                client.ping()
            except redis.ConnectionError:
                time.sleep(0.05)
            else:
                client.close()
                return
        raise RuntimeError(f"redis-server did not answer in {READY_TIMEOUT}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    @contextmanager
    def stopped(self, keep_data: bool = False) -> Iterator[None]:
        """Down inside the block, up again after it: empty, or (`keep_data`) with what it held,
        as a server that persists its data comes back."""
        if keep_data:
            redis.Redis.from_url(self.url, socket_timeout=1).save()
        self.stop()
        try:
            yield
        finally:
            self.start()


@contextmanager
def silent_host() -> Iterator[str]:
    """A Redis URL whose host accepts connections and never answers (a hung server)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        yield f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
