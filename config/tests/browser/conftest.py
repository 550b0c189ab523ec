"""A production-mode server in this process and the machine's Chromium, driven by Playwright.

The server is Django's live-server thread without its static-files handler: static files come from
`collectstatic` output through whitenoise, with debug off and the manifest storage, as in
production. Chromium is Debian's (`apt-get install chromium`), never a Playwright download.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper
from django.test import override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Route,
    sync_playwright,
)
from pytest_django import Settings

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("No Chromium binary on PATH: `apt-get install -y chromium` (.ci/run does).")
    return executable


@pytest.fixture
def chromium(
    chromium_executable: str, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Browser]:
    """Chromium for one test; it stops before the server and the database are torn down.

    Playwright's sync API drives an event loop on this thread until it stops, and Django refuses
    ORM calls made under one (SynchronousOnlyOperation), although the test's are plain
    synchronous calls: allowed while the browser runs, and only then.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a deployment's build step makes: hashed, compressed copies and their manifest."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def site_url(transactional_db: None, settings: Settings, collected_static: Path) -> Iterator[str]:
    """The project served over http on a free loopback port, in production mode."""
    assert not settings.DEBUG
    settings.STATIC_ROOT = collected_static
    # An in-memory SQLite test database only exists on this thread's connection: share it.
    shared: dict[str, BaseDatabaseWrapper] = {
        conn.alias: conn
        for conn in connections.all()
        if isinstance(conn, SQLiteDatabaseWrapper) and conn.is_in_memory_db()
    }
    server = LiveServerThread(
        "127.0.0.1",
        # Any callable wrapping the application will do; django-stubs asks for a class.
        static_handler=no_static_handler,  # type: ignore[arg-type]
        connections_override=shared,
        port=0,
    )
    server.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()


def no_static_handler(application: WSGIHandler) -> WSGIHandler:
    """Serve through the project's own middleware (whitenoise), not the test server's handler."""
    return application


@pytest.fixture
def context(chromium: Browser, site_url: str) -> Iterator[BrowserContext]:
    """A fresh browser profile that may talk to loopback only: the pages must work offline.

    Every request any page makes is watched, those its own policy blocks before they leave
    (CSP) too, which no route sees: a request off the site's origin fails the test, as does any
    console error or uncaught script error.
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    problems: list[str] = []

    def watch_request(request: Request) -> None:
        if not request.url.startswith((f"{site_url}/", "data:", "blob:")):
            problems.append(f"asked off the machine: {request.method} {request.url}")

    def watch_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text} at {message.location}")

    def keep_offline(route: Route) -> None:
        if route.request.url.startswith((f"{site_url}/", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    context.on("request", watch_request)
    context.on("console", watch_console)
    context.on("weberror", lambda error: problems.append(f"script error: {error.error}"))
    context.route("**/*", keep_offline)
    yield context
    context.close()
    assert problems == [], "the pages asked for something off this machine or logged an error"


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page whose screenshot is saved as test-artifacts/<test name>.png, pass or fail."""
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
