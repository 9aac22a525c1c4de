import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from congso.directory.models import Person
from congso.directory.services import person_save

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_account_created_for_a_person_is_invited_by_the_worker(district_setup):
    user = district_setup["doluong"]["user"]
    person = person_save(
        user=user,
        data={
            "full_name": "Trần Văn Bình",
            "organisation": district_setup["doluong"]["division"],
            "position": Person.Position.OFFICER,
            "email": "binh@doluong.nghean.gov.vn",
        },
        username="tvbinh",
    )
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert mail.outbox == []

    call_command("worker", "--batch", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    (message,) = mail.outbox
    assert message.to == ["binh@doluong.nghean.gov.vn"]
    assert "tvbinh" in message.body
    assert person.user.username == "tvbinh"
    assert not person.user.has_usable_password()
