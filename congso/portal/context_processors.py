"""The frame of the portal of the request's host (its organisation, home page and sections) for
public pages that are not the portal's own pages: the one-stop services and the open data wear
the header, menu and footer of the portal they are asked through, without importing it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import cache


def portal_frame(request: HttpRequest) -> dict:
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    frame: dict = {}

    def _frame() -> dict:
        if not frame:
            from .selectors import nav_sections

            try:
                _site, portal = cache.resolve(request)
            except Exception:
                portal = None  # a host ALLOWED_HOSTS refuses: the page shows without a frame
            home = portal.site.root_page if portal is not None else None
            frame.update(
                portal=portal,
                home=home,
                nav_sections=[(s, False) for s in nav_sections(home)] if home else [],
            )
        return frame

    # Lazy: a Wagtail page sets its own, and a page that does not show the frame costs nothing.
    return {
        "portal": SimpleLazyObject(lambda: _frame()["portal"]),
        "home": SimpleLazyObject(lambda: _frame()["home"]),
        "nav_sections": SimpleLazyObject(lambda: _frame()["nav_sections"]),
    }
