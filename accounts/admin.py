from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Session, User
from .services import revoke_sessions


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
    list_display = ["email", "public_id", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "is_superuser", "date_joined"]
    search_fields = ["email", "public_id"]
    ordering = ["email"]
    readonly_fields = ["public_id", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password", "public_id"]}),
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
        revoked = revoke_sessions(Session.objects.filter(user__in=queryset))
        self.message_user(request, f"Revoked {revoked} session(s).", messages.SUCCESS)
