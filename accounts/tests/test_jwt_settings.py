"""Each SIMPLE_JWT key takes effect: our own token code (accounts/tokens.py, authentication.py,
services.py) replaced simplejwt's views, serializers and user lookup, so a key only they read
would say what is not true."""

from typing import Any

import jwt
import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.conftest import Tokens

pytestmark = pytest.mark.django_db

JWT: dict[str, Any] = settings.SIMPLE_JWT


def decoded(token: str, **changes: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"key": JWT["SIGNING_KEY"], "algorithms": [JWT["ALGORITHM"]]}
    options.update(audience=JWT["AUDIENCE"], issuer=JWT["ISSUER"])
    options.update(changes)
    return dict(jwt.decode(token, **options))


def test_simple_jwt_sets_only_the_keys_tested_here() -> None:
    assert set(JWT) == {
        "ACCESS_TOKEN_LIFETIME",
        "REFRESH_TOKEN_LIFETIME",
        "ALGORITHM",
        "SIGNING_KEY",
        "ISSUER",
        "AUDIENCE",
        "USER_ID_CLAIM",
        "AUTH_HEADER_TYPES",
    }


def test_tokens_live_as_long_as_the_lifetimes_say(tokens: Tokens) -> None:
    access, refresh = decoded(tokens["access"]), decoded(tokens["refresh"])

    assert access["exp"] - access["iat"] == JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    assert tokens["expires_in"] == JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    assert refresh["exp"] - refresh["iat"] == JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()


def test_tokens_are_signed_with_the_algorithm_and_key_and_name_issuer_and_audience(
    tokens: Tokens,
) -> None:
    for token in (tokens["access"], tokens["refresh"]):
        assert jwt.get_unverified_header(token)["alg"] == JWT["ALGORITHM"]
        assert decoded(token)  # the signature, `iss` and `aud` check out
        with pytest.raises(jwt.InvalidSignatureError):
            decoded(token, key="another-key-of-the-same-length-as-any-other-32")
        with pytest.raises(jwt.InvalidAudienceError):
            decoded(token, audience="another-api")
        with pytest.raises(jwt.InvalidIssuerError):
            decoded(token, issuer="another-issuer")


@pytest.mark.parametrize("claim", ["iss", "aud"])
def test_a_token_naming_another_issuer_or_audience_is_refused(
    api_client: APIClient, tokens: Tokens, claim: str
) -> None:
    forged = jwt.encode(
        {**decoded(tokens["access"]), claim: "another"}, JWT["SIGNING_KEY"], JWT["ALGORITHM"]
    )

    response = api_client.get(reverse("accounts:user"), HTTP_AUTHORIZATION=f"Bearer {forged}")

    assert response.status_code == 401


def test_tokens_name_their_user_in_the_user_id_claim(user: User, tokens: Tokens) -> None:
    for token in (tokens["access"], tokens["refresh"]):
        assert decoded(token)[JWT["USER_ID_CLAIM"]] == str(user.public_id)


def test_the_header_type_is_the_one_announced_and_the_only_one_accepted(
    api_client: APIClient, tokens: Tokens
) -> None:
    (header_type,) = JWT["AUTH_HEADER_TYPES"]
    url = reverse("accounts:user")

    accepted = api_client.get(url, HTTP_AUTHORIZATION=f"{header_type} {tokens['access']}")
    refused = api_client.get(url, HTTP_AUTHORIZATION=f"JWT {tokens['access']}")

    assert tokens["token_type"] == header_type
    assert accepted.status_code == 200
    assert refused.status_code == 401
