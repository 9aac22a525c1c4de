"""The milestones of a scheme are added, changed and removed on their own screen, through the
services, by those who may edit the scheme; bad input and stale forms change nothing."""

from datetime import date

import pytest
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry

from congso.directory.tests.test_base_defects import form_data
from congso.workplan import services
from congso.workplan.models import Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(wp):
    return services.scheme_save(
        user=wp["so"],
        data={
            "name": "Đề án Nghệ An trở thành trung tâm CNTT-TT vùng Bắc Trung Bộ",
            "kind": "scheme",
            "lead_organisation": wp["department"],
        },
    )


def _url(scheme, **query):
    url = reverse("workplan_scheme_milestones", args=[scheme.pk])
    return url + (f"?edit={query['edit']}" if "edit" in query else "")


def _remove_url(scheme, milestone):
    return reverse("workplan_scheme_milestone_remove", args=[scheme.pk, milestone.pk])


def _logs(scheme) -> int:
    return ModelLogEntry.objects.filter(
        content_type__model="scheme", object_id=str(scheme.pk)
    ).count()


def test_the_department_adds_changes_and_removes_milestones(client, wp, scheme):
    client.force_login(wp["so"])
    edit = client.get(reverse("workplan_schemes:edit", args=[scheme.pk]))
    assert _url(scheme) in edit.content.decode()
    url = _url(scheme)
    data = {**form_data(client.get(url)), "title": "Trình UBND tỉnh", "due": "2014-09-30"}
    assert client.post(url, data).status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.scheme, milestone.due, milestone.reached_on) == (
        scheme,
        date(2014, 9, 30),
        None,
    )
    opened = form_data(client.get(_url(scheme, edit=milestone.pk)))
    reached = {**opened, "title": "Trình UBND tỉnh phê duyệt", "reached_on": "2014-09-25"}
    assert client.post(_url(scheme, edit=milestone.pk), reached).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.reached_on) == (
        "Trình UBND tỉnh phê duyệt",
        date(2014, 9, 25),
    )
    assert Milestone.objects.count() == 1  # renamed, not added
    assert _remove_url(scheme, milestone) in client.get(url).content.decode()
    confirmation = client.get(_remove_url(scheme, milestone))
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Trình UBND tỉnh phê duyệt" in page and "30/09/2014" in page
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # asking removes nothing
    assert _logs(scheme) == 1 + 2
    response = client.post(_remove_url(scheme, milestone), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert [m.level for m in response.context["messages"]] == [messages.SUCCESS]
    assert not Milestone.objects.exists()
    assert _logs(scheme) == 1 + 3


def test_a_milestone_opened_and_saved_unchanged_changes_nothing(client, wp, scheme):
    milestone = services.milestone_save(
        user=wp["so"], scheme=scheme, title="Trình UBND tỉnh", due=date(2014, 9, 30)
    )
    before = _logs(scheme)
    client.force_login(wp["so"])
    url = _url(scheme, edit=milestone.pk)
    assert client.post(url, form_data(client.get(url))).status_code == 302
    saved = Milestone.objects.get()
    assert (saved.title, saved.due, saved.reached_on) == (
        "Trình UBND tỉnh",
        date(2014, 9, 30),
        None,
    )
    assert _logs(scheme) == before


def test_a_milestone_without_a_date_is_refused_with_a_message(client, wp, scheme):
    client.force_login(wp["so"])
    url = _url(scheme)
    response = client.post(url, {**form_data(client.get(url)), "title": "Không hạn", "due": ""})
    assert response.status_code == 200 and response.context["form"].errors["due"]
    response = client.post(url, {"title": "Sai ngày", "due": "2014-13-45"})
    assert response.status_code == 200 and response.context["form"].errors["due"]
    assert not Milestone.objects.exists()


def test_a_new_milestone_named_as_an_existing_one_is_refused_and_changes_nothing(
    client, wp, scheme
):
    services.milestone_save(user=wp["so"], scheme=scheme, title="Sơ kết", due=date(2014, 6, 30))
    client.force_login(wp["so"])
    url = _url(scheme)
    data = {**form_data(client.get(url)), "title": " Sơ kết ", "due": "2014-12-31"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "đã có mốc" in response.content.decode()
    assert list(Milestone.objects.values_list("title", "due")) == [("Sơ kết", date(2014, 6, 30))]


def test_a_stale_milestone_form_does_not_overwrite_a_newer_save(client, wp, scheme):
    milestone = services.milestone_save(
        user=wp["so"], scheme=scheme, title="Trình UBND tỉnh", due=date(2014, 9, 30)
    )
    client.force_login(wp["so"])
    url = _url(scheme, edit=milestone.pk)
    opened = form_data(client.get(url))
    services.milestone_save(
        user=wp["so"],
        scheme=scheme,
        milestone=milestone,
        title="Trình UBND tỉnh",
        due=date(2014, 9, 30),
        reached_on=date(2014, 9, 20),
    )
    response = client.post(url, {**opened, "due": "2014-10-31"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    milestone.refresh_from_db()
    assert (milestone.due, milestone.reached_on) == (date(2014, 9, 30), date(2014, 9, 20))


def test_a_district_that_only_reads_schemes_cannot_touch_milestones(client, wp, scheme):
    milestone = services.milestone_save(
        user=wp["so"], scheme=scheme, title="Trình UBND tỉnh", due=date(2014, 9, 30)
    )
    client.force_login(wp["doluong_user"])
    assert client.get(_url(scheme)).status_code in (302, 403)
    assert client.post(_url(scheme), {"delete": milestone.pk}).status_code in (302, 403)
    assert client.get(_remove_url(scheme, milestone)).status_code in (302, 403)
    assert client.post(_remove_url(scheme, milestone)).status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        services.milestone_delete(user=wp["doluong_user"], milestone=milestone)
    with pytest.raises(PermissionDenied):
        services.milestone_save(
            user=wp["doluong_user"], scheme=scheme, title="Khác", due=date(2015, 1, 1)
        )
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Trình UBND tỉnh"]


def test_a_milestone_of_another_scheme_is_not_reached_through_this_one(client, wp, scheme):
    other = services.scheme_save(
        user=wp["so"],
        data={
            "name": "Đề án Chính quyền điện tử",
            "kind": "scheme",
            "lead_organisation": wp["department"],
        },
    )
    milestone = services.milestone_save(
        user=wp["so"], scheme=other, title="Trình UBND tỉnh", due=date(2014, 9, 30)
    )
    client.force_login(wp["so"])
    assert client.get(_url(scheme, edit=milestone.pk)).status_code == 404
    assert client.post(_url(scheme), {"delete": milestone.pk}).status_code == 404
    assert client.get(_remove_url(scheme, milestone)).status_code == 404
    assert client.post(_remove_url(scheme, milestone)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.milestone_save(
            user=wp["so"], scheme=scheme, milestone=milestone, title="X", due=date(2015, 1, 1)
        )
    assert Milestone.objects.get().scheme == other
