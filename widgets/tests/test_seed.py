from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from widgets import deadlines
from widgets.management.commands import seed_widgets
from widgets.models import Widget, validate_name
from widgets.tests.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def seed(**options: Any) -> None:
    call_command("seed_widgets", verbosity=0, **options)


def test_seeding_creates_valid_widgets_in_batches_owned_by_an_admin():
    admin = AdminFactory()
    seed(count=12, batch_size=5)
    widgets = list(Widget.objects.all())
    assert len(widgets) == 12
    for widget in widgets:
        validate_name(widget.name)
        widget.full_clean()
        assert widget.owner == admin


def test_seeding_twice_never_clashes():
    seed(count=7)
    seed(count=7)
    assert Widget.objects.count() == 14


def test_seeding_without_any_admin_creates_one_that_cannot_sign_in():
    seed(count=1)
    owner = Widget.objects.get().owner
    assert owner is not None
    assert owner.is_staff
    assert not owner.has_usable_password()


def test_seeding_for_an_owner_finds_them_by_email_in_any_case():
    owner: Any = UserFactory(email="Owner@Example.com")
    seed(count=3, owner="owner@example.com")
    assert set(Widget.objects.values_list("owner", flat=True)) == {owner.pk}


def test_seeding_for_an_unknown_owner_stops_with_an_error():
    with pytest.raises(CommandError, match=r"nobody@example\.com"):
        seed(count=3, owner="nobody@example.com")
    assert not Widget.objects.exists()


def test_seeding_from_today_gives_every_deadline_from_today_on():
    seed(count=50, from_today=True)

    dates = sorted(Widget.objects.values_list("deadline", flat=True))
    assert len(dates) == 50
    assert dates[0] == deadlines.today()
    assert dates[-1] > deadlines.today()


def test_seeding_spreads_deadlines_over_the_past_and_the_future_by_default():
    seed(count=400)

    dates = sorted(Widget.objects.values_list("deadline", flat=True))
    assert dates[0] < deadlines.today() < dates[-1]


def test_a_count_below_one_is_refused():
    with pytest.raises(CommandError):
        seed(count=0)


@pytest.mark.postgres
def test_a_large_seed_on_postgresql_builds_its_indexes_again_after_copying(monkeypatch):
    def indexes() -> dict[str, tuple[int, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, c.oid, pg_get_indexdef(c.oid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass",
                [Widget._meta.db_table],
            )
            return {name: (oid, definition) for name, oid, definition in cursor.fetchall()}

    before = indexes()
    monkeypatch.setattr(seed_widgets, "REBUILD_INDEXES_FROM", 5)
    seed(count=6, batch_size=4)
    after = indexes()
    assert {name: d for name, (_, d) in after.items()} == {n: d for n, (_, d) in before.items()}
    rebuilt = {name for name in after if after[name][0] != before[name][0]}
    assert rebuilt == set(after) - {f"{Widget._meta.db_table}_pkey"}
    assert Widget.objects.count() == 6
    taken = Widget.objects.values_list("name", flat=True)[0].upper()
    with pytest.raises(IntegrityError), transaction.atomic():
        Widget.objects.create(name=taken, info_url="https://example.com/", deadline=date.today())
