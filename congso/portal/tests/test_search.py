"""The portals' Vietnamese full-text search: folding, phrases, ranking, sites, paging and
hostile queries, on whichever database the suite runs (SQLite or PostgreSQL)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..models import PortalSearchEntry
from ..search.results import search
from ..search.text import fold_with_offsets, highlight, parse_query
from .factories import make_article, news_section

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


def _paragraphs(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _titles(client, query, host=HOST, **params):
    response = client.get("/tim-kiem/", {"q": query, **params}, HTTP_HOST=host)
    assert response.status_code == 200
    hits = response.context["results"] or []
    # Sections are found too ("Chuyển đổi số"); these tests look at the articles.
    return response, [hit.entry.title for hit in hits if hit.entry.kind == "articlepage"]


@pytest.fixture
def news(portals):
    department = portals["department"]
    return {
        "doluong": make_article(
            department,
            title="Đô Lương triển khai chuyển đổi số",
            lead="Huyện Đô Lương họp bàn kế hoạch năm 2014.",
            body=_paragraphs("Đồng chí Chủ tịch UBND huyện chủ trì hội nghị trực tuyến."),
        ),
        "hoinghi": make_article(
            department,
            title="Hội nghị giao ban quý I",
            lead="Sở tổ chức hội nghị giao ban.",
            body=_paragraphs("Các đơn vị báo cáo kết quả, đề xuất giải pháp đường truyền."),
        ),
        "duong": make_article(
            department,
            title="Nâng cấp đường truyền số liệu chuyên dùng",
            lead="Đường truyền đến cấp xã.",
            body=_paragraphs("Mạng truyền số liệu chuyên dùng phục vụ các cơ quan Đảng."),
        ),
        "yenthanh": make_article(
            portals["yenthanh"],
            title="Yên Thành: hội nghị chuyển đổi số",
            lead="Huyện Yên Thành triển khai đường truyền.",
        ),
    }


def test_folding_maps_every_folded_character_back_to_the_original():
    folded, origin = fold_with_offsets("Đường TRUYỀN số")
    assert folded == "duong truyen so"
    assert [origin[i] for i in range(len(folded))] == list(range(len("Đường TRUYỀN số")))


def test_a_query_finds_the_same_articles_with_or_without_diacritics(client, news):
    with_marks = _titles(client, "chuyển đổi số")[1]
    without = _titles(client, "chuyen doi so")[1]
    upper = _titles(client, "CHUYEN ĐOI SO")[1]
    assert with_marks == without == upper
    assert "Đô Lương triển khai chuyển đổi số" in with_marks


def test_d_and_đ_match_each_other(client, news):
    assert _titles(client, "do luong")[1] == _titles(client, "Đô Lương")[1] != []
    assert "Đô Lương triển khai chuyển đổi số" in _titles(client, "dô lương")[1]


def test_a_quoted_phrase_matches_as_a_phrase(client, news):
    # "truyen so" as words: both articles with "đường truyền số liệu" and "truyền ... số"
    phrase = _titles(client, '"truyền số liệu"')[1]
    assert set(phrase) == {"Nâng cấp đường truyền số liệu chuyên dùng"}
    assert set(_titles(client, '"so lieu truyen"')[1]) == set()
    assert len(_titles(client, "so lieu truyen")[1]) == 1


def test_a_match_in_the_title_ranks_before_a_match_in_the_body(client, news):
    titles = _titles(client, "duong truyen")[1]
    assert titles[0] == "Nâng cấp đường truyền số liệu chuyên dùng"
    assert "Hội nghị giao ban quý I" in titles


def test_titles_and_snippets_are_highlighted_on_the_original_text(client, news):
    response, _titles_found = _titles(client, "truyen so")
    html = response.content.decode()
    assert "<mark>truyền</mark>" in html
    assert "<mark>Đường</mark>" not in html
    assert "Nâng cấp đường <mark>truyền</mark> <mark>số</mark> liệu" in html


def test_highlight_escapes_the_text_and_cuts_a_window_around_the_first_match():
    parsed = parse_query("đỏ")
    long_text = "<b>" + "chữ " * 200 + "Cờ ĐỎ sao vàng" + " chữ" * 200
    snippet = highlight(long_text, parsed, width=80)
    assert "&lt;b&gt;" not in snippet  # the start is cut away
    assert "<mark>ĐỎ</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert highlight("<b>đỏ</b>", parsed) == "&lt;b&gt;<mark>đỏ</mark>&lt;/b&gt;"


def test_a_portal_searches_only_its_own_site(client, news, portals):
    assert _titles(client, "Yên Thành")[1] == []
    host = portals["yenthanh"].site.hostname
    assert _titles(client, "Yên Thành", host=host)[1] == ["Yên Thành: hội nghị chuyển đổi số"]
    assert "Đô Lương" not in " ".join(_titles(client, "chuyen doi so", host=host)[1])


def test_the_department_portal_searches_every_portal_on_request(client, news, portals):
    response, titles = _titles(client, "chuyen doi so", pham_vi="tat-ca")
    assert set(titles) == {"Đô Lương triển khai chuyển đổi số", "Yên Thành: hội nghị chuyển đổi số"}
    html = response.content.decode()
    assert f"http://{portals['yenthanh'].site.hostname}/" in html  # the other portal's address
    # a district portal cannot widen its search
    host = portals["yenthanh"].site.hostname
    assert _titles(client, "Đô Lương", host=host, pham_vi="tat-ca")[1] == []


def test_results_are_paged_with_a_constant_number_of_queries(client, portals):
    department = portals["department"]
    for number in range(23):
        make_article(department, title=f"Thông báo số {number}", lead="Tin tuyển sinh.")
    first = _titles(client, "tuyen sinh")[1]
    third = _titles(client, "tuyen sinh", page=3)[1]
    assert len(first) == 10 and len(third) == 3
    assert not set(first) & set(third)
    assert _titles(client, "tuyen sinh", page=99)[1] == third  # past the end: the last page
    assert _titles(client, "tuyen sinh", page="x")[1] == first

    def queries(page):
        client.get("/tim-kiem/", {"q": "tuyen sinh", "page": page}, HTTP_HOST=HOST)
        with CaptureQueriesContext(connection) as captured:
            client.get("/tim-kiem/", {"q": "tuyen sinh", "page": page}, HTTP_HOST=HOST)
        return len(captured)

    assert queries(1) == queries(3)


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        " ".join(["hội nghị"] * 300),
        '"hội nghị',
        'hội" nghị"" "',
        "NEAR(hoi nghi) OR title:hoi AND NOT -nghi*",
        "hoi ^nghi {title body}: (a OR b",
        "'; DROP TABLE portal_portalsearchentry; --",
        "hội & nghị | !giao <-> ban :* \\",
        "\x00\u200b",
        "🙂",
    ],
)
def test_hostile_queries_get_an_answer_never_an_error(client, news, query):
    response = client.get("/tim-kiem/", {"q": query}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert PortalSearchEntry.objects.filter(kind="articlepage").count() == 4


def test_a_query_without_words_and_a_long_query_get_a_clear_message(client, news):
    html = client.get("/tim-kiem/", {"q": "*** ()"}, HTTP_HOST=HOST).content.decode()
    assert "Enter at least one word" in html or "nhập ít nhất một từ" in html
    html = client.get("/tim-kiem/", {"q": "hội nghị " * 50}, HTTP_HOST=HOST).content.decode()
    assert "only its first words" in html or "chỉ những từ đầu" in html


def test_unpublishing_moving_and_deleting_keep_the_index_in_step(client, news, portals):
    article = news["duong"]
    article.refresh_from_db()
    article.unpublish()
    assert "Nâng cấp đường truyền số liệu chuyên dùng" not in _titles(client, "so lieu")[1]
    article.save_revision().publish()
    assert "Nâng cấp đường truyền số liệu chuyên dùng" in _titles(client, "so lieu")[1]
    # moved to a district's portal: found there, no longer on the department's
    article.move(news_section(portals["doluong"]), pos="last-child")
    assert _titles(client, "so lieu")[1] == []
    host = portals["doluong"].site.hostname
    assert _titles(client, "so lieu", host=host)[1] == ["Nâng cấp đường truyền số liệu chuyên dùng"]
    article.refresh_from_db()
    article.delete()
    assert _titles(client, "so lieu", host=host)[1] == []


def test_a_draft_is_not_found(client, portals):
    make_article(portals["department"], title="Bản nháp bí mật", publish=False)
    assert _titles(client, "ban nhap")[1] == []


def test_reindex_rebuilds_the_index_from_the_published_pages(client, news):
    PortalSearchEntry.objects.all().delete()
    assert _titles(client, "hoi nghi")[1] == []
    call_command("portal_reindex", verbosity=0)
    assert len(_titles(client, "hoi nghi")[1]) == 2
    assert PortalSearchEntry.objects.filter(kind="articlepage").count() == 4
    assert PortalSearchEntry.objects.filter(kind="sectionpage").exists()


def test_the_search_function_is_usable_without_a_request(news, portals):
    results = search(parse_query('"chuyển đổi số"'), None)
    titles = {hit.entry.title for hit in results}
    assert {"Đô Lương triển khai chuyển đổi số", "Yên Thành: hội nghị chuyển đổi số"} <= titles
    assert "Chuyển đổi số" in titles  # the sections of that name
