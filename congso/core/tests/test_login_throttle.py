import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Nghe-An-2014-hoi-nghi"
LOGIN = "/admin/login/"


@pytest.fixture
def officer():
    return get_user_model().objects.create_user("chuyenvien", password=PASSWORD, is_staff=True)


@pytest.fixture
def administrator():
    return get_user_model().objects.create_superuser("quantri", password=PASSWORD)


def sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(
    client, officer, administrator
):
    for _ in range(30):
        response = sign_in(client, "chuyenvien", "sai-mat-khau")
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="chuyenvien").failures_since_start == 30

    response = sign_in(client, "chuyenvien", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in text
    assert "Hãy thử lại sau" in text
    assert "_auth_user_id" not in client.session

    admin = client.__class__()
    admin.force_login(administrator)
    listing = admin.get(reverse("lockouts:index"))
    assert listing.status_code == 200
    assert "chuyenvien" in listing.content.decode()
    assert "Mở khoá" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="chuyenvien")
    # Unlocking is a change: a link (GET) does not do it.
    assert admin.get(reverse("lockouts:unlock", args=[attempt.pk])).status_code == 405
    response = admin.post(reverse("lockouts:unlock", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="chuyenvien").exists()
    entry = ModelLogEntry.objects.get(action="congso.unlock")
    assert entry.user_id == administrator.pk
    assert entry.object_id == str(officer.pk)

    response = sign_in(client, "chuyenvien", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_fifth_failure_locks_and_the_case_of_the_name_does_not_escape_it(client, officer):
    for _ in range(4):
        assert sign_in(client, "chuyenvien", "sai").status_code == 200
    assert sign_in(client, "ChuyenVien", "sai").status_code == 429
    assert sign_in(client, "CHUYENVIEN", PASSWORD).status_code == 429


def test_an_address_is_locked_whatever_names_it_tries(client, officer):
    for number in range(5):
        sign_in(client, f"khach{number}", "sai", REMOTE_ADDR="203.0.113.9")
    assert sign_in(client, "chuyenvien", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    # The account itself is not locked: from another address it signs in.
    assert sign_in(client, "chuyenvien", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_only_superusers_see_lockouts_and_unlock(client, officer):
    from django.contrib.auth.models import Permission

    officer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    attempt = AccessAttempt.objects.create(
        username="khach",
        ip_address="203.0.113.9",
        user_agent="",
        failures_since_start=9,
        get_data="",
        post_data="",
        http_accept="",
        path_info="",
    )
    client.force_login(officer)
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.get(reverse("lockouts:index")).status_code in (302, 403)
    assert client.post(reverse("lockouts:unlock", args=[attempt.pk])).status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action="congso.unlock").exists()
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_client_login_of_the_test_client_still_works(client, officer):
    assert client.login(username="chuyenvien", password=PASSWORD)


def test_group_forms_open_and_offer_no_lockout_permission(client, administrator):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Nhóm thử nghiệm")
    client.force_login(administrator)
    for url in (
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=[group.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"accessattempt" not in response.content.lower(), url
