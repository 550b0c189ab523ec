"""Token tricks: every one of them is a 401 with a Bearer challenge, never a 500."""

import base64
import json
import time
import uuid

import jwt
import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.authentication import SessionJWTAuthentication
from accounts.models import Session
from accounts.tokens import SessionAccessToken

pytestmark = pytest.mark.django_db
URL = reverse("accounts:user")
KEY = settings.SIMPLE_JWT["SIGNING_KEY"]
INVALID = 'Bearer realm="api", error="invalid_token"'


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(tokens, **changes):
    payload = jwt.decode(tokens["access"], options={"verify_signature": False})
    payload.update(changes)
    return {key: value for key, value in payload.items() if value is not None}


def sign(payload, key=KEY, algorithm="HS256"):
    return jwt.encode(payload, key, algorithm=algorithm)


def unsigned(payload, alg):
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    return f"{header}.{b64(json.dumps(payload).encode())}."


def assert_refused(bearer, token):
    response = bearer(token).get(URL)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == INVALID
    assert "detail" in response.json()


def test_the_genuine_token_is_accepted(tokens, bearer):
    assert bearer(sign(claims(tokens))).get(URL).status_code == 200


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_alg_none_is_refused(tokens, bearer, alg):
    assert_refused(bearer, unsigned(claims(tokens), alg))


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_another_algorithm_is_refused(tokens, bearer, algorithm):
    assert_refused(bearer, sign(claims(tokens), algorithm=algorithm))


def test_another_key_is_refused(tokens, bearer):
    assert_refused(bearer, sign(claims(tokens), key="another-key-of-sufficient-length-123456"))


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "someone-else"},
        {"aud": "someone-else"},
        {"iss": None},
        {"aud": None},
        {"exp": None},
        {"jti": None},
        {"token_type": None},
        {"token_type": "refresh"},
        {"sid": None},
        {"sid": "not-a-uuid"},
        {"sid": 12},
        {"sub": None},
        {"sub": "not-a-uuid"},
        {"sub": str(uuid.uuid4())},
        {"sid": str(uuid.uuid4())},
        {"exp": int(time.time()) - 1},
        {"nbf": int(time.time()) + 3600},
        {"exp": "tomorrow"},
        {"exp": 10**20},
    ],
    ids=repr,
)
def test_a_token_with_missing_or_foreign_claims_is_refused(tokens, bearer, changes):
    assert_refused(bearer, sign(claims(tokens, **changes)))


def test_a_refresh_token_is_not_an_access_token(tokens, bearer):
    assert_refused(bearer, tokens["refresh"])


@pytest.mark.parametrize(
    "token",
    ["x", "a.b.c", "....", "e30.e30.e30", "é", "x" * 10_000, "eyJhbGciOiJIUzI1NiJ9." * 3],
)
def test_garbage_is_refused(bearer, token):
    assert_refused(bearer, token)


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer  "])
def test_a_malformed_authorization_header_is_refused(api_client, header):
    response = api_client.get(URL, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_a_header_outside_latin_1_is_refused(api_client):
    response = api_client.get(URL, HTTP_AUTHORIZATION="Bearer \u2603")

    assert response.status_code == 401


def test_anonymous_requests_get_401_with_a_plain_challenge(api_client):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_another_scheme_is_treated_as_anonymous(api_client):
    response = api_client.get(URL, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_session_is_refused(tokens, bearer):
    Session.objects.update(revoked_at="2026-01-01T00:00:00Z")

    assert_refused(bearer, tokens["access"])


def test_authentication_costs_one_query(tokens, django_assert_num_queries):
    request = APIRequestFactory().get(URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    with django_assert_num_queries(1):
        result = SessionJWTAuthentication().authenticate(Request(request))

    assert result is not None
    user, token = result
    assert isinstance(token, SessionAccessToken)
    assert token.session is not None
    assert token.session.user == user


def test_a_listed_page_costs_at_most_three_queries(auth_client, django_assert_max_num_queries):
    # The session of the token, then the token sessions and the browser sessions listed.
    with django_assert_max_num_queries(3):
        assert auth_client.get(reverse("accounts:sessions")).status_code == 200
