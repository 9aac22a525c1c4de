"""How a module puts something on the portals without importing them (the modules stand side
by side): the portal registers the function that proposes an article to an organisation's
portal, and the one that tells whose portal a request's host is; the others call them through
here. What they propose goes to the portal's editorial board like any draft."""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_proposer: Callable[..., Any] | None = None
_site_organisation: Callable[[Any], Any] | None = None


def register_article_proposer(proposer: Callable[..., Any]) -> None:
    global _proposer
    _proposer = proposer


def propose_article(
    *,
    user,
    organisation,
    title: str,
    lead: str,
    blocks: Sequence[tuple[str, str]],
    source: str = "",
) -> int:
    """The page id of the draft article submitted to ``organisation``'s portal."""
    if _proposer is None:
        raise ValidationError(_("No portal is installed to publish on."))
    article = _proposer(
        user=user, organisation=organisation, title=title, lead=lead, blocks=blocks, source=source
    )
    return article.pk


def register_site_organisation(finder: Callable[[Any], Any]) -> None:
    global _site_organisation
    _site_organisation = finder


def site_organisation(request):
    """The organisation whose portal the request's host is, or None (no portal there)."""
    return _site_organisation(request) if _site_organisation is not None else None
