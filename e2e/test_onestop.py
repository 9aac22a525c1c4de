"""A citizen submits a dossier online and gets its code; a clerk of the department accepts it in
the back office; the citizen looks it up with the code and the last four digits of the phone.
A commune transfers a dossier to the department, which returns it; the commune returns the
result, and the applicant looks it up and rates the service from the lookup."""

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page (evaluated through the debugging
    protocol, which the CSP does not govern)."""
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run bash scripts/setup", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations"""
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def onestop_setup(transactional_db, settings, tmp_path):
    from congso.core.roles import ensure_roles
    from congso.onestop.tests.factories import make_onestop
    from congso.testing.factories import ProvinceFactory
    from congso.testing.fixtures import make_department, make_two_districts

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ONESTOP_PRIVATE_ROOT = str(tmp_path / "private")
    province = ProvinceFactory(code="40", name="Nghệ An")
    return make_onestop(ensure_roles(), make_department(province), make_two_districts(province))


def _vi(text: str) -> str:
    with translation.override("vi"):
        return translation.gettext(text)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_citizen_submits_online_a_clerk_accepts_and_the_citizen_looks_it_up(
    live_server, page, onestop_setup, password, artifacts, tmp_path
):
    procedure = onestop_setup["procedure"]
    upload = tmp_path / "don.pdf"
    upload.write_bytes(b"%PDF-1.4 don de nghi")

    # The citizen finds the procedure without typing tone marks and submits online.
    page.goto(f"{live_server.url}/dich-vu-cong/?q=xuat+ban")
    assert serious_violations(page) == []
    page.get_by_role("link", name=procedure.name).click()
    assert serious_violations(page) == []
    page.get_by_role("link", name=_vi("Submit online")).click()
    assert serious_violations(page) == []
    page.get_by_label(_vi("Full name")).fill("Nguyễn Thị Mai")
    page.get_by_label(_vi("Identity number")).fill("040190001234")
    page.get_by_label(_vi("Phone")).fill("0912 345 678")
    page.get_by_label(_vi("Address")).fill("Xóm 2, xã Đà Sơn")
    for document in procedure.documents.all():
        page.locator(f"input[name=doc_{document.pk}]").set_input_files(str(upload))
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name=_vi("Submit the dossier")).click()
    code = page.locator("#dossier-code").inner_text()
    assert serious_violations(page) == []
    assert code.startswith("000.00.22.H40-")
    page.screenshot(path=artifacts / "onestop_receipt.png", full_page=True)

    # The department's clerk accepts it from the dossier's page.
    clerk = browser_context_page(page)
    clerk.goto(f"{live_server.url}/admin/login/")
    clerk.fill("input[name=username]", "motcua_so")
    clerk.fill("input[name=password]", password)
    clerk.click("form button[type=submit]")
    clerk.wait_for_url(f"{live_server.url}/admin/")
    clerk.goto(f"{live_server.url}/admin/onestop/dossiers/")
    clerk.get_by_role("link", name=code).click()
    clerk.locator("button[data-action=accept]").click()
    clerk.wait_for_load_state()
    assert _vi("Being processed") in clerk.content()
    clerk.screenshot(path=artifacts / "onestop_accepted.png", full_page=True)

    # The citizen looks it up: the right digits show where it is, wrong ones show nothing.
    page.goto(f"{live_server.url}/dich-vu-cong/tra-cuu/")
    page.get_by_label(_vi("Dossier code")).fill(code)
    page.get_by_label(_vi("Last four digits of the phone number")).fill("1111")
    page.get_by_role("button", name=_vi("Look up"), exact=True).click()
    assert page.locator("#dossier-status").count() == 0
    page.get_by_label(_vi("Last four digits of the phone number")).fill("5678")
    page.get_by_role("button", name=_vi("Look up"), exact=True).click()
    assert page.locator("#dossier-status").inner_text() == _vi("Being processed")
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "onestop_lookup.png", full_page=True)


def browser_context_page(page):
    """A second browser session (the clerk's), beside the citizen's."""
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    clerk = context.new_page()
    clerk.set_default_timeout(15_000)
    return clerk


