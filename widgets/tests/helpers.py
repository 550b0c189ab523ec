from typing import Any

from django.urls import reverse

from widgets import conf


def list_url(**params: Any) -> str:
    url = reverse("widgets:widget-list")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def detail_url(name: str) -> str:
    return reverse("widgets:widget-detail", kwargs={"name": name})


def public_id(user: Any) -> Any:
    """The owner's id as the API shows it."""
    value = getattr(user, conf.owner_id_field().attname)
    return value if isinstance(value, int) else str(value)


def names(response: Any) -> list[str]:
    return [widget["name"] for widget in response.json()["results"]]
