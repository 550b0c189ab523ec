from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import (
            browser_sessions,  # noqa: F401 (connects the login and logout receivers)
            session_cache,  # noqa: F401 (connects the receivers that keep it fresh)
        )
