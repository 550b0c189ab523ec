"""The project under test: its environment, database, users, widgets and tokens."""

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import redis
from psycopg2 import sql

from bench.servers import ROOT

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/{}"
LOCAL_REDIS = "redis://127.0.0.1:6379/5"
ADMIN_EMAIL = "bench-admin@example.com"
USER_EMAIL = "bench-user@example.com"


def prepare(default_database: str, run_id: str) -> tuple[dict[str, str], str, str]:
    """Services up, a migrated database, static files, two users.

    Returns the environment to run the project with, the database URL, and the users' password.
    `DATABASE_URL` names a database to use as it is; without it, the benchmark drops and creates
    its own database `default_database` on the local server, so every run starts alike.
    """
    database_url = os.environ.get("DATABASE_URL") or LOCAL_POSTGRES.format(default_database)
    redis_url = os.environ.get("REDIS_URL") or LOCAL_REDIS
    start_services(database_url, redis_url)
    if not os.environ.get("DATABASE_URL"):
        recreate_database(database_url)
    env = production_env(database_url, redis_url, run_id)
    print(f"Preparing {database_url}", flush=True)
    manage(env, "migrate", "--noinput", "--verbosity=0")
    # As a deployment's build step does; whitenoise warns at every worker start without it.
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    return env, database_url, create_users(env)


def production_env(database_url: str, redis_url: str, run_id: str) -> dict[str, str]:
    """What the platform would set, plus what a benchmark on loopback needs."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        # A fresh key space per run: no throttle counter, cached read or session carries over.
        CACHE_KEY_PREFIX=f"bench-{run_id}",
        JWT_ACCESS_TOKEN_LIFETIME=str(24 * 3600),
        WEB_CONCURRENCY="3",
        # Recycling is a leak safety net; during a run it would restart workers mid-measurement
        # and reset the peak memory we report.
        GUNICORN_MAX_REQUESTS="0",
        # Successful logins are the load of the login run: no limit may refuse one.
        THROTTLE_LOGIN_EMAIL="1000000/m",
        THROTTLE_LOGIN_IP="1000000/m",
        THROTTLE_REGISTER="1000000/m",
        THROTTLE_REFRESH="1000000/m",
    )
    return env


def start_services(database_url: str, redis_url: str) -> None:
    """Start the local PostgreSQL and Redis when they are down, as CI does (.ci/run)."""
    if not _postgres_answers(database_url) and not os.environ.get("DATABASE_URL"):
        version = max(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
    if not _redis_answers(redis_url) and not os.environ.get("REDIS_URL"):
        redis_server = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1"]
        subprocess.run([*redis_server, "--port", "6379", "--save", "", "--appendonly", "no"])
    _wait(lambda: _postgres_answers(database_url), "PostgreSQL", database_url)
    _wait(lambda: _redis_answers(redis_url), "Redis", redis_url)


def recreate_database(database_url: str) -> None:
    """Drop and create the benchmark's own database, so every run starts from the same state."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(server, connect_timeout=3)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return result.stdout


def shell(env: dict[str, str], script: str) -> str:
    """Run Python in the project's `manage.py shell`; return what it printed."""
    return manage(env, "shell", "--no-imports", "--command", script)


def create_users(env: dict[str, str]) -> str:
    """An admin (who writes widgets) and a regular user; return their fresh random password."""
    password = secrets.token_urlsafe(16)
    script = """
import os
from django.contrib.auth import get_user_model
User = get_user_model()
for email, admin in ((os.environ["BENCH_ADMIN"], True), (os.environ["BENCH_USER"], False)):
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.is_staff = user.is_superuser = admin
    user.set_password(os.environ["BENCH_PASSWORD"])
    user.save()
"""
    shell(
        {
            **env,
            "BENCH_ADMIN": ADMIN_EMAIL,
            "BENCH_USER": USER_EMAIL,
            "BENCH_PASSWORD": password,
        },
        script,
    )
    return password


def widget_count(env: dict[str, str]) -> int:
    script = (
        'from django.apps import apps; print(apps.get_model("widgets", "Widget").objects.count())'
    )
    return int(shell(env, script))


def seed(env: dict[str, str], up_to: int) -> float:
    """Seed widgets until there are `up_to`; return the seconds `seed_widgets` took."""
    missing = up_to - widget_count(env)
    if missing <= 0:
        return 0.0
    started = time.monotonic()
    manage(env, "seed_widgets", "--count", str(missing), "--owner", ADMIN_EMAIL)
    return time.monotonic() - started


def delete_widgets(env: dict[str, str], prefix: str) -> None:
    """Remove what a write mix left behind (widgets still queued for deletion when it stopped)."""
    script = (
        "import os; from django.apps import apps; "
        "apps.get_model('widgets', 'Widget').objects"
        ".filter(name__startswith=os.environ['BENCH_PREFIX']).delete()"
    )
    shell({**env, "BENCH_PREFIX": prefix}, script)


def middle_widget_name(env: dict[str, str]) -> str:
    """A widget from the middle of the table, so neither end of an index is favoured."""
    script = (
        "from django.apps import apps; qs = apps.get_model('widgets', 'Widget').objects; "
        "print(qs.order_by('pk').values_list('name', flat=True)[qs.count() // 2])"
    )
    return shell(env, script).strip()


def name_fragment(name: str) -> str:
    """A part of `name` that few other names contain, for a filtered list of a few widgets.

    Seeded names are `seed-<run>-<serial>`: the serial with its dash (`-4711`) matches this
    widget and the few whose serial starts alike. A fragment with the run prefix in it would
    match as few, but every seeded name shares that prefix, so a trigram index would read a
    posting list of every row for each of its trigrams; real names do not look like that.
    """
    prefix, dash, serial = name.rpartition("-")
    return dash + serial if prefix else name


def vacuum_analyze(database_url: str) -> None:
    """Bring the table to the state autovacuum keeps it in, so plans and visibility are steady."""
    connection = psycopg2.connect(database_url, connect_timeout=3)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) widgets_widget")
    connection.close()


def login(base_url: str, email: str, password: str) -> str:
    """Sign in through the API, as a client does; return the access token."""
    request = urllib.request.Request(
        base_url + "/api/v1/auth/login/",
        data=login_body(email, password).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.load(response)["access"])


def login_body(email: str, password: str) -> str:
    return json.dumps({"email": email, "password": password})


def _postgres_answers(database_url: str) -> bool:
    server = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    try:
        psycopg2.connect(server, connect_timeout=3).close()
    except psycopg2.OperationalError:
        return False
    return True


def _redis_answers(redis_url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _wait(answers: Callable[[], bool], what: str, url: str) -> None:
    for _ in range(30):
        if answers():
            return
        time.sleep(1)
    raise RuntimeError(f"{what} does not answer at {url}")
