"""Writes of the portals: each is one atomic, permission-checked, scope-checked, audit-logged
function, ``<entity>_<action>(*, user, ...)``."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, Page, Site

from congso.core.actors import Actor, audit
from congso.core.roles import role_group
from congso.core.text import fold
from congso.directory.models import Organisation, Person
from congso.directory.selectors import user_scope

from .models import ArticlePage, HomePage, Portal, PortalMember, SectionPage
from .permissions import ensure_portal_permissions

#: the sections every new portal starts with (title, slug)
DEFAULT_SECTIONS: Sequence[tuple[str, str]] = (
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Chỉ đạo - Điều hành", "chi-dao-dieu-hanh"),
    ("Thông báo", "thong-bao"),
    ("Chuyển đổi số", "chuyen-doi-so"),
)
#: positions whose holders sit on the editorial board of their organisation's portal by default
BOARD_POSITIONS = frozenset(
    {
        Person.Position.DIRECTOR,
        Person.Position.DEPUTY_DIRECTOR,
        Person.Position.CHAIR,
        Person.Position.VICE_CHAIR,
        Person.Position.CHIEF_OF_OFFICE,
    }
)
ADD_PORTAL = "portal.add_portal"


def _require(user: Actor, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(_("You do not have permission to do this."))


def portal_slug(organisation: Organisation) -> str:
    """The slug of an organisation's portal: its administrative unit's name, folded
    (``yen-thanh``); a body that is not a People's Committee adds its short name."""
    base = organisation.admin_unit.name
    if organisation.kind != Organisation.Kind.PEOPLES_COMMITTEE:
        base = organisation.short_name or organisation.name
    return slugify(fold(base)) or f"portal-{organisation.pk}"


def portal_hostname(organisation: Organisation) -> str:
    """The default host name of a portal: ``<slug>.<CONGSO_PORTAL_DOMAIN>``."""
    return f"{portal_slug(organisation)}.{settings.CONGSO_PORTAL_DOMAIN}"


def _publish(page: Page, user: Actor) -> None:
    account = user if getattr(user, "pk", None) else None
    page.save_revision(user=account, log_action=True).publish(user=account)


def _unique_child_slug(parent: Page, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


#: the role group (congso.core.roles) each membership puts its person's account in: it opens the
#: back office and the media library; the pages come from the membership itself
MEMBER_ROLE_GROUPS = {
    PortalMember.Role.EDITOR: "editor",
    PortalMember.Role.BOARD: "editorial_board",
}


def _add_member(portal: Portal, person: Person, role: str) -> None:
    PortalMember.objects.get_or_create(portal=portal, person=person, role=role)
    if person.user_id:
        person.user.groups.add(role_group(MEMBER_ROLE_GROUPS[role]))


def _unique_collection_name(name: str) -> str:
    taken = set(Collection.objects.filter(name__startswith=name).values_list("name", flat=True))
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def _default_people(organisation: Organisation) -> tuple[list[Person], list[Person]]:
    people = list(Person.objects.filter(organisation=organisation, user__isnull=False))
    board = [p for p in people if p.position in BOARD_POSITIONS]
    editors = [p for p in people if p.position == Person.Position.EDITOR]
    return editors, board


@transaction.atomic
def portal_create(
    *,
    user: Actor,
    organisation: Organisation,
    hostname: str | None = None,
    port: int = 80,
    is_default: bool = False,
    site_name: str | None = None,
    sections: Iterable[tuple[str, str]] = DEFAULT_SECTIONS,
    editors: Iterable[Person] | None = None,
    board: Iterable[Person] | None = None,
    licence: str = "",
    editor_in_chief: str = "",
) -> Portal:
    """Create an organisation's portal: its site (with its own host name), its published home
    page and sections, and its editors and editorial board drawn from the organisation's people
    with an account (editors: position "editor"; board: its leaders) unless given."""
    _require(user, ADD_PORTAL)
    ensure_portal_permissions()
    scope = user_scope(user)
    if not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})
    if Portal.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s already has a portal.") % {"name": organisation})
    hostname = (hostname or portal_hostname(organisation)).strip().lower()
    if not hostname or any(c in hostname for c in "/: "):
        raise ValidationError(_("Enter a host name such as xa-bai-son.congso.local."))
    default_site = Site.objects.filter(is_default_site=True).first()
    reuse = is_default and default_site is not None and not hasattr(default_site, "portal")
    clash = Site.objects.filter(hostname=hostname, port=port)
    if reuse:
        clash = clash.exclude(pk=default_site.pk)
    if clash.exists():
        raise ValidationError(
            _("The host name %(host)s is already used by another site.") % {"host": hostname}
        )
    if is_default and default_site is not None and not reuse:
        raise ValidationError(_("Another portal is already the default site."))

    root = Page.get_first_root_node()
    name = site_name or organisation.name
    home = HomePage(title=name, slug=_unique_child_slug(root, portal_slug(organisation)))
    root.add_child(instance=home)
    _publish(home, user)
    if reuse:
        placeholder = default_site.root_page
        default_site.hostname, default_site.port = hostname, port
        default_site.site_name, default_site.root_page = name, home
        default_site.save()
        site = default_site
        # Wagtail's "welcome" page, when nothing was built under it, goes.
        if type(placeholder.specific) is Page and placeholder.is_leaf():
            placeholder.delete()
    else:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            site_name=name,
            root_page=home,
            is_default_site=is_default,
        )
    for title, slug in sections:
        section = SectionPage(title=title, slug=slug, show_in_menus=True)
        home.add_child(instance=section)
        _publish(section, user)
    collection = Collection.get_first_root_node().add_child(name=_unique_collection_name(name))
    portal = Portal.objects.create(
        organisation=organisation,
        site=site,
        collection=collection,
        licence=licence,
        editor_in_chief=editor_in_chief,
    )
    default_editors, default_board = _default_people(organisation)
    for role, people in (
        (PortalMember.Role.EDITOR, default_editors if editors is None else editors),
        (PortalMember.Role.BOARD, default_board if board is None else board),
    ):
        for person in people:
            _add_member(portal, person, role)
    audit(portal, "wagtail.create", user=user, data={"hostname": hostname})
    return portal


