"""The benchmark's table, and the same numbers as JSON for bench/results/."""

import json
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.load import Summary
from bench.servers import ROOT

RSS_TARGET_MB = 120


@dataclass(frozen=True)
class Row:
    label: str
    path: str
    target: float | None  # least ratio to the peer's requests per second
    project: Summary
    floor: Summary | None
    peer: Summary | None = None
    before: Summary | None = None  # another checkout of the project (BENCH_BASELINE_ROOT)

    @property
    def ratio(self) -> float | None:
        """The project's requests per second over the floor's."""
        if self.floor is None:
            return None
        return self.project.requests_per_s / self.floor.requests_per_s

    @property
    def peer_ratio(self) -> float | None:
        """The project's requests per second over the peer's: how many times as fast."""
        if self.peer is None:
            return None
        return self.project.requests_per_s / self.peer.requests_per_s

    @property
    def before_ratio(self) -> float | None:
        """The project's requests per second over the baseline checkout's."""
        if self.before is None:
            return None
        return self.project.requests_per_s / self.before.requests_per_s

    @property
    def answered(self) -> bool:
        """Every request got a 2xx and no connection failed, on every server."""
        servers = (self.project, self.floor, self.peer, self.before)
        return all(s.non2xx == 0 and s.socket_errors == 0 for s in servers if s)

    @property
    def verdict(self) -> str:
        if not self.answered:
            return "FAILED: non-2xx"
        if self.target is None or self.peer_ratio is None:
            return ""
        return f"≥ {self.target:.1f}x {'met' if self.peer_ratio >= self.target else 'MISSED'}"

    def as_dict(self) -> dict[str, object]:
        return {
            "request": self.label,
            "path": self.path,
            "target_peer_ratio": self.target,
            "ratio": self.ratio,
            "peer_ratio": self.peer_ratio,
            "verdict": self.verdict,
            "project": self.project.as_dict(),
            "floor": self.floor.as_dict() if self.floor else None,
            "peer": self.peer.as_dict() if self.peer else None,
            "before_ratio": self.before_ratio,
            "before": self.before.as_dict() if self.before else None,
        }


@dataclass
class Bench:
    rows: list[Row]
    peak_rss_mb: dict[str, list[float]]
    widgets: int
    rounds: int
    seconds: float
    connections: int
    # Other processes on the machine slow the floor and the project alike, but not equally
    # (the project waits on PostgreSQL, which competes for the same cores): worth knowing.
    load_average: dict[str, tuple[float, float, float]]
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def all_answered(self) -> bool:
        return all(row.answered for row in self.rows)

    def table(self) -> str:
        header = (
            "request",
            "req/s",
            "p50 ms",
            "p99 ms",
            "non-2xx",
            "floor req/s",
            "÷ floor",
            "peer req/s",
            "x peer",
            "target",
            "before req/s",
            "x before",
        )
        lines = [header]
        for row in self.rows:
            p, f, peer, before = row.project, row.floor, row.peer, row.before
            lines.append(
                (
                    row.label,
                    f"{p.requests_per_s:.1f}"
                    if p.requests_per_s < 10
                    else f"{p.requests_per_s:.0f}",
                    f"{p.p50_ms:.1f}",
                    f"{p.p99_ms:.1f}",
                    str(p.non2xx + p.socket_errors),
                    f"{f.requests_per_s:.0f}" if f else "",
                    f"{row.ratio:.2f}" if row.ratio is not None else "",
                    f"{peer.requests_per_s:.0f}" if peer else "",
                    f"{row.peer_ratio:.2f}" if row.peer_ratio is not None else "",
                    row.verdict,
                    f"{before.requests_per_s:.0f}" if before else "",
                    f"{row.before_ratio:.2f}" if row.before_ratio is not None else "",
                )
            )
        text = markdown_table(lines)
        worst = max(self.peak_rss_mb["project"])
        verdict = "met" if worst < RSS_TARGET_MB else "MISSED"
        text += (
            f"\n\nPeak RSS of each project worker after the read runs: "
            f"{', '.join(f'{mb:.0f}' for mb in self.peak_rss_mb['project'])} MB "
            f"(< {RSS_TARGET_MB} MB {verdict}); floor workers: "
            f"{', '.join(f'{mb:.0f}' for mb in self.peak_rss_mb['floor'])} MB."
            f"\nLoad average (1, 5, 15 min) before the load: {loads(self.load_average['before'])}, "
            f"after: {loads(self.load_average['after'])} ({os.cpu_count()} CPUs)."
        )
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "command": "make bench",
            "started_at": self.started_at,
            "git_commit": git_commit(),
            "cpus": os.cpu_count(),
            "widgets": self.widgets,
            "connections": self.connections,
            "rounds": self.rounds,
            "seconds_per_round": self.seconds,
            "results": [row.as_dict() for row in self.rows],
            "worker_peak_rss_mb": self.peak_rss_mb,
            "load_average": self.load_average,
            "rss_target_mb": RSS_TARGET_MB,
        }


def loads(averages: tuple[float, ...]) -> str:
    return " / ".join(f"{average:.1f}" for average in averages)


def markdown_table(lines: Sequence[Sequence[str]]) -> str:
    """A Markdown table, aligned so it also reads well in a terminal."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    rendered = [
        "| "
        + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        + " |"
        for line in lines
    ]
    rendered.insert(1, "| " + " | ".join("-" * width for width in widths) + " |")
    return "\n".join(rendered)


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip()


def write(path: Path, data: dict[str, object]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {path.relative_to(ROOT)}")
