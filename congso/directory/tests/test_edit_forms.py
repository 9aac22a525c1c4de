"""Every edit form of every back-office model, opened and saved unchanged, saves and changes
nothing: for the administrator over every record of the demo, for each demo role over the
records it may edit."""

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.urls import reverse

from congso.core.backoffice.viewsets import scoped_viewsets
from congso.directory.demo import ACCOUNTS

from .test_base_defects import form_data

pytestmark = pytest.mark.django_db

PER_ROLE = 6


def editable_viewsets():
    return [viewset for viewset in scoped_viewsets() if not viewset.read_only]


def _snapshot(instance) -> dict:
    instance.refresh_from_db()
    data = model_to_dict(instance)
    for name, value in data.items():
        if isinstance(value, list):
            data[name] = sorted(getattr(item, "pk", item) for item in value)
    return data


def _save_unchanged(client, viewset, instance):
    path = reverse(viewset.get_url_name("edit"), args=[instance.pk])
    response = client.get(path)
    assert response.status_code == 200, path
    before = _snapshot(instance)
    response = client.post(path, form_data(response))
    errors = response.context["form"].errors if response.status_code == 200 else None
    assert response.status_code == 302, f"{path}: {errors}"
    assert _snapshot(instance) == before, path


def test_every_edit_form_saves_unchanged_for_every_demo_account(client, demo):
    """One demo for every account: the administrator saves every record; each role the first
    records it may edit."""
    for user in (
        get_user_model()
        .objects.filter(username__in=[account[0] for account in ACCOUNTS])
        .order_by("pk")
    ):
        client.force_login(user)
        for viewset in editable_viewsets():
            model = viewset.model
            if not user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
                continue
            records = viewset.visible(user)
            for instance in records if user.is_superuser else records[:PER_ROLE]:
                _save_unchanged(client, viewset, instance)
