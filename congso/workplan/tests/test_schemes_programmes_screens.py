"""Schemes and work programmes are written in the back office through their services: within
the user's reach, bad input refused with a message, an unchanged form saved as it is."""

import pytest
from django.urls import reverse

from congso.directory.tests.test_base_defects import form_data
from congso.workplan.models import Programme, Scheme

pytestmark = pytest.mark.django_db


def test_the_department_writes_a_scheme_and_edits_it(client, wp):
    client.force_login(wp["so"])
    add = reverse("workplan_schemes:add")
    data = {
        **form_data(client.get(add)),
        "name": "Đề án hạ tầng viễn thông thụ động đến năm 2020",
        "kind": "scheme",
        "lead_organisation": wp["department"].pk,
        "starts_on": "01/04/2014",
        "ends_on": "31/12/2020",
        "goals": "Ngầm hoá cáp, dùng chung cột ăng-ten.",
    }
    assert client.post(add, data).status_code == 302
    scheme = Scheme.objects.get()
    edit = reverse("workplan_schemes:edit", args=[scheme.pk])
    unchanged = form_data(client.get(edit))
    assert client.post(edit, unchanged).status_code == 302
    changed = {**unchanged, "goals": "Ngầm hoá cáp viễn thông."}
    assert client.post(edit, changed).status_code == 302
    scheme.refresh_from_db()
    assert scheme.goals == "Ngầm hoá cáp viễn thông."
    assert scheme.ends_on.isoformat() == "2020-12-31"


def test_a_scheme_ending_before_it_starts_is_refused_and_a_district_only_reads_schemes(client, wp):
    client.force_login(wp["so"])
    add = reverse("workplan_schemes:add")
    data = {
        **form_data(client.get(add)),
        "name": "Dự án",
        "kind": "project",
        "lead_organisation": wp["department"].pk,
        "starts_on": "01/04/2015",
        "ends_on": "01/04/2014",
    }
    backwards = client.post(add, data)
    assert backwards.status_code == 200 and backwards.context["form"].errors
    client.force_login(wp["doluong_user"])
    assert client.get(add).status_code in (302, 403)
    assert not Scheme.objects.exists()


def test_a_district_cannot_write_another_districts_programme(client, wp):
    client.force_login(wp["doluong_user"])
    add = reverse("workplan_programmes:add")
    data = {
        **form_data(client.get(add)),
        "title": "Chương trình của huyện khác",
        "organisation": wp["yenthanh"].pk,
        "year": "2014",
        "quarter": "2",
    }
    response = client.post(add, data)
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_a_work_programme_is_written_and_kept_within_reach(client, wp):
    client.force_login(wp["so"])
    add = reverse("workplan_programmes:add")
    data = {
        **form_data(client.get(add)),
        "title": "Chương trình công tác quý II năm 2014",
        "organisation": wp["department"].pk,
        "year": "2014",
        "quarter": "2",
    }
    assert client.post(add, data).status_code == 302
    programme = Programme.objects.get()
    edit = reverse("workplan_programmes:edit", args=[programme.pk])
    assert client.post(edit, form_data(client.get(edit))).status_code == 302
    client.force_login(wp["doluong_user"])
    assert client.get(edit).status_code in (302, 403, 404)
    programme.refresh_from_db()
    assert programme.title == "Chương trình công tác quý II năm 2014"
