"""The invitation e-mail links to the address being served unless BASE_URL is set."""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from congso.core.management.commands import serve
from congso.directory.tasks import send_account_invitation


@pytest.mark.django_db
def test_the_invitation_links_to_the_address_served(monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv(serve.SERVED_URL_VARIABLE, "")  # restored after the test
    monkeypatch.setattr(settings, "WAGTAILADMIN_BASE_URL", settings.WAGTAILADMIN_BASE_URL)
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: None)
    call_command("serve", "127.0.0.1:8123", "--no-worker")
    assert os.environ[serve.SERVED_URL_VARIABLE] == "http://127.0.0.1:8123"

    user = get_user_model().objects.create(username="tvbinh", email="binh@example.vn")
    send_account_invitation.call(user.pk)
    (message,) = mail.outbox
    assert "http://127.0.0.1:8123/admin/password_reset/" in message.body
