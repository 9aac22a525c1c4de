"""Dossiers through their life: online submission and receipt, the desk's decisions, the
processing steps, transfers, the apology once, the result and the rating."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from congso.core.actors import SYSTEM
from congso.onestop import services
from congso.onestop.models import Dossier, DossierEvent, Notification
from congso.onestop.selectors import lookup_dossier, visible_dossiers
from congso.onestop.tasks import send_notifications

from .conftest import APPLICANT, pdf, uploads_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CITIZEN = AnonymousUser()


def at(y, m, d, h=9):
    return datetime(y, m, d, h, tzinfo=TZ)


def submitted(procedure, now=None):
    draft = services.dossier_draft_save(
        user=CITIZEN, procedure=procedure, data=APPLICANT, uploads=uploads_for(procedure), now=now
    )
    return services.dossier_submit(user=CITIZEN, dossier=draft, now=now)


def test_an_online_submission_gets_the_circulars_code_and_an_appointment(onestop):
    dossier = submitted(onestop["procedure"], now=at(2025, 1, 24))
    assert dossier.code == "000.00.22.H40-250124-0001"
    assert dossier.status == Dossier.Status.SUBMITTED
    # 3 working days after Friday 24/01/2025, across Tết.
    assert dossier.due_date == date(2025, 2, 5)
    second = submitted(onestop["procedure"], now=at(2025, 1, 24, 15))
    assert second.code.endswith("-250124-0002")
    next_day = submitted(onestop["procedure"], now=at(2025, 1, 25))
    assert next_day.code.endswith("-250125-0001")


def test_a_draft_is_saved_without_documents_and_submitted_only_complete(onestop):
    procedure = onestop["procedure"]
    draft = services.dossier_draft_save(
        user=CITIZEN, procedure=procedure, data={**APPLICANT, "consent": False}
    )
    assert draft.code is None and draft.status == Dossier.Status.DRAFT
    with pytest.raises(ValidationError) as refused:
        services.dossier_submit(user=CITIZEN, dossier=draft)
    assert "consent" in refused.value.message_dict
    assert "__all__" in refused.value.message_dict
    draft = services.dossier_draft_save(
        user=CITIZEN,
        procedure=procedure,
        dossier=draft,
        data={"consent": True},
        uploads=uploads_for(procedure),
    )
    assert services.dossier_submit(user=CITIZEN, dossier=draft).code


def test_an_upload_of_the_wrong_kind_or_too_large_is_refused(onestop, settings):
    procedure = onestop["procedure"]
    document = procedure.documents.first()
    with pytest.raises(ValidationError):
        services.dossier_draft_save(
            user=CITIZEN, procedure=procedure, data=APPLICANT, uploads={document.pk: pdf("x.exe")}
        )
    settings.ONESTOP_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError):
        services.dossier_draft_save(
            user=CITIZEN, procedure=procedure, data=APPLICANT, uploads={document.pk: pdf()}
        )
    assert not Dossier.objects.exists()


def test_the_desk_accepts_and_the_steps_run_to_the_result(onestop):
    clerk = onestop["department_user"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    dossier = services.dossier_accept(user=clerk, dossier=dossier, now=at(2014, 3, 24))
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.due_date == date(2014, 3, 27)
    assert dossier.fully_online
    assert dossier.current_step.order == 1
    dossier = services.dossier_step_complete(user=clerk, dossier=dossier, note="Thẩm định xong")
    assert dossier.current_step.order == 2
    dossier = services.dossier_step_complete(user=clerk, dossier=dossier)
    assert dossier.current_step is None
    dossier = services.dossier_result_ready(user=clerk, dossier=dossier, now=at(2014, 3, 26))
    dossier = services.dossier_return(user=clerk, dossier=dossier, method="online")
    assert dossier.status == Dossier.Status.RETURNED
    dossier = services.dossier_rate(user=CITIZEN, dossier=dossier, rating=3, comment="Nhanh")
    with pytest.raises(ValidationError):
        services.dossier_rate(user=CITIZEN, dossier=dossier, rating=1)
    kinds = list(dossier.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "draft",
        "submitted",
        "accepted",
        "step_done",
        "step_done",
        "result_ready",
        "returned",
        "rated",
    ]


def test_a_supplement_stops_the_clock_and_restarts_it_when_the_items_arrive(onestop):
    clerk = onestop["department_user"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    dossier = services.dossier_request_supplement(
        user=clerk, dossier=dossier, items="Bản sao CMND\nSơ yếu lý lịch", now=at(2014, 3, 24)
    )
    assert dossier.status == Dossier.Status.SUPPLEMENT
    assert "Sơ yếu lý lịch" in dossier.supplement_items
    with pytest.raises(ValidationError):
        services.dossier_request_supplement(user=clerk, dossier=dossier, items=" ")
    dossier = services.dossier_supplement_received(user=clerk, dossier=dossier, now=at(2014, 4, 1))
    assert dossier.status == Dossier.Status.PROCESSING
    # Three whole working days from Tuesday 01/04/2014.
    assert dossier.due_date == date(2014, 4, 4)


def test_a_refusal_needs_a_reason_and_ends_the_dossier(onestop):
    clerk = onestop["department_user"]
    dossier = submitted(onestop["procedure"])
    with pytest.raises(ValidationError):
        services.dossier_refuse(user=clerk, dossier=dossier, reason="")
    dossier = services.dossier_refuse(user=clerk, dossier=dossier, reason="Không thuộc thẩm quyền")
    assert dossier.status == Dossier.Status.REFUSED
    with pytest.raises(ValidationError):
        services.dossier_accept(user=clerk, dossier=dossier)


def test_parallel_transfers_bring_the_dossier_back_when_all_have_returned(onestop):
    clerk = onestop["department_user"]
    commune_a, commune_b = onestop["xa_a"]["committee"], onestop["xa_b"]["committee"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    dossier = services.dossier_accept(user=clerk, dossier=dossier, now=at(2014, 3, 24))
    first = services.dossier_transfer(
        user=clerk, dossier=dossier, to=commune_a, days=2, now=at(2014, 3, 25)
    )
    second = services.dossier_transfer(
        user=clerk, dossier=dossier, to=commune_b, days=1, now=at(2014, 3, 25)
    )
    assert first.due_date == date(2014, 3, 27) and second.due_date == date(2014, 3, 26)
    # The commune that received it sees it and returns its part.
    assert visible_dossiers(onestop["xa_a"]["user"]).filter(pk=dossier.pk).exists()
    with pytest.raises(PermissionDenied):
        # Each commune answers for its own part only.
        services.dossier_transfer_return(user=onestop["xa_a"]["user"], transfer=second)
    dossier = services.dossier_transfer_return(user=onestop["xa_a"]["user"], transfer=first)
    assert dossier.status == Dossier.Status.TRANSFERRED
    assert dossier.location == commune_b
    dossier = services.dossier_transfer_return(user=clerk, transfer=second)
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.location == onestop["department"]
    with pytest.raises(PermissionDenied):
        # Its part done, the first commune acts no more on the dossier.
        services.dossier_step_complete(user=onestop["xa_a"]["user"], dossier=dossier)


def test_transfers_in_sequence_each_with_its_own_deadline(onestop):
    clerk = onestop["department_user"]
    commune_a, commune_b = onestop["xa_a"]["committee"], onestop["xa_b"]["committee"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    dossier = services.dossier_accept(user=clerk, dossier=dossier, now=at(2014, 3, 24))
    first = services.dossier_transfer(
        user=clerk, dossier=dossier, to=commune_a, days=1, now=at(2014, 3, 24)
    )
    dossier = services.dossier_transfer_return(
        user=onestop["xa_a"]["user"], transfer=first, now=at(2014, 3, 25)
    )
    assert dossier.status == Dossier.Status.PROCESSING
    # Then, on the first's answer, to the second for 3 working days across the weekend.
    second = services.dossier_transfer(
        user=clerk, dossier=dossier, to=commune_b, days=3, now=at(2014, 3, 27)
    )
    assert (first.due_date, second.due_date) == (date(2014, 3, 25), date(2014, 4, 1))
    dossier.refresh_from_db()
    assert dossier.location == commune_b
    assert visible_dossiers(onestop["xa_b"]["user"]).filter(pk=dossier.pk).exists()
    dossier = services.dossier_transfer_return(
        user=onestop["xa_b"]["user"], transfer=second, now=at(2014, 3, 31)
    )
    assert dossier.status == Dossier.Status.PROCESSING and dossier.location == onestop["department"]
    kinds = list(dossier.events.values_list("kind", "due_date"))
    assert kinds[-4:] == [
        ("transferred", date(2014, 3, 25)),
        ("transfer_returned", None),
        ("transferred", date(2014, 4, 1)),
        ("transfer_returned", None),
    ]


def test_every_step_of_a_dossier_is_in_the_audit_log_with_who_did_it(onestop):
    from wagtail.models import ModelLogEntry

    clerk = onestop["department_user"]
    commune = onestop["xa_a"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    services.dossier_accept(user=clerk, dossier=dossier)
    services.dossier_request_supplement(user=clerk, dossier=dossier, items="Bản sao CCCD")
    services.dossier_supplement_received(user=clerk, dossier=dossier)
    services.dossier_step_complete(user=clerk, dossier=dossier)
    transfer = services.dossier_transfer(
        user=clerk, dossier=dossier, to=commune["committee"], days=2
    )
    services.dossier_transfer_return(user=commune["user"], transfer=transfer)
    services.dossier_apologise(
        user=clerk, dossier=dossier, new_due=date(2099, 1, 5), reason="Chờ ý kiến liên thông"
    )
    services.dossier_result_ready(user=clerk, dossier=dossier)
    services.dossier_return(user=clerk, dossier=dossier, method="online")
    services.dossier_rate(user=CITIZEN, dossier=dossier, rating=3)

    entries = ModelLogEntry.objects.filter(
        content_type__model="dossier", object_id=str(dossier.pk)
    ).order_by("timestamp", "pk")
    assert [(e.action, e.user_id) for e in entries if e.action.startswith("onestop.")] == [
        ("onestop.submit", None),
        ("onestop.accept", clerk.pk),
        ("onestop.supplement", clerk.pk),
        ("onestop.supplement_received", clerk.pk),
        ("onestop.step", clerk.pk),
        ("onestop.transfer", clerk.pk),
        ("onestop.transfer_return", commune["user"].pk),
        ("onestop.apology", clerk.pk),
        ("onestop.result_ready", clerk.pk),
        ("onestop.returned", clerk.pk),
        ("onestop.rated", None),
    ]


def test_a_dossier_about_to_be_late_gets_one_apology(onestop):
    clerk = onestop["department_user"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    services.dossier_accept(user=clerk, dossier=dossier, now=at(2014, 3, 24))
    assert services.apologise_due_dossiers(today=date(2014, 3, 20)) == 0
    assert services.apologise_due_dossiers(today=date(2014, 3, 26)) == 1
    assert services.apologise_due_dossiers(today=date(2014, 3, 26)) == 0
    dossier.refresh_from_db()
    assert dossier.apology_due_date == date(2014, 3, 28)
    assert dossier.deadline == date(2014, 3, 28)
    with pytest.raises(ValidationError):
        services.dossier_apologise(
            user=SYSTEM, dossier=dossier, new_due=date(2014, 4, 30), reason="again"
        )
    assert dossier.events.filter(kind=DossierEvent.Kind.APOLOGY).count() == 1


def test_a_clerk_of_another_commune_can_neither_see_nor_act(onestop):
    own = onestop["xa_a"]
    other = onestop["xa_b"]["user"]
    dossier = services.dossier_record(
        user=own["user"], procedure=own["procedure"], data=APPLICANT, channel="desk"
    )
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.code.startswith("000.A.40.H40-")
    assert list(visible_dossiers(own["user"])) == [dossier]
    assert not visible_dossiers(other).exists()
    with pytest.raises(PermissionDenied):
        services.dossier_result_ready(user=other, dossier=dossier)
    with pytest.raises(PermissionDenied):
        services.dossier_record(
            user=other, procedure=own["procedure"], data=APPLICANT, channel="desk"
        )


def test_the_lookup_needs_the_last_four_digits_of_the_phone(onestop):
    dossier = submitted(onestop["procedure"])
    assert lookup_dossier(dossier.code, "5678") == dossier
    assert lookup_dossier(dossier.code.lower(), "5678") == dossier
    assert lookup_dossier(dossier.code, "5679") is None
    assert lookup_dossier(dossier.code + "9", "5678") is None


def test_each_change_is_notified_by_sms_and_email_through_the_worker(onestop):
    from congso.onestop.notify import MemorySender

    MemorySender.sent.clear()
    dossier = submitted(onestop["procedure"])
    services.dossier_accept(user=onestop["department_user"], dossier=dossier)
    assert Notification.objects.filter(sent_at__isnull=True).count() == 4
    assert send_notifications.call() == 4
    channels = sorted(channel for channel, _to, _body in MemorySender.sent)
    assert channels == ["email", "email", "sms", "sms"]
    assert any(dossier.code in body for _c, _to, body in MemorySender.sent)


def test_personal_data_is_erased_after_the_retention_period(onestop, settings):
    settings.ONESTOP_RETENTION_DAYS = 30
    clerk = onestop["department_user"]
    dossier = submitted(onestop["procedure"], now=at(2014, 3, 24))
    services.dossier_accept(user=clerk, dossier=dossier, now=at(2014, 3, 24))
    services.dossier_result_ready(user=clerk, dossier=dossier, now=at(2014, 3, 26))
    services.dossier_return(user=clerk, dossier=dossier, method="desk", now=at(2014, 3, 27))
    assert services.erase_personal_data_due(now=at(2014, 4, 20)) == 0
    assert services.erase_personal_data_due(now=at(2014, 5, 1)) == 1
    dossier.refresh_from_db()
    assert dossier.identity_number == "" and dossier.phone == "" and not dossier.files.exists()
    assert dossier.code and dossier.finished_on == date(2014, 3, 26)
    assert services.erase_personal_data_due(now=at(2014, 6, 1)) == 0


def test_a_dossier_received_by_a_district_is_finished_by_the_commune_that_took_over(onestop):
    clerk = onestop["department_user"]
    commune = onestop["xa_a"]["committee"]
    dossier = services.dossier_record(
        user=clerk,
        procedure=onestop["procedure"],
        data=APPLICANT,
        channel="desk",
        now=at(2025, 6, 25),
    )
    code, due = dossier.code, dossier.due_date
    dossier = services.dossier_hand_over(user=SYSTEM, dossier=dossier, to=commune)
    assert (dossier.agency, dossier.code, dossier.due_date) == (commune, code, due)
    assert visible_dossiers(onestop["xa_a"]["user"]).filter(pk=dossier.pk).exists()
    services.dossier_result_ready(user=onestop["xa_a"]["user"], dossier=dossier)
