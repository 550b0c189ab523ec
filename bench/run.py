"""`make bench`: the project's requests per second against the floor's and the peer's, in one run.

Each request type runs against the floor, the project and (with `BENCH_PEER_URL`) the peer in
turn, for several rounds, so the machine's drift hits all alike; the table shows the median
round. The reads run twice: with sync workers (each connection closed after its answer), then
as the Procfile runs the project (gthread workers, connections kept open, as behind the
platform's router), the floor served the same way each time.
"""

import json
import os
import secrets
import signal
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from bench import peer, project, report
from bench.load import Run, Summary, call, wrk
from bench.servers import ROOT, SYNC, Server, running

WIDGETS = int(os.environ.get("BENCH_WIDGETS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 16
# Unrecorded, before each read type's first round: a fresh worker imports the URLconf and its
# views on its first request, which would otherwise be timed in round one.
WARM_UP_SECONDS = 1
READY_PATH = "/api/v1/"
RESULTS = ROOT / "bench" / "results"
# Another checkout of the project (say, main in a `git worktree`), measured beside this one.
BASELINE = os.environ.get("BENCH_BASELINE_ROOT", "")


@dataclass(frozen=True)
class RequestType:
    label: str
    path: str
    mode: str = "get"  # see bench/load.lua
    as_admin: bool = False
    connections: int = CONNECTIONS


# Each read the peer answers too must be at least this many times as fast as the peer's.
PEER_TARGET = 2.0
KEEP_ALIVE = " (keep-alive)"


def read_types(widget: str) -> list[RequestType]:
    fragment = project.name_fragment(widget)
    return [
        RequestType("GET auth/user/", "/api/v1/auth/user/"),
        RequestType("GET widgets/?page=1", "/api/v1/widgets/?page=1"),
        RequestType("GET widgets/?page=1&page_size=100", "/api/v1/widgets/?page=1&page_size=100"),
        RequestType("GET widgets/<name>/", f"/api/v1/widgets/{widget}/"),
        RequestType(
            "GET widgets/?name=…&ordering=-deadline",
            f"/api/v1/widgets/?name={fragment}&ordering=-deadline",
        ),
    ]


@dataclass(frozen=True)
class Target:
    """One server as the load sees it: where to send this request type, and with what."""

    name: str
    url: str
    arg: str


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


def targets(
    kind: RequestType, servers: dict[str, Server], arg: str, the_peer: peer.Peer | None
) -> list[Target]:
    """The servers by role ("floor", "project"), and the peer when it answers this read too."""
    found = [Target(role, server.url + kind.path, arg) for role, server in servers.items()]
    peer_path = the_peer.path(kind.label) if the_peer and kind.mode == "get" else None
    if the_peer and peer_path:
        status, body = call(the_peer.url + peer_path, token=the_peer.token)
        if status != 200:
            raise RuntimeError(f"The peer answered {kind.label} with {status}: {body[:500]}")
        found.append(Target("peer", the_peer.url + peer_path, the_peer.token))
    return found


def start(
    stack: ExitStack, env: dict[str, str], overrides: list[str], suffix: str = ""
) -> dict[str, Server]:
    """The floor, the project and (with BENCH_BASELINE_ROOT) the baseline, served alike."""
    servers = {"floor": ("bench.floor", ROOT), "project": ("config.wsgi", ROOT)}
    if BASELINE:
        servers["before"] = ("config.wsgi", Path(BASELINE).resolve())
    return {
        role: stack.enter_context(
            running(role + suffix, app, env, RESULTS, READY_PATH, overrides=overrides, root=root)
        )
        for role, (app, root) in servers.items()
    }


def measure(kind: RequestType, servers: list[Target], run_id: str, label: str = "") -> report.Row:
    """ROUNDS rounds, alternating the servers request type by request type."""
    runs: dict[str, list[Run]] = {server.name: [] for server in servers}
    if kind.mode == "get":
        for server in servers:
            wrk(server.url, kind.mode, server.arg, seconds=WARM_UP_SECONDS, connections=3)
    for round_number in range(1, ROUNDS + 1):
        for server in servers:
            print(f"  {kind.label}{label}: {server.name}, round {round_number}", flush=True)
            runs[server.name].append(
                wrk(
                    server.url,
                    kind.mode,
                    server.arg,
                    seconds=SECONDS,
                    connections=kind.connections,
                    run_id=f"{run_id}-{server.name}{round_number}",
                )
            )
    summaries = {name: Summary.of(server_runs) for name, server_runs in runs.items()}
    return report.Row(
        kind.label + label,
        kind.path,
        PEER_TARGET if "peer" in summaries else None,
        summaries["project"],
        summaries.get("floor"),
        summaries.get("peer"),
        summaries.get("before"),
    )


def main() -> int:
    signal.signal(signal.SIGTERM, exit_on_signal)
    run_id = secrets.token_hex(4)
    the_peer = peer.from_environment()
    env, database_url, password = project.prepare("widgets_bench", run_id)
    print(f"Seeding {WIDGETS} widgets", flush=True)
    project.seed(env, WIDGETS)
    project.vacuum_analyze(database_url)
    widget = project.middle_widget_name(env)
    RESULTS.mkdir(exist_ok=True)

    with ExitStack() as stack:
        sync = start(stack, env, SYNC)
        # The Procfile's settings as they are: gthread workers that keep connections open.
        kept_alive = start(stack, env, [], "-keep-alive")
        server = sync["project"]
        admin_token = project.login(server.url, project.ADMIN_EMAIL, password)
        user_token = project.login(server.url, project.USER_EMAIL, password)
        # Signing in hashed passwords with Argon2 (about 100 MB each, by design); fresh workers
        # make the peak memory reported that of the reads alone.
        for each in (*sync.values(), *kept_alive.values()):
            each.restart_workers(READY_PATH)
        print(f"Load: {CONNECTIONS} connections, {ROUNDS} rounds of {SECONDS:g} s", flush=True)
        load_before = os.getloadavg()
        rows = []
        for kind in read_types(widget):
            check(server, kind, user_token)
            rows.append(measure(kind, targets(kind, sync, user_token, the_peer), run_id))
        peak_rss = {"project": server.peak_rss_mb(), "floor": sync["floor"].peak_rss_mb()}
        for kind in read_types(widget):
            check(kept_alive["project"], kind, user_token)
            servers = targets(kind, kept_alive, user_token, the_peer)
            rows.append(measure(kind, servers, run_id, KEEP_ALIVE))
        check(server, WRITE_MIX, admin_token)
        writes = targets(WRITE_MIX, sync, admin_token, None)
        rows.append(measure(WRITE_MIX, writes, run_id))
        project.delete_widgets(env, f"bench-{run_id}-")
        login_body = project.login_body(project.USER_EMAIL, password)
        check(server, LOGIN, login_body)
        rows.append(measure(LOGIN, targets(LOGIN, {"project": server}, login_body, None), run_id))

    load = {"before": load_before, "after": os.getloadavg()}
    result = report.Bench(rows, peak_rss, WIDGETS, ROUNDS, SECONDS, CONNECTIONS, load)
    print(result.table())
    report.write(RESULTS / "latest.json", result.as_dict())
    return 0 if result.all_answered() else 1


def exit_on_signal(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
