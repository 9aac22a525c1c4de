"""The public pages: the catalogue searched with or without tone marks, a procedure with its
documents and the submit button, online submission with a resumable draft, the receipt with
its QR code, the lookup and the rating."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congso.onestop import services
from congso.onestop.models import Dossier

from .conftest import APPLICANT, pdf
from .factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_the_catalogue_folds_vietnamese(client, onestop):
    for query in ("xuất bản", "xuat ban", "XUAT BAN"):
        response = client.get(reverse("onestop:catalogue"), {"q": query})
        assert "1.001" in response.text
    response = client.get(reverse("onestop:catalogue"), {"q": "khai sinh"})
    assert "Không có thủ tục" in response.text or "No procedure" in response.text


def test_the_catalogue_finds_d_for_the_vietnamese_đ_both_ways(client, onestop):
    procedure = make_procedure(onestop["department"], "1.002", docs=0, steps=0)
    procedure.name = "Đăng ký hoạt động in"
    procedure.fill_derived()
    procedure.save()
    for query in ("đăng ký hoạt động", "dang ky hoat dong", "ĐĂNG KÝ", "Dang ky"):
        response = client.get(reverse("onestop:catalogue"), {"q": query})
        assert "1.002" in response.text, query
        assert "1.001" not in response.text, query


def test_the_catalogue_lists_pages_with_a_constant_number_of_queries(client, onestop):
    department = onestop["department"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("onestop:catalogue")).status_code == 200
        return len(queries)

    few = count()
    for i in range(30):
        make_procedure(department, f"9.{i:03d}", docs=0, steps=0)
    assert count() == few


def test_a_procedure_shows_its_documents_and_the_submit_button(client, onestop):
    procedure = onestop["procedure"]
    response = client.get(reverse("onestop:procedure", args=[procedure.code]))
    assert "Giấy tờ 1" in response.text
    assert reverse("onestop:apply", args=[procedure.code]) in response.text


def test_a_documents_template_downloads_from_the_procedure_page(client, onestop):
    from django.core.files.base import ContentFile

    procedure = onestop["procedure"]
    document = procedure.documents.first()
    document.template.save("mau-to-khai.docx", ContentFile(b"PK mau to khai"), save=True)
    url = reverse("onestop:template", args=[procedure.code, document.pk])
    assert url in client.get(reverse("onestop:procedure", args=[procedure.code])).text
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"PK mau to khai"
    assert "attachment" in response["Content-Disposition"]
    procedure.is_published = False
    procedure.save()
    assert client.get(url).status_code == 404


def _application(procedure, **extra):
    data = {k: v for k, v in APPLICANT.items() if k != "consent"}
    data["consent"] = "on"
    data["phone"] = "0912345678"
    for document in procedure.documents.all():
        data[f"doc_{document.pk}"] = pdf(f"{document.pk}.pdf")
    data.update(extra)
    return data


def test_a_citizen_saves_a_draft_resumes_it_and_submits(client, onestop):
    procedure = onestop["procedure"]
    data = _application(procedure, save="1")
    data.pop("consent")
    response = client.post(reverse("onestop:apply", args=[procedure.code]), data)
    assert response.status_code == 302
    draft_url = response["Location"].split("?")[0]
    dossier = Dossier.objects.get()
    assert dossier.status == Dossier.Status.DRAFT and dossier.files.count() == 2
    assert dossier.access_token in draft_url
    page = client.get(draft_url)
    assert "Nguyễn Văn An" in page.text
    # Submitting without consent is refused, with the reason beside the box.
    response = client.post(draft_url, {**APPLICANT, "consent": "", "submit": "1"})
    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DRAFT
    response = client.post(draft_url, {**APPLICANT, "consent": "on", "submit": "1"})
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    dossier.refresh_from_db()
    assert dossier.code in receipt.text
    assert "<svg" in receipt.text
    assert re.search(r"\d\d/\d\d/\d{4}", receipt.text)


def test_a_bad_upload_is_refused_with_a_message_and_nothing_saved(client, onestop):
    procedure = onestop["procedure"]
    document = procedure.documents.first()
    data = _application(procedure, submit="1")
    data[f"doc_{document.pk}"] = pdf("virus.exe")
    response = client.post(reverse("onestop:apply", args=[procedure.code]), data)
    assert response.status_code == 200
    assert "virus.exe" in response.text
    assert not Dossier.objects.exists()


def test_the_lookup_shows_the_timeline_only_with_the_right_digits(client, onestop):
    procedure = onestop["procedure"]
    draft = services.dossier_draft_save(
        user=AnonymousUser(),
        procedure=procedure,
        data=APPLICANT,
        uploads={d.pk: pdf() for d in procedure.documents.all()},
    )
    dossier = services.dossier_submit(user=AnonymousUser(), dossier=draft)
    url = reverse("onestop:lookup")
    right = client.get(url, {"ma": dossier.code, "so": "5678"})
    assert "Sở Thông tin" in right.text
    wrong_digits = client.get(url, {"ma": dossier.code, "so": "1111"})
    wrong_code = client.get(url, {"ma": dossier.code[:-1] + "9", "so": "5678"})
    assert "Sở Thông tin" not in wrong_digits.text
    message = re.compile(r'role="alert">([^<]+)<')
    assert message.search(wrong_digits.text).group(1) == message.search(wrong_code.text).group(1)


def test_the_lookup_is_rate_limited(client, onestop):
    url = reverse("onestop:lookup")
    for _i in range(10):
        assert client.get(url, {"ma": "X", "so": "1234"}).status_code == 200
    assert client.get(url, {"ma": "X", "so": "1234"}).status_code == 429


def test_the_applicant_rates_once_after_the_result_is_returned(client, onestop):
    clerk = onestop["department_user"]
    dossier = services.dossier_record(
        user=clerk, procedure=onestop["procedure"], data=APPLICANT, channel="desk"
    )
    url = reverse("onestop:rate", args=[dossier.access_token])
    assert client.get(url).status_code == 404
    services.dossier_result_ready(user=clerk, dossier=dossier)
    services.dossier_return(user=clerk, dossier=dossier, method="desk")
    assert client.post(url, {"rating": "2", "comment": "Tốt"}).status_code == 200
    dossier.refresh_from_db()
    assert dossier.rating == 2


def test_an_applicant_at_the_desk_rates_from_the_lookup_with_the_second_factor(client, onestop):
    clerk = onestop["department_user"]
    dossier = services.dossier_record(
        user=clerk, procedure=onestop["procedure"], data=APPLICANT, channel="desk"
    )
    url = reverse("onestop:lookup")
    rating = {"ma": dossier.code, "so": "5678", "rating": "3", "comment": "Nhanh"}
    # Not before the result is returned.
    assert 'name="rating"' not in client.get(url, {"ma": dossier.code, "so": "5678"}).text
    client.post(url, rating)
    services.dossier_result_ready(user=clerk, dossier=dossier)
    services.dossier_return(user=clerk, dossier=dossier, method="post")
    dossier.refresh_from_db()
    assert dossier.rating is None
    # The message of the return tells the applicant where to rate.
    last = dossier.notifications.filter(channel="sms").last()
    assert f"{url}?ma={dossier.code}" in last.body
    assert 'name="rating"' in client.get(url, {"ma": dossier.code, "so": "5678"}).text
    # Not with the wrong digits.
    client.post(url, {**rating, "so": "1111"})
    dossier.refresh_from_db()
    assert dossier.rating is None

    assert 'id="rating-done"' in client.post(url, rating).text
    client.post(url, {**rating, "rating": "1"})
    dossier.refresh_from_db()
    assert (dossier.rating, dossier.rating_comment) == (3, "Nhanh")
    assert dossier.events.filter(kind="rated").count() == 1
    assert 'name="rating"' not in client.get(url, {"ma": dossier.code, "so": "5678"}).text


def test_each_portal_lists_the_procedures_of_its_own_organisation_and_those_under_it(
    client, onestop, settings
):
    from io import StringIO

    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["so.example", "xa-a.example"]
    commune = onestop["xa_a"]["committee"]
    for organisation, host in ((onestop["department"], "so.example"), (commune, "xa-a.example")):
        call_command("portal_create", str(organisation.pk), "--hostname", host, stdout=StringIO())
    own, other = onestop["xa_a"]["procedure"], onestop["xa_b"]["procedure"]

    on_commune = client.get(reverse("onestop:catalogue"), HTTP_HOST="xa-a.example").text
    assert own.code in on_commune
    assert other.code not in on_commune and onestop["procedure"].code not in on_commune
    # The department's portal is the province's: every procedure performed in it.
    on_department = client.get(reverse("onestop:catalogue"), HTTP_HOST="so.example").text
    assert own.code in on_department and other.code in on_department
