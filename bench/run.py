"""`make bench`: the project's requests per second as a ratio to the floor's, in the same run.

Each request type runs against the floor, then the project, alternately, for several rounds, so
the machine's drift hits both alike; the table shows the median round.
"""

import json
import os
import secrets
import signal
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from types import FrameType

from bench import project, report
from bench.load import Run, Summary, call, wrk
from bench.servers import ROOT, Server, running

WIDGETS = int(os.environ.get("BENCH_WIDGETS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 16
# Unrecorded, before each read type's first round: a fresh worker imports the URLconf and its
# views on its first request, which would otherwise be timed in round one.
WARM_UP_SECONDS = 1
READY_PATH = "/api/v1/"
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class RequestType:
    label: str
    path: str
    mode: str = "get"  # see bench/load.lua
    target: float | None = None  # least ratio to the floor's requests per second
    as_admin: bool = False
    connections: int = CONNECTIONS


def read_types(widget: str) -> list[RequestType]:
    fragment = project.name_fragment(widget)
    return [
        RequestType("GET auth/user/", "/api/v1/auth/user/", target=0.50),
        RequestType("GET widgets/?page=1", "/api/v1/widgets/?page=1", target=0.30),
        RequestType(
            "GET widgets/?page=1&page_size=100",
            "/api/v1/widgets/?page=1&page_size=100",
            target=0.10,
        ),
        RequestType("GET widgets/<name>/", f"/api/v1/widgets/{widget}/", target=0.45),
        RequestType(
            "GET widgets/?name=…&ordering=-deadline",
            f"/api/v1/widgets/?name={fragment}&ordering=-deadline",
        ),
    ]


WRITE_MIX = RequestType("write mix: POST + DELETE", "/api/v1/widgets/", "write", as_admin=True)
# One connection per worker: Argon2 takes long enough by design that more would queue requests
# still being hashed when the round ends, and they would eat into the next round.
LOGIN = RequestType(
    "POST auth/login/ (3 connections)", "/api/v1/auth/login/", "login", connections=3
)


def check(server: Server, kind: RequestType, arg: str) -> None:
    """One request before the load: a benchmark of error pages would measure nothing."""
    if kind.mode == "get":
        status, body = call(server.url + kind.path, token=arg)
    elif kind.mode == "write":
        name = f"bench-check-{secrets.token_hex(4)}"
        widget = {"name": name, "info_url": "https://example.com/", "deadline": "2099-12-31"}
        status, body = call(server.url + kind.path, "POST", arg, json.dumps(widget))
        if status == 201:
            status, body = call(f"{server.url}{kind.path}{name}/", "DELETE", arg)
    else:
        status, body = call(server.url + kind.path, "POST", body=arg)
    if not 200 <= status < 300:
        raise RuntimeError(f"{kind.label} answered {status} before the load: {body[:500]}")


def measure(kind: RequestType, servers: list[Server], arg: str, run_id: str) -> report.Row:
    """ROUNDS rounds, alternating the servers request type by request type."""
    runs: dict[str, list[Run]] = {server.name: [] for server in servers}
    if kind.mode == "get":
        for server in servers:
            wrk(server.url + kind.path, kind.mode, arg, seconds=WARM_UP_SECONDS, connections=3)
    for round_number in range(1, ROUNDS + 1):
        for server in servers:
            print(f"  {kind.label}: {server.name}, round {round_number}", flush=True)
            runs[server.name].append(
                wrk(
                    server.url + kind.path,
                    kind.mode,
                    arg,
                    seconds=SECONDS,
                    connections=kind.connections,
                    run_id=f"{run_id}-{server.name}{round_number}",
                )
            )
    floor = Summary.of(runs["floor"]) if "floor" in runs else None
    return report.Row(kind.label, kind.path, kind.target, Summary.of(runs["project"]), floor)


def main() -> int:
    signal.signal(signal.SIGTERM, exit_on_signal)
    run_id = secrets.token_hex(4)
    env, database_url, password = project.prepare("widgets_bench", run_id)
    print(f"Seeding {WIDGETS} widgets", flush=True)
    project.seed(env, WIDGETS)
    project.vacuum_analyze(database_url)
    widget = project.middle_widget_name(env)
    RESULTS.mkdir(exist_ok=True)

    with ExitStack() as stack:
        server = stack.enter_context(running("project", "config.wsgi", env, RESULTS, READY_PATH))
        floor = stack.enter_context(running("floor", "bench.floor", env, RESULTS, READY_PATH))
        admin_token = project.login(server.url, project.ADMIN_EMAIL, password)
        user_token = project.login(server.url, project.USER_EMAIL, password)
        # Signing in hashed passwords with Argon2 (about 100 MB each, by design); fresh workers
        # make the peak memory reported that of the reads alone.
        server.restart_workers(READY_PATH)
        print(f"Load: {CONNECTIONS} connections, {ROUNDS} rounds of {SECONDS:g} s", flush=True)
        load_before = os.getloadavg()
        rows = []
        for kind in read_types(widget):
            check(server, kind, user_token)
            rows.append(measure(kind, [floor, server], user_token, run_id))
        peak_rss = {"project": server.peak_rss_mb(), "floor": floor.peak_rss_mb()}
        check(server, WRITE_MIX, admin_token)
        rows.append(measure(WRITE_MIX, [floor, server], admin_token, run_id))
        project.delete_widgets(env, f"bench-{run_id}-")
        login_body = project.login_body(project.USER_EMAIL, password)
        check(server, LOGIN, login_body)
        rows.append(measure(LOGIN, [server], login_body, run_id))

    load = {"before": load_before, "after": os.getloadavg()}
    result = report.Bench(rows, peak_rss, WIDGETS, ROUNDS, SECONDS, CONNECTIONS, load)
    print(result.table())
    report.write(RESULTS / "latest.json", result.as_dict())
    return 0 if result.all_answered() else 1


def exit_on_signal(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
