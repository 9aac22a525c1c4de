from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from congso.core.actors import SYSTEM
from congso.core.roles import role_group
from congso.directory.models import Person
from congso.testing.factories import PersonFactory
from congso.testing.users import UserFactory

from ..models import Portal, PortalMember
from ..services import portal_create

pytestmark = pytest.mark.django_db


def test_the_command_creates_a_portal_with_its_people(district_setup):
    committee = district_setup["doluong"]["committee"]
    editor = PersonFactory(
        organisation=committee, position=Person.Position.EDITOR, user=UserFactory()
    )
    chair = PersonFactory(
        organisation=committee, position=Person.Position.CHAIR, user=UserFactory()
    )
    PersonFactory(organisation=committee, position=Person.Position.EDITOR)  # no account
    out = StringIO()
    call_command("portal_create", "UBND huyện Đô Lương", stdout=out)
    portal = Portal.objects.get(organisation=committee)
    assert portal.site.hostname == "do-luong.congso.local"
    assert "do-luong.congso.local" in out.getvalue()
    roles = dict(portal.members.values_list("person_id", "role"))
    assert roles == {editor.pk: PortalMember.Role.EDITOR, chair.pk: PortalMember.Role.BOARD}
    assert editor.user.groups.filter(pk=role_group("editor").pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(portal.pk), action="wagtail.create").exists()
    with pytest.raises(CommandError):
        call_command("portal_create", str(committee.pk), stdout=StringIO())


def test_a_host_name_cannot_serve_two_portals(district_setup):
    portal_create(
        user=SYSTEM, organisation=district_setup["doluong"]["committee"], hostname="a.congso.local"
    )
    with pytest.raises(ValidationError):
        portal_create(
            user=SYSTEM,
            organisation=district_setup["yenthanh"]["committee"],
            hostname="a.congso.local",
        )
    assert Portal.objects.count() == 1


def test_a_unit_creates_portals_only_within_its_scope(district_setup):
    officer = district_setup["doluong"]["user"]
    officer.groups.add(role_group("portal_admin"))
    with pytest.raises(PermissionDenied):
        portal_create(user=officer, organisation=district_setup["yenthanh"]["committee"])
    portal_create(user=officer, organisation=district_setup["doluong"]["committee"])
    assert Portal.objects.count() == 1


def test_the_back_office_creates_a_portal_for_those_allowed(district_setup):
    committee = district_setup["yenthanh"]["committee"]
    plain = Client()
    plain.force_login(district_setup["yenthanh"]["user"])
    assert plain.get(reverse("portal_portals:add")).status_code in (302, 403)
    staff = district_setup["department_user"]
    staff.groups.add(role_group("portal_admin"))
    client = Client()
    client.force_login(staff)
    response = client.post(reverse("portal_portals:add"), {"organisation": committee.pk})
    assert response.status_code == 302
    assert Portal.objects.get(organisation=committee).site.hostname == "yen-thanh.congso.local"
    listing = client.get(reverse("portal_portals:index")).content.decode()
    assert "yen-thanh.congso.local" in listing
