import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congso.core.actors import SYSTEM
from congso.stats import imports, services
from congso.stats.models import DataSetReporter, ValidationRule
from congso.stats.services import ValueInput

LISTINGS = [
    "stats_elements",
    "stats_data_sets",
    "stats_reporters",
    "stats_targets",
    "stats_indicators",
    "stats_rules",
    "stats_submissions",
    "stats_tokens",
]


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def add_rows(world, start, how_many):
    for i in range(start, start + how_many):
        element = services.element_save(
            user=SYSTEM,
            data={
                "code": f"E{i}",
                "name": f"Chỉ tiêu {i}",
                "unit_of_measure": "thuê bao",
                "disaggregation": world.phone,
            },
        )
        services.target_save(
            user=SYSTEM,
            data={"element": element, "year": 2014, "unit": world.province, "value": Decimal(i)},
        )
        services.indicator_save(
            user=SYSTEM,
            data={
                "code": f"I{i}",
                "name": f"Chỉ số {i}",
                "numerator": f"#{{E{i}}}",
                "denominator": "POP()",
            },
        )
        services.rule_save(
            user=SYSTEM,
            data={
                "code": f"R{i}",
                "name": f"Quy tắc {i}",
                "left": f"#{{E{i}}}",
                "operator": ">=",
                "right": "0",
                "period_type": "quarterly",
                "importance": ValidationRule.Importance.LOW,
                "missing_value_strategy": "skip_if_any",
                "data_set": world.data_set,
            },
        )
        data_set = services.data_set_save(
            user=SYSTEM,
            data={
                "code": f"DS{i}",
                "name": f"Biểu {i}",
                "period_type": "monthly",
                "approver": world.division,
            },
            elements=[element],
            reporters=[(world.vnpt, world.province)],
        )
        world.data_set.elements.add(element)
        for period in ("2013Q4", "2014Q1"):  # the grid's values, with a history each
            services.datavalue_save(
                user=SYSTEM,
                data_set=world.data_set,
                period=period,
                organisation=world.vnpt,
                values=[ValueInput(element, world.phone.options.first(), Decimal(i + 1))],
            )
        services.datavalue_save(
            user=SYSTEM,
            data_set=data_set,
            period="201401",
            organisation=world.vnpt,
            values=[ValueInput(element, world.phone.options.first(), Decimal(i))],
        )
        services.token_create(user=SYSTEM, name=f"Mã {i}", account=world.users["vnpt"])


def test_listings_and_the_grid_cost_the_same_queries_for_3_and_30_rows(client, world):
    client.force_login(world.users["staff"])
    reporter = DataSetReporter.objects.get(data_set=world.data_set, organisation=world.vnpt)
    paths = [reverse(f"{name}:index") for name in LISTINGS]
    paths += [reverse("stats_entry", args=[reporter.pk, "2014Q1"]), reverse("stats_entry_list")]
    add_rows(world, 0, 3)
    for path in paths:
        client.get(path)
    few = [count(client, path) for path in paths]
    add_rows(world, 3, 27)
    many = [count(client, path) for path in paths]
    assert few == many


def test_an_imported_value_shows_its_storing_and_its_changes_beside_it(client, world):
    text = "dataelement,period,orgunit,value\nREVENUE,2014Q1,40,971.8\n"
    imports.import_rows(
        user=world.users["vnpt"],
        organisation=world.vnpt,
        rows=imports.read_dhis2_csv(io.StringIO(text)),
    )
    services.datavalue_save(
        user=world.users["vnpt"],
        data_set=world.data_set,
        period="2014Q1",
        organisation=world.vnpt,
        values=[ValueInput(world.revenue, None, Decimal("975"))],
    )
    client.force_login(world.users["vnpt"])
    reporter = DataSetReporter.objects.get(data_set=world.data_set, organisation=world.vnpt)
    page = client.get(reverse("stats_entry", args=[reporter.pk, "2014Q1"])).content.decode()
    assert "2 lần thay đổi" in page
    assert "971,8 → 975" in page
    assert "— → 971,8" in page
