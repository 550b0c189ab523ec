"""Account deletion: DELETE auth/user/ with the password ends everything of the user's."""

import pytest
from django.urls import reverse

from accounts.models import Session, User
from accounts.tests.factories import PASSWORD
from widgets.models import Widget
from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:user")


def test_deleting_the_account_removes_the_user_and_every_session(
    auth_client, user, tokens, login, bearer, api_client, client
):
    other = login(user)
    client.force_login(user)
    widget = WidgetFactory.create(owner=user)

    response = auth_client.delete(URL, {"password": PASSWORD})

    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Session.objects.exists()
    for access in (tokens["access"], other["access"]):
        assert bearer(access).get(URL).status_code == 401
    refresh = api_client.post(reverse("accounts:refresh"), {"refresh": other["refresh"]})
    assert refresh.status_code == 401
    assert client.get(URL).status_code in {401, 403}
    widget = Widget.objects.get(pk=widget.pk)
    assert widget.owner is None


def test_a_wrong_password_is_a_400_naming_password_and_deletes_nothing(auth_client, user):
    response = auth_client.delete(URL, {"password": "not-the-password"})

    assert response.status_code == 400
    assert set(response.json()) == {"password"}
    assert User.objects.filter(pk=user.pk).exists()


def test_wrong_passwords_count_against_the_failed_login_limits(auth_client, user, rates):
    rates(login_ip="2/15m")

    answers = [auth_client.delete(URL, {"password": "not-the-password"}) for _ in range(3)]

    assert [response.status_code for response in answers] == [400, 400, 429]
    assert auth_client.delete(URL, {"password": PASSWORD}).status_code == 429
    assert User.objects.filter(pk=user.pk).exists()


def test_a_missing_password_is_named(auth_client):
    response = auth_client.delete(URL, {})

    assert response.status_code == 400
    assert set(response.json()) == {"password"}


def test_deleting_needs_credentials(api_client):
    assert api_client.delete(URL, {"password": PASSWORD}).status_code == 401
