from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from congso.stats.models import (
    DataElement,
    DataValue,
    Disaggregation,
    DisaggregationOption,
    normalised,
)
from congso.testing.factories import OrganisationFactory


@pytest.fixture
def element(db):
    return DataElement.objects.create(code="REVENUE", name="Doanh thu", unit_of_measure="tỷ đồng")


def make_value(element, province, organisation, option=None, value="971.8", period="2014Q1"):
    now = timezone.now()
    value = DataValue(
        element=element,
        option=option,
        period=period,
        unit=province,
        organisation=organisation,
        value=Decimal(value),
        created=now,
        updated=now,
    )
    value.fill_derived()
    value.save()
    return value


def test_a_value_carries_its_period_dates(element, province):
    value = make_value(element, province, OrganisationFactory(admin_unit=province), period="2014q1")
    assert (value.period, value.period_type) == ("2014Q1", "quarterly")
    dates = (value.period_start.isoformat(), value.period_end.isoformat())
    assert dates == ("2014-01-01", "2014-03-31")


def test_the_key_is_unique_with_and_without_an_option(element, province):
    organisation = OrganisationFactory(admin_unit=province)
    make_value(element, province, organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_value(element, province, organisation)
    combo = Disaggregation.objects.create(code="NET", name="Loại kết nối")
    ftth = DisaggregationOption.objects.create(disaggregation=combo, code="FTTH", name="FTTH")
    make_value(element, province, organisation, option=ftth)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_value(element, province, organisation, option=ftth)
    # another reporting organisation reports the same element for the same unit
    make_value(element, province, OrganisationFactory(admin_unit=province))


def test_stored_values_read_without_the_column_zeros():
    assert str(normalised(Decimal("971.800000"))) == "971.8"
    assert str(normalised(Decimal("40532154.000000"))) == "40532154"
