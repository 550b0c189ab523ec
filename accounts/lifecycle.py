"""Writes of the account lifecycle by email: verification, password reset, email change, deletion.

Every mail is queued on commit (accounts.tasks) and looks its account up in the worker; every
step is written to the security log in the transaction of the change it records.
"""

from django.db import transaction

from .events import Actor, Kind, record_event
from .models import User
from .services import AnyRequest, revoke_sessions, set_password
from .tasks import queue_mail


def site_url(request: AnyRequest) -> str:
    """This project's address as the client reached it (a host from ALLOWED_HOSTS), for links to
    its own pages when ACCOUNTS_FRONTEND_URL is unset."""
    return request.build_absolute_uri("/").rstrip("/")


@transaction.atomic
def queue_verification(email: str, request: AnyRequest) -> None:
    # Logged with the address only: the account, if any, is looked up by the job.
    record_event(Kind.VERIFICATION_SENT, request=request, email=email)
    queue_mail("verification", email=email, site_url=site_url(request))


@transaction.atomic
def queue_password_reset(email: str, request: AnyRequest) -> None:
    record_event(Kind.PASSWORD_RESET_REQUESTED, request=request, email=email)
    queue_mail("password_reset", email=email, site_url=site_url(request))


@transaction.atomic
def verify_email(user: User, request: AnyRequest) -> None:
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    record_event(Kind.EMAIL_VERIFIED, request=request, user=user, actor=Actor.USER)


@transaction.atomic
def reset_password(user: User, password: str, request: AnyRequest) -> None:
    # The reset link reached this address: it belongs to the owner.
    user.email_verified = True
    set_password(user, password, request, kind=Kind.PASSWORD_RESET)


@transaction.atomic
def request_email_change(user: User, new_email: str, request: AnyRequest) -> None:
    public_id = str(user.public_id)
    record_event(
        Kind.EMAIL_CHANGE_REQUESTED, request=request, user=user, email=new_email, actor=Actor.USER
    )
    queue_mail("email_change", public_id=public_id, new_email=new_email, site_url=site_url(request))
    queue_mail("email_change_requested", public_id=public_id, new_email=new_email)


@transaction.atomic
def change_email(user: User, new_email: str, request: AnyRequest) -> None:
    """Raises IntegrityError when another account has the address in any case."""
    old_email = user.email
    user.email = new_email
    # The confirmation link reached the new address.
    user.email_verified = True
    user.save(update_fields=["email", "email_verified"])
    # The old address: the user's row now shows the new one.
    record_event(Kind.EMAIL_CHANGED, request=request, user=user, email=old_email, actor=Actor.USER)
    queue_mail("email_changed", old_email=old_email, new_email=new_email)


@transaction.atomic
def delete_account(user: User, request: AnyRequest) -> None:
    """The user and every session of theirs go; their widgets stay, with no owner, and their
    security log stays, with the email."""
    revoke_sessions(user, actor=Actor.USER, request=request)
    record_event(Kind.ACCOUNT_DELETED, request=request, user=user, actor=Actor.USER)
    user.delete()
