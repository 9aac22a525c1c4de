"""Portals for the tests: a department portal (the default site) and district portals, with an
editor and a board member each; usable with a live server's database too."""

from congso.core.actors import SYSTEM
from congso.directory.models import Person
from congso.testing.factories import PersonFactory
from congso.testing.users import UserFactory

from ..models import SectionPage
from ..services import article_create, portal_create


def make_member(organisation, username: str, position=Person.Position.OFFICER):
    user = UserFactory(username=username)
    person = PersonFactory(organisation=organisation, user=user, position=position)
    return user, person


def make_portal(organisation, *, hostname=None, is_default=False, editor=None, board=None):
    """A portal with its default sections, and optionally one editor and one board member
    (usernames), made as the system."""
    editors, members = [], []
    users = {}
    if editor:
        users["editor"], person = make_member(organisation, editor, Person.Position.EDITOR)
        editors.append(person)
    if board:
        users["board"], person = make_member(organisation, board, Person.Position.VICE_CHAIR)
        members.append(person)
    portal = portal_create(
        user=SYSTEM,
        organisation=organisation,
        hostname=hostname,
        is_default=is_default,
        editors=editors,
        board=members,
    )
    portal.users = users
    return portal


def news_section(portal) -> SectionPage:
    return SectionPage.objects.child_of(portal.site.root_page).get(slug="tin-tuc-su-kien")


def make_article(portal, title="Bài viết", **fields):
    return article_create(
        user=SYSTEM,
        section=fields.pop("section", None) or news_section(portal),
        title=title,
        lead=fields.pop("lead", "Tóm tắt."),
        publish=fields.pop("publish", True),
        **fields,
    )


def make_wagtail_tree() -> None:
    """A browser test's database is emptied between tests."""
    from congso.portal.bootstrap import ensure_wagtail_tree

    ensure_wagtail_tree()


def account_of(portals, role: str):
    """An account by role: the editor or board member of the Đô Lương portal, a superuser, or
    the editor of another portal (Yên Thành's)."""
    from congso.testing.users import UserFactory

    if role == "superuser":
        return UserFactory(username="quantri", is_superuser=True, is_staff=True)
    if role == "other editor":
        return portals["yenthanh"].users["editor"]
    return portals["doluong"].users[role]
