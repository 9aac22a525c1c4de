"""The Vietnamese catalog: complete, compiled, and used by the admin."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def _catalog(reader, path):
    with open(path, "rb") as handle:
        return reader(handle)


def _key(message):
    # read_mo leaves the context of plural messages as bytes.
    context = message.context
    if isinstance(context, bytes):
        context = context.decode()
    return context, message.id if isinstance(message.id, str) else tuple(message.id)


def _entries(catalog):
    return {_key(message): message for message in catalog if message.id}


def _strings(message):
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def test_every_message_is_translated_and_not_fuzzy():
    catalog = _catalog(read_po, LC_MESSAGES / "django.po")
    problems = [
        message.id
        for message in catalog
        if message.id and (message.fuzzy or not all(_strings(message)))
    ]
    assert not problems, f"untranslated or fuzzy: {problems}"


def test_compiled_catalog_is_up_to_date():
    po = _entries(_catalog(read_po, LC_MESSAGES / "django.po"))
    mo = _entries(_catalog(read_mo, LC_MESSAGES / "django.mo"))
    stale = [
        key
        for key, message in po.items()
        if key not in mo or _strings(mo[key]) != _strings(message)
    ]
    assert not stale, f"run `congso compilemessages`: {stale[:10]}"
    assert set(mo) <= set(po)


def test_wagtail_string_is_overridden_with_our_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Log out") == "Đăng xuất"
        assert translation.gettext("Dashboard") == "Bảng điều khiển"
        assert translation.gettext("Images") == "Hình ảnh"
    with translation.override("en"):
        assert translation.gettext("Log out") == "Log out"


@pytest.mark.django_db
def test_admin_dashboard_renders_in_vietnamese(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Bảng điều khiển" in html
    # The sidebar is rendered by JavaScript from JSON (with \\u escapes): decode it.
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    sidebar = json.dumps(json.loads(props.group(1)), ensure_ascii=False)
    for label in ("Danh mục", "Đơn vị hành chính", "Hình ảnh", "Tài liệu", "Đăng xuất"):
        assert f'"label": "{label}"' in sidebar, label
    assert '"label": "Directory"' not in sidebar


def test_scripts_catalog_is_complete_compiled_and_served(client):
    po = _entries(_catalog(read_po, LC_MESSAGES / "djangojs.po"))
    mo = _entries(_catalog(read_mo, LC_MESSAGES / "djangojs.mo"))
    assert all(all(_strings(message)) and not message.fuzzy for message in po.values())
    assert {key: _strings(m) for key, m in po.items()} == {
        key: _strings(m) for key, m in mo.items()
    }


@pytest.mark.django_db
def test_wagtail_scripts_get_our_vietnamese(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    for vietnamese in ("Mở/đóng thanh bên", "Thu gọn tất cả"):  # Toggle sidebar, Collapse all
        assert json.dumps(vietnamese)[1:-1] in script
