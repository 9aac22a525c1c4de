"""A quarter's figures typed into the data-entry grid the Vietnamese way, submitted by the
enterprise and approved by the department's division, in a real browser."""

from decimal import Decimal

import pytest


@pytest.fixture
def world(transactional_db):
    from congso.core.roles import ensure_roles
    from congso.stats.tests.factories import make_stats_world
    from congso.testing.factories import ProvinceFactory
    from congso.testing.fixtures import make_two_districts

    province = ProvinceFactory(code="40", name="Nghệ An")
    return make_stats_world(ensure_roles(), province, make_two_districts(province)[0])


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def field(world, element, option=None):
    return f"#id_v-{element.pk}-{option.pk if option else 0}"


@pytest.mark.django_db(transaction=True)
def test_a_quarter_entered_in_the_grid_submitted_and_approved(
    live_server, page, world, password, artifacts
):
    from congso.stats.models import DataSetReporter, DataValue, Submission

    reporter = DataSetReporter.objects.get(data_set=world.data_set, organisation=world.vnpt)
    options = {o.code: o for o in world.phone.options.all()}
    form_url = f"{live_server.url}/admin/stats/entry/{reporter.pk}/2014Q1/"

    log_in(page, live_server, "vnpt", password)
    page.goto(f"{live_server.url}/admin/stats/entry/")
    page.fill("#id_year", "2014")
    page.click("form button[type=submit] >> text=Hiện")
    page.click(f"a[href='/admin/stats/entry/{reporter.pk}/2014Q1/']")
    page.wait_for_url(form_url)
    assert page.locator("[data-stats-missing]").get_attribute("data-stats-missing") == "4"

    # An English-style number is refused with a message, and nothing is saved.
    page.fill(field(world, world.revenue), "971.8")
    page.click("button[value=save]")
    assert page.locator(".error-message").first.inner_text().startswith("“971.8”")
    assert not DataValue.objects.exists()

    # Typed the Vietnamese way, moving from field to field with Enter.
    page.fill(field(world, world.revenue), "971,8")
    page.press(field(world, world.revenue), "Enter")
    focused = page.evaluate("document.activeElement.id")
    assert focused == field(world, world.density)[1:]
    page.fill(field(world, world.subscribers, options["FIXED"]), "180.000")
    page.fill(field(world, world.subscribers, options["MOBILE"]), "4.352.154")
    page.fill(field(world, world.density), "154,6")
    page.fill(f"#id_c-{world.revenue.pk}-0", "Ước thực hiện quý I")
    page.click("button[value=submit]")
    page.wait_for_selector("[data-stats-state]")
    assert page.locator("[data-stats-missing]").get_attribute("data-stats-missing") == "0"
    assert Submission.objects.get(organisation=world.vnpt).state == "submitted"
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")
    assert DataValue.objects.get(option=options["MOBILE"]).value == Decimal("4352154")
    page.screenshot(path=str(artifacts / "stats-entry-submitted.png"), full_page=True)

    # The department's division approves; the values are locked from then on.
    page.context.clear_cookies()
    log_in(page, live_server, "chuyenvien", password)
    page.goto(form_url)
    page.click("button[value=approve]")
    page.wait_for_selector("[data-stats-state]")
    assert Submission.objects.get(organisation=world.vnpt).state == "approved"
    assert page.locator("input.stats-value[readonly]").count() == 4
    assert page.locator(f"{field(world, world.revenue)}").input_value() == "971,8"


@pytest.mark.django_db(transaction=True)
def test_a_district_quarter_entered_explained_approved_and_seen_in_the_pivot(
    live_server, page, world, password, artifacts
):
    """The whole chain in one run: the district types its figures the Vietnamese way, explains
    a broken rule, the department approves, and the analyst finds the new total in the pivot
    with no rebuild in between."""
    from congso.core.actors import SYSTEM
    from congso.stats import services
    from congso.stats.models import DataSetReporter, Submission, ValidationRule

    services.rule_save(
        user=SYSTEM,
        data={
            "code": "MOBILE_LEADS",
            "name": "Thuê bao di động không ít hơn cố định",
            "left": "#{PHONE_SUBS.MOBILE}",
            "operator": ">=",
            "right": "#{PHONE_SUBS.FIXED}",
            "missing_value_strategy": ValidationRule.Missing.SKIP_IF_ANY,
            "importance": ValidationRule.Importance.HIGH,
            "period_type": "quarterly",
            "data_set": world.district_set,
        },
    )
    reporter = DataSetReporter.objects.get(
        data_set=world.district_set, organisation=world.committee
    )
    options = {o.code: o for o in world.phone.options.all()}
    form_url = f"{live_server.url}/admin/stats/entry/{reporter.pk}/2014Q2/"

    log_in(page, live_server, "huyen", password)
    page.goto(form_url)
    page.fill(field(world, world.subscribers, options["FIXED"]), "12.345")
    page.fill(field(world, world.subscribers, options["MOBILE"]), "9.876")
    page.click("button[value=submit]")
    # Fixed lines above mobile break a high-importance rule: no submission without a reason.
    page.wait_for_selector("#id_explanation[aria-invalid=true]")
    assert page.locator("li.stats-high").count() == 1
    assert Submission.objects.get(organisation=world.committee).state == "draft"
    assert page.locator(field(world, world.subscribers, options["FIXED"])).input_value() == (
        "12.345"
    )
    page.fill("#id_explanation", "Cáp quang cố định phát triển mạnh ở các xã")
    page.click("button[value=submit]")
    page.wait_for_selector("[data-stats-state]")
    submission = Submission.objects.get(organisation=world.committee)
    assert submission.state == "submitted"
    assert submission.explanation == "Cáp quang cố định phát triển mạnh ở các xã"

    page.context.clear_cookies()
    log_in(page, live_server, "chuyenvien", password)
    page.goto(form_url)
    page.click("button[value=approve]")
    page.wait_for_selector("[data-stats-state]")
    assert Submission.objects.get(organisation=world.committee).state == "approved"

    page.context.clear_cookies()
    log_in(page, live_server, "giamdoc", password)
    page.goto(
        f"{live_server.url}/admin/stats/pivot/?data=e:PHONE_SUBS&pt=quarterly"
        "&from=2014Q2&to=2014Q2&level=1&rows=unit&cols=period"
    )
    table = page.locator("table.stats-pivot")
    table.wait_for()
    page.screenshot(path=str(artifacts / "stats-district-in-pivot.png"), full_page=True)
    # The district's fixed and mobile lines, summed and rolled up to its province.
    row = table.locator("tr", has_text="Nghệ An")
    assert row.locator("td").last.inner_text().strip() == "22.221"
