from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError

from widgets.models import Widget
from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import detail_url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_clock"),
]
REPLACEMENT = {"info_url": "https://example.com/new", "deadline": "2027-01-15"}


@pytest.mark.parametrize("path_name", ["tetraWIDG", "tetrawidg", "TETRAWIDG"])
def test_put_replaces_the_widget_found_in_any_case(admin_api, path_name):
    WidgetFactory(name="tetraWIDG")
    response = admin_api.put(detail_url(path_name), REPLACEMENT)
    assert response.status_code == 200
    widget = Widget.objects.get()
    assert (widget.name, widget.info_url, widget.deadline) == (
        "tetraWIDG",
        "https://example.com/new",
        date(2027, 1, 15),
    )


def test_put_needs_every_field_but_the_name(admin_api):
    WidgetFactory(name="kept")
    response = admin_api.put(detail_url("kept"), {})
    assert response.status_code == 400
    assert sorted(response.json()) == ["deadline", "info_url"]


def test_put_on_a_missing_name_creates_the_widget_under_it(admin_api, admin):
    response = admin_api.put(detail_url("brandNew"), REPLACEMENT)
    assert response.status_code == 201
    assert response.headers["Location"] == "http://testserver" + detail_url("brandNew")
    widget = Widget.objects.get()
    assert (widget.name, widget.owner) == ("brandNew", admin)


def test_put_creating_checks_the_body_like_post(admin_api):
    response = admin_api.put(detail_url("brandNew"), {"deadline": "2020-01-01"})
    assert response.status_code == 400
    assert sorted(response.json()) == ["deadline", "info_url"]
    assert not Widget.objects.exists()


@pytest.mark.parametrize("body_name", ["0", "otherName"])
def test_put_creating_with_another_name_in_the_body_is_a_400_on_name(
    admin_api, user_api, body_name
):
    response = admin_api.put(detail_url("dGK4v8ZHM0"), {**REPLACEMENT, "name": body_name})
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert not Widget.objects.exists()
    assert user_api.get(detail_url("dGK4v8ZHM0")).status_code == 404


def test_put_creating_with_the_url_name_in_another_case_keeps_the_body_spelling(admin_api):
    response = admin_api.put(detail_url("casedname"), {**REPLACEMENT, "name": "CasedName"})
    assert response.status_code == 201
    assert response.headers["Location"] == "http://testserver" + detail_url("CasedName")
    assert Widget.objects.get().name == "CasedName"


def test_put_creating_from_a_form_with_another_name_is_a_400_on_name(admin_api):
    body = {**REPLACEMENT, "name": "elsewhere"}
    response = admin_api.put(detail_url("formMade"), body, format="multipart")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert not Widget.objects.exists()


def test_put_with_a_name_renames(admin_api, user_api):
    WidgetFactory(name="old")
    response = admin_api.put(detail_url("OLD"), {**REPLACEMENT, "name": "New-Name"})
    assert response.status_code == 200
    assert response.json()["url"] == "http://testserver" + detail_url("New-Name")
    assert user_api.get(detail_url("old")).status_code == 404
    assert user_api.get(detail_url("new-name")).status_code == 200


def test_renaming_to_another_case_of_the_same_name_is_allowed(admin_api):
    WidgetFactory(name="shouty")
    response = admin_api.patch(detail_url("shouty"), {"name": "SHOUTY"})
    assert response.status_code == 200
    assert Widget.objects.get().name == "SHOUTY"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_renaming_to_a_name_taken_in_any_case_is_a_conflict(admin_api, method):
    WidgetFactory(name="first")
    WidgetFactory(name="second")
    response = getattr(admin_api, method)(detail_url("first"), {**REPLACEMENT, "name": "SECOND"})
    assert response.status_code == 409
    assert list(response.json()) == ["name"]
    assert sorted(Widget.objects.values_list("name", flat=True)) == ["first", "second"]


def test_patch_changes_only_what_it_is_given(admin_api):
    widget: Any = WidgetFactory(name="partial", deadline=date(2026, 7, 1))
    response = admin_api.patch(detail_url("PARTIAL"), {"info_url": "https://example.com/p"})
    assert response.status_code == 200
    widget.refresh_from_db()
    assert (widget.info_url, widget.deadline) == ("https://example.com/p", date(2026, 7, 1))


def test_a_passed_deadline_may_stay_when_it_does_not_change(admin_api):
    WidgetFactory(name="late", deadline=date(2026, 5, 1))
    response = admin_api.put(detail_url("late"), {**REPLACEMENT, "deadline": "05/01/2026"})
    assert response.status_code == 200


def test_a_deadline_may_not_change_to_a_past_day(admin_api):
    WidgetFactory(name="late", deadline=date(2026, 5, 1))
    response = admin_api.patch(detail_url("late"), {"deadline": "2026-05-02"})
    assert response.status_code == 400
    assert "2026-06-01" in response.json()["deadline"][0]


def test_patch_on_a_missing_widget_is_a_404(admin_api):
    assert admin_api.patch(detail_url("ghost"), {"info_url": "https://x.org"}).status_code == 404
    assert not Widget.objects.exists()


@pytest.mark.parametrize("path_name", ["gone", "GONE", "Gone"])
def test_delete_removes_the_widget_found_in_any_case(admin_api, path_name):
    WidgetFactory(name="gone")
    response = admin_api.delete(detail_url(path_name))
    assert response.status_code == 204
    assert not Widget.objects.exists()
    assert admin_api.delete(detail_url(path_name)).status_code == 404


def test_put_creating_from_a_form_takes_the_name_from_the_url(admin_api):
    response = admin_api.put(detail_url("formMade"), REPLACEMENT, format="multipart")
    assert response.status_code == 201
    assert Widget.objects.get().name == "formMade"


def test_put_creating_with_a_body_that_is_not_an_object_is_a_400(admin_api):
    assert admin_api.put(detail_url("listMade"), [REPLACEMENT]).status_code == 400
    assert not Widget.objects.exists()


def test_a_database_error_other_than_the_name_is_not_disguised_as_a_conflict(
    admin_api, monkeypatch
):
    def fail(*args, **kwargs):
        raise IntegrityError("some other constraint")

    monkeypatch.setattr(Widget, "save", fail)
    with pytest.raises(IntegrityError, match="some other constraint"):
        admin_api.put(detail_url("doomed"), REPLACEMENT)
