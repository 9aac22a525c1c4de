from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from congso.directory.models import AdminUnit, Population
from congso.stats import expressions
from congso.stats.models import DataValue, Indicator, Submission, Target
from congso.stats.periods import parse
from congso.stats.validation import ValueContext

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_article_figures_approved_through_the_services(demo):
    assert "971,8" in demo
    q1 = {
        v.element.code: v.value
        for v in DataValue.objects.filter(period="2014Q1").select_related("element")
    }
    assert q1["REVENUE"] == Decimal("971.8")
    assert q1["PHONE_SUBS"] == Decimal("40532154")
    assert q1["PHONE_DENSITY"] == Decimal("154.5")
    assert q1["INTERNET_NEW"] == Decimal("1433")
    assert q1["INTERNET_SUBS"] == Decimal("811928")
    assert q1["INTERNET_DENSITY"] == Decimal("27.7")
    submission = Submission.objects.get(data_set__code="SECTOR_Q", period="2014Q1")
    assert submission.state == "accepted"
    assert [e.action for e in submission.events.all()] == ["submit", "approve", "accept"]
    assert "40.532.154" in submission.explanation  # the rule found what the article says
    province = AdminUnit.objects.get(level=1, code="40")
    population = Population.objects.get(unit=province, year=2014)
    assert population.total == 2931148 and population.source.startswith("Suy ra:")
    assert Target.objects.get(element__code="REVENUE", year=2014).value == 3140
    attainment = Indicator.objects.get(code="REVENUE_ATTAINMENT")
    context = ValueContext(province)
    value = expressions.compute(
        f"({attainment.numerator}) / ({attainment.denominator}) * {attainment.factor}",
        context,
        parse("2014Q1"),
    )
    assert round(value, 2) == Decimal("30.95")
    density = expressions.compute("#{INTERNET_SUBS} / POP() * 100", context, parse("2014Q1"))
    assert round(density, 1) == Decimal("27.7")
    assert DataValue.objects.filter(source="sample", period_type="monthly").count() > 500
    # the second run changes nothing
    counts = DataValue.objects.count(), Submission.objects.count()
    call_command("demo", stdout=StringIO())
    assert (DataValue.objects.count(), Submission.objects.count()) == counts


def test_the_open_data_page_of_the_demo_shows_the_articles_quarter(client, demo):
    page = client.get("/du-lieu-mo/thong-ke/", HTTP_HOST="127.0.0.1").content.decode()

    # Later months of single enterprises are approved too, but the sector's latest quarter is Q1.
    assert "Quý I/2014" in page
    assert "Tổng doanh thu bưu chính, viễn thông và CNTT quý I năm 2014 ước thực hiện được" in page
    assert "971,8" in page and "30,95%" in page and "Tổng tổng" not in page
