"""Schemathesis hooks for the API fuzz run: real logins, and facts the schema cannot state.

Loaded by the schemathesis process (`SCHEMATHESIS_HOOKS`), which the fuzz test starts with the
live server's URL and the two users' credentials in its environment.
"""

import itertools
import os
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
from schemathesis import AuthContext, Case, CheckContext, HookContext, Response

WIDGETS_PATH = "/api/v1/widgets"
PASSWORD_PATH = "/api/v1/auth/password/"
EMAIL_PATH = "/api/v1/auth/email/"
REGISTER_PATH = "/api/v1/auth/register/"
# Well inside the access token's lifetime (15 minutes by default), so no token expires mid-run.
REFRESH_SECONDS = 60
# Appended to a generated password: Django's validators refuse all-digit and common passwords,
# which no schema can describe.
STRONG_SUFFIX = "-Fz9.qk"
PASSWORD_MAX_LENGTH = 1024
# Names given to widgets a PUT or PATCH renames: each used once in a run (see `before_call`).
RENAMES = (f"renamed-{number}" for number in itertools.count())


def role(case: Case, context: AuthContext) -> str:
    """Widget operations run as the admin (who may write them), everything else as a user."""
    return "admin" if context.operation.path.startswith(WIDGETS_PATH) else "user"


@schemathesis.auth(refresh_interval=REFRESH_SECONDS, cache_by_key=role)
class LoginAuth:
    """Log in through the API and send the access token. A 401 (the fuzzer logged the session
    out, or changed the password) makes schemathesis log in again."""

    def get(self, case: Case, context: AuthContext) -> str:
        prefix = f"FUZZ_{role(case, context).upper()}"
        response = requests.post(
            f"{os.environ['FUZZ_BASE_URL']}/api/v1/auth/login/",
            json={"email": os.environ[f"{prefix}_EMAIL"], "password": os.environ["FUZZ_PASSWORD"]},
            timeout=10,
        )
        response.raise_for_status()
        return str(response.json()["access"])

    def set(self, case: Case, data: str, context: AuthContext) -> None:
        case.headers["Authorization"] = f"Bearer {data}"


def future(deadline: Any) -> Any:
    """A past ISO date moved to a year far ahead; anything else as it was."""
    try:
        parsed = date.fromisoformat(deadline)
    except (TypeError, ValueError):
        return deadline
    return parsed.replace(year=2096).isoformat() if parsed < date.today() else deadline


def renamed(case: Case) -> dict[str, Any] | None:
    """The body of a positive case naming another widget than its URL does (a rename of an
    existing widget or, for a PUT of a missing one, a 400), else None."""
    meta, body, current = case.meta, case.body, case.path_parameters.get("name")
    if meta is None or not meta.generation.mode.is_positive or not isinstance(body, dict):
        return None
    name = body.get("name")
    if not (isinstance(name, str) and isinstance(current, str)):
        return None
    return body if name.lower() != current.lower() else None


@schemathesis.hook
def before_call(context: HookContext, case: Case, kwargs: dict[str, Any]) -> None:
    """Give a widget that a PUT or PATCH renames a name no widget had before in the run.

    A rename moves a widget to another URL, maybe one the run deleted before, which schemathesis
    would take for a resource its DELETE left alive (ST301). Done just before the call, as the
    stateful phase fills bodies from earlier responses after `map_case`."""
    if case.operation.path.startswith(WIDGETS_PATH) and (body := renamed(case)) is not None:
        body["name"] = next(RENAMES)


@schemathesis.hook
def map_case(context: HookContext, case: Case) -> Case:
    """Give positive cases what the API rightly requires beyond the schema: a deadline of today or
    later, a strong new password, and the user's real current password (a password change then
    sets the same password again, so the logins above keep working; an email change only mails
    a link, and the email stays until the link is used)."""
    meta, body = case.meta, case.body
    if meta is None or not meta.generation.mode.is_positive or not isinstance(body, dict):
        return case
    path = case.operation.path
    if path.startswith(WIDGETS_PATH) and "deadline" in body:
        body["deadline"] = future(body["deadline"])
    elif path == REGISTER_PATH and isinstance(password := body.get("password"), str):
        body["password"] = password[: PASSWORD_MAX_LENGTH - len(STRONG_SUFFIX)] + STRONG_SUFFIX
    elif path == PASSWORD_PATH:
        body["current_password"] = body["new_password"] = os.environ["FUZZ_PASSWORD"]
    elif path == EMAIL_PATH:
        body["password"] = os.environ["FUZZ_PASSWORD"]
    return case


@schemathesis.check
def put_creates_at_its_url(ctx: CheckContext, response: Response, case: Case) -> None:
    """A PUT that creates (201) creates the resource at the URL it was sent to (RFC 9110, 9.3.4):
    its Location is that URL, in any letter case (a widget's name is looked up in any case).
    No built-in check asks it of every PUT that creates."""
    if response.request.method != "PUT" or response.status_code != 201:
        return
    sent = urlsplit(str(response.request.url)).path
    location = urlsplit(response.headers.get("location", [""])[0]).path
    if location.rstrip("/").lower() != sent.rstrip("/").lower():
        raise AssertionError(f"PUT {sent} created the resource at {location or 'no Location'}.")
