"""Forged, tampered and malformed tokens (RFC 8725's pitfalls): 401 every time, never a 500.

Each forgery starts from the claims of a real token, so a case that passes does so because of
the one thing it changes; `test_a_faithful_copy_of_a_real_token_is_accepted` proves the forging
helpers themselves make tokens the API accepts.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
Claims = dict[str, Any]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(value: object) -> str:
    return b64(json.dumps(value).encode())


def signing_key() -> str:
    return str(settings.SIMPLE_JWT["SIGNING_KEY"])


def sign(claims: Claims, key: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key or signing_key(), algorithm=algorithm)


def unsigned(claims: Claims, alg: str) -> str:
    return f"{b64json({'alg': alg, 'typ': 'JWT'})}.{b64json(claims)}."


def hs256_under_header(claims: object, header: dict[str, Any]) -> str:
    """Signed with the real key and HS256, whatever algorithm the header claims (alg confusion)."""
    signing_input = f"{b64json(header)}.{b64json(claims)}"
    digest = hmac.new(signing_key().encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(digest)}"


def without(claim: str) -> Callable[[Claims], str]:
    return lambda claims: sign({k: v for k, v in claims.items() if k != claim})


def changed(**changes: Any) -> Callable[[Claims], str]:
    return lambda claims: sign({**claims, **changes})


def later(seconds: int) -> int:
    return int(time.time()) + seconds


ALG_NONE = ["none", "None", "NONE", "nOnE"]


def alg_none(alg: str) -> Callable[[Claims], str]:
    return lambda claims: unsigned(claims, alg)


def signature_stripped(claims: Claims) -> str:
    return sign(claims).rsplit(".", 1)[0] + "."


def swapped_type(claims: Claims) -> str:
    return sign({**claims, "token_type": {"access": "refresh"}.get(claims["token_type"], "access")})


FORGERIES: dict[str, Callable[[Claims], str]] = {
    **{f"alg {alg}": alg_none(alg) for alg in ALG_NONE},
    "alg none keeping the real signature": lambda c: unsigned(c, "none") + "c2lnbmF0dXJl",
    "HS512 with the real key": lambda c: sign(c, algorithm="HS512"),
    "HS384 with the real key": lambda c: sign(c, algorithm="HS384"),
    "RS256 header over an HMAC of the real key": lambda c: hs256_under_header(
        c, {"alg": "RS256", "typ": "JWT"}
    ),
    "ES256 header": lambda c: hs256_under_header(c, {"alg": "ES256", "typ": "JWT"}),
    "signed with another key": lambda c: sign(c, key="not-the-signing-key-" + "x" * 40),
    "signature stripped": signature_stripped,
    "foreign issuer": changed(iss="https://attacker.example.com"),
    "foreign audience": changed(aud="someone-else"),
    "foreign audience list": changed(aud=["someone-else"]),
    "missing exp": without("exp"),
    "missing jti": without("jti"),
    "missing token_type": without("token_type"),
    "missing iss": without("iss"),
    "missing aud": without("aud"),
    "missing sid": without("sid"),
    "missing sub": without("sub"),
    "expired": lambda c: sign({**c, "exp": later(-10), "iat": later(-100)}),
    "not valid yet (nbf)": lambda c: sign({**c, "nbf": later(3600)}),
    "issued in the future (iat)": lambda c: sign({**c, "iat": later(3600)}),
    "exp not a number": changed(exp="tomorrow"),
    "exp out of any calendar": changed(exp=10**20),
    "the other token type": swapped_type,
    "unknown type": changed(token_type="admin"),
    "sub of nobody": lambda c: sign({**c, "sub": str(uuid.uuid4())}),
    "sub not a uuid": changed(sub="1"),
    "sub a number": changed(sub=1),
    "sub an object": changed(sub={"$ne": None}),
    "sid of no session": lambda c: sign({**c, "sid": str(uuid.uuid4())}),
    "sid not a uuid": changed(sid="' OR 1=1 --"),
    "sid a list": changed(sid=[1, 2]),
    "kid pointing at a file": lambda c: jwt.encode(
        c, "not-the-signing-key-" + "y" * 40, algorithm="HS256", headers={"kid": "../../etc/passwd"}
    ),
    "header not an object": lambda c: f"{b64json([])}.{b64json(c)}.c2ln",
    "payload not an object": lambda c: hs256_under_header([c], {"alg": "HS256"}),
}

GARBAGE = {
    "empty": "",
    "one segment": "abc",
    "two segments": "abc.def",
    "three empty segments": "..",
    "four segments": "a.b.c.d",
    "not base64": "!!!.@@@.###",
    "10 KB": "A" * 10240,
    "10 KB in three segments": ".".join(["A" * 3413] * 3),
    "unicode": "ключ.токен.подпись",
    "emoji": "🔑.🔑.🔑",
    "header only": b64json({"alg": "HS256", "typ": "JWT"}),
    "base64 of no JSON": f"{b64(b'not json')}.{b64(b'not json')}.{b64(b'sig')}",
    "spaces inside": "a b c",
    "NUL byte": "a.\x00.c",
    "control characters": "\x01\x02.\x7f.\x1b",
}


@pytest.fixture
def user() -> Any:
    return get_user_model().objects.create_user("victim@example.com", PASSWORD)


@pytest.fixture
def admin() -> Any:
    return get_user_model().objects.create_user("boss@example.com", PASSWORD, is_staff=True)


def log_in(client: APIClient, email: str) -> dict[str, Any]:
    response = client.post(reverse("accounts:login"), {"email": email, "password": PASSWORD})
    assert response.status_code == 200
    return dict(response.json())


@pytest.fixture
def tokens(api_client: APIClient, user: Any) -> dict[str, Any]:
    return log_in(api_client, user.email)


def claims_of(token: str) -> Claims:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def get_user(client: APIClient, authorization: str) -> Any:
    return client.get(reverse("accounts:user"), HTTP_AUTHORIZATION=authorization)


def refresh(client: APIClient, token: str) -> Any:
    return client.post(reverse("accounts:refresh"), {"refresh": token})


def assert_unauthorized(response: Any) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith('Bearer realm="api"')
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) >= {"detail"}


def test_a_faithful_copy_of_a_real_token_is_accepted(
    api_client: APIClient, tokens: dict[str, Any]
) -> None:
    copy = sign(claims_of(tokens["access"]))

    response = get_user(api_client, f"Bearer {copy}")

    assert response.status_code == 200
    assert response.json()["email"] == "victim@example.com"


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_access_token_gets_401(
    api_client: APIClient, tokens: dict[str, Any], forgery: Callable[[Claims], str]
) -> None:
    response = get_user(api_client, f"Bearer {forgery(claims_of(tokens['access']))}")

    assert_unauthorized(response)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_refresh_token_gets_401_and_no_tokens(
    api_client: APIClient, tokens: dict[str, Any], forgery: Callable[[Claims], str]
) -> None:
    forged = forgery(claims_of(tokens["refresh"]))

    response = refresh(api_client, forged)

    assert_unauthorized(response)
    assert "access" not in response.json()


@pytest.mark.parametrize("token", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_in_the_bearer_header_gets_401(
    api_client: APIClient, tokens: dict[str, Any], token: str
) -> None:
    assert_unauthorized(get_user(api_client, f"Bearer {token}"))


@pytest.mark.parametrize("token", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_as_a_refresh_token_gets_401_or_400(api_client: APIClient, token: str) -> None:
    response = refresh(api_client, token)

    # A blank or NUL-carrying string is invalid input (400) before it is a bad token (401).
    assert response.status_code in (400, 401), response.content
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "authorization",
    ["Bearer", "Bearer  ", "Bearer a b", "Basic dXNlcjpwYXNz", "Token abc", "JWT abc", "bearer"],
)
def test_malformed_authorization_headers_get_401(api_client: APIClient, authorization: str) -> None:
    assert_unauthorized(get_user(api_client, authorization))


def test_a_refresh_token_is_no_access_token(api_client: APIClient, tokens: dict[str, Any]) -> None:
    assert_unauthorized(get_user(api_client, f"Bearer {tokens['refresh']}"))


def test_an_access_token_is_no_refresh_token(api_client: APIClient, tokens: dict[str, Any]) -> None:
    response = refresh(api_client, tokens["access"])

    assert_unauthorized(response)


def deactivate(user: Any) -> None:
    user.is_active = False
    user.save()


@pytest.mark.parametrize(
    "end", [lambda user: user.delete(), deactivate], ids=["deleted", "inactive"]
)
def test_the_tokens_of_a_deleted_or_deactivated_user_get_401(
    api_client: APIClient, user: Any, tokens: dict[str, Any], end: Callable[[Any], None]
) -> None:
    end(user)

    assert_unauthorized(get_user(api_client, f"Bearer {tokens['access']}"))
    assert_unauthorized(refresh(api_client, tokens["refresh"]))


def test_a_users_token_re_signed_with_an_admins_sub_gets_401(
    api_client: APIClient, admin: Any, tokens: dict[str, Any]
) -> None:
    """The session binds the token to its user: swapping `sub` needs the key and still fails."""
    claims = {**claims_of(tokens["access"]), "sub": str(admin.public_id)}

    assert_unauthorized(get_user(api_client, f"Bearer {sign(claims)}"))


@pytest.mark.parametrize("alg", ALG_NONE)
def test_an_unsigned_admin_token_cannot_create_a_widget(
    api_client: APIClient, admin: Any, alg: str
) -> None:
    claims = claims_of(log_in(api_client, admin.email)["access"])
    body = {"name": "forged", "info_url": "https://example.com/", "deadline": "2999-01-01"}

    response = api_client.post(
        reverse("widgets:widget-list"), body, HTTP_AUTHORIZATION=f"Bearer {unsigned(claims, alg)}"
    )

    assert_unauthorized(response)
    assert not api_client.get(
        reverse("widgets:widget-list"),
        HTTP_AUTHORIZATION=f"Bearer {log_in(api_client, admin.email)['access']}",
    ).json()["results"]
