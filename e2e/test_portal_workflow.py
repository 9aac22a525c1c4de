"""An article's way through a district portal's editorial workflow, in the browser: the editor
submits, the board asks for changes with a comment, the editor sees it, fixes and resubmits,
the board approves, and the article is on the portal and in its section. An editor of another
district cannot open it."""

import re
import time

import pytest
from django.utils import translation

TITLE = "Hội nghị giao ban công tác thông tin tháng 4"


@pytest.fixture
def portal_browser(browser):
    """The session's Chromium, which sends every *.congso.local host to the live server (one
    Playwright per process: a second one would run inside the first one's event loop)."""
    return browser


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def sign_in(browser, live_server, username, password):
    page = new_page(browser)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def vi(text: str) -> str:
    with translation.override("vi"):
        return translation.gettext(text)


def wait_until(condition, seconds: float = 30.0) -> None:
    """Wait for what a click set off on the server (the browser does not say when it is done)."""
    from django.db import OperationalError

    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except OperationalError:  # the live server is writing (SQLite locks the table)
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the server did not do it in time")
        time.sleep(0.25)


def state_of(page) -> str | None:
    from wagtail.models import WorkflowState

    state = WorkflowState.objects.filter(object_id=str(page.pk)).order_by("-created_at").first()
    return state.status if state else None


@pytest.fixture
def district_portals(district_setup):
    from congso.portal.tests.factories import make_portal, make_wagtail_tree

    make_wagtail_tree()
    return {
        "doluong": make_portal(
            district_setup["doluong"]["committee"], editor="bt_dl", board="bbt_dl"
        ),
        "yenthanh": make_portal(district_setup["yenthanh"]["committee"], editor="bt_yt"),
    }


def workflow_action(page, label: str, comment: str | None = None):
    """Click a workflow action of the editor's footer menu (opening the menu first)."""
    exact = {"exact": True} if isinstance(label, str) else {}
    button = page.get_by_role("button", name=label, **exact)
    if not button.is_visible():
        page.locator(
            "footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]"
        ).first.click()
    if not button.is_visible():
        names = page.locator("footer button").all_inner_texts()
        raise AssertionError(f"no {label!r} among {names}")
    button.click()
    if comment is not None:
        page.locator("textarea[name=comment]").fill(comment)
        page.locator(
            ".modal form button[type=submit], .w-dialog form button[type=submit]"
        ).first.click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_article_is_rejected_fixed_approved_and_published(
    live_server, portal_browser, district_portals, password, artifacts
):
    from congso.portal.models import ArticlePage
    from congso.portal.tests.factories import news_section

    doluong = district_portals["doluong"]
    section = news_section(doluong)
    port = live_server.url.rsplit(":", 1)[1]
    site = f"http://{doluong.site.hostname}:{port}"

    editor = sign_in(portal_browser, live_server, "bt_dl", password)
    editor.goto(f"{live_server.url}/admin/pages/add/portal/articlepage/{section.pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_lead", "Sáng nay, Phòng Văn hoá và Thông tin huyện giao ban công tác.")
    workflow_action(
        editor, vi("Submit to %(workflow_name)s") % {"workflow_name": "Phê duyệt của Ban biên tập"}
    )
    editor.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/|.*/admin/pages/\d+/$"))
    wait_until(lambda: ArticlePage.objects.filter(title=TITLE).exists())
    article = ArticlePage.objects.get(title=TITLE)
    wait_until(lambda: state_of(article) == "in_progress")
    assert not article.live

    board = sign_in(portal_browser, live_server, "bbt_dl", password)
    assert TITLE in board.content()  # awaiting their review on the dashboard
    board.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    workflow_action(board, vi("Request changes"), "Cần ghi rõ thời gian và địa điểm.")
    wait_until(lambda: state_of(article) == "needs_changes")

    editor.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    editor.goto(f"{live_server.url}/admin/pages/{article.pk}/workflow_history/")
    editor.locator("a[href*='/workflow_history/detail/']").first.click()
    editor.wait_for_url(re.compile(r".*/workflow_history/detail/\d+/"))
    editor.wait_for_selector("text=Cần ghi rõ thời gian và địa điểm.")
    editor.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    editor.fill("#id_lead", "Sáng 15/04/2014, tại hội trường UBND huyện, giao ban công tác.")
    workflow_action(
        editor, vi("Resubmit to %(task_name)s") % {"task_name": "Ban biên tập phê duyệt"}
    )
    wait_until(lambda: state_of(article) == "in_progress")

    board.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    board.screenshot(path=artifacts / "portal_board_before_approve.png", full_page=True)
    # The last task's approval publishes: "Approve and Publish".
    workflow_action(board, re.compile(rf"^{vi('Approve')}\s*\S+ {vi('Publish')}$"))
    wait_until(lambda: ArticlePage.objects.get(pk=article.pk).live)

    reader = new_page(portal_browser)
    reader.goto(f"{site}{section.get_url_parts()[2]}")
    assert TITLE in reader.content()
    reader.get_by_role("link", name=TITLE).click()
    assert "Sáng 15/04/2014" in reader.content()
    reader.screenshot(path=artifacts / "portal_article_published.png", full_page=True)

    other = sign_in(portal_browser, live_server, "bt_yt", password)
    other.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    assert TITLE not in other.locator("main").inner_text()
    assert not other.url.endswith(f"/pages/{article.pk}/edit/")
