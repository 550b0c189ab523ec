"""`make bench-scale`: latency of lists and reads at 1 thousand, 100 thousand and 1 million widgets.

One request at a time (one connection), so the numbers are what a request costs, not how long it
queued. The same server answers at every size; only the table grows between sizes.
"""

import math
import os
import secrets
import signal
import sys
from dataclasses import asdict, dataclass

from bench import project, report
from bench.load import Run, Summary, call, wrk
from bench.run import READY_PATH, RESULTS, exit_on_signal
from bench.servers import running

SIZES = [int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "1000,100000,1000000").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARM_UP_SECONDS = 1
PAGE_SIZE = 10
FLAT = ("first page", "filtered", "detail")  # their p50 may grow less than FLAT_LIMIT times
FLAT_LIMIT = 2.0
LAST_PAGE_LIMIT_MS = 100.0
SEED_LIMIT_S = 120.0


@dataclass(frozen=True)
class Size:
    widgets: int
    seeding_s: float  # seconds spent seeding, from an empty table up to `widgets`
    runs: dict[str, Run]


def endpoints(count: int, widget: str) -> dict[str, str]:
    last = max(1, math.ceil(count / PAGE_SIZE))
    fragment = project.name_fragment(widget)
    return {
        "first page": "/api/v1/widgets/?page=1",
        "middle page": f"/api/v1/widgets/?page={max(1, last // 2)}",
        "last page": f"/api/v1/widgets/?page={last}",
        "filtered": f"/api/v1/widgets/?name={fragment}&ordering=-deadline",
        "detail": f"/api/v1/widgets/{widget}/",
    }


def table(sizes: list[Size]) -> str:
    labels = list(sizes[0].runs)
    lines = [("widgets", "seeded in", *(f"{label} p50 / p99 ms" for label in labels))]
    for size in sizes:
        cells = (f"{size.runs[x].p50_ms:.1f} / {size.runs[x].p99_ms:.1f}" for x in labels)
        lines.append((f"{size.widgets:,}", f"{size.seeding_s:.1f} s", *cells))
    return report.markdown_table(lines)


def verdicts(sizes: list[Size]) -> list[str]:
    first, last = sizes[0], sizes[-1]
    found = []
    for label in FLAT:
        growth = last.runs[label].p50_ms / first.runs[label].p50_ms
        verdict = "met" if growth < FLAT_LIMIT else "MISSED"
        found.append(
            f"{label}: p50 grows {growth:.2f}x from {first.widgets:,} to {last.widgets:,} "
            f"widgets (< {FLAT_LIMIT:g}x {verdict})"
        )
    last_page = last.runs["last page"].p50_ms
    verdict = "met" if last_page < LAST_PAGE_LIMIT_MS else "MISSED"
    found.append(
        f"last page of {last.widgets:,}: p50 {last_page:.1f} ms "
        f"(< {LAST_PAGE_LIMIT_MS:g} ms {verdict})"
    )
    verdict = "met" if last.seeding_s < SEED_LIMIT_S else "MISSED"
    found.append(
        f"seeding {last.widgets:,} widgets: {last.seeding_s:.1f} s (< {SEED_LIMIT_S:g} s {verdict})"
    )
    return found


def measure(url: str, token: str, count: int, widget: str) -> dict[str, Run]:
    """ROUNDS rounds over all endpoints in turn, each endpoint's median round kept: a burst of
    load from elsewhere on the machine then spoils one round of several endpoints, not all of
    one endpoint's samples."""
    paths = endpoints(count, widget)
    for path in paths.values():
        status, body = call(url + path, token=token)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} before the load: {body[:500]}")
        # Unrecorded first: each worker's first requests and PostgreSQL's cold pages would
        # otherwise land on whichever size is measured first.
        wrk(url + path, "get", token, seconds=WARM_UP_SECONDS, connections=3)
    rounds: dict[str, list[Run]] = {label: [] for label in paths}
    for round_number in range(1, ROUNDS + 1):
        print(f"  {count:,} widgets: round {round_number}", flush=True)
        for label, path in paths.items():
            rounds[label].append(wrk(url + path, "get", token, seconds=SECONDS, connections=1))
    return {label: Summary.of(runs) for label, runs in rounds.items()}


def main() -> int:
    signal.signal(signal.SIGTERM, exit_on_signal)
    env, database_url, password = project.prepare("widgets_bench_scale", secrets.token_hex(4))
    RESULTS.mkdir(exist_ok=True)
    sizes: list[Size] = []
    seeding_s = 0.0
    with running("project", "config.wsgi", env, RESULTS, READY_PATH) as server:
        token = project.login(server.url, project.USER_EMAIL, password)
        for target in SIZES:
            print(f"Seeding up to {target:,} widgets", flush=True)
            seeding_s += project.seed(env, target)
            project.vacuum_analyze(database_url)
            count = project.widget_count(env)
            runs = measure(server.url, token, count, project.middle_widget_name(env))
            sizes.append(Size(count, seeding_s, runs))

    found = verdicts(sizes)
    found.append(f"load average (1, 5, 15 min) at the end: {report.loads(os.getloadavg())}")
    print(f"\n{table(sizes)}\n\n" + "\n".join(found))
    data = {
        "command": "make bench-scale",
        "git_commit": report.git_commit(),
        "seconds_per_run": SECONDS,
        "rounds": ROUNDS,
        "connections": 1,
        "sizes": [asdict(size) for size in sizes],
        "verdicts": found,
    }
    report.write(RESULTS / "scale.json", data)
    answered = all(r.non2xx == r.socket_errors == 0 for s in sizes for r in s.runs.values())
    return 0 if answered else 1


if __name__ == "__main__":
    sys.exit(main())