def _login(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{url}/admin/")


def _action(page, key: str):
    """The form of one action on the dossier's page."""
    return page.locator("form.onestop-action", has=page.locator(f"button[data-action={key}]"))


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_commune_transfers_a_dossier_to_the_province_which_returns_it_then_the_result(
    live_server, page, onestop_setup, password, artifacts
):
    from congso.onestop import services
    from congso.onestop.models import Dossier

    commune = onestop_setup["xa_a"]
    dossier = services.dossier_record(
        user=commune["user"],
        procedure=commune["procedure"],
        data={
            "applicant_name": "Trần Văn Bình",
            "identity_number": "040090005678",
            "phone": "0987 654 321",
            "address": "Xóm 3, xã Đà Sơn",
        },
        channel="desk",
    )
    inspect = f"{live_server.url}/admin/onestop/dossiers/inspect/{dossier.pk}/"
    department = onestop_setup["department"]

    # The commune's officer sends it to the department for its part, with 2 working days.
    _login(page, live_server.url, "xa_a", password)
    page.goto(inspect)
    transfer = _action(page, "transfer")
    transfer.locator("select[name=act-to]").select_option(str(department.pk))
    transfer.locator("input[name=act-days]").fill("2")
    transfer.locator("input[name=act-note]").fill("Xin ý kiến thẩm định của Sở")
    transfer.locator("button[data-action=transfer]").click()
    expect(page.locator("main h2")).to_contain_text(_vi("Transferred to another agency"))
    assert page.locator("button[data-action=transfer_return]").count() == 1

    # The department's clerk finds it in the list and returns it with its opinion.
    clerk = browser_context_page(page)
    _login(clerk, live_server.url, "motcua_so", password)
    clerk.goto(f"{live_server.url}/admin/onestop/dossiers/")
    clerk.get_by_role("link", name=dossier.code).click()
    back = _action(clerk, "transfer_return")
    back.locator("select[name=act-transfer]").select_option(index=1)
    back.locator("input[name=act-note]").fill("Đủ điều kiện")
    back.locator("button[data-action=transfer_return]").click()
    expect(clerk.locator("main h2")).to_contain_text(_vi("Being processed"))
    clerk.screenshot(path=artifacts / "onestop_transfer_returned.png", full_page=True)

    # Back at the commune: the result is ready, then handed to the applicant at the desk.
    page.goto(inspect)
    expect(page.locator("main")).to_contain_text(str(department))
    _action(page, "result_ready").locator("button[data-action=result_ready]").click()
    expect(page.locator("main h2")).to_contain_text(_vi("Result ready"))
    handing = _action(page, "return")
    handing.locator("select[name=act-method]").select_option("desk")
    handing.locator("button[data-action=return]").click()
    expect(page.locator("main h2")).to_contain_text(_vi("Result returned"))
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RETURNED
    assert dossier.transfers.get().returned_at is not None
    assert dossier.events.filter(kind="transfer_returned", note="Đủ điều kiện").exists()

    # The control slip of the whole journey downloads as a PDF from the page.
    with page.expect_download() as download:
        page.locator("a[href$='/pdf/control/']").click()
    assert download.value.suggested_filename.endswith(f"{dossier.code}.pdf")
    page.screenshot(path=artifacts / "onestop_result_returned.png", full_page=True)

    # The applicant looks it up: the result is returned, and the lookup asks for a rating.
    citizen = browser_context_page(page)
    citizen.goto(f"{live_server.url}/dich-vu-cong/tra-cuu/")
    citizen.get_by_label(_vi("Dossier code")).fill(dossier.code)
    citizen.get_by_label(_vi("Last four digits of the phone number")).fill("4321")
    citizen.get_by_role("button", name=_vi("Look up"), exact=True).click()
    expect(citizen.locator("#dossier-status")).to_have_text(_vi("Result returned"))
    citizen.get_by_label(_vi("Very satisfied")).check()
    citizen.get_by_role("button", name=_vi("Send"), exact=True).click()
    expect(citizen.locator("#rating-done")).to_be_visible()
    assert serious_violations(citizen) == []
    citizen.screenshot(path=artifacts / "onestop_rated.png", full_page=True)
    dossier.refresh_from_db()
    assert dossier.rating == Dossier.Rating.VERY_SATISFIED
