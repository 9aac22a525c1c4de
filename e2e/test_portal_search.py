"""The portal's search page in a browser: typed without diacritics it finds the article, shows
its highlighted snippet and pages, and axe-core finds no serious or critical violation on it."""

import pytest
from test_accessibility import FAILING_IMPACTS, axe_source, scan  # noqa: F401 (fixture)


@pytest.fixture
def portal_with_news(district_setup):
    from congso.directory.models import Organisation
    from congso.portal.tests.factories import make_article, make_portal, make_wagtail_tree

    make_wagtail_tree()  # the browser tests' database is emptied between tests
    department = Organisation.objects.get(kind=Organisation.Kind.DEPARTMENT)
    portal = make_portal(department, hostname="localhost", is_default=True)
    make_article(
        portal,
        title="Hội nghị trực tuyến sơ kết quý I",
        lead="Sở Thông tin và Truyền thông tổ chức hội nghị trực tuyến với các huyện.",
        body=[("paragraph", "<p>Đồng chí Giám đốc Sở chủ trì hội nghị tại điểm cầu tỉnh.</p>")],
    )
    for number in range(12):
        make_article(portal, title=f"Thông báo tuyển dụng đợt {number}", lead="Tuyển dụng.")
    return portal


def test_search_without_diacritics_finds_highlights_pages_and_passes_axe(
    page,
    live_server,
    portal_with_news,
    axe_source,  # noqa: F811 (the fixture)
):
    page.goto(f"{live_server.url}/")
    page.click("a.site-search")
    page.fill("#search-q", "hoi nghi truc tuyen")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".search-results")
    first = page.locator(".search-result").first
    assert "Hội nghị trực tuyến sơ kết quý I" in first.inner_text()
    assert first.locator("mark").first.inner_text() in ("Hội", "Hội nghị trực tuyến")
    findings = scan(page, axe_source, "visitor", "search results")
    page.goto(f"{live_server.url}/tim-kiem/?q=tuyen+dung")
    page.click("a[rel=next]")
    page.wait_for_selector(".search-results")
    assert "Trang 2" in page.inner_text(".pager") or "Page 2" in page.inner_text(".pager")
    findings += scan(page, axe_source, "visitor", "search, page 2")
    page.goto(f"{live_server.url}/tim-kiem/?q=%22%2A%2A%2A")
    findings += scan(page, axe_source, "visitor", "search, refused query")
    gating = [f for f in findings if f.impact in FAILING_IMPACTS]
    assert not gating, "\n".join(map(str, gating))
