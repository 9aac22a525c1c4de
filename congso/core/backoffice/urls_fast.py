"""Wagtail's page actions reverse their address for every row: "edit", "copy", "move", "delete",
"history"... ten addresses a row, 300 ``reverse()`` calls on an explorer page. Each address
differs from the others of its name only by the page's id, so the address of a name is
reversed once with a stand-in id, and the page's id written in its place.

Only a single non-negative whole number argument takes this path, and only when the stand-in
id comes out exactly once; the address is kept per URL configuration, script prefix and
language, as ``reverse()`` depends on them. Anything else goes to Django's ``reverse()``."""

from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils import translation

#: the stand-in id: as long as any page id, and found nowhere else in an address
STAND_IN = 987654321987654321
_TEXT = str(STAND_IN)
_TEMPLATES: dict[tuple, tuple[str, str] | None] = {}


def reverse(
    viewname, urlconf=None, args=None, kwargs=None, current_app=None, *, query=None, fragment=None
) -> str:
    if (
        isinstance(viewname, str)
        and urlconf is None
        and not kwargs
        and current_app is None
        and query is None
        and fragment is None
        and args is not None
        and len(args) == 1
        and type(args[0]) is int
        and args[0] >= 0
    ):
        key = (viewname, get_urlconf(), get_script_prefix(), translation.get_language())
        if key not in _TEMPLATES:
            address = django_reverse(viewname, args=[STAND_IN])
            head, found, tail = address.partition(_TEXT)
            _TEMPLATES[key] = (head, tail) if found and _TEXT not in tail else None
        template = _TEMPLATES[key]
        if template is not None:
            return f"{template[0]}{args[0]}{template[1]}"
    return django_reverse(
        viewname, urlconf, args, kwargs, current_app, query=query, fragment=fragment
    )


def install() -> None:
    """The modules of Wagtail's page actions call this ``reverse``."""
    from wagtail.admin import wagtail_hooks
    from wagtail.admin.ui.menus import pages

    wagtail_hooks.reverse = reverse
    pages.reverse = reverse
