"""A department officer approves a quarter's figures, opens the pivot from the menu and sees
them; the choice of periods redraws the table (the page's own script, no inline code)."""

from decimal import Decimal

import pytest
from django.utils import translation


@pytest.fixture
def stats_world(transactional_db, password):
    from congso.core.roles import ensure_roles
    from congso.stats import services
    from congso.stats.models import Submission
    from congso.stats.tests.factories import make_stats_world
    from congso.testing.factories import ProvinceFactory
    from congso.testing.fixtures import make_two_districts

    province = ProvinceFactory(code="40", name="Nghệ An")
    world = make_stats_world(ensure_roles(), province, make_two_districts(province)[0])
    for user in world.users.values():
        user.set_password(password)
        user.save()
    vnpt = world.users["vnpt"]
    services.datavalue_save(
        user=vnpt,
        data_set=world.data_set,
        period="2014Q1",
        organisation=world.vnpt,
        values=[services.ValueInput(world.revenue, None, Decimal("971.8"))],
    )
    services.submission_submit(
        user=vnpt, data_set=world.data_set, period="2014Q1", organisation=world.vnpt
    )
    services.submission_approve(
        user=world.users["staff"],
        submission=Submission.objects.get(organisation=world.vnpt, period="2014Q1"),
    )
    return world


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_officer_opens_the_pivot_and_sees_the_approved_figures(
    live_server, page, stats_world, password, artifacts
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "chuyenvien")
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    with translation.override("vi"):
        label = translation.gettext("Statistics analysis")
    page.get_by_role("link", name=label).click()
    page.wait_for_url("**/admin/stats/pivot/**")
    page.fill("input[name=from]", "2014Q1")
    page.fill("input[name=to]", "2014Q2")
    page.fill("input[name=day]", "2014-12-31")
    # a change of a choice submits the form (progressive enhancement)
    page.select_option("select[name=cols]", "period")
    page.select_option("select[name=rows]", "data")
    page.wait_for_url("**from=2014Q1**")
    table = page.locator("table.stats-pivot")
    table.wait_for()
    page.screenshot(path=artifacts / "stats_pivot.png", full_page=True)
    assert "Quý I/2014" in table.inner_text()
    assert "971,8" in table.inner_text()
    assert page.locator("svg.stats-chart").count() >= 1
    assert not [e for e in errors if "Content Security Policy" in e], errors
