"""gunicorn servers for the benchmark: started on a free loopback port, always stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
READY_TIMEOUT = 60.0
# The production gunicorn settings (config/gunicorn.py, the Procfile's), with sync workers: one
# request at a time per process, each connection closed after its answer. More than one thread
# would make gunicorn pick gthread. The keep-alive round runs the Procfile's settings as they are.
SYNC = ["--worker-class=sync", "--threads=1"]


class Server:
    """One gunicorn master and its workers, serving `app` at `url`."""

    def __init__(
        self,
        name: str,
        app: str,
        env: dict[str, str],
        log_dir: Path,
        overrides: list[str],
        root: Path = ROOT,
    ) -> None:
        self.name = name
        # The socket is bound here and handed to gunicorn, so the free port cannot be taken
        # between asking the OS for it and gunicorn binding it.
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(2048)
        host, port = self.socket.getsockname()
        self.url = f"http://{host}:{port}"
        self.log_path = log_dir / f"{name}.log"
        with self.log_path.open("wb") as log:
            bind = f"--bind=fd://{self.socket.fileno()}"
            self.process = subprocess.Popen(
                [str(GUNICORN), app, "--config=config/gunicorn.py", *overrides, bind],
                cwd=root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=[self.socket.fileno()],
                start_new_session=True,
            )

    def wait_ready(self, path: str) -> None:
        """Wait until gunicorn answers `path` with anything (a 401 is an answer)."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log_path}")
            try:
                urllib.request.urlopen(self.url + path, timeout=2).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {READY_TIMEOUT:.0f} s")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def restart_workers(self, path: str) -> None:
        """Replace every worker with a fresh one (SIGHUP), so peak memory starts from boot."""
        old = set(self.worker_pids())
        self.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            pids = set(self.worker_pids())
            if pids and not pids & old and len(pids) == len(old):
                self.wait_ready(path)
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} workers did not restart within {READY_TIMEOUT:.0f} s")

    def peak_rss_mb(self) -> list[float]:
        """Each worker's peak resident memory (VmHWM) since it started, in MB."""
        return [_status_kb(pid, "VmHWM") / 1024 for pid in self.worker_pids()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        # Whatever is left of the process group (a worker that outlived its master) goes too.
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.socket.close()


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


@contextmanager
def running(
    name: str,
    app: str,
    env: dict[str, str],
    log_dir: Path,
    ready_path: str,
    overrides: list[str] = SYNC,
    root: Path = ROOT,
) -> Iterator[Server]:
    """`app` served by gunicorn from the checkout at `root` (this one unless told otherwise)."""
    server = Server(name, app, env, log_dir, overrides, root)
    try:
        server.wait_ready(ready_path)
        yield server
    finally:
        server.stop()
