import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_every_response_carries_a_strict_content_security_policy(client):
    policy = directives(client.get("/"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["base-uri"] == "'self'"


def test_the_admin_alone_may_run_wagtails_inline_scripts(client):
    policy = directives(client.get("/admin/login/"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data: blob:"


def test_no_screen_may_use_camera_microphone_or_location(client):
    header = client.get("/admin/login/")["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


PRODUCTION = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "congso.settings",
    "CONGSO_VAR_DIR": "/tmp/congso-headers-test",
    "DEBUG": "0",
    "SECRET_KEY": "k" * 50,
    "ALLOWED_HOSTS": "congso.nghean.gov.vn",
}
HSTS = (
    "from django.test import Client; import django; django.setup();"
    # /admin/ answers an anonymous visitor without the database (/ is a portal page now).
    "print(Client(SERVER_NAME='congso.nghean.gov.vn').get('/admin/', secure=True)"
    "['Strict-Transport-Security'])"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "max-age=31536000; includeSubDomains"),
        ({"SECURE_HSTS_PRELOAD": "1"}, "max-age=31536000; includeSubDomains; preload"),
    ],
)
def test_hsts_preload_only_when_configured(env, expected):
    result = subprocess.run(
        [sys.executable, "-c", HSTS], env={**PRODUCTION, **env}, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
