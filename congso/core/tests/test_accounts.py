import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from congso.core.accounts import clean_username
from congso.core.forms import UserCreationForm, UserEditForm

pytestmark = pytest.mark.django_db

PASSWORD = "Nghe-An-2014-hoi-nghi"


@pytest.fixture
def admin():
    return get_user_model().objects.create_user("admin", password=PASSWORD, is_staff=True)


@pytest.mark.parametrize("taken", ["admin", "Admin", "ADMIN", " admin "])
def test_a_login_name_is_taken_whatever_its_case(admin, taken):
    with pytest.raises(ValidationError) as error:
        clean_username(taken)
    assert error.value.messages == ["Tên đăng nhập này đã được sử dụng."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nguyen van a", "Tên đăng nhập chỉ gồm chữ cái"),
        ("<b>admin2</b>", "Tên đăng nhập chỉ gồm chữ cái"),
        ("a" * 151, "Tên đăng nhập dài tối đa 150 ký tự."),
        ("   ", "Hãy nhập tên đăng nhập."),
    ],
)
def test_a_login_name_follows_djangos_rules(value, message):
    with pytest.raises(ValidationError) as error:
        clean_username(value)
    assert error.value.messages[0].startswith(message)


def test_a_good_login_name_is_kept_as_typed(admin):
    assert clean_username("Nguyen.Van-A_1@so") == "Nguyen.Van-A_1@so"
    assert clean_username("admin", exclude_pk=admin.pk) == "admin"


def test_the_error_can_name_its_field(admin):
    with pytest.raises(ValidationError) as error:
        clean_username("Admin", field="username")
    assert error.value.message_dict == {"username": ["Tên đăng nhập này đã được sử dụng."]}


def _creation_data(username):
    return {
        "username": username,
        "email": "a@example.vn",
        "first_name": "A",
        "last_name": "B",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


@pytest.mark.parametrize("username", ["ADMIN", "Admin", "quan tri", "<script>x</script>"])
def test_the_back_office_user_form_refuses_the_name(admin, username):
    form = UserCreationForm(data=_creation_data(username))
    assert not form.is_valid()
    assert "username" in form.errors


def test_the_back_office_user_forms_accept_a_good_name(admin):
    assert UserCreationForm(data=_creation_data("chuyenvien")).is_valid()
    form = UserEditForm(instance=admin, data={**_creation_data("Admin"), "is_active": "on"})
    form.is_valid()
    assert "username" not in form.errors  # renaming oneself in another case is allowed


def test_the_database_refuses_a_name_in_another_case(admin):
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(username="Admin")


@pytest.mark.parametrize("typed", ["admin", "Admin", "ADMIN"])
def test_signing_in_ignores_the_case_of_the_name(client, admin, typed):
    response = client.post("/admin/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)
