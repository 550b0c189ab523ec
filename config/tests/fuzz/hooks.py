"""Schemathesis hooks for the API fuzz run: real logins, and facts the schema cannot state.

Loaded by the schemathesis process (`SCHEMATHESIS_HOOKS`), which the fuzz test starts with the
live server's URL and the two users' credentials in its environment.
"""

import itertools
import os
from datetime import date
from typing import Any

import requests
import schemathesis
from schemathesis import AuthContext, Case, HookContext

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
# Names given to widgets a PUT or PATCH renames: each used once in a run (see `map_case`).
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


def renames(case: Case, name: Any) -> bool:
    """Whether the case names another widget than its URL: a rename of an existing widget (or,
    for a PUT of a missing one, a 400). A rename moves a widget to another URL, maybe one the run
    deleted before, which schemathesis would take for a resource its DELETE left alive (ST301);
    so renamed widgets get names of their own."""
    current = (case.path_parameters or {}).get("name")
    return isinstance(current, str) and isinstance(name, str) and name.lower() != current.lower()


@schemathesis.hook
def map_case(context: HookContext, case: Case) -> Case:
    """Give positive cases what the API rightly requires beyond the schema: a deadline of today or
    later, a fresh name for a widget a PUT or PATCH renames, a strong new password, and the user's
    real current password (a password change then sets the same password again, so the logins
    above keep working; an email change only mails a link, and the email stays until the link
    is used)."""
    meta, body = case.meta, case.body
    if meta is None or not meta.generation.mode.is_positive or not isinstance(body, dict):
        return case
    path = case.operation.path
    if path.startswith(WIDGETS_PATH):
        if "deadline" in body:
            body["deadline"] = future(body["deadline"])
        if renames(case, body.get("name")):
            body["name"] = next(RENAMES)
    elif path == REGISTER_PATH and isinstance(password := body.get("password"), str):
        body["password"] = password[: PASSWORD_MAX_LENGTH - len(STRONG_SUFFIX)] + STRONG_SUFFIX
    elif path == PASSWORD_PATH:
        body["current_password"] = body["new_password"] = os.environ["FUZZ_PASSWORD"]
    elif path == EMAIL_PATH:
        body["password"] = os.environ["FUZZ_PASSWORD"]
    return case
