import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from congso.directory.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_account_created_in_the_back_office_is_invited_by_the_worker(client, district_setup):
    client.force_login(district_setup["doluong"]["user"])
    response = client.post(
        reverse("directory_people:add"),
        {
            "full_name": "Trần Văn Bình",
            "organisation": district_setup["doluong"]["division"].pk,
            "position": Person.Position.OFFICER,
            "position_detail": "",
            "email": "binh@doluong.nghean.gov.vn",
            "phone": "",
            "username": "tvbinh",
        },
    )
    assert response.status_code == 302

    # The request only queued the invitation: nothing is sent until a worker runs it.
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert mail.outbox == []

    call_command("worker", "--batch", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    (message,) = mail.outbox
    assert message.to == ["binh@doluong.nghean.gov.vn"]
    assert "tvbinh" in message.body
    assert "/admin/password_reset/" in message.body
    person = Person.objects.get(full_name="Trần Văn Bình")
    assert person.user.username == "tvbinh"
    assert not person.user.has_usable_password()


def test_a_refused_form_queues_no_invitation(client, district_setup):
    client.force_login(district_setup["doluong"]["user"])
    client.post(
        reverse("directory_people:add"),
        {
            "full_name": "Người ngoài",
            "organisation": district_setup["yenthanh"]["division"].pk,
            "position": Person.Position.OFFICER,
            "username": "nguoingoai",
        },
    )
    assert not DBTaskResult.objects.exists()
    assert not Person.objects.filter(full_name="Người ngoài").exists()


def test_the_invited_colleague_can_set_a_password_and_open_the_back_office(client, district_setup):
    from django.contrib.auth import get_user_model

    client.force_login(district_setup["doluong"]["user"])
    client.post(
        reverse("directory_people:add"),
        {
            "full_name": "Lê Thị Thu",
            "organisation": district_setup["doluong"]["committee"].pk,
            "position": Person.Position.OFFICER,
            "email": "thu@doluong.nghean.gov.vn",
            "username": "lethu",
        },
    )
    call_command("worker", "--batch", verbosity=0)
    link = next(w for w in mail.outbox[0].body.split() if "/admin/password_reset/" in w)
    client.logout()

    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
        {"new_password1": "Nghe-An-2014-hoi-nghi", "new_password2": "Nghe-An-2014-hoi-nghi"},
    )
    assert done.status_code == 302

    assert client.login(username="lethu", password="Nghe-An-2014-hoi-nghi")
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    user = get_user_model().objects.get(username="lethu")
    assert user.groups.get().name == "Cán bộ UBND cấp huyện"
