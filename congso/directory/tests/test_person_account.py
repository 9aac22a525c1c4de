import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from congso.directory.models import Person
from congso.directory.services import person_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("DoLuong", "Tên đăng nhập này đã được sử dụng."),
        ("tran van binh", "Tên đăng nhập chỉ gồm chữ cái"),
    ],
)
def test_a_persons_account_follows_the_login_name_rules(district_setup, username, message):
    officer = district_setup["doluong"]["user"]
    with pytest.raises(ValidationError) as error:
        person_save(
            user=officer,
            data={
                "full_name": "Trần Văn Bình",
                "organisation": district_setup["doluong"]["division"],
                "position": Person.Position.OFFICER,
            },
            username=username,
        )
    assert error.value.message_dict["username"][0].startswith(message)
    assert not Person.objects.filter(full_name="Trần Văn Bình").exists()
    assert get_user_model().objects.filter(username__iexact="doluong").count() == 1
