"""The floor: the least a Django process does to answer an authenticated API request.

One view that checks the Bearer JWT the way the project does (HS256 signature, expiry, issuer,
audience) and returns a constant small JSON; no middleware, no database, no installed apps. The
benchmark serves it with the project's gunicorn settings, so the project's requests per second
divided by the floor's is what the project's own code costs.
"""

import os

import jwt
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, JsonResponse
from django.urls import re_path

SIGNING_KEY = os.environ.get("JWT_SIGNING_KEY") or os.environ["DJANGO_SECRET_KEY"]
ISSUER = os.environ.get("JWT_ISSUER", "widgets-api")
AUDIENCE = os.environ.get("JWT_AUDIENCE", "widgets-api")

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ALLOWED_HOSTS=os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1").split(","),
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
    USE_I18N=False,
)


def authenticated(request: HttpRequest) -> JsonResponse:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer":
        return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
    try:
        jwt.decode(token, SIGNING_KEY, algorithms=["HS256"], issuer=ISSUER, audience=AUDIENCE)
    except jwt.InvalidTokenError:
        return JsonResponse({"detail": "Given token not valid."}, status=401)
    return JsonResponse({"authenticated": True})


# Every path and method: the floor stands in for each of the project's request types.
urlpatterns = [re_path(r"", authenticated)]

application = get_wsgi_application()
