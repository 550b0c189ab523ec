from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


class IsStaffOrReadOnly(BasePermission):
    """Signed-in users read; only staff write.

    Checked in `initial()`, before the handler parses the body: an anonymous request is a 401
    and a non-staff write a 403 whatever the body holds.
    """

    message = "Only admins may change widgets."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or bool(user.is_staff)
