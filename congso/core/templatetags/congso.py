from django import template
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core import text

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """{{ 40532154|vn_number }} -> 40.532.154; {{ 971.8|vn_number:1 }} -> 971,8."""
    if value in (None, ""):
        return ""
    return text.format_number(value, None if decimals is None else int(decimals))


@register.filter
def vn_date(value):
    return text.format_date(value)


def _organisation_name() -> str:
    return getattr(settings, "CONGSO_ORGANISATION_NAME", "")


@register.simple_tag
def organisation_name() -> str:
    return _organisation_name()


@register.simple_tag
def sign_in_heading() -> str:
    """What the login page is the login of: the product and, when configured, the body."""
    organisation = _organisation_name()
    if organisation:
        return _("Sign in to %(product)s — the back office of %(organisation)s") % {
            "product": settings.WAGTAIL_SITE_NAME,
            "organisation": organisation,
        }
    return _("Sign in to %(product)s — the back office") % {"product": settings.WAGTAIL_SITE_NAME}


@register.simple_tag
def welcome_heading() -> str:
    organisation = _organisation_name()
    if organisation:
        return f"{settings.WAGTAIL_SITE_NAME} — {organisation}"
    return settings.WAGTAIL_SITE_NAME


_DEFAULT_PERMISSIONS = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "delete": gettext_lazy("Can delete %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
}


@register.filter
def permission_label(permission) -> str:
    """A permission's name in the user's language: Django stores "Can add person" in English
    in the database; the default ones are rebuilt from the model's (translated) name."""
    if permission is None:
        return ""
    model = permission.content_type.model_class()
    action = permission.codename.partition("_")[0]
    default = model and permission.codename == f"{action}_{model._meta.model_name}"
    if default and action in _DEFAULT_PERMISSIONS:
        return _DEFAULT_PERMISSIONS[action] % {"name": model._meta.verbose_name}
    return _(permission.name)
