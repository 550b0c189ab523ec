from typing import cast

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Widget, WidgetQuerySet


class DeadlinePassedFilter(admin.SimpleListFilter):
    title = "deadline passed"
    parameter_name = "deadline_passed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Widget]) -> QuerySet[Widget]:
        if self.value() not in ("yes", "no"):
            return queryset
        return cast(WidgetQuerySet, queryset).deadline_passed(self.value() == "yes")


@admin.register(Widget)
class WidgetAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "deadline", "deadline_passed", "created_at"]
    list_select_related = ["owner"]
    search_fields = ["name", "info_url"]
    list_filter = ["owner", DeadlinePassedFilter]
    date_hierarchy = "deadline"
    autocomplete_fields = ["owner"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(boolean=True, description="passed")
    def deadline_passed(self, widget: Widget) -> bool:
        return widget.deadline_passed()
