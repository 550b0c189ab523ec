"""The floor: the least a Django process does to answer an API request.

One view that returns a constant small JSON: Django's WSGI handler, its URL resolver and a
`JsonResponse`, with no middleware, no database, no installed apps and no authentication. Each
round serves it with the project's own gunicorn settings for that round, so the project's
requests per second divided by the floor's is the share of the machine's capacity for Django
requests that the project's work leaves, as a user of the project sees it. (It used to check
the Bearer token with PyJWT too: work the project does, counted as if it were Django's, which
made every ratio read higher than it is.)
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, JsonResponse
from django.urls import re_path

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


def answer(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"answered": True})


# Every path and method: the floor stands in for each of the project's request types.
urlpatterns = [re_path(r"", answer)]

application = get_wsgi_application()
