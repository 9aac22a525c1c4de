"""The apology letter's reason: the clerk must give it, the dossier keeps it, the letter and the
dossier page show it; a reason given only on the timeline before is carried over."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from congso.onestop import services
from congso.onestop.models import Dossier, DossierEvent, Notification

from .conftest import APPLICANT, uploads_for

pytestmark = pytest.mark.django_db


def processing(onestop):
    procedure = onestop["procedure"]
    draft = services.dossier_draft_save(
        user=AnonymousUser(), procedure=procedure, data=APPLICANT, uploads=uploads_for(procedure)
    )
    dossier = services.dossier_submit(user=AnonymousUser(), dossier=draft)
    return services.dossier_accept(user=onestop["department_user"], dossier=dossier)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_apology_without_a_reason_is_refused_and_changes_nothing(onestop, reason):
    dossier = processing(onestop)
    sent = Notification.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.dossier_apologise(
            user=onestop["department_user"],
            dossier=dossier,
            new_due=date(2099, 1, 5),
            reason=reason,
        )
    assert "reason" in refused.value.message_dict
    dossier.refresh_from_db()
    assert dossier.apologised_at is None and dossier.apology_due_date is None
    assert not dossier.events.filter(kind=DossierEvent.Kind.APOLOGY).exists()
    assert Notification.objects.count() == sent


def test_the_reason_is_kept_on_the_dossier_and_shown_on_its_page_and_letter(client, onestop):
    dossier = processing(onestop)
    client.force_login(onestop["department_user"])
    response = client.post(
        reverse("onestop_dossier_action", args=[dossier.pk, "apology"]),
        {"act-new_due": "2099-01-05", "act-reason": "  Chờ ý kiến của Sở Xây dựng  "},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.apology_reason == "Chờ ý kiến của Sở Xây dựng"
    assert dossier.apology_due_date == date(2099, 1, 5)
    page = client.get(reverse("onestop_dossiers:inspect", args=[dossier.pk]))
    assert "Chờ ý kiến của Sở Xây dựng" in page.text
    letter = client.get(reverse("onestop_dossier_print", args=[dossier.pk, "apology"]))
    assert "Chờ ý kiến của Sở Xây dựng" in letter.text


def test_the_apology_form_without_a_reason_says_so_and_changes_nothing(client, onestop):
    dossier = processing(onestop)
    client.force_login(onestop["department_user"])
    response = client.post(
        reverse("onestop_dossier_action", args=[dossier.pk, "apology"]),
        {"act-new_due": "2099-01-05", "act-reason": ""},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("required" in m or "bắt buộc" in m for m in messages), messages
    dossier.refresh_from_db()
    assert dossier.apologised_at is None


def test_the_scheduled_apology_gives_its_reason(onestop):
    dossier = processing(onestop)
    Dossier.objects.filter(pk=dossier.pk).update(due_date=date(2014, 3, 26))
    assert services.apologise_due_dossiers(today=date(2014, 3, 26)) == 1
    dossier.refresh_from_db()
    assert dossier.apology_reason


def test_the_migration_carries_the_reason_over_from_the_timeline(onestop):
    dossier = processing(onestop)
    services.dossier_apologise(
        user=onestop["department_user"],
        dossier=dossier,
        new_due=date(2099, 1, 5),
        reason="Thiếu cán bộ",
    )
    Dossier.objects.filter(pk=dossier.pk).update(apology_reason="")
    migration = import_module("congso.onestop.migrations.0002_dossier_apology_reason")
    migration.copy_reasons(global_apps, None)
    dossier.refresh_from_db()
    assert dossier.apology_reason == "Thiếu cán bộ"
