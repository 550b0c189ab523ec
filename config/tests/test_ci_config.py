from pathlib import Path

import yaml
from django.conf import settings


def test_every_circleci_job_runs_make_test() -> None:
    config = yaml.safe_load((Path(settings.BASE_DIR) / ".circleci" / "config.yml").read_text())
    steps = config["commands"]["make-test"]["steps"]
    runs = [step["run"] for step in steps if isinstance(step, dict) and "run" in step]

    assert "make test" in [run if isinstance(run, str) else run["command"] for run in runs]
    assert config["jobs"]
    for job in config["jobs"].values():
        assert "make-test" in job["steps"]
