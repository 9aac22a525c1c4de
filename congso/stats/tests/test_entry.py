from decimal import Decimal

import pytest
from django.urls import reverse

from congso.stats.models import DataSetReporter, DataValue, Submission


def url(world, organisation, period="2014Q1"):
    reporter = DataSetReporter.objects.get(data_set=world.data_set, organisation=organisation)
    return reverse("stats_entry", args=[reporter.pk, period])


def keys(world):
    options = {o.code: o.pk for o in world.phone.options.all()}
    return {
        "revenue": f"{world.revenue.pk}-0",
        "fixed": f"{world.subscribers.pk}-{options['FIXED']}",
        "mobile": f"{world.subscribers.pk}-{options['MOBILE']}",
        "density": f"{world.density.pk}-0",
    }


def test_the_grid_takes_vietnamese_numbers_and_says_what_is_missing(client, world):
    client.force_login(world.users["vnpt"])
    k = keys(world)
    page = client.get(url(world, world.vnpt))
    assert page.status_code == 200
    assert "4 số liệu còn thiếu" in page.content.decode()
    response = client.post(
        url(world, world.vnpt),
        {
            f"v-{k['revenue']}": "971,8",
            f"v-{k['mobile']}": "40.532.154",
            f"c-{k['revenue']}": "Ước thực hiện",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")
    assert DataValue.objects.get(element=world.subscribers).value == Decimal("40532154")
    page = client.get(url(world, world.vnpt)).content.decode()
    assert 'value="971,8"' in page and 'value="40.532.154"' in page
    assert "2 số liệu còn thiếu" in page
    assert "Ước thực hiện" in page


def test_an_english_number_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.users["vnpt"])
    k = keys(world)
    response = client.post(
        url(world, world.vnpt),
        {f"v-{k['revenue']}": "971.8", f"v-{k['mobile']}": "40,532,154", "action": "save"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "kiểu tiếng Anh" in page
    assert 'value="971.8"' in page  # what was typed stays, marked
    assert not DataValue.objects.exists()


def test_submit_then_approve_from_the_screen(client, world):
    k = keys(world)
    client.force_login(world.users["vnpt"])
    client.post(url(world, world.vnpt), {f"v-{k['revenue']}": "971,8", "action": "submit"})
    submission = Submission.objects.get(organisation=world.vnpt)
    assert submission.state == "submitted"
    client.force_login(world.users["staff"])
    page = client.get(url(world, world.vnpt)).content.decode()
    assert 'value="approve"' in page
    client.post(url(world, world.vnpt), {"action": "approve"})
    submission.refresh_from_db()
    assert submission.state == "approved"
    # locked: a post of new values changes nothing
    client.force_login(world.users["vnpt"])
    client.post(url(world, world.vnpt), {f"v-{k['revenue']}": "1", "action": "save"})
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")


def test_a_high_importance_finding_asks_for_an_explanation(client, world):
    k = keys(world)
    client.force_login(world.users["vnpt"])
    response = client.post(
        url(world, world.vnpt),
        {
            f"v-{k['mobile']}": "2.000.000",
            f"v-{k['fixed']}": "100.000",
            f"v-{k['density']}": "154,5",
            "action": "submit",
        },
    )
    page = response.content.decode()
    assert "Mật độ khớp với thuê bao và dân số" in page
    assert "154,5" in page
    assert Submission.objects.get(organisation=world.vnpt).state == "draft"
    client.post(
        url(world, world.vnpt),
        {
            f"v-{k['mobile']}": "2.000.000",
            f"v-{k['fixed']}": "100.000",
            f"v-{k['density']}": "154,5",
            "action": "submit",
            "explanation": "Mật độ toàn tỉnh",
        },
    )
    assert Submission.objects.get(organisation=world.vnpt).state == "submitted"


@pytest.mark.parametrize("who", ["viettel", "district"])
def test_another_organisations_form_is_not_found(client, world, who):
    client.force_login(world.users[who])
    assert client.get(url(world, world.vnpt)).status_code == 404
    assert client.post(url(world, world.vnpt), {"action": "save"}).status_code == 404


def test_a_period_of_another_type_is_not_found(client, world):
    client.force_login(world.users["vnpt"])
    assert client.get(url(world, world.vnpt, "201403")).status_code == 404
    assert client.get(url(world, world.vnpt, "2014Q9")).status_code == 404


def test_the_list_shows_the_users_forms(client, world):
    client.force_login(world.users["vnpt"])
    page = client.get(reverse("stats_entry_list")).content.decode()
    assert "Báo cáo viễn thông quý" in page
    assert "Báo cáo huyện quý" not in page
