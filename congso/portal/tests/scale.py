"""Many portals and their people, and the back-office screens every role opens: shared by the
test that the query counts do not grow with the number of portals and by
``bench/bench_portal_backoffice.py``."""

from django.urls import reverse
from wagtail.models import Page

from congso.core.actors import SYSTEM
from congso.core.roles import role_group
from congso.directory.models import AdminUnit, Organisation, Person
from congso.testing.factories import CommuneFactory, OrganisationFactory
from congso.testing.users import UserFactory

from ..models import PortalMember
from ..services import portal_member_set
from .factories import make_article, make_member, make_portal


def add_commune_portals(province: AdminUnit, count: int, *, start: int = 0) -> list:
    """``count`` communes' People's Committees, each with a portal, an editor and a board
    member (accounts ``bt<i>`` and ``bbt<i>``)."""
    portals = []
    for number in range(start, start + count):
        unit = CommuneFactory(
            code=f"9{number:04d}", name=f"Xã Thử {number}", parent__parent=province
        )
        committee = OrganisationFactory(
            name=f"UBND xã Thử {number}",
            kind=Organisation.Kind.PEOPLES_COMMITTEE,
            admin_unit=unit,
        )
        portals.append(make_portal(committee, editor=f"bt{number}", board=f"bbt{number}"))
    return portals


def make_province_users(department) -> dict:
    """Province staff holding their rights once at the root (role ``portal_admin``), and, the
    case that breaks stock Wagtail, a province user on every portal's board."""
    staff, _person = make_member(department, "tinh")
    staff.groups.add(role_group("portal_admin"))
    everywhere, _person = make_member(department, "bbt_tinh", Person.Position.DEPUTY_DIRECTOR)
    superuser = UserFactory(username="quantri_he_thong", is_superuser=True, is_staff=True)
    return {"province": staff, "every_board": everywhere, "superuser": superuser}


def join_every_board(user, portals) -> None:
    person = Person.objects.get(user=user)
    for portal in portals:
        portal_member_set(user=SYSTEM, portal=portal, person=person, role=PortalMember.Role.BOARD)


def submitted_article(portal, editor):
    """A draft article of ``editor`` submitted to the board's approval."""
    article = make_article(portal, title="Bài chờ duyệt", publish=False)
    article.owner = editor
    article.save(update_fields=["owner"])
    article.get_workflow().start(article, editor)
    return Page.objects.get(pk=article.pk)


def screens(portal, article) -> list[tuple[str, str]]:
    home = portal.site.root_page_id
    return [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer", reverse("wagtailadmin_explore_root")),
        ("page listing", reverse("wagtailadmin_explore", args=[home])),
        ("edit", reverse("wagtailadmin_pages:edit", args=[article.pk])),
        ("workflow history", reverse("wagtailadmin_pages:workflow_history", args=[article.pk])),
        ("page search", reverse("wagtailadmin_pages:search") + "?q=bai"),
        ("report: workflows", reverse("wagtailadmin_reports:workflow")),
        ("report: locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("report: site history", reverse("wagtailadmin_reports:site_history")),
    ]
