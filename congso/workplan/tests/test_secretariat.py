"""The secretariat records a conference, its conclusion and the tasks read out, in one go."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congso.workplan.models import Conclusion, Conference, ConferenceDocument, Notification, Task

pytestmark = pytest.mark.django_db


def _post(client, wp, **extra):
    data = {
        "title": "Giao ban trực tuyến quý II/2014",
        "kind": "online",
        "starts_at": "2014-06-26T08:00",
        "bridge_points": [wp["doluong"].pk, wp["yenthanh"].pk],
        "number": "60/TB-STTTT",
        "issued_on": "2014-06-27",
        "task_0_title": "Báo cáo kết quả một cửa",
        "task_0_lead": wp["doluong"].pk,
        "task_0_deadline": "2030-09-30",
        **extra,
    }
    return client.post(reverse("workplan_secretariat"), data)


def test_a_conference_its_conclusion_and_tasks_in_one_save(client, wp):
    client.force_login(wp["so"])
    assert client.get(reverse("workplan_secretariat")).status_code == 200
    response = _post(client, wp, task_1_title="Rà soát BTS", task_1_lead=wp["yenthanh"].pk)
    assert response.status_code == 302, response.context["form"].errors
    conference = Conference.objects.get()
    assert conference.bridge_points.count() == 2
    conclusion = Conclusion.objects.get()
    assert conclusion.conference == conference
    assert set(Task.objects.values_list("lead_organisation", "conclusion")) == {
        (wp["doluong"].pk, conclusion.pk),
        (wp["yenthanh"].pk, conclusion.pk),
    }
    assert Notification.objects.filter(recipient=wp["doluong_user"]).count() == 1


def test_a_task_without_a_lead_saves_nothing(client, wp):
    client.force_login(wp["so"])
    response = _post(client, wp, task_1_title="Thiếu đơn vị")
    assert response.status_code == 200
    assert not Conference.objects.exists() and not Task.objects.exists()


def test_a_district_may_not_record_a_conference(client, wp):
    client.force_login(wp["doluong_user"])
    _post(client, wp)
    assert not Conference.objects.exists()


def test_each_task_read_out_gets_its_cooperating_organisations(client, wp):
    client.force_login(wp["so"])
    page = client.get(reverse("workplan_secretariat")).content.decode()
    assert 'name="task_0_cooperating_0"' in page
    response = _post(
        client,
        wp,
        task_0_cooperating_0=wp["yenthanh"].pk,
        task_0_cooperating_1=wp["vnpt"].pk,
        task_0_cooperating_2=wp["yenthanh"].pk,  # twice: once
        task_1_title="Rà soát BTS",
        task_1_lead=wp["yenthanh"].pk,
        task_1_cooperating_0=wp["yenthanh"].pk,  # the lead itself: not cooperating
    )
    assert response.status_code == 302, response.context["form"].errors
    first, second = Task.objects.order_by("pk")
    assert set(first.cooperating.all()) == {wp["yenthanh"], wp["vnpt"]}
    assert not second.cooperating.exists()


def test_a_forged_cooperating_organisation_is_refused_and_nothing_is_saved(client, wp):
    client.force_login(wp["so"])
    response = _post(client, wp, task_0_cooperating_0=987654)
    assert response.status_code == 200
    assert response.context["form"].errors["task_0_cooperating_0"]
    assert not Conference.objects.exists() and not Task.objects.exists()


def test_a_district_cannot_name_another_district_as_cooperating(wp):
    from django.core.exceptions import PermissionDenied

    from congso.workplan import services

    with pytest.raises(PermissionDenied):
        services.task_assign(
            user=wp["doluong_user"],
            data={
                "title": "Phối hợp",
                "lead_organisation": wp["doluong_division"],
                "source": Task.Source.DOCUMENT,
                "source_document": "Kế hoạch",
            },
            cooperating=[wp["yenthanh"]],
        )
    assert not Task.objects.exists()


def test_the_documents_of_the_conference_are_attached_with_it(client, wp):
    client.force_login(wp["so"])
    response = _post(
        client,
        wp,
        document_0_title="Chương trình hội nghị",
        document_0_file=SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 agenda"),
        document_1_file=SimpleUploadedFile("bien-ban.docx", b"minutes"),
    )
    assert response.status_code == 302, response.context["form"].errors
    conference = Conference.objects.get()
    documents = {d.title: d.file.read() for d in conference.documents.order_by("pk")}
    assert documents == {"Chương trình hội nghị": b"%PDF-1.4 agenda", "bien-ban.docx": b"minutes"}


def test_a_document_of_a_forbidden_kind_or_without_its_file_saves_nothing(client, wp):
    client.force_login(wp["so"])
    script = SimpleUploadedFile("virus.exe", b"MZ")
    response = _post(client, wp, document_0_title="Tệp lạ", document_0_file=script)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = _post(client, wp, document_0_title="Biên bản")
    assert response.status_code == 200
    assert response.context["form"].errors["document_0_file"]
    assert not Conference.objects.exists() and not ConferenceDocument.objects.exists()
    assert not Task.objects.exists()
