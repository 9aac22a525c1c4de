"""The site-history report and its exports show a role only the changes of what lies in its
scope; Wagtail's page reports stay closed to roles without page permissions."""

import csv
from io import StringIO

import pytest
from django.test import Client
from django.urls import reverse

from congso.core.actors import audit
from congso.testing.factories import OrganisationFactory, PersonFactory
from congso.testing.fixtures import make_staff

SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def history(district_setup, roles, department):
    """Changes of Đô Lương's committee and of an enterprise elsewhere, by the department."""
    enterprise = OrganisationFactory(name="VNPT Nghệ An", kind="enterprise")
    vnpt = make_staff(enterprise, roles["enterprise_staff"], "vnpt")
    stranger = PersonFactory(full_name="Người Ngoài Phạm Vi", organisation=department)
    by = district_setup["department_user"]
    audit(district_setup["doluong"]["committee"], "wagtail.edit", user=by)
    audit(district_setup["yenthanh"]["committee"], "wagtail.edit", user=by)
    audit(stranger, "wagtail.edit", user=by)
    audit(enterprise, "wagtail.edit", user=by)
    return {"vnpt": vnpt, "enterprise": enterprise, **district_setup}


def exported_names(client) -> list[str]:
    response = client.get(SITE_HISTORY, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[1] for row in csv.reader(StringIO(text))][1:]


def test_an_enterprise_sees_only_the_history_of_its_own_organisation(history):
    client = Client()
    client.force_login(history["vnpt"])
    assert exported_names(client) == ["VNPT Nghệ An"]
    listing = client.get(SITE_HISTORY).content.decode()
    assert "UBND huyện Yên Thành" not in listing
    assert "Người Ngoài Phạm Vi" not in listing


def test_a_district_sees_its_own_bodies_not_the_neighbours(history):
    client = Client()
    client.force_login(history["doluong"]["user"])
    names = exported_names(client)
    assert "UBND huyện Đô Lương" in names
    assert "UBND huyện Yên Thành" not in names
    assert "Người Ngoài Phạm Vi" not in names
    results = client.get(SITE_HISTORY + "results/").content.decode()
    assert "UBND huyện Yên Thành" not in results


def test_the_user_filter_lists_only_who_changed_what_the_reader_may_see(history):
    neighbour = history["yenthanh"]["user"]
    audit(history["yenthanh"]["committee"], "wagtail.edit", user=neighbour)
    client = Client()
    client.force_login(history["doluong"]["user"])
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    users = response.context["filters"].filters["user"].extra["queryset"]
    assert history["department_user"] in users
    assert neighbour not in users


def test_an_administrator_still_sees_every_change(history, admin_user):
    client = Client()
    client.force_login(admin_user)
    assert len(exported_names(client)) == 4


@pytest.mark.parametrize(
    "report", ["locked_pages", "aging_pages", "workflow", "workflow_tasks", "page_types_usage"]
)
def test_page_reports_are_closed_to_roles_without_page_permissions(history, report):
    client = Client()
    client.force_login(history["vnpt"])
    response = client.get(reverse(f"wagtailadmin_reports:{report}"))
    assert response.status_code in (302, 403)


def test_the_action_and_type_filters_list_only_what_the_reader_may_see(history):
    from django.contrib.contenttypes.models import ContentType

    from congso.directory.models import Organisation, Person

    audit(history["enterprise"], "wagtail.create", user=history["department_user"])
    client = Client()
    client.force_login(history["doluong"]["user"])
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    form = response.context["filters"].form
    actions = {value for value, _label in form.fields["action"].choices}
    assert "wagtail.edit" in actions
    assert "wagtail.create" not in actions
    types = set(form.fields["object_type"].queryset)
    assert ContentType.objects.get_for_model(Organisation) in types
    assert ContentType.objects.get_for_model(Person) not in types

    client.force_login(history["vnpt"])
    form = client.get(SITE_HISTORY).context["filters"].form
    assert {value for value, _label in form.fields["action"].choices} >= {
        "wagtail.edit",
        "wagtail.create",
    }
