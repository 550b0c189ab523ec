"""`.env` is read by manage.py (so `make run`) and by gunicorn; the environment wins over it."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.tests.test_settings import manage

PRINT_SITE_NAME = (
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.SITE_NAME)",
)


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text("DJANGO_DEBUG=1\nSITE_NAME='Widgets from .env'\nGUNICORN_TIMEOUT=17\n")
    return path


def test_manage_py_takes_a_value_from_the_env_file(env_file: Path) -> None:
    result = manage(*PRINT_SITE_NAME, env={"DJANGO_ENV_FILE": str(env_file)})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Widgets from .env"


def test_the_environment_wins_over_the_env_file(env_file: Path) -> None:
    env = {"DJANGO_ENV_FILE": str(env_file), "SITE_NAME": "Widgets from the environment"}

    result = manage(*PRINT_SITE_NAME, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Widgets from the environment"


def test_without_an_env_file_the_settings_default_applies(tmp_path: Path) -> None:
    env = {"DJANGO_ENV_FILE": str(tmp_path / "missing.env"), "DJANGO_DEBUG": "1"}

    result = manage(*PRINT_SITE_NAME, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Widgets API"


@pytest.mark.parametrize(
    ("environment", "timeout"), [({}, "17"), ({"GUNICORN_TIMEOUT": "23"}, "23")]
)
def test_gunicorn_reads_the_env_file_under_the_environment(
    env_file: Path, environment: dict[str, str], timeout: str
) -> None:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(  # noqa: S603 (the virtualenv's gunicorn, our own config)
        [str(gunicorn), "--print-config", "--config", "config/gunicorn.py", "config.wsgi"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_ENV_FILE": str(env_file), **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert re.search(rf"^timeout\s*= {timeout}$", result.stdout, re.MULTILINE), result.stdout


def test_a_copy_of_the_example_as_it_is_runs_in_debug_on_sqlite_and_local_memory(
    tmp_path: Path,
) -> None:
    copy = tmp_path / ".env"
    shutil.copy(Path(settings.BASE_DIR) / ".env.example", copy)
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )

    result = manage("shell", "--no-imports", "-c", code, env={"DJANGO_ENV_FILE": str(copy)})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]
