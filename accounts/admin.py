from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from .events import Actor
from .models import SecurityEvent, Session, User
from .services import deactivate_user, revoke_sessions


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEmailChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


SESSION_FIELDS = ("id", "created_at", "last_used_at", "expires_at", "revoked_at", "ip_address")


class SessionInline(admin.TabularInline):
    model = Session
    fields = SESSION_FIELDS
    readonly_fields = SESSION_FIELDS
    extra = 0
    can_delete = False
    ordering = ["-created_at"]
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEmailChangeForm
    list_display = ["email", "email_verified", "public_id", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "is_superuser", "email_verified", "date_joined"]
    search_fields = ["email", "public_id"]
    ordering = ["email"]
    readonly_fields = ["public_id", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "email_verified", "password", "public_id"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        )
    ]
    filter_horizontal = ["groups"]
    actions = ["revoke_all_sessions"]

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[InlineModelAdmin]]:
        # A user being added has no sessions, and an inline would demand its formset data.
        return [SessionInline] if obj is not None else []

    @admin.action(description="Revoke all sessions")
    def revoke_all_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        revoked = sum(
            revoke_sessions(user, actor=Actor.ADMIN, request=request) for user in queryset
        )
        self.message_user(request, f"Revoked {revoked} session(s).", messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        deactivated = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivated:  # in the admin's transaction, like the change itself
            deactivate_user(obj, actor=Actor.ADMIN, request=request)


EVENT_FIELDS = (
    "created_at",
    "kind",
    "user",
    "email",
    "session_id",
    "actor",
    "ip_address",
    "user_agent",
)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log, read-only: written only by `accounts.events.record_event`."""

    list_display = ["created_at", "kind", "user", "email", "actor", "ip_address"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["email", "user__email", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
