import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from ..models import LegalDocumentPage
from .pages_factories import make_document, make_documents_index

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


@pytest.fixture
def index(portals):
    index = make_documents_index(portals["department"])
    make_document(index)
    make_document(
        index,
        number="67/2006/QH11",
        title="Luật Công nghệ thông tin",
        doc_type=LegalDocumentPage.Type.LAW,
        issuing_body="Quốc hội",
        issued_on=dt.date(2006, 6, 29),
        effective_on=dt.date(2007, 1, 1),
        abstract="Luật Công nghệ thông tin.",
        signer="Nguyễn Phú Trọng",
    )
    make_document(
        index,
        number="120/STTTT-BCVT",
        title="Công văn về điểm bưu điện - văn hoá xã",
        doc_type=LegalDocumentPage.Type.OFFICIAL_LETTER,
        issuing_body="Sở Thông tin và Truyền thông Nghệ An",
        issued_on=dt.date(2014, 2, 17),
        effective_on=None,
        abstract="Củng cố điểm bưu điện - văn hoá xã.",
        field="Bưu chính - viễn thông",
        signer="Trần Thị Lan",
    )
    return index


def listed(client, index, **query) -> set[str]:
    response = client.get(index.url, query, HTTP_HOST=HOST)
    assert response.status_code == 200
    return {doc.number for doc in response.context["documents"]}


def test_the_listing_shows_every_document_newest_first(client, index):
    response = client.get(index.url, HTTP_HOST=HOST)
    numbers = [doc.number for doc in response.context["documents"]]
    assert numbers == ["120/STTTT-BCVT", "43/2011/NĐ-CP", "67/2006/QH11"]
    html = response.content.decode()
    assert "17/02/2014" in html and "3 văn bản" in html


def test_search_folds_vietnamese(client, index):
    for query in ("buu dien van hoa", "BƯU ĐIỆN", "bưu điện văn hoá"):
        assert listed(client, index, q=query) == {"120/STTTT-BCVT"}
    assert listed(client, index, q="luat cong nghe") == {"67/2006/QH11"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "luat"}, {"67/2006/QH11"}),
        ({"body": "Quốc hội"}, {"67/2006/QH11"}),
        ({"field": "Bưu chính - viễn thông"}, {"120/STTTT-BCVT"}),
        ({"signer": "Nguyễn Tấn Dũng"}, {"43/2011/NĐ-CP"}),
        ({"number": "43/2011"}, {"43/2011/NĐ-CP"}),
        ({"issued_from": "01/01/2011"}, {"43/2011/NĐ-CP", "120/STTTT-BCVT"}),
        ({"issued_to": "31/12/2010"}, {"67/2006/QH11"}),
        ({"effective_from": "01/01/2011"}, {"43/2011/NĐ-CP"}),
        ({"effective_to": "31/12/2007"}, {"67/2006/QH11"}),
    ],
)
def test_the_listing_filters_by_each_attribute(client, index, query, expected):
    assert listed(client, index, **query) == expected


def test_a_filter_that_does_not_parse_is_ignored_not_an_error(client, index):
    assert len(listed(client, index, issued_from="ngày 32", type="không-có", page="x")) == 3


def test_the_listing_costs_the_same_queries_with_3_and_30_documents(client, index):
    def count():
        client.get(index.url, HTTP_HOST=HOST)
        with CaptureQueriesContext(connection) as queries:
            client.get(index.url, {"q": "van ban"}, HTTP_HOST=HOST)
        return len(queries)

    few = count()
    for number in range(27):
        make_document(index, number=f"{number}/QĐ-UBND", title=f"Văn bản {number}")
    assert count() == few


def test_a_document_page_shows_every_attribute(client, index):
    document = LegalDocumentPage.objects.get(number="67/2006/QH11")
    html = client.get(document.url, HTTP_HOST=HOST).content.decode()
    for text in (
        "67/2006/QH11",
        "Luật",
        "Quốc hội",
        "29/06/2006",
        "01/01/2007",
        "Nguyễn Phú Trọng",
    ):
        assert text in html


def test_only_a_pdf_may_be_attached_and_dates_must_be_in_order(index):
    document = LegalDocumentPage.objects.get(number="67/2006/QH11")
    word = Document.objects.create(title="Tệp Word", file=ContentFile(b"x", name="vb.docx"))
    document.pdf = word
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "PDF" in str(refused.value)
    document.pdf = None
    document.effective_on = dt.date(2000, 1, 1)
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "hiệu lực trước ngày ban hành" in str(refused.value)
