"""The head of a portal page: what Open Graph and Twitter cards say of it."""

from django import template

register = template.Library()


@register.simple_tag
def social_meta(page, request=None) -> dict:
    """Description, kind and image of a page for social networks (no query but the image's),
    and the scheme and host its absolute addresses start with (checked once, not per tag)."""
    lead = getattr(page, "lead", "") or ""
    image_id = getattr(page, "og_image_id", None) or getattr(page, "image_id", None)
    return {
        "title": page.seo_title or page.title,
        "description": page.search_description or lead,
        "is_article": bool(lead),
        "image": (page.og_image if page.og_image_id else page.image) if image_id else None,
        "published": getattr(page, "shown_date", None) if lead else None,
        "origin": f"{request.scheme}://{request.get_host()}" if request is not None else "",
    }
