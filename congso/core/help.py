"""The back office's help: a Vietnamese guide per role, written in Markdown under docs/guide/.

Each guide names the groups it is for in its first lines (``Groups: Lãnh đạo Sở``, the
Markdown ``meta`` extension), so core needs to know no app's roles; superusers get the guide
whose ``Groups`` is ``superuser``. Raw HTML in a guide is escaped, never rendered.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SUPERUSER = "superuser"


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    groups: tuple[str, ...]
    order: int
    html: str


def _render(text: str) -> tuple[str, dict]:
    md = markdown.Markdown(extensions=["meta", "tables", "sane_lists"], output_format="html")
    # Python-Markdown passes raw HTML through; a guide shows it as text instead.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    return html, md.Meta


def guide_dir() -> Path:
    return Path(getattr(settings, "CONGSO_GUIDE_DIR", settings.BASE_DIR / "docs" / "guide"))


@cache
def _load(directory: Path) -> tuple[Guide, ...]:
    guides = []
    for path in sorted(directory.glob("*.md")):
        html, meta = _render(path.read_text(encoding="utf-8"))
        title = " ".join(meta.get("title", [path.stem]))
        groups = tuple(name.strip() for line in meta.get("groups", []) for name in line.split(","))
        order = int((meta.get("order") or ["100"])[0])
        guides.append(Guide(path.stem, title, groups, order, html))
    return tuple(sorted(guides, key=lambda guide: (guide.order, guide.slug)))


def guides() -> tuple[Guide, ...]:
    return _load(guide_dir())


def guide_for(user) -> Guide | None:
    """The guide of the user's role: superuser first, then the first group with a guide."""
    if user.is_superuser:
        for guide in guides():
            if SUPERUSER in guide.groups:
                return guide
    names = set(user.groups.values_list("name", flat=True))
    for guide in guides():
        if names.intersection(guide.groups):
            return guide
    return None


def help_view(request, slug: str | None = None):
    available = guides()
    if slug is None:
        guide = guide_for(request.user)
    else:
        guide = next((g for g in available if g.slug == slug), None)
        if guide is None:
            raise Http404(_("There is no such guide."))
    return TemplateResponse(
        request,
        "congso/help.html",
        {
            "guide": guide,
            "guide_html": mark_safe(guide.html) if guide else "",
            "guides": available,
            "page_title": guide.title if guide else _("User guide"),
            "header_icon": "help",
        },
    )
