"""The compiled reads return what the ORM queries they were compiled from return."""

import pytest

from widgets.compiled import page, row_by_name
from widgets.models import Widget, all_rows
from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["tetraWIDG", "tetrawidg", "TETRAWIDG"])
def test_a_widget_is_read_as_the_orm_reads_it_in_any_case(asked):
    WidgetFactory(name="tetraWIDG")
    assert row_by_name(asked) == all_rows().get_by_name("tetraWIDG")


def test_a_name_nobody_has_is_does_not_exist(django_assert_num_queries):
    WidgetFactory(name="present")
    with django_assert_num_queries(1), pytest.raises(Widget.DoesNotExist):
        row_by_name("absent")


def test_a_widget_without_owner_reads_with_no_owner(admin):
    WidgetFactory(name="orphan", owner=admin)
    admin.delete()
    row = row_by_name("orphan")
    assert (row["owner_id"], row["owner_public_id"], row["owner_email"]) == (None, None, None)


def test_a_changed_owner_id_setting_changes_the_compiled_query(settings, admin):
    WidgetFactory(name="owned", owner=admin)
    row_by_name("owned")
    settings.WIDGETS_OWNER_ID_FIELD = "email"
    assert row_by_name("owned")["owner_public_id"] == admin.email


@pytest.mark.parametrize(("low", "high"), [(0, 3), (2, 5), (4, 9), (3, 3)])
@pytest.mark.parametrize("backwards", [False, True])
def test_a_page_is_read_as_the_orm_reads_its_slice(low, high, backwards):
    WidgetFactory.create_batch(5)
    rows = all_rows().reverse() if backwards else all_rows()
    assert page(low, high, backwards) == list(rows[low:high])


def test_an_empty_page_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert page(0, 0, False) == []


def test_only_the_unfiltered_rows_are_marked_for_compiled_pages():
    assert all_rows().unfiltered
    assert not all_rows().filter(name="x").unfiltered
    assert not all_rows().reverse().unfiltered
