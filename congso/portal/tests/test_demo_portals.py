from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from congso.portal.demo import CONFERENCE_CAPTION
from congso.portal.models import ArticlePage, Portal

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_the_conference_article_on_the_department_portal(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert site.portal.organisation.kind == "department"
    article = ArticlePage.objects.live().get(slug__startswith="hoi-nghi-truc-tuyen")
    assert article.get_site() == site
    html = client.get(article.url, HTTP_HOST="127.0.0.1").content.decode()
    assert "Thứ năm, 27/03/2014 10:50" in html
    assert CONFERENCE_CAPTION in html
    for figure in ("971,8", "30,95", "40.532.154", "154,5", "1.433", "811.928", "27,7"):
        assert figure in html
    home = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    assert article.title in home


def test_the_demo_gives_each_cluster_lead_district_a_portal(demo):
    names = set(Portal.objects.values_list("organisation__name", flat=True))
    for district in ("Yên Thành", "Tương Dương", "Quỳnh Lưu"):
        assert f"UBND huyện {district}" in names
        portal = Portal.objects.get(organisation__name=f"UBND huyện {district}")
        assert ArticlePage.objects.live().descendant_of(portal.site.root_page).count() >= 3


def test_running_the_demo_twice_adds_no_portal_or_article(demo):
    counts = (Portal.objects.count(), ArticlePage.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Portal.objects.count(), ArticlePage.objects.count()) == counts


def test_the_demo_publishes_the_departments_pages(client, demo):
    pages = {
        path: client.get(path, HTTP_HOST="127.0.0.1").content.decode()
        for path in ("/", "/gioi-thieu/", "/van-ban/", "/hoi-dap/", "/nguoi-phat-ngon/")
    }
    assert "Cổng Dịch vụ công quốc gia" in pages["/"] and "Phòng Công nghệ thông tin" in pages["/"]
    intro = pages["/gioi-thieu/"]
    assert "Nguyễn Văn Hùng" in intro and "Phòng Bưu chính - Viễn thông" in intro
    assert "dữ liệu mẫu" in intro  # sample duties and biography say so
    assert "43/2011/NĐ-CP" in pages["/van-ban/"]
    assert "Thủ tục cấp giấy phép trang thông tin điện tử tổng hợp" in pages["/hoi-dap/"]
    assert "Tập huấn cán bộ quản trị" not in pages["/hoi-dap/"]  # still awaiting its answer
    assert "Võ Thị Thu Hà" in pages["/nguoi-phat-ngon/"]
