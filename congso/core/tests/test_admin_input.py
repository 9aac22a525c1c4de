"""Wagtail's own screens given junk: a search of a thousand words, ids that cannot be keys, a
form posted without its fields. Each answers as for any wrong input, never 500."""

import json

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search import index

from congso.core.backoffice.middleware import AdminInputMiddleware

pytestmark = pytest.mark.django_db

THOUSAND_WORDS = " ".join(["a"] * 1000)


@pytest.fixture
def admin_client_500(client, admin_user):
    client.force_login(admin_user)
    client.raise_request_exception = False
    return client


@pytest.fixture
def document():
    document = get_document_model()(title="Báo cáo quý I năm 2014")
    document.file.save("bao-cao.txt", ContentFile(b"971,8"), save=True)
    index.insert_or_update_object(document)  # the signal's update waits for a commit
    return document


def _seen_query(path, query):
    seen = {}

    def view(request):
        seen["q"] = request.GET.getlist("q")
        seen["other"] = request.GET.get("p")
        return HttpResponse()

    AdminInputMiddleware(view)(RequestFactory().get(path, {"q": query, "p": "2"}))
    return seen


def test_an_admin_search_reaches_wagtail_cut_to_eight_words():
    words = " ".join(f"w{i}" for i in range(20))
    seen = _seen_query("/admin/documents/", words)
    assert seen == {"q": [" ".join(f"w{i}" for i in range(8))], "other": "2"}


def test_an_admin_search_is_cut_to_two_hundred_characters():
    seen = _seen_query("/admin/pages/search/", "x" * 2000)
    assert seen["q"] == ["x" * 200]


def test_a_short_search_and_the_public_site_are_left_alone():
    assert _seen_query("/admin/documents/", "Đô Lương")["q"] == ["Đô Lương"]
    assert _seen_query("/tim-kiem/", THOUSAND_WORDS)["q"] == [THOUSAND_WORDS]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/",
        "/admin/images/",
        "/admin/images/chooser/results/",
        "/admin/pages/search/",
        "/admin/choose-page/search/",
    ],
)
def test_a_search_of_a_thousand_words_answers_a_listing(admin_client_500, url):
    assert admin_client_500.get(url, {"q": THOUSAND_WORDS}).status_code == 200


def test_a_long_document_search_still_finds_by_its_first_words(admin_client_500, document):
    query = " ".join(["Báo cáo"] * 500)  # a thousand words, each in the title
    response = admin_client_500.get("/admin/documents/", {"q": query})
    assert response.status_code == 200
    assert document.title in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/chooser/chosen/abc/",
        "/admin/documents/chooser/chosen-multiple/?id=abc",
        "/admin/images/chooser/chosen/abc/",
        "/admin/images/chooser/chosen-multiple/?id=1&id=abc",
        "/admin/choose-page/chosen-multiple/?id=abc",
        "/admin/api/main/pages/find/?id=abc",
        "/admin/api/main/documents/find/?id=abc",
        "/admin/api/main/images/find/?id=-",
    ],
)
def test_choosing_by_an_id_that_cannot_be_a_key_is_not_found(admin_client_500, url):
    assert admin_client_500.get(url).status_code == 404


def test_choosing_by_real_ids_still_answers_the_choice(admin_client_500, document):
    response = admin_client_500.get(f"/admin/documents/chooser/chosen/{document.pk}/")
    assert response.status_code == 200
    assert json.loads(response.text)["result"]["title"] == document.title
    home = Page.objects.get(depth=2)
    response = admin_client_500.get(f"/admin/choose-page/chosen-multiple/?id={home.pk}")
    assert [page["id"] for page in json.loads(response.text)["result"]] == [home.pk]
    response = admin_client_500.get(f"/admin/api/main/pages/find/?id={home.pk}")
    assert response.status_code == 302


def test_an_external_link_posted_without_its_url_is_refused_with_a_message(admin_client_500):
    response = admin_client_500.post("/admin/choose-external-link/", {})
    assert response.status_code == 200
    assert json.loads(response.text)["step"] == "external_link"
    response = admin_client_500.post(
        "/admin/choose-external-link/", {"external-link-chooser-url": "https://nghean.gov.vn/"}
    )
    assert json.loads(response.text)["step"] == "external_link_chosen"
