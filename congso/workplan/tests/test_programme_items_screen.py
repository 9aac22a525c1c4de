"""The items of a work programme are added, changed and removed on their own screen, through the
services: within the user's reach, bad input refused with a message, stale forms refused."""

from datetime import date

import pytest
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from congso.directory.tests.test_base_defects import form_data
from congso.workplan import services
from congso.workplan.models import Programme, ProgrammeItem

from .factories import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(wp):
    return services.programme_save(
        user=wp["doluong_user"],
        data={
            "title": "Chương trình công tác quý II/2014 của huyện Đô Lương",
            "organisation": wp["doluong"],
            "year": 2014,
            "quarter": 2,
        },
    )


def _url(programme, **query):
    url = reverse("workplan_programme_items", args=[programme.pk])
    return url + (f"?edit={query['edit']}" if "edit" in query else "")


def _remove_url(programme, item):
    return reverse("workplan_programme_item_remove", args=[programme.pk, item.pk])


def _item(wp, programme, title="Lập Ban biên tập cổng thông tin huyện", **extra):
    data = {"title": title, "organisation": wp["doluong"], "due": date(2014, 6, 30), **extra}
    return services.programme_item_save(user=wp["doluong_user"], programme=programme, data=data)


def _logs(programme) -> int:
    return ModelLogEntry.objects.filter(
        content_type__model="programme", object_id=str(programme.pk)
    ).count()


