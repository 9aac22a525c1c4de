import re
import uuid

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


#: what a live part leaves in a kept part being rendered, followed by its number: random, so
#: that no text of a page can contain it
_LIVE_MARK = f"\x00live-{uuid.uuid4().hex}:"
_LIVE_SPLIT = re.compile(re.escape(_LIVE_MARK) + r"(\d+)\x00")
_BUILDING = "_kept_building"


class LiveNode(template.Node):
    """``{% live %}…{% endlive %}``: rendered on every request inside a kept part."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.index = None

    def render(self, context):
        if self.index is not None and context.get(_BUILDING):
            return f"{_LIVE_MARK}{self.index}\x00"
        return self.nodelist.render(context)


class KeptNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name, self.vary, self.nodelist = name, vary, nodelist
        self.live = nodelist.get_nodes_by_type(LiveNode)
        for index, node in enumerate(self.live):
            node.index = index

    def render(self, context):
        from django.core.cache import cache
        from django.utils.safestring import mark_safe

        from ..cache import seconds

        key = _kept_key(
            context, self.name.resolve(context), [v.resolve(context) for v in self.vary]
        )
        if key is None:
            return self.nodelist.render(context)
        pieces = cache.get(key)
        if pieces is None:
            with context.push({_BUILDING: True}):
                text = str(self.nodelist.render(context))
            pieces = [
                int(piece) if number % 2 else piece
                for number, piece in enumerate(_LIVE_SPLIT.split(text))
            ]
            cache.set(key, pieces, seconds() or 600)
        return mark_safe(
            "".join(
                piece if isinstance(piece, str) else str(self.live[piece].nodelist.render(context))
                for piece in pieces
            )
        )


def _kept_key(context, name: str, vary: list) -> str | None:
    """The cache key of a kept part of the page being served, or None when it is rendered
    afresh (:meth:`congso.portal.models.PortalPage.kept_version`)."""
    from django.utils.translation import get_language

    from ..cache import content_generation, digest

    request = context.get("request")
    version = getattr(context.get("page"), "kept_version", None)
    version = version() if version is not None else None
    if request is None or version is None or getattr(request, "is_preview", False):
        return None
    where = digest(request.scheme, request.get_host(), request.path, *vary)
    return f"portal:kept:{name}:{get_language()}:{content_generation()}:{version}:{where}"


@register.tag
def kept(parser, token):
    """``{% kept "name" vary… %}…{% endkept %}``: the part of a page's template rendered once
    per published state of the page (its revision) and kept in the cache until the next
    publication on any site, or until an image, a document or a tag changes
    (congso/portal/cache.py, ``content_generation``); one copy per address, host, language and
    ``vary`` value. The ``{% live %}…{% endlive %}`` sections inside it (written in the same
    template, using only the page's context, not the variables of a loop or a ``with`` around
    them) are rendered on every request: what changes between publications, such as a view
    count. Not kept: previews, private pages, any page not read for this request by the
    portal's router (:meth:`congso.portal.models.PortalPage.kept_version`)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'kept' takes a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )


@register.tag
def live(parser, token):
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)


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
