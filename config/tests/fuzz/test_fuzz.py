"""Property-based fuzzing of the whole API with schemathesis, against a live server.

Schemathesis reads /api/schema/, logs in through the API as an admin and as a regular user
(hooks.py), and runs every phase (schema examples, coverage of edge values, random fuzzing,
stateful sequences following the schema's links) with negative data and a bounded number of
examples per operation (schemathesis.toml: more for the stateful phase, whose sequences of
create, read, replace and delete find what single requests cannot). A second run sends only
schema-violating bodies, in each media type, to the writes of a widget that exists
(existing_widget.toml), where the first run's random paths rarely lead. The seed differs on every
run, so each run tries new cases; it is printed, and `FUZZ_SEED=<seed>` replays a run. A failing
check prints the failing request and a curl line."""

import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.fuzz

PASSWORD = "fuzz-Password-8c1f"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "use_after_free",
    "ensure_resource_availability",
    "unsupported_method",
    "allow_header_conformance",
    "missing_required_header",
    # hooks.py: a PUT that creates answers with the URL it was sent to as its Location.
    "put_creates_at_its_url",
]


@pytest.fixture
def seed() -> int:
    """FUZZ_SEED when set (to replay a run), else a new one; printed either way."""
    chosen = int(os.environ.get("FUZZ_SEED") or random.randrange(2**32))
    print(f"Fuzz seed: {chosen} (replay with FUZZ_SEED={chosen})")
    return chosen


@pytest.fixture
def users(transactional_db: None) -> dict[str, str]:
    user_model = get_user_model()
    admin = user_model.objects.create_user("fuzz-admin@example.com", PASSWORD, is_staff=True)
    user = user_model.objects.create_user("fuzz-user@example.com", PASSWORD)
    return {"FUZZ_ADMIN_EMAIL": admin.email, "FUZZ_USER_EMAIL": user.email}


@pytest.fixture
def unthrottled(settings: Settings) -> None:
    """The fuzzer logs in and registers far faster than any person; limits are tested elsewhere."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(rates, "1000000/m"),
    }


@pytest.fixture
def fuzz(
    live_server: LiveServer, users: dict[str, str], unthrottled: None, seed: int
) -> Callable[..., None]:
    """Run schemathesis against the live server with a config file of this directory and the
    given options; fail with its report, and the seed to replay it, on any failed check."""

    def run(config: str, *options: str, **environ: str) -> None:
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "--no-color",
            f"--config-file={Path(__file__).with_name(config)}",
            "run",
            f"{live_server.url}/api/schema/?format=json",
            f"--url={live_server.url}",
            f"--checks={','.join(CHECKS)}",
            f"--seed={seed}",
            "--generation-allow-x00=true",
            "--generation-database=none",
            "--workers=1",
            "--continue-on-failure",
            "--request-timeout=20",
            # Each case on a connection of its own. The live server is Django's development
            # server, and like other development servers (werkzeug turned keep-alive off for
            # this) it can read bytes one request left on a kept-alive connection as the next
            # request's line, answered HTTP/0.9-style: a network error that is the test
            # server's, not the API's. Production's gunicorn is tested with keep-alive.
            "--header=Connection: close",
            *options,
        ]
        env = {
            **os.environ,
            **users,
            **environ,
            "FUZZ_PASSWORD": PASSWORD,
            "FUZZ_BASE_URL": live_server.url,
            "SCHEMATHESIS_HOOKS": "config.tests.fuzz.hooks",
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        result = subprocess.run(  # noqa: S603 (our own command line)
            command, capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, timeout=900
        )
        print(result.stdout)
        assert result.returncode == 0, (
            f"FUZZ_SEED={seed} replays this run.\n" + result.stdout[-30000:] + result.stderr[-5000:]
        )

    return run


def test_no_generated_request_breaks_the_api_or_its_schema(fuzz: Callable[..., None]) -> None:
    fuzz("schemathesis.toml", "--phases=examples,coverage,fuzzing,stateful", "--mode=all")


def test_no_broken_body_is_taken_as_a_change_to_a_widget(
    fuzz: Callable[..., None], users: dict[str, str]
) -> None:
    admin = get_user_model().objects.get(email=users["FUZZ_ADMIN_EMAIL"])
    widget = WidgetFactory(owner=admin)
    fuzz(
        "existing_widget.toml",
        "--phases=fuzzing",
        "--mode=negative",
        "--include-operation-id=widgets_update",
        "--include-operation-id=widgets_partial_update",
        FUZZ_WIDGET=widget.name,
    )
