"""Two people edit the same record: the second, saving from a form opened before the first
saved, is told what changed instead of silently undoing it."""

import pytest
from django.test import Client
from django.urls import reverse

from congso.core.backoffice.views import VERSION_FIELD
from congso.directory.models import Cluster, Organisation, Person
from congso.directory.tests.test_base_defects import cluster_of_2014, form_data  # noqa: F401
from congso.testing.factories import PersonFactory


def two_clients(user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def test_a_save_from_a_stale_form_keeps_the_other_persons_change(district_setup):
    committee = district_setup["doluong"]["committee"]
    first, second = two_clients(district_setup["department_user"])
    edit = reverse("directory_organisations:edit", args=[committee.pk])
    first_form = form_data(first.get(edit))
    second_form = form_data(second.get(edit))

    first_form["phone"] = "0238 3844 555"
    assert first.post(edit, first_form).status_code == 302
    second_form["address"] = "Thị trấn Đô Lương"
    response = second.post(edit, second_form)

    assert response.status_code == 200
    committee.refresh_from_db()
    assert committee.phone == "0238 3844 555"
    assert committee.address != "Thị trấn Đô Lương"
    errors = " ".join(response.context["form"].non_field_errors())
    assert "0238 3844 555" in errors
    # The form keeps the address typed and now shows the new phone number: saving it again
    # stores both.
    again = form_data(response)
    assert again["address"] == "Thị trấn Đô Lương"
    assert again["phone"] == "0238 3844 555"
    assert second.post(edit, again).status_code == 302
    committee.refresh_from_db()
    assert (committee.phone, committee.address) == ("0238 3844 555", "Thị trấn Đô Lương")


def test_the_refusal_names_the_changed_field_in_vietnamese(district_setup):
    committee = district_setup["doluong"]["committee"]
    first, second = two_clients(district_setup["department_user"])
    edit = reverse("directory_organisations:edit", args=[committee.pk])
    first_form, second_form = form_data(first.get(edit)), form_data(second.get(edit))
    first_form["phone"] = "0238 3844 555"
    first.post(edit, first_form)
    response = second.post(edit, second_form)
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Có người đã lưu" in errors
    assert "Điện thoại: 0238 3844 555" in errors


def test_a_form_without_its_version_saves_nothing(district_setup):
    committee = district_setup["doluong"]["committee"]
    client = Client()
    client.force_login(district_setup["department_user"])
    edit = reverse("directory_organisations:edit", args=[committee.pk])
    data = form_data(client.get(edit))
    data.pop(VERSION_FIELD)
    data["phone"] = "0999"
    assert client.post(edit, data).status_code == 200
    assert Organisation.objects.get(pk=committee.pk).phone != "0999"


def test_a_form_opened_after_the_other_save_saves(district_setup):
    committee = district_setup["doluong"]["committee"]
    first, second = two_clients(district_setup["department_user"])
    edit = reverse("directory_organisations:edit", args=[committee.pk])
    first_form = form_data(first.get(edit))
    first_form["phone"] = "0238 3844 555"
    first.post(edit, first_form)
    second_form = form_data(second.get(edit))
    second_form["address"] = "Thị trấn Đô Lương"
    assert second.post(edit, second_form).status_code == 302


def test_a_stale_person_form_is_refused(district_setup):
    person = PersonFactory(organisation=district_setup["doluong"]["committee"])
    first, second = two_clients(district_setup["department_user"])
    edit = reverse("directory_people:edit", args=[person.pk])
    first_form, second_form = form_data(first.get(edit)), form_data(second.get(edit))
    first_form["phone"] = "0912 345 678"
    assert first.post(edit, first_form).status_code == 302
    second_form["email"] = "moi@example.vn"
    assert second.post(edit, second_form).status_code == 200
    person = Person.objects.get(pk=person.pk)
    assert (person.phone, person.email) == ("0912 345 678", person.email)
    assert person.email != "moi@example.vn"


def test_a_stale_cluster_form_is_refused(district_setup, cluster_of_2014):  # noqa: F811
    first, second = two_clients(district_setup["department_user"])
    edit = reverse("directory_clusters:edit", args=[cluster_of_2014.pk])
    first_form, second_form = form_data(first.get(edit)), form_data(second.get(edit))
    first_form["note"] = "Họp cụm quý II"
    assert first.post(edit, first_form).status_code == 302
    second_form["name"] = "Cụm số 1"
    assert second.post(edit, second_form).status_code == 200
    cluster = Cluster.objects.get(pk=cluster_of_2014.pk)
    assert (cluster.name, cluster.note) == ("Cụm 1", "Họp cụm quý II")


@pytest.mark.parametrize("forged", ["abc", ""])
def test_a_forged_version_saves_nothing(district_setup, forged):
    committee = district_setup["doluong"]["committee"]
    client = Client()
    client.force_login(district_setup["department_user"])
    edit = reverse("directory_organisations:edit", args=[committee.pk])
    data = form_data(client.get(edit))
    data[VERSION_FIELD] = forged
    data["phone"] = "0999"
    assert client.post(edit, data).status_code == 200
    assert Organisation.objects.get(pk=committee.pk).phone != "0999"
