"""Concurrent writers through the API, on PostgreSQL: real threads, real transactions."""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from widgets import deadlines
from widgets.models import Widget
from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import detail_url, list_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 16
ROUNDS = 20


def all_at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run work(0..count-1) in threads released together; each closes its own connection."""
    barrier = threading.Barrier(count)

    def run(number: int) -> Any:
        try:
            barrier.wait(timeout=10)
            return work(number)
        finally:
            connection.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_parallel_creates_of_one_name_in_mixed_case_make_exactly_one_widget(admin):
    deadline = (deadlines.today() + timedelta(days=1)).isoformat()

    for round_number in range(ROUNDS):
        name = f"racer{round_number}"

        def create(number: int, name: str = name) -> int:
            mixed = "".join(c.upper() if (number >> i) & 1 else c for i, c in enumerate(name))
            body = {
                "name": mixed,
                "info_url": f"https://example.com/{number}",
                "deadline": deadline,
            }
            return client_for(admin).post(list_url(), body).status_code

        statuses = Counter(all_at_once(THREADS, create))
        assert statuses == {201: 1, 409: THREADS - 1}, f"round {round_number}"
        assert Widget.objects.with_name(name).count() == 1


def test_parallel_patches_all_succeed_and_leave_one_writers_row(admin):
    today = deadlines.today()
    writes = [
        {
            "info_url": f"https://example.com/{n}",
            "deadline": (today + timedelta(days=n)).isoformat(),
        }
        for n in range(THREADS)
    ]

    for round_number in range(ROUNDS):
        name = f"contested{round_number}"
        WidgetFactory(name=name, owner=admin)

        def patch(number: int, name: str = name) -> int:
            return client_for(admin).patch(detail_url(name), writes[number]).status_code

        assert all_at_once(THREADS, patch) == [200] * THREADS, f"round {round_number}"
        widget = Widget.objects.with_name(name).get()
        final = {"info_url": widget.info_url, "deadline": widget.deadline.isoformat()}
        assert final in writes
