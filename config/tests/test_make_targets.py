"""What `make run` and `make demo` do, read from `make --dry-run` (nothing is served)."""

import shutil
import subprocess

from django.conf import settings


def dry_run(target: str) -> list[str]:
    make = shutil.which("make")
    assert make
    result = subprocess.run(  # noqa: S603 (make, printing the project's own recipe)
        [make, "--dry-run", "--no-print-directory", target],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()


def position(lines: list[str], *words: str) -> int:
    return next(i for i, line in enumerate(lines) if all(word in line for word in words))


def test_make_demo_migrates_creates_the_admin_seeds_50_widgets_from_today_then_serves() -> None:
    lines = dry_run("demo")

    steps = [
        position(lines, "manage.py migrate"),
        position(lines, "manage.py demo_admin"),
        position(lines, "manage.py seed_widgets", "--count 50", "--from-today"),
        position(lines, "manage.py runserver"),
    ]
    assert steps == sorted(steps)


def test_make_run_points_at_make_demo_and_serves_as_make_demo_does() -> None:
    run, demo = dry_run("run"), dry_run("demo")

    assert any("make demo" in line for line in run if line.startswith("echo"))
    served = run[position(run, "API root") :]
    assert served == demo[position(demo, "API root") :]
    assert not any("demo_admin" in line or "seed_widgets" in line for line in run)
