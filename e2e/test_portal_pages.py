"""A citizen asks a question on the department's portal, an editor answers it in the back
office, the editorial board approves it, and the pair appears on the portal; axe-core finds no
serious or critical violation on the introduction, legal-document and Q&A pages nor on the
board's statistics of the portal, and the Content-Security-Policy refuses nothing on them."""

import datetime as dt
import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
QUESTION_TITLE = "Sóng di động ở xóm Bãi"
ANSWER = "Sở đã đề nghị doanh nghiệp lắp trạm phát sóng trong quý II."


@pytest.fixture
def portal_pages(district_setup):
    from congso.directory.models import Organisation, Person
    from congso.portal.bootstrap import ensure_wagtail_tree
    from congso.portal.models import LegalDocumentPage
    from congso.portal.tests.factories import make_portal
    from congso.portal.tests.pages_factories import (
        make_document,
        make_documents_index,
        make_intro,
        make_qa_page,
        make_spokesperson_page,
    )
    from congso.testing.factories import OrganisationFactory, PersonFactory

    ensure_wagtail_tree()
    department = Organisation.objects.get(kind=Organisation.Kind.DEPARTMENT)
    portal = make_portal(
        department, hostname="localhost", is_default=True, editor="bt_so", board="bbt_so"
    )
    office = OrganisationFactory(
        name="Văn phòng Sở",
        kind=Organisation.Kind.DIVISION,
        admin_unit=department.admin_unit,
        parent=department,
    )
    PersonFactory(
        organisation=department,
        full_name="Nguyễn Văn Hùng",
        position=Person.Position.DIRECTOR,
        duties="Phụ trách chung.",
        biography="Sinh năm 1962.",
        is_spokesperson=True,
    )
    PersonFactory(
        organisation=office, full_name="Võ Thị Thu Hà", position=Person.Position.CHIEF_OF_OFFICE
    )
    make_intro(portal, functions="<p>Tham mưu quản lý nhà nước.</p>", history="<p>Lịch sử.</p>")
    index = make_documents_index(portal)
    for number in range(3):
        make_document(
            index,
            number=f"{number + 1}/QĐ-UBND",
            doc_type=LegalDocumentPage.Type.DECISION,
            issued_on=dt.date(2014, 3, number + 1),
            effective_on=None,
        )
    make_spokesperson_page(portal, press_info="<p>Liên hệ báo chí.</p>")
    return {"portal": portal, "qa": make_qa_page(portal)}


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def open_question(page, live_server):
    page.goto(f"{live_server.url}/admin/portal/questions/")
    page.get_by_role("link", name=QUESTION_TITLE).first.click()
    page.wait_for_url("**/admin/portal/questions/edit/**")


def save(page):
    page.locator("main form[method=post i] button[type=submit]").first.click()
    page.wait_for_url("**/admin/portal/questions/")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_citizens_question_is_answered_and_published(
    live_server, browser, portal_pages, password, artifacts, monkeypatch
):
    from congso.portal import views_pages

    monkeypatch.setattr(views_pages, "MIN_FILL_SECONDS", 1)
    qa_url = live_server.url + portal_pages["qa"].url

    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(qa_url)
    citizen.get_by_role("link", name="Gửi câu hỏi").click()
    citizen.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    citizen.get_by_label("Email").fill("an@example.org")
    citizen.get_by_label("Tiêu đề câu hỏi").fill(QUESTION_TITLE)
    citizen.get_by_label("Nội dung câu hỏi").fill(
        "Xóm Bãi chưa có sóng điện thoại di động ổn định, xin hỏi khi nào có?"
    )
    citizen.wait_for_timeout(1200)  # a person takes longer than a robot to fill the form
    citizen.get_by_role("button", name="Gửi câu hỏi").click()
    citizen.get_by_text("Câu hỏi của bạn đã được gửi").wait_for()
    citizen.goto(qa_url)
    assert QUESTION_TITLE not in citizen.content()

    staff = browser.new_context(locale="vi-VN").new_page()
    sign_in(staff, live_server, "bt_so", password)
    open_question(staff, live_server)
    assert staff.locator("#id_decision").count() == 0  # an editor answers, does not publish
    staff.fill("#id_answer", ANSWER)
    save(staff)
    citizen.goto(qa_url)
    assert ANSWER not in citizen.content()  # awaiting the board's approval

    board = browser.new_context(locale="vi-VN").new_page()
    sign_in(board, live_server, "bbt_so", password)
    open_question(board, live_server)
    assert board.locator("#id_answer").input_value() == ANSWER
    board.select_option("#id_decision", "publish")
    save(board)
    board.screenshot(path=artifacts / "portal_pages_questions.png", full_page=True)

    citizen.goto(qa_url)
    assert QUESTION_TITLE in citizen.content() and ANSWER in citizen.content()
    citizen.screenshot(path=artifacts / "portal_pages_qa.png", full_page=True)


def scan(page, axe_source) -> list[str]:
    page.evaluate(axe_source)  # through the debugging protocol: the CSP does not apply
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations"""
    )
    return [
        f"[{v['impact']}] {v['id']}: {v['help']} at "
        + ", ".join(json.dumps(node["target"]) for node in v["nodes"])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_portal_pages_pass_axe_core(live_server, page, portal_pages, artifacts, password):
    from congso.portal.tests.factories import make_article
    from congso.portal.tests.pages_factories import make_question

    make_question(portal_pages["portal"], answer="Trả lời.", publish=True)
    article = make_article(portal_pages["portal"], title="Hội nghị giao ban quý I")
    board = portal_pages["portal"].users["board"]
    board.set_password(password)
    board.save(update_fields=["password"])
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}: run `bash scripts/setup`.", pytrace=False)
    axe_source = AXE.read_text(encoding="utf-8")
    refused = []  # what the Content-Security-Policy blocked (no inline script nor style)
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    findings = []
    for path in (
        "/gioi-thieu/",
        "/van-ban/",
        "/van-ban/?q=van+ban&type=quyet-dinh",
        "/hoi-dap/",
        "/hoi-dap/gui-cau-hoi/",
        "/nguoi-phat-ngon/",
    ):
        response = page.goto(live_server.url + path)
        assert response.ok, path
        findings += [f"{path} {finding}" for finding in scan(page, axe_source)]
        name = path.strip("/").split("?")[0].replace("/", "_")
        page.screenshot(path=artifacts / f"a11y_portal_{name}.png", full_page=True)
    # The editorial board's statistics of the portal: a bar chart of views and the ratings.
    # counted as the article's pixel is, not opened as a document of its own
    assert page.request.get(f"{live_server.url}/luot-xem/{article.pk}/").ok
    sign_in(page, live_server, board.username, password)
    response = page.goto(f"{live_server.url}/admin/portal-statistics/?days=90")
    assert response.ok
    assert page.locator("main svg").count() >= 1
    findings += [f"statistics {finding}" for finding in scan(page, axe_source)]
    page.screenshot(path=artifacts / "a11y_portal_statistics.png", full_page=True)
    print("\n".join(findings))
    assert findings == []
    assert refused == []
