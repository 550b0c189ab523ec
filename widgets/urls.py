from rest_framework.routers import SimpleRouter

from .views import WidgetViewSet

app_name = "widgets"


class OptionalSlashRouter(SimpleRouter):
    """Routes that answer with and without the trailing slash, so no redirect is ever needed.

    DRF's `trailing_slash` argument takes only a bool; the pattern goes in afterwards.
    """

    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
router.register("widgets", WidgetViewSet, basename="widget")

urlpatterns = router.urls
