"""A district officer on a phone (390 × 844): every directory screen fits the width, titles are
whole."""

import pytest

PHONE = {"width": 390, "height": 844}
SCREENS = [
    "/admin/",
    "/admin/directory/units/",
    "/admin/directory/organisations/",
    "/admin/directory/clusters/",
    "/admin/directory/people/",
    "/admin/directory/population/",
    "/admin/directory/organisations/new/",
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_directory_screens_fit_a_phone(live_server, phone, district_setup, password, artifacts):
    from congso.testing.factories import OrganisationFactory

    OrganisationFactory(
        name="Đài Truyền thanh - Truyền hình huyện Đô Lương",
        admin_unit=district_setup["doluong"]["unit"],
        parent=district_setup["doluong"]["committee"],
    )
    sign_in(phone, live_server, "doluong", password)
    problems = {}
    for path in SCREENS:
        phone.goto(live_server.url + path)
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("document.documentElement.scrollWidth")
        # The visible title: the dashboard's heading, or the last breadcrumb (the listings'
        # h1 is for screen readers only).
        title = phone.locator("h1:not(.w-sr-only), [data-w-breadcrumbs] li:last-child").last
        cut = title.evaluate(
            "h => h.scrollWidth > h.clientWidth + 1 || h.getBoundingClientRect().right > 390"
        )
        name = path.strip("/").replace("/", "_") or "dashboard"
        phone.screenshot(path=artifacts / f"phone_{name}.png", full_page=True)
        if width > PHONE["width"] or cut:
            problems[path] = {"scrollWidth": width, "title cut": cut}
    assert problems == {}