@transaction.atomic
def portal_member_set(
    *, user: Actor, portal: Portal, person: Person, role: str, member: bool = True
) -> None:
    """Make ``person`` an editor or a board member of ``portal`` (or no longer)."""
    _require(user, "portal.change_portal")
    scope = user_scope(user)
    if not scope.can_see_organisation(portal.organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": portal})
    if not scope.can_see_organisation(person.organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": person})
    if role not in PortalMember.Role.values:
        raise ValidationError(_("Unknown role."))
    if member:
        _add_member(portal, person, role)
    else:
        PortalMember.objects.filter(portal=portal, person=person, role=role).delete()
    audit(portal, "wagtail.edit", user=user, data={"person": person.pk, "role": role})


@transaction.atomic
def article_create(
    *,
    user: Actor,
    section: SectionPage,
    title: str,
    lead: str,
    body: list[tuple[str, object]] | None = None,
    slug: str | None = None,
    author: str = "",
    source: str = "",
    published_at=None,
    image=None,
    tags: Iterable[str] = (),
    publish: bool = False,
) -> ArticlePage:
    """Write an article in a section; publish it at once only for a user who may publish
    there (the board, province staff, the system); otherwise it stays a draft to submit."""
    from wagtail.permissions import page_permission_policy

    account = user if getattr(user, "pk", None) else None
    if account is not None:
        if not page_permission_policy.user_has_permission_for_instance(user, "add", section):
            raise PermissionDenied(_("You may not write in this section."))
        if publish and not page_permission_policy.user_has_permission_for_instance(
            user, "publish", section
        ):
            raise PermissionDenied(_("You may not publish in this section."))
    article = ArticlePage(
        title=title,
        slug=_unique_child_slug(section, slug or slugify(fold(title))[:80]),
        lead=lead,
        body=body or [],
        author=author,
        source=source,
        published_at=published_at,
        image=image,
        owner=account,
        live=False,  # a draft until published
    )
    section.add_child(instance=article)
    if tags:
        article.tags.add(*tags)
    revision = article.save_revision(user=account, log_action=True)
    if publish:
        revision.publish(user=account)
        if published_at is not None:
            # The date the article carries is also the date it was first published.
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
    return article


@transaction.atomic
def article_propose(
    *,
    user: Actor,
    organisation: Organisation,
    title: str,
    lead: str,
    blocks: Sequence[tuple[str, str]],
    source: str = "",
    section_slug: str = "tin-tuc-su-kien",
) -> ArticlePage:
    """An article another part of Cổng số proposes, for one of an organisation's staff, to the
    organisation's portal: a draft in its news section, submitted at once to the portal's
    editorial board, which publishes it or sends it back. The proposer need not be an editor:
    the board decides what appears. ``blocks`` are ("heading" | "paragraph", plain text)."""
    scope = user_scope(user)
    if not scope.can_see_organisation(organisation):
        raise PermissionDenied(_("%(name)s is outside your unit.") % {"name": organisation})
    portal = Portal.objects.filter(organisation=organisation).select_related("site").first()
    if portal is None:
        raise ValidationError(_("%(name)s has no portal.") % {"name": organisation})
    sections = SectionPage.objects.child_of(portal.site.root_page)
    section = sections.filter(slug=section_slug).first() or sections.first()
    if section is None:
        raise ValidationError(_("The portal of %(name)s has no section.") % {"name": organisation})
    body = [
        ("paragraph", f"<h2>{escape(text)}</h2>" if kind == "heading" else f"<p>{escape(text)}</p>")
        for kind, text in blocks
        if text.strip()
    ]
    account = user if getattr(user, "pk", None) else None
    article = ArticlePage(
        title=title[:255],
        slug=_unique_child_slug(section, slugify(fold(title))[:80] or "bai-viet"),
        lead=lead,
        body=body,
        source=source[:255],
        owner=account,
        live=False,
    )
    section.add_child(instance=article)
    article.save_revision(user=account, log_action=True)
    workflow = article.get_workflow()
    if workflow is not None:
        workflow.start(article, account)
    audit(portal, "wagtail.edit", user=user, data={"proposed_article": article.pk})
    return article
