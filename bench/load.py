"""Drive load with wrk (bench/load.lua) and read back what it measured."""

import json
import statistics
import subprocess
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

LUA = Path(__file__).with_name("load.lua")
MARKER = "BENCH_RESULT "


@dataclass(frozen=True)
class Run:
    """What one wrk run measured."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int
    first_non2xx: str


@dataclass(frozen=True)
class Summary(Run):
    """Several runs of one request type against one server: medians, and every failure."""

    rounds: list[Run]

    @classmethod
    def of(cls, rounds: list[Run]) -> "Summary":
        return cls(
            requests_per_s=statistics.median(run.requests_per_s for run in rounds),
            p50_ms=statistics.median(run.p50_ms for run in rounds),
            p99_ms=statistics.median(run.p99_ms for run in rounds),
            non2xx=sum(run.non2xx for run in rounds),
            socket_errors=sum(run.socket_errors for run in rounds),
            first_non2xx=next((run.first_non2xx for run in rounds if run.first_non2xx), ""),
            rounds=rounds,
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def wrk(
    url: str, mode: str, arg: str, *, seconds: float, connections: int, run_id: str = ""
) -> Run:
    """One wrk run; `mode` and `arg` as bench/load.lua describes them."""
    command = ["wrk", f"--threads={min(connections, 2)}", f"--connections={connections}"]
    command += [f"--duration={seconds:g}s", "--timeout=10s", f"--script={LUA}", url]
    completed = subprocess.run([*command, "--", mode, arg, run_id], capture_output=True, text=True)
    for line in completed.stdout.splitlines():
        if line.startswith(MARKER):
            raw = json.loads(line.removeprefix(MARKER))
            return Run(
                requests_per_s=raw["requests"] / (raw["duration_us"] / 1e6),
                p50_ms=raw["p50_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                non2xx=raw["non2xx"],
                socket_errors=raw["socket_errors"],
                first_non2xx=raw["first_non2xx"],
            )
    raise RuntimeError(f"wrk printed no result:\n{completed.stdout}\n{completed.stderr}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to report, not to follow: the load would not follow it either."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def call(url: str, method: str = "GET", token: str = "", body: str = "") -> tuple[int, str]:
    """One request outside the load, to check an endpoint answers as the benchmark expects."""
    headers = {"Accept": "application/json"}
    if body:
        # Only with a body: the peer refuses a GET that names a JSON body it does not have.
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body.encode() if body else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
