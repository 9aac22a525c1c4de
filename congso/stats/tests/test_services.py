from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congso.core.actors import SYSTEM
from congso.stats import services
from congso.stats.models import DataValue, DataValueChange, Submission, SubmissionEvent
from congso.stats.selectors import visible_submissions, visible_values
from congso.stats.services import ValueInput


def options(world):
    found = {o.code: o for o in world.phone.options.all()}
    return found["FIXED"], found["MOBILE"]


def enter(
    world,
    user,
    organisation,
    period="2014Q1",
    revenue="971.8",
    fixed=None,
    mobile=None,
    density=None,
):
    fixed_option, mobile_option = options(world)
    values = [ValueInput(world.revenue, None, Decimal(revenue) if revenue else None)]
    if fixed is not None:
        values.append(ValueInput(world.subscribers, fixed_option, Decimal(fixed)))
    if mobile is not None:
        values.append(ValueInput(world.subscribers, mobile_option, Decimal(mobile)))
    if density is not None:
        values.append(ValueInput(world.density, None, Decimal(density)))
    return services.datavalue_save(
        user=user,
        data_set=world.data_set,
        period=period,
        organisation=organisation,
        values=values,
    )


def submission(world, organisation, period="2014Q1"):
    return Submission.objects.get(data_set=world.data_set, period=period, organisation=organisation)


def test_an_enterprise_enters_its_figures_and_every_change_is_kept(world):
    vnpt = world.users["vnpt"]
    result = enter(world, vnpt, world.vnpt)
    assert (result.created, result.updated) == (1, 0)
    enter(world, vnpt, world.vnpt, revenue="980")
    enter(world, vnpt, world.vnpt, revenue="980")  # unchanged: no change recorded
    value = DataValue.objects.get(element=world.revenue)
    assert value.value == Decimal("980")
    assert value.unit == world.province
    changes = list(DataValueChange.objects.filter(data_value=value).order_by("changed", "pk"))
    assert [(c.action, c.old_value, c.new_value) for c in changes] == [
        ("create", None, Decimal("971.8")),
        ("update", Decimal("971.8"), Decimal("980")),
    ]
    assert {c.changed_by for c in changes} == {vnpt}


def test_clearing_a_cell_deletes_the_value_and_keeps_its_history(world):
    enter(world, world.users["vnpt"], world.vnpt)
    services.datavalue_save(
        user=world.users["vnpt"],
        data_set=world.data_set,
        period="2014Q1",
        organisation=world.vnpt,
        values=[ValueInput(world.revenue, None, None)],
    )
    assert not DataValue.objects.exists()
    assert DataValueChange.objects.filter(action="delete", old_value=Decimal("971.8")).exists()


def test_an_enterprise_cannot_enter_for_another(world):
    with pytest.raises(PermissionDenied):
        enter(world, world.users["vnpt"], world.viettel)
    assert not DataValue.objects.exists()


def test_a_district_cannot_report_a_data_set_it_is_not_a_reporter_of(world):
    with pytest.raises((PermissionDenied, ValidationError)):
        enter(world, world.users["district"], world.committee)


def test_bad_values_refuse_the_whole_form(world):
    with pytest.raises(ValidationError) as caught:
        enter(world, world.users["vnpt"], world.vnpt, fixed="10.5")
    assert "số nguyên" in str(caught.value)
    assert not DataValue.objects.exists()
    with pytest.raises(ValidationError):
        enter(world, world.users["vnpt"], world.vnpt, period="201403")
    with pytest.raises(ValidationError):
        enter(world, world.users["vnpt"], world.vnpt, revenue="1e30")


def test_submit_approve_accept_and_approval_locks(world):
    vnpt, staff, leader = world.users["vnpt"], world.users["staff"], world.users["leader"]
    enter(world, vnpt, world.vnpt, fixed="100000", mobile="2000000")
    result = services.submission_submit(
        user=vnpt, data_set=world.data_set, period="2014Q1", organisation=world.vnpt
    )
    assert result.submission.state == "submitted"
    with pytest.raises(PermissionDenied):
        services.submission_approve(user=vnpt, submission=result.submission)
    with mock.patch("congso.stats.analytics.values_changed") as changed:
        approved = services.submission_approve(user=staff, submission=result.submission)
    assert approved.state == "approved"
    assert changed.call_args.args[0][0].period == "2014Q1"
    with pytest.raises(ValidationError, match="đã được duyệt"):
        enter(world, vnpt, world.vnpt, revenue="1")
    assert DataValue.objects.get(element=world.revenue).value == Decimal("971.8")
    with pytest.raises(PermissionDenied):
        services.submission_accept(user=staff, submission=approved)
    accepted = services.submission_accept(user=leader, submission=approved)
    assert accepted.state == "accepted"
    assert [e.action for e in SubmissionEvent.objects.filter(submission=accepted)] == [
        "submit",
        "approve",
        "accept",
    ]


