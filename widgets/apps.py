from django.apps import AppConfig


class WidgetsConfig(AppConfig):
    name = "widgets"
    verbose_name = "Widgets"
    default_auto_field = "django.db.models.BigAutoField"
