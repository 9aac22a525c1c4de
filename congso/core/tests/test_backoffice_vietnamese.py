"""The back office speaks Vietnamese and carries Cổng số's name; every account page saves."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

DEMO_USERS = [
    "admin",
    "giamdoc",
    "phogiamdoc",
    "chuyenvien",
    "doluong",
    "yenthanh",
    "xa",
    "vnpt",
    "bientap",
]


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _account_form(user, **extra):
    data = {
        "name_email-full_name": user.get_full_name(),
        "name_email-email": user.email,
        "locale-preferred_language": "",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_login_page_names_the_product_and_speaks_whole_sentences(client, settings):
    settings.CONGSO_ORGANISATION_NAME = "Sở Thông tin và Truyền thông Nghệ An"
    html = client.get("/admin/login/").content.decode()
    assert "<title>Đăng nhập - Cổng số</title>" in html
    assert "Đăng nhập Cổng số — hệ thống quản trị của Sở Thông tin và Truyền thông Nghệ An" in html
    assert 'placeholder="Nhập tên đăng nhập"' in html
    assert "Wagtail" not in html
    failed = client.post("/admin/login/", {"username": "ai", "password": "sai"})
    text = failed.content.decode()
    assert "Tên đăng nhập và mật khẩu không khớp" in text or "không khớp" in text
    assert "Tên đăng nhậpkhông" not in text


@pytest.mark.django_db
def test_just_now_reads_vua_xong():
    from django.utils import timezone, translation
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    with translation.override("vi"):
        assert timesince_simple(timezone.now()) == "vừa xong"


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_account_page_saves_unchanged_and_with_a_new_password(demo, username):
    user = get_user_model().objects.get(username=username)
    client = _client(username)
    page = client.get("/admin/account/").content.decode()
    assert "Họ và tên" in page
    response = client.post("/admin/account/", _account_form(user))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    response = client.post(
        "/admin/account/",
        _account_form(
            user,
            **{
                "password-old_password": "",
                "password-new_password1": "Mat-khau-moi-2026!",
                "password-new_password2": "Mat-khau-moi-2026!",
            },
        ),
    )
    user.refresh_from_db()
    if response.status_code != 302:
        # Changing a password asks for the old one: give it, as a person would.
        user.set_password("Mat-khau-cu-2026!")
        user.save()
        client.force_login(user)
        response = client.post(
            "/admin/account/",
            _account_form(
                user,
                **{
                    "password-old_password": "Mat-khau-cu-2026!",
                    "password-new_password1": "Mat-khau-moi-2026!",
                    "password-new_password2": "Mat-khau-moi-2026!",
                },
            ),
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")
    assert (user.first_name, user.last_name) == (user.get_full_name(), "")


@pytest.mark.django_db
def test_a_name_wagtail_split_is_read_family_name_first_and_stored_whole(admin_user):
    admin_user.first_name, admin_user.last_name = "Văn An", "Nguyễn"
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    assert 'value="Nguyễn Văn An"' in client.get("/admin/account/").content.decode()
    data = _account_form(admin_user, **{"name_email-full_name": "Nguyễn Văn An"})
    assert client.post("/admin/account/", data).status_code == 302
    admin_user.refresh_from_db()
    assert (admin_user.first_name, admin_user.last_name) == ("Nguyễn Văn An", "")


@pytest.mark.django_db
def test_groups_are_listed_in_vietnamese_order(admin_client):
    for name in ("Chuyên viên Sở", "Cán bộ UBND cấp xã", "Biên tập viên"):
        Group.objects.get_or_create(name=name)
    listing = admin_client.get("/admin/groups/").content.decode()
    assert (
        listing.index("Biên tập viên")
        < listing.index("Cán bộ UBND")
        < listing.index("Chuyên viên Sở")
    )
    form = admin_client.get("/admin/users/new/").content.decode()
    assert form.index("Cán bộ UBND") < form.index("Chuyên viên Sở")


@pytest.mark.django_db
def test_wagtail_records_carry_vietnamese_names():
    from wagtail.models import Page

    assert Page.objects.get(depth=1).title == "Gốc"
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


@pytest.mark.django_db
def test_help_menu_serves_the_role_guide_with_html_escaped(demo):
    html = _client("xa").get("/admin/help/").content.decode()
    assert "Hướng dẫn cho cán bộ UBND xã" in html
    html = _client("admin").get("/admin/help/").content.decode()
    assert "Hướng dẫn cho quản trị hệ thống" in html
    assert _client("xa").get("/admin/help/khong-co/").status_code == 404
    dashboard = _client("xa").get("/admin/").content.decode()
    assert "/admin/help/" in dashboard
    assert "Editor Guide" not in dashboard and "editor-guide" not in dashboard


def test_raw_html_in_a_guide_is_shown_as_text():
    from congso.core.help import _render

    html, _meta = _render("Title: x\n\n<script>alert(1)</script> và <b>đậm</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
