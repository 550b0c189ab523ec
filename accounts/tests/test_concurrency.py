"""Races decided by PostgreSQL: real threads, each with its own connection, released together."""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Session, User
from accounts.tests.factories import PASSWORD
from accounts.tokens import SESSION_ID_CLAIM, SessionRefreshToken
from config.tests.caches import clear_test_caches

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROUNDS = 20


def race(requests: list[Callable[[APIClient], object]]) -> Counter[int]:
    """Send the requests at once from as many threads; count the answers by status."""
    barrier = threading.Barrier(len(requests))

    def send(request: Callable[[APIClient], object]) -> int:
        client = APIClient()
        try:
            barrier.wait()
            return request(client).status_code  # type: ignore[attr-defined]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return Counter(pool.map(send, requests))


def session_of(tokens: dict[str, str]) -> str:
    return str(SessionRefreshToken(tokens["refresh"])[SESSION_ID_CLAIM])  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def generous_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "register": "1000/h",
        },
    }


def test_concurrent_sign_ups_of_one_email_in_mixed_case_create_exactly_one_user():
    def register(email: str) -> Callable[[APIClient], object]:
        return lambda client: client.post(
            reverse("accounts:register"), {"email": email, "password": PASSWORD}
        )

    for round_ in range(ROUNDS):
        emails = [
            f"Race{round_}@Example.com".swapcase() if n % 2 else f"race{round_}@example.COM"
            for n in range(16)
        ]
        emails = [email.upper() if n % 3 == 0 else email for n, email in enumerate(emails)]

        statuses = race([register(email) for email in emails])

        assert statuses == Counter({201: 1, 409: 15}), f"round {round_}"
        assert User.objects.filter(email__iexact=f"race{round_}@example.com").count() == 1


def test_concurrent_refreshes_of_one_token_rotate_once_and_all_get_the_new_token(user, login):
    answers: list[dict[str, object]] = []

    def refresh_with(token: str) -> Callable[[APIClient], object]:
        def refresh(client: APIClient) -> object:
            response = client.post(reverse("accounts:refresh"), {"refresh": token})
            answers.append(response.json())
            return response

        return refresh

    for round_ in range(ROUNDS):
        answers.clear()
        tokens = login(user)

        statuses = race([refresh_with(tokens["refresh"])] * 12)

        assert statuses == Counter({200: 12}), f"round {round_}"
        issued = {answer["refresh"] for answer in answers}
        assert len(issued) == 1, f"round {round_}"
        assert issued != {tokens["refresh"]}
        # Exactly one rotation: the session keeps one line of tokens, and the new one works.
        session = Session.objects.get(revoked_at__isnull=True, pk=session_of(tokens))
        assert session.previous_refresh_jti != ""
        again = APIClient().post(reverse("accounts:refresh"), {"refresh": issued.pop()})
        assert again.status_code == 200, f"round {round_}"


def test_concurrent_wrong_passwords_get_at_most_the_limit_of_401s_every_round(user):
    def guess(round_: int) -> Callable[[APIClient], object]:
        # Each round from its own address, so only the per-email limit (10) is in play.
        return lambda client: client.post(
            reverse("accounts:login"),
            {"email": user.email, "password": "wrong-guess"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{round_}",
        )

    for round_ in range(ROUNDS):
        clear_test_caches()

        statuses = race([guess(round_)] * 30)

        assert statuses == Counter({401: 10, 429: 20}), f"round {round_}"
