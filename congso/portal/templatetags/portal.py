from django import template
from django.utils import timezone

from ..renditions import rendition as rendition_of

register = template.Library()

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


@register.filter
def vn_dateline(value) -> str:
    """The date line of an article: ``Thứ năm, 27/03/2014 10:50`` (local time)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y %H:%M}"


@register.filter
def vn_short_date(value) -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%d/%m/%Y}"


def _fragment(context, template_name: str, home, vary: str) -> str:
    """``template_name`` rendered with the page's context, kept with the site's other cached
    parts until its next publication (congso/portal/cache.py) when ``home`` is a portal's home
    page: the same HTML for every page that shares ``vary``. A preview shows the draft: never
    kept."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from ..cache import per_site

    template = context.template.engine.get_template(template_name)
    request = context.get("request")
    if not getattr(home, "pk", None) or getattr(request, "is_preview", False):
        return template.render(context)
    name = f"fragment:{template_name}:{get_language()}:{vary}"
    return mark_safe(per_site(home, name, lambda: str(template.render(context))))


@register.simple_tag(takes_context=True)
def portal_nav(context) -> str:
    """The menu of sections, rendered once per place in it (the home page, a section and what
    is under it, or neither)."""
    home = context.get("home")
    page = context.get("page")
    sections = context.get("nav_sections") or []
    current = ",".join(str(section.pk) for section, is_current in sections if is_current)
    at_home = bool(home) and page is not None and getattr(page, "pk", None) == home.pk
    return _fragment(context, "portal/includes/nav.html", home, f"{at_home}:{current}")


@register.simple_tag(takes_context=True)
def home_blocks(context) -> str:
    """The banners and blocks of links of a home page (their links drawn from the directory
    included): they change when the home page is published."""
    page = context.get("page")
    return _fragment(context, "portal/includes/home_blocks.html", page, "")


@register.simple_tag(takes_context=True)
def home_listing(context, part: str) -> str:
    """The latest articles (``part`` "latest") or each section's latest ("sections") of a home
    page: they change only when a page of the site is published, moved or removed (the most
    read, which every view changes, are not kept). The home page reads them only when the cache
    does not hold them (selectors.home_listings)."""
    return _fragment(context, f"portal/includes/home_{part}.html", context.get("page"), "")


@register.simple_tag
def listed_image(image, spec: str, css_class: str) -> str:
    """``{% image image spec class=css_class alt="" %}``, for the cards of a listing."""
    if not image:
        return ""
    return rendition_of(image, spec).img_tag({"class": css_class, "alt": ""})


@register.simple_tag
def rendition(image, spec: str):
    """``{% image image spec as name %}``: the rendition itself, or None without an image."""
    return rendition_of(image, spec) if image else None
