"""Dashboards: the buckets, the rates, the roll-up, the overdue list and the chart, with the same
number of queries whatever the number of tasks, and never another district's figures."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congso.testing.factories import ClusterFactory
from congso.workplan.backoffice.dashboard import quarter_ends

from .factories import make_task

pytestmark = pytest.mark.django_db
DAY = "2014-07-01"


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def _fill(wp, n):
    for i in range(n):
        make_task(wp["doluong"], wp["department"], title=f"Trễ {i}")
        make_task(wp["yenthanh"], wp["department"], title=f"Xong {i}", done_on=date(2014, 5, 1))


def test_the_department_dashboard_counts_and_lists_the_overdue(client, wp):
    _fill(wp, 2)
    client.force_login(wp["so"])
    response, _n = _get(client, reverse("workplan_dashboard") + f"?day={DAY}")
    context = response.context
    assert (context["counts"].open_overdue, context["counts"].done_on_time) == (2, 2)
    assert context["overdue_rate"] == "50,0 %"
    assert [t.title for t in context["overdue"]] == ["Trễ 0", "Trễ 1"]
    assert {r["lead_organisation__name"] for r in context["rows"]} == {
        wp["doluong"].name,
        wp["yenthanh"].name,
    }


def test_dashboard_and_chart_take_the_same_queries_for_3_tasks_as_for_30(client, wp):
    client.force_login(wp["so"])
    url = reverse("workplan_dashboard") + f"?day={DAY}"
    chart = reverse("workplan_dashboard_chart") + f"?day={DAY}"
    _fill(wp, 2)
    _r, few = _get(client, url)
    _r, few_chart = _get(client, chart)
    _fill(wp, 15)
    _r, many = _get(client, url)
    response, many_chart = _get(client, chart)
    assert (few, few_chart) == (many, many_chart)
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"<script" not in response.content


def test_a_district_sees_its_own_dashboard_and_not_anothers(client, wp):
    _fill(wp, 1)
    client.force_login(wp["doluong_user"])
    response, _n = _get(client, reverse("workplan_dashboard") + f"?day={DAY}")
    assert response.context["subject"] == wp["doluong"]
    assert response.context["counts"].total == 1
    other = reverse("workplan_dashboard") + f"?kind=organisation&id={wp['yenthanh'].pk}"
    assert client.get(other).status_code == 404
    assert client.get(reverse("workplan_dashboard") + "?kind=nothing").status_code == 404
    assert client.get(reverse("workplan_dashboard") + "?day=abc").status_code == 200


def test_a_cluster_rolls_up_its_member_districts(client, wp):
    _fill(wp, 1)
    cluster = ClusterFactory(
        organisation=wp["department"], lead_unit=wp["yenthanh"].admin_unit, name="Cụm 1"
    )
    cluster.members.set([wp["doluong"].admin_unit, wp["yenthanh"].admin_unit])
    client.force_login(wp["so"])
    response, _n = _get(
        client, reverse("workplan_dashboard") + f"?kind=cluster&id={cluster.pk}&day={DAY}"
    )
    assert response.context["counts"].total == 2
    assert len(response.context["rows"]) == 2


def test_filters_by_sector_and_source(client, wp):
    make_task(wp["doluong"], wp["department"], sector="telecom")
    make_task(wp["doluong"], wp["department"], sector="it")
    client.force_login(wp["so"])
    response, _n = _get(client, reverse("workplan_dashboard") + f"?day={DAY}&sector=telecom")
    assert response.context["counts"].total == 1


def test_quarter_ends_for_the_chart():
    assert quarter_ends(date(2014, 7, 1), 3) == [
        date(2014, 3, 31),
        date(2014, 6, 30),
        date(2014, 7, 1),
    ]
    assert quarter_ends(date(2014, 2, 1), 2) == [date(2013, 12, 31), date(2014, 2, 1)]
