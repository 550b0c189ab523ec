"""The security log's one writer, `record_event`, and the client details every record carries."""

import ipaddress

from django.http import HttpRequest
from rest_framework.request import Request

from .models import BrowserSession, SecurityEvent, Session, User
from .throttles import client_ip

Kind = SecurityEvent.Kind
Actor = SecurityEvent.Actor


def client_details(request: Request | HttpRequest | None) -> dict[str, str | None]:
    """The client's IP (None unless a valid address) and printable user agent, bounded."""
    if request is None:
        return {"user_agent": "", "ip_address": None}
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    ip: str | None = client_ip(request)
    try:
        ipaddress.ip_address(ip or "")
    except ValueError:
        ip = None
    return {
        "user_agent": "".join(ch for ch in user_agent if ch.isprintable())[:255],
        "ip_address": ip,
    }


def record_event(
    kind: str,
    *,
    request: Request | HttpRequest | None = None,
    user: User | None = None,
    session: Session | BrowserSession | None = None,
    email: str = "",
    actor: str = "",
) -> SecurityEvent:
    """Write one security event. Call it inside the transaction of the change it records, so the
    log holds exactly the changes that happened."""
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        email=(email or (user.email if user is not None else ""))[:254],
        session_id=session.pk if session is not None else None,
        actor=actor,
        **client_details(request),
    )
