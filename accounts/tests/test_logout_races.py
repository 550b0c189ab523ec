"""Logout racing with requests that use the same session, on PostgreSQL with real threads.

Once the logout has answered, nothing of that session may work again: not the access token
other threads keep sending, and not any token a refresh racing with the logout managed to mint.
Each race runs many rounds, so an unlucky interleaving gets its chance to show; the rounds share
one test (and one flush of the database, which costs more than a round).
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 20
READERS = 4
# Requests each reader sends after the logout answered, to be sure they were refused.
READS_AFTER_LOGOUT = 2
# Enough to overlap the logout; more would only lengthen the checks after it.
MAX_REFRESHES = 4


def in_threads(*work: Callable[[], Any]) -> list[Any]:
    """Run each callable in its own thread; each closes its own database connection."""

    def run(job: Callable[[], Any]) -> Any:
        try:
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(work)) as pool:
        return [future.result(timeout=60) for future in [pool.submit(run, job) for job in work]]


def race_logout_with_reads(access: str, bearer: Callable[[str], APIClient]) -> None:
    reads_started = threading.Semaphore(0)
    logged_out = threading.Event()
    answered_at: list[float] = []

    def read() -> list[tuple[float, int]]:
        client, results = bearer(access), []
        after = 0
        while after < READS_AFTER_LOGOUT:
            started = time.monotonic()
            late = logged_out.is_set()
            results.append((started, client.get(reverse("accounts:user")).status_code))
            after += late
            if len(results) == 1:
                reads_started.release()
        return results

    def log_out() -> int:
        for _ in range(READERS):
            assert reads_started.acquire(timeout=30)
        status = bearer(access).post(reverse("accounts:logout")).status_code
        answered_at.append(time.monotonic())
        logged_out.set()
        return status

    logout_status, *reads = in_threads(log_out, *[read] * READERS)

    assert logout_status == 204
    results = [result for reader in reads for result in reader]
    assert {status for _, status in results} <= {200, 401}
    assert any(status == 200 for _, status in results)
    late = [status for started, status in results if started > answered_at[0]]
    assert len(late) >= READERS * READS_AFTER_LOGOUT
    assert set(late) == {401}


def test_no_request_that_starts_after_logout_answered_gets_through(
    user: User, login: Callable[..., dict[str, Any]], bearer: Callable[[str], APIClient]
) -> None:
    for _ in range(ROUNDS):
        race_logout_with_reads(login(user)["access"], bearer)


def race_logout_with_refreshes(first: dict[str, Any], bearer: Callable[[str], APIClient]) -> None:
    refreshed = threading.Semaphore(0)

    def refresh_until_refused() -> list[dict[str, Any]]:
        client, current = APIClient(), first["refresh"]
        minted: list[dict[str, Any]] = []
        for _ in range(MAX_REFRESHES):
            response = client.post(reverse("accounts:refresh"), {"refresh": current})
            if response.status_code != 200:
                refreshed.release()
                return minted
            minted.append(response.json())
            current = minted[-1]["refresh"]
            refreshed.release()
        return minted

    def log_out() -> int:
        assert refreshed.acquire(timeout=30)
        return bearer(first["access"]).post(reverse("accounts:logout")).status_code

    minted, logout_status = in_threads(refresh_until_refused, log_out)

    assert logout_status == 204
    assert minted
    for pair in [first, *minted]:
        assert bearer(pair["access"]).get(reverse("accounts:user")).status_code == 401
    # The newest refresh token is the only one not yet spent: the logout must have killed it.
    refused = APIClient().post(reverse("accounts:refresh"), {"refresh": minted[-1]["refresh"]})
    assert refused.status_code == 401


def test_tokens_minted_by_a_refresh_racing_logout_die_with_the_session(
    user: User, login: Callable[..., dict[str, Any]], bearer: Callable[[str], APIClient]
) -> None:
    for _ in range(ROUNDS):
        race_logout_with_refreshes(login(user), bearer)
