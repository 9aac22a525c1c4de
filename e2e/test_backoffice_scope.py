"""A district officer signs in to the back office and sees only their district's bodies."""

import pytest
from django.utils import translation


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_district_officer_sees_only_own_districts_organisations(
    live_server, page, district_setup, password, artifacts
):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "doluong")
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    # The menu speaks the site's language; ask the catalogue rather than hard-code a label.
    with translation.override("vi"):
        directory, organisations = (
            translation.gettext("Directory"),
            translation.gettext("Organisations"),
        )
    page.get_by_role("button", name=directory).click()
    page.get_by_role("link", name=organisations, exact=True).click()
    page.wait_for_url("**/admin/directory/organisations/")

    table = page.locator("table.listing")
    table.wait_for()
    names = table.locator("tbody tr td:first-child").all_inner_texts()
    page.screenshot(path=artifacts / "backoffice_scope_doluong.png", full_page=True)

    assert any("UBND huyện Đô Lương" in name for name in names), names
    assert any("Phòng Văn hoá và Thông tin huyện Đô Lương" in name for name in names), names
    assert not any("Yên Thành" in name for name in names), names
    assert "Yên Thành" not in page.content()