def test_unapproving_needs_a_reason_and_reopens_the_figures(world):
    vnpt, staff = world.users["vnpt"], world.users["staff"]
    enter(world, vnpt, world.vnpt)
    services.submission_submit(
        user=vnpt, data_set=world.data_set, period="2014Q1", organisation=world.vnpt
    )
    approved = services.submission_approve(user=staff, submission=submission(world, world.vnpt))
    with pytest.raises(ValidationError):
        services.submission_unapprove(user=staff, submission=approved, reason="  ")
    assert submission(world, world.vnpt).state == "approved"
    with mock.patch("congso.stats.analytics.values_changed") as changed:
        reopened = services.submission_unapprove(
            user=staff, submission=approved, reason="Doanh thu chưa gồm tháng 3"
        )
    assert changed.called
    assert reopened.state == "draft"
    assert reopened.events.last().reason == "Doanh thu chưa gồm tháng 3"
    enter(world, vnpt, world.vnpt, revenue="975")
    assert DataValue.objects.get(element=world.revenue).value == Decimal("975")


def test_a_high_importance_violation_needs_an_explanation(world):
    vnpt = world.users["vnpt"]
    # 2.100.000 subscribers for 2.931.148 inhabitants is 71,6 per 100, not 154,5
    enter(world, vnpt, world.vnpt, fixed="100000", mobile="2000000", density="154.5")
    with pytest.raises(services.ExplanationRequired) as caught:
        services.submission_submit(
            user=vnpt, data_set=world.data_set, period="2014Q1", organisation=world.vnpt
        )
    violation = caught.value.violations[0]
    assert violation.rule.code == "DENSITY_AGREES"
    assert violation.left == Decimal("154.5")
    assert round(violation.right, 1) == Decimal("71.6")
    assert "154,5" in violation.message
    assert submission(world, world.vnpt).state == "draft"
    result = services.submission_submit(
        user=vnpt,
        data_set=world.data_set,
        period="2014Q1",
        organisation=world.vnpt,
        explanation="Mật độ tính cho toàn tỉnh, mọi doanh nghiệp",
    )
    assert result.submission.state == "submitted"
    assert result.submission.explanation.startswith("Mật độ")


def test_scoping_of_submissions_and_values(world):
    enter(world, world.users["vnpt"], world.vnpt)
    enter(world, SYSTEM, world.viettel, revenue="500")
    assert set(visible_values(world.users["vnpt"]).values_list("organisation", flat=True)) == {
        world.vnpt.pk
    }
    assert visible_submissions(world.users["viettel"]).get().organisation == world.viettel
    assert visible_submissions(world.users["staff"]).count() == 2
    # a district People's Committee sees its territory only: not the province's enterprises
    assert not visible_submissions(world.users["district"]).exists()


def test_a_district_reports_for_its_territory(world):
    _fixed, mobile = options(world)
    services.datavalue_save(
        user=world.users["district"],
        data_set=world.district_set,
        period="2014Q1",
        organisation=world.committee,
        values=[ValueInput(world.subscribers, mobile, Decimal(50000))],
    )
    assert visible_values(world.users["district"]).get().unit == world.district
    assert not visible_values(world.users["vnpt"]).exists()


def test_expressions_are_checked_when_rules_and_indicators_are_saved(world):
    with pytest.raises(ValidationError) as caught:
        services.indicator_save(
            user=SYSTEM,
            data={"code": "X", "name": "X", "numerator": "__import__('os')", "denominator": "1"},
        )
    assert "numerator" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.indicator_save(
            user=world.users["vnpt"], data={"code": "X", "name": "X", "numerator": "1"}
        )
