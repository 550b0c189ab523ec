"""The one door for passwords: every `authenticate()` call counts against the login limits.

Django's login views (admin, browsable API), the JSON login and every endpoint that asks for the
current password call `authenticate()`, which comes here. django-axes does the same job, but it
checks its lockout before the password and counts the failure after it, so a burst of concurrent
guesses all pass the check; here each attempt is counted first (an atomic `incr`) and refused
when its own count is over the limit.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .events import Kind, record_event
from .models import User
from .throttles import LoginThrottled, login_limits, reserve


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if email is None or password is None:
            return None
        email = User.objects.normalize_email(email)
        limits = login_limits(request, email)
        try:
            reserve(limits)
        except LoginThrottled as refused:  # refused before any lookup or hashing
            if refused.limit.first_refusal():
                record_event(Kind.LOGIN_THROTTLED, request=request, email=email)
            raise
        # ModelBackend's check: one password hash whatever the outcome (a dummy one for an
        # unknown email, the real check for an inactive user), so timing tells nothing.
        try:
            user: User | None = User._default_manager.get_by_natural_key(email)
        except User.DoesNotExist:
            User().set_password(password)
            user = None
        if user is not None and user.check_password(password) and self.user_can_authenticate(user):
            for limit in limits:  # a success is not a failure: earlier failures stay counted
                limit.release()
            return user
        record_event(Kind.LOGIN_FAILED, request=request, user=user, email=email)
        return None