def test_a_district_adds_changes_and_removes_the_items_of_its_programme(client, wp, programme):
    client.force_login(wp["doluong_user"])
    edit = client.get(reverse("workplan_programmes:edit", args=[programme.pk]))
    assert _url(programme) in edit.content.decode()  # the edit form links to its items
    url = _url(programme)
    data = {
        **form_data(client.get(url)),
        "title": "Lập Ban chỉ đạo CNTT huyện",
        "organisation": wp["doluong_division"].pk,
        "due": "2014-06-30",
        "note": "Theo kết luận hội nghị",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    item = ProgrammeItem.objects.get()
    assert (item.programme, item.organisation, item.due) == (
        programme,
        wp["doluong_division"],
        date(2014, 6, 30),
    )
    assert "Lập Ban chỉ đạo CNTT huyện" in client.get(url).content.decode()

    opened = form_data(client.get(_url(programme, edit=item.pk)))
    changed = {**opened, "title": "Lập Ban chỉ đạo CNTT và Ban biên tập", "due": "2014-07-15"}
    assert client.post(_url(programme, edit=item.pk), changed).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.due) == ("Lập Ban chỉ đạo CNTT và Ban biên tập", date(2014, 7, 15))

    listing = client.get(url).content.decode()
    assert _remove_url(programme, item) in listing  # Remove leads to the confirmation
    assert 'name="delete"' not in listing
    confirmation = client.get(_remove_url(programme, item))
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Lập Ban chỉ đạo CNTT và Ban biên tập" in page
    assert wp["doluong_division"].name in page and "15/07/2014" in page
    assert ProgrammeItem.objects.filter(pk=item.pk).exists()  # asking removes nothing
    assert _logs(programme) == 1 + 2

    response = client.post(_remove_url(programme, item), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert [m.level for m in response.context["messages"]] == [messages.SUCCESS]
    assert not ProgrammeItem.objects.exists()
    assert _logs(programme) == 1 + 3  # created, then an item added, changed, removed


def test_an_item_opened_and_saved_unchanged_changes_nothing(client, wp, programme):
    item = _item(wp, programme, note="Ghi chú")
    before = _logs(programme)
    client.force_login(wp["doluong_user"])
    url = _url(programme, edit=item.pk)
    assert client.post(url, form_data(client.get(url))).status_code == 302
    saved = ProgrammeItem.objects.get()
    assert (saved.title, saved.organisation, saved.due, saved.note, saved.order) == (
        item.title,
        item.organisation,
        item.due,
        item.note,
        item.order,
    )
    assert _logs(programme) == before


def test_a_district_cannot_give_an_item_to_another_districts_organisation(client, wp, programme):
    client.force_login(wp["doluong_user"])
    url = _url(programme)
    data = {
        **form_data(client.get(url)),
        "title": "Việc của huyện khác",
        "organisation": wp["yenthanh"].pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not ProgrammeItem.objects.exists()
    with pytest.raises(PermissionDenied):
        services.programme_item_save(
            user=wp["doluong_user"],
            programme=programme,
            data={"title": "Việc của huyện khác", "organisation": wp["yenthanh"]},
        )
    assert not ProgrammeItem.objects.exists()


def test_a_forged_organisation_is_refused_with_a_message_and_changes_nothing(client, wp, programme):
    item = _item(wp, programme)
    client.force_login(wp["doluong_user"])
    url = _url(programme, edit=item.pk)
    for forged in (wp["yenthanh"].pk, 987654, "abc"):
        data = {**form_data(client.get(url)), "title": "Đổi", "organisation": forged}
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors["organisation"]
    item.refresh_from_db()
    assert (item.title, item.organisation) == (
        "Lập Ban biên tập cổng thông tin huyện",
        wp["doluong"],
    )


def test_bad_input_is_refused_with_a_message(client, wp, programme):
    client.force_login(wp["doluong_user"])
    url = _url(programme)
    data = {**form_data(client.get(url)), "title": "", "organisation": wp["doluong"].pk}
    response = client.post(url, {**data, "due": "31/02/2014"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "due"}
    assert not ProgrammeItem.objects.exists()


def test_a_stale_form_does_not_overwrite_a_newer_save(client, wp, programme):
    item = _item(wp, programme)
    client.force_login(wp["doluong_user"])
    url = _url(programme, edit=item.pk)
    opened = form_data(client.get(url))
    services.programme_item_save(
        user=wp["so"], programme=programme, item=item, data={"due": date(2014, 9, 30)}
    )
    response = client.post(url, {**opened, "due": "2014-05-31"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    item.refresh_from_db()
    assert item.due == date(2014, 9, 30)


def test_another_district_neither_sees_nor_edits_the_items(client, wp, programme):
    item = _item(wp, programme)
    client.force_login(wp["yenthanh_user"])
    assert client.get(_url(programme)).status_code == 404
    assert client.post(_url(programme), {"delete": item.pk}).status_code == 404
    assert client.get(_remove_url(programme, item)).status_code == 404
    assert client.post(_remove_url(programme, item)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.programme_item_delete(user=wp["yenthanh_user"], item=item)
    assert ProgrammeItem.objects.filter(pk=item.pk).exists()


def test_an_item_tasks_came_from_is_not_removed(client, wp, programme):
    item = _item(wp, programme)
    make_task(wp["doluong"], wp["doluong"], programme_item=item)
    make_task(wp["doluong"], wp["doluong"], programme_item=item)
    client.force_login(wp["doluong_user"])
    confirmation = client.get(_remove_url(programme, item))
    assert confirmation.status_code == 200
    assert "2 nhiệm vụ" in confirmation.context["refusal"]
    page = confirmation.content.decode()
    assert item.title in page and "2 nhiệm vụ" in page
    assert f'action="{_remove_url(programme, item)}"' not in page  # nothing to confirm
    response = client.post(_remove_url(programme, item), follow=True)
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
    assert ProgrammeItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_another_programme_is_not_removed_through_this_one(client, wp, programme):
    other = services.programme_save(
        user=wp["doluong_user"],
        data={
            "title": "Chương trình công tác quý III/2014 của huyện Đô Lương",
            "organisation": wp["doluong"],
            "year": 2014,
            "quarter": 3,
        },
    )
    item = _item(wp, other)
    client.force_login(wp["doluong_user"])
    assert client.get(_remove_url(programme, item)).status_code == 404
    assert client.post(_remove_url(programme, item)).status_code == 404
    assert client.post(_url(programme), {"delete": item.pk}).status_code == 404
    assert ProgrammeItem.objects.filter(pk=item.pk, programme=other).exists()


def test_a_list_opened_before_the_confirmation_step_asks_for_it(client, wp, programme):
    item = _item(wp, programme)
    client.force_login(wp["doluong_user"])
    response = client.post(_url(programme), {"delete": item.pk})
    assert response.status_code == 302
    assert response["Location"] == _remove_url(programme, item)
    assert ProgrammeItem.objects.filter(pk=item.pk).exists()


def test_the_items_screen_takes_the_same_queries_for_2_items_as_for_12(client, wp, programme):
    client.force_login(wp["doluong_user"])
    for n in range(2):
        _item(wp, programme, title=f"Mục {n}")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(programme)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(10):
        _item(wp, programme, title=f"Mục thêm {n}", organisation=wp["doluong_division"])
    assert queries() == few


def test_items_are_ordered_after_the_last(wp, programme):
    first, second = _item(wp, programme, title="Một"), _item(wp, programme, title="Hai")
    assert (first.order, second.order) == (0, 1)
    assert list(Programme.objects.get().items.values_list("title", flat=True)) == ["Một", "Hai"]
