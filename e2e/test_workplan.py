"""The department's secretariat records a conference and assigns a task to a district; the
district reports progress and marks it done; the department confirms, and its dashboard shows it
done on time."""

from datetime import date, timedelta

import pytest

from congso.workplan.models import Task


def _sign_in(page, live_server, username, password):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_secretariat_assigns_district_reports_department_confirms(
    live_server, page, district_setup, password, artifacts
):
    deadline = date.today() + timedelta(days=30)
    _sign_in(page, live_server, "so", password)
    page.goto(f"{live_server.url}/admin/workplan/record/")
    page.fill("#id_title", "Giao ban trực tuyến")
    page.select_option("#id_kind", "online")
    page.fill("#id_starts_at", f"{date.today():%Y-%m-%d}T08:00")
    page.fill("#id_number", "60/TB-STTTT")
    page.fill("#id_task_0_title", "Thành lập Ban biên tập cổng thông tin")
    # The organisation chooser: a modal searched without accents.
    page.locator("[data-chooser-action-choose]:visible").first.click()
    page.locator(".modal .modal-body #search-results").wait_for()
    search = page.locator(".modal input[name=q]")
    search.fill("do luong")
    page.locator(".modal").get_by_role("link", name="UBND huyện Đô Lương").click()
    page.locator(".modal").wait_for(state="hidden")
    page.fill("#id_task_0_deadline", f"{deadline:%Y-%m-%d}")
    page.screenshot(path=artifacts / "workplan_secretariat.png", full_page=True)
    page.get_by_role("button", name="Ghi và giao nhiệm vụ").click()
    page.wait_for_url("**/admin/workplan/dashboard/**")
    task = Task.objects.get()
    assert task.lead_organisation.name == "UBND huyện Đô Lương"

    _sign_in(page, live_server, "doluong", password)
    assert "Thành lập Ban biên tập cổng thông tin" in page.content()  # the notice
    page.get_by_role("link", name="Nhiệm vụ mới cho UBND huyện Đô Lương").first.click()
    page.fill("#id_progress-percent", "60")
    page.fill("#id_progress-text", "Đã có quyết định thành lập.")
    page.get_by_role("button", name="Báo cáo tiến độ").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.done_on == date.today()

    _sign_in(page, live_server, "so", password)
    page.goto(f"{live_server.url}/admin/workplan/task/{task.pk}/")
    page.get_by_label("Xác nhận", exact=True).check()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.confirmed_on == date.today()
    page.goto(f"{live_server.url}/admin/workplan/dashboard/")
    counts = page.locator("[data-workplan-counts] td").all_inner_texts()
    page.screenshot(path=artifacts / "workplan_dashboard.png", full_page=True)
    assert counts[0] == "1"  # done on time
