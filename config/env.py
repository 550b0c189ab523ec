"""The `.env` file: variables for a local run, read by the settings and by gunicorn's config."""

import os
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_env_file() -> None:
    """Fill in, from the file DJANGO_ENV_FILE names (default `.env` in the project root; empty:
    none, as in the test run), the variables the environment does not set: the environment wins.
    A missing file is no error, so deployments need none."""
    name = os.environ.get("DJANGO_ENV_FILE", ".env")
    if name:
        load_dotenv(PROJECT_ROOT / name, override=False)
