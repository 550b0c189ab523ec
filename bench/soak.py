"""`make soak`: the project under gunicorn on PostgreSQL, a mixed workload for a while, and proof
that nothing broke: no 5xx, no request left unanswered, no write lost or duplicated.

    make soak                      # 2 minutes
    make soak SOAK_SECONDS=60      # or: python -m bench.soak 60

Workers are recycled every hundred requests or so (SOAK_MAX_REQUESTS, default 100), so the
run also shows that a worker restart drops nothing. PostgreSQL and Redis as for `make bench`; with
DATABASE_URL set, that database is used as it is (the soak's rows have a prefix of their own).
"""

import json
import os
import secrets
import sys
import threading
import time
from collections import Counter

import psycopg2

from bench import project
from bench.servers import ROOT, Server, running
from bench.soak_workload import Client

SECONDS = float(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SOAK_SECONDS", "120"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
MAX_REQUESTS = os.environ.get("SOAK_MAX_REQUESTS", "100")
COUNTS = {
    "widgets": "SELECT count(*) FROM widgets_widget",
    "soak widgets": "SELECT count(*) FROM widgets_widget WHERE name LIKE %(prefix)s",
    "sessions": "SELECT count(*) FROM accounts_session",
    "revoked sessions": "SELECT count(*) FROM accounts_session WHERE revoked_at IS NOT NULL",
}


def query(database_url: str, sql: str, params: dict[str, str]) -> list[tuple[object, ...]]:
    connection = psycopg2.connect(database_url, connect_timeout=3)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    finally:
        connection.close()


def row_counts(database_url: str, prefix: str) -> dict[str, int]:
    return {
        label: int(str(query(database_url, sql, {"prefix": prefix + "%"})[0][0]))
        for label, sql in COUNTS.items()
    }


def stored_widgets(database_url: str, prefix: str) -> dict[str, str]:
    sql = "SELECT name, info_url FROM widgets_widget WHERE name LIKE %(prefix)s"
    return {str(name): str(url) for name, url in query(database_url, sql, {"prefix": prefix + "%"})}


def watch_workers(server: Server, seen: set[int], stop: threading.Event) -> None:
    while not stop.wait(0.2):
        seen.update(server.worker_pids())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def problems(
    clients: list[Client], before: dict[str, int], after: dict[str, int], stored: dict[str, str]
) -> list[str]:
    found = []
    statuses: Counter[int] = Counter()
    for client in clients:
        for (_, status), count in client.statuses.items():
            statuses[status] += count
    if bad := {status: n for status, n in statuses.items() if status >= 500 or status == 0}:
        found.append(f"server errors (0 = no answer): {bad}")
    expected = {name: url for client in clients for name, url in client.widgets.items()}
    if missing := set(expected) - set(stored):
        found.append(f"{len(missing)} confirmed widgets are missing, e.g. {sorted(missing)[:3]}")
    if extra := set(stored) - set(expected):
        found.append(f"{len(extra)} widgets exist that were deleted or never confirmed")
    if stale := [name for name, url in expected.items() if stored.get(name, url) != url]:
        found.append(f"{len(stale)} widgets lost their last confirmed update")
    logins, logouts = sum(c.logins for c in clients), sum(c.logouts for c in clients)
    if (made := after["sessions"] - before["sessions"]) != logins:
        found.append(f"{logins} logins made {made} sessions")
    if (revoked := after["revoked sessions"] - before["revoked sessions"]) != logouts:
        found.append(f"{logouts} logouts revoked {revoked} sessions")
    return found


def main() -> int:
    run_id = secrets.token_hex(4)
    prefix = f"soak-{run_id}-"
    env, database_url, password = project.prepare("widgets_soak", run_id)
    env.update(GUNICORN_MAX_REQUESTS=MAX_REQUESTS, GUNICORN_MAX_REQUESTS_JITTER="50")
    before = row_counts(database_url, prefix)
    log_dir = ROOT / "bench" / "results"
    log_dir.mkdir(exist_ok=True)
    with running("soak", "config.wsgi", env, log_dir, "/api/v1/") as server:
        first_workers = set(server.worker_pids())
        seen, stop = set(first_workers), threading.Event()
        watcher = threading.Thread(target=watch_workers, args=(server, seen, stop))
        watcher.start()
        clients = [
            Client(server.url, n, prefix, project.ADMIN_EMAIL, password, seed=n)
            for n in range(CLIENTS)
        ]
        print(f"Soaking {server.url} with {CLIENTS} clients for {SECONDS:.0f} s", flush=True)
        deadline = time.monotonic() + SECONDS
        threads = [threading.Thread(target=c.run_until, args=(deadline,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        watcher.join()
    after = row_counts(database_url, prefix)
    found = problems(clients, before, after, stored_widgets(database_url, prefix))
    timed = [timing for client in clients for timing in client.latencies]
    latencies = [seconds for _, seconds in timed]
    p99_by_operation = {
        operation: round(percentile([s for op, s in timed if op == operation], 0.99) * 1000, 1)
        for operation in sorted({op for op, _ in timed})
    }
    by_status: Counter[str] = Counter()
    for client in clients:
        for (operation, status), count in client.statuses.items():
            by_status[f"{operation} {status}"] += count
    summary = {
        "seconds": SECONDS,
        "clients": CLIENTS,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / SECONDS, 1),
        "answers": dict(sorted(by_status.items())),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "p99_ms_by_operation": p99_by_operation,
        "worker_restarts": len(seen - first_workers),
        "rows_before": before,
        "rows_after": after,
        "logins": sum(c.logins for c in clients),
        "logouts": sum(c.logouts for c in clients),
        "problems": found,
    }
    print(json.dumps(summary, indent=2))
    (log_dir / f"soak-{run_id}.json").write_text(json.dumps(summary, indent=2))
    project.delete_widgets(env, prefix)
    print("FAILED: " + "; ".join(found) if found else "OK: no 5xx, nothing lost or duplicated.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
