"""The CircleCI workflow: one job per leg of `make test`, then a deploy of `main`."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LEGS = {"test-sqlite": "make test-sqlite", "test-postgres": "make test-postgres"}


@pytest.fixture(scope="module")
def circleci() -> dict[str, Any]:
    return yaml.safe_load((ROOT / ".circleci" / "config.yml").read_text())


def prerequisites(target: str) -> list[str]:
    match = re.search(rf"^{re.escape(target)}:(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, f"no make target {target}"
    return match.group(1).split()


def runs_of(job: dict[str, Any], commands: dict[str, Any]) -> list[str]:
    """The shell commands a job runs, with each reusable command's parameters filled in."""
    runs = []
    for step in job["steps"]:
        name, args = next(iter(step.items())) if isinstance(step, dict) else (step, {})
        if name == "run":
            runs.append(args if isinstance(args, str) else args["command"])
        elif name in commands:
            for inner in runs_of(commands[name], {}):
                for parameter, value in (args or {}).items():
                    inner = inner.replace(f"<< parameters.{parameter} >>", value)
                runs.append(inner)
    return runs


def test_each_test_job_runs_its_own_leg_of_make_test(circleci: dict[str, Any]) -> None:
    for job, leg in LEGS.items():
        runs = runs_of(circleci["jobs"][job], circleci["commands"])

        assert [run for run in runs if run.startswith("make ")] == [leg]


def test_make_test_runs_every_leg_and_the_legs_share_no_suite() -> None:
    assert prerequisites("test") == list(LEGS)
    sqlite, postgres = (set(prerequisites(job)) for job in LEGS)
    assert {"pytest-sqlite", "pytest-standalone", "lint", "audit"} <= sqlite
    assert "pytest-postgres" in postgres
    assert sqlite & postgres == {"$(INSTALLED)"}


def test_main_deploys_to_heroku_once_both_test_jobs_pass(circleci: dict[str, Any]) -> None:
    (workflow,) = circleci["workflows"].values()
    jobs = dict(
        next(iter(job.items())) if isinstance(job, dict) else (job, {}) for job in workflow["jobs"]
    )

    assert set(jobs) == {*LEGS, "deploy"}
    assert sorted(jobs["deploy"]["requires"]) == sorted(LEGS)
    assert jobs["deploy"]["filters"] == {"branches": {"only": "main"}}
    for job in LEGS:
        assert "filters" not in jobs[job]
    (push,) = runs_of(circleci["jobs"]["deploy"], circleci["commands"])
    assert "${HEROKU_API_KEY}@git.heroku.com/${HEROKU_APP_NAME}.git" in push
