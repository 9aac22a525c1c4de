"""Sector statistics in the Nghệ An demo: the ministry's postal, telecom and IT elements and
indicators; the first quarter of 2014 exactly as the article of 27/03/2014 reports it; the 2014
population derived from the article's internet figures; the 2014 revenue target that 30,95 %
implies; sample monthly figures for 2013–2014 from the enterprises and districts, and sample
2013 quarters (marked as sample); the validation rules a department keeps, run on the demo's
figures. Everything is entered, submitted, approved and accepted through the services.

One module, long because it is data: the figures, rules and sample months of one story.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from congso.core.demo import DemoContext, DemoPart
from congso.core.text import format_number
from congso.directory.models import AdminUnit

from . import analytics, periods, services
from .models import (
    DataElement,
    DataSet,
    DataValueSource,
    Disaggregation,
    Indicator,
    Submission,
    Target,
    ValidationRule,
)
from .validation import run_rules

ARTICLE = "Bài viết 27/03/2014 trên Cổng thông tin điện tử Sở TT&TT Nghệ An"
SAMPLE = "Số liệu mẫu: bài viết không nêu."
QUARTER = periods.parse("2014Q1")

#: Q1/2014 as the article reports it (the densities as reported)
ARTICLE_FIGURES = {
    "REVENUE": Decimal("971.8"),
    "PHONE_SUBS": Decimal("40532154"),
    "PHONE_DENSITY": Decimal("154.5"),
    "INTERNET_NEW": Decimal("1433"),
    "INTERNET_SUBS": Decimal("811928"),
    "INTERNET_DENSITY": Decimal("27.7"),
}
ATTAINMENT = Decimal("30.95")
#: 811.928 converted internet subscribers at 27,7 per 100 inhabitants
POPULATION_2014 = int(
    (
        ARTICLE_FIGURES["INTERNET_SUBS"] * 100 / ARTICLE_FIGURES["INTERNET_DENSITY"]
    ).to_integral_value(ROUND_HALF_UP)
)
#: 971,8 billion VND is 30,95 % of the plan: the plan, rounded to the billion
TARGET_2014 = (ARTICLE_FIGURES["REVENUE"] * 100 / ATTAINMENT).to_integral_value(ROUND_HALF_UP)

#: sample quarters of 2013 for the same-period and previous-period rules (the article's
#: +1.433 makes the end of 2013 811.928 − 1.433 = 810.495)
SAMPLE_2013 = {
    "2013Q1": {"REVENUE": "850.2", "PHONE_SUBS": "4471302", "INTERNET_SUBS": "805210"},
    "2013Q2": {
        "REVENUE": "905.6",
        "PHONE_SUBS": "4488170",
        "INTERNET_SUBS": "807004",
        "INTERNET_NEW": "1794",
    },
    "2013Q3": {
        "REVENUE": "930.4",
        "PHONE_SUBS": "4502655",
        "INTERNET_SUBS": "808862",
        "INTERNET_NEW": "1858",
    },
    "2013Q4": {
        "REVENUE": "1120.7",
        "PHONE_SUBS": "4519890",
        "INTERNET_SUBS": "810495",
        "INTERNET_NEW": "1633",
    },
}

DISAGGREGATIONS = [
    ("SECTOR", "Lĩnh vực", [("POSTAL", "Bưu chính"), ("TELECOM", "Viễn thông"), ("IT", "CNTT")]),
    ("PHONE_TYPE", "Loại thuê bao điện thoại", [("FIXED", "Cố định"), ("MOBILE", "Di động")]),
    (
        "NET_TYPE",
        "Loại kết nối Internet",
        [("ADSL", "ADSL"), ("FTTH", "FTTH"), ("WIRELESS", "Không dây")],
    ),
]

# code, name, unit of measure, value type, over time, over units, disaggregation, ITU code
ELEMENTS = [
    (
        "REVENUE",
        "Tổng doanh thu bưu chính, viễn thông và CNTT",
        "tỷ đồng",
        "number",
        "sum",
        "sum",
        None,
        "",
    ),
    ("PHONE_SUBS", "Thuê bao điện thoại (luỹ kế)", "thuê bao", "integer", "last", "sum", None, ""),
    (
        "PHONE_DENSITY",
        "Mật độ điện thoại",
        "thuê bao/100 dân",
        "number",
        "last",
        "average",
        None,
        "",
    ),
    (
        "INTERNET_NEW",
        "Thuê bao Internet phát triển mới trong kỳ",
        "thuê bao",
        "integer",
        "sum",
        "sum",
        None,
        "",
    ),
    (
        "INTERNET_SUBS",
        "Thuê bao Internet quy đổi (luỹ kế)",
        "thuê bao",
        "integer",
        "last",
        "sum",
        None,
        "",
    ),
    (
        "INTERNET_DENSITY",
        "Mật độ Internet quy đổi",
        "thuê bao/100 dân",
        "number",
        "last",
        "average",
        None,
        "",
    ),
    (
        "DN_REVENUE",
        "Doanh thu của doanh nghiệp",
        "tỷ đồng",
        "number",
        "sum",
        "sum",
        "SECTOR",
        "i75",
    ),
    (
        "DN_PHONE_SUBS",
        "Thuê bao điện thoại đang hoạt động của doanh nghiệp",
        "thuê bao",
        "integer",
        "last",
        "sum",
        "PHONE_TYPE",
        "",
    ),
    (
        "DN_INTERNET_SUBS",
        "Thuê bao Internet của doanh nghiệp",
        "thuê bao",
        "integer",
        "last",
        "sum",
        "NET_TYPE",
        "",
    ),
    (
        "POST_CULTURE_POINTS",
        "Điểm Bưu điện - Văn hoá xã đang hoạt động",
        "điểm",
        "integer",
        "last",
        "sum",
        None,
        "",
    ),
    (
        "BTS_STATIONS",
        "Trạm thu phát sóng di động (BTS)",
        "trạm",
        "integer",
        "last",
        "sum",
        None,
        "",
    ),
]

# code, name, numerator, denominator, factor, unit, decimals
INDICATORS = [
    (
        "PHONE_DENSITY_CALC",
        "Mật độ điện thoại tính từ thuê bao và dân số",
        "#{PHONE_SUBS}",
        "POP()",
        100,
        "thuê bao/100 dân",
        1,
    ),
    (
        "INTERNET_DENSITY_CALC",
        "Mật độ Internet tính từ thuê bao và dân số",
        "#{INTERNET_SUBS}",
        "POP()",
        100,
        "thuê bao/100 dân",
        1,
    ),
    (
        "REVENUE_ATTAINMENT",
        "Doanh thu luỹ kế năm so với kế hoạch",
        "YTD(#{REVENUE})",
        "TARGET(#{REVENUE})",
        100,
        "%",
        2,
    ),
    (
        "REVENUE_GROWTH_YOY",
        "Tăng trưởng doanh thu so với cùng kỳ năm trước",
        "#{REVENUE} - LASTYEAR(#{REVENUE})",
        "LASTYEAR(#{REVENUE})",
        100,
        "%",
        1,
    ),
    (
        "REVENUE_GROWTH_QOQ",
        "Tăng trưởng doanh thu so với kỳ trước",
        "#{REVENUE} - PREV(#{REVENUE})",
        "PREV(#{REVENUE})",
        100,
        "%",
        1,
    ),
    (
        "INTERNET_GROWTH_QOQ",
        "Tăng trưởng thuê bao Internet so với kỳ trước",
        "#{INTERNET_SUBS} - PREV(#{INTERNET_SUBS})",
        "PREV(#{INTERNET_SUBS})",
        100,
        "%",
        2,
    ),
]

H, M = ValidationRule.Importance.HIGH, ValidationRule.Importance.MEDIUM
# code, name, left, operator, right, tolerance, importance, instruction
RULES = [
    (
        "PHONE_DENSITY_AGREES",
        "Mật độ điện thoại khớp với thuê bao và dân số",
        "#{PHONE_DENSITY}",
        "==",
        "#{PHONE_SUBS} / POP() * 100",
        "0.5",
        H,
        "Kiểm tra lại số thuê bao hoặc mật độ.",
    ),
    (
        "INTERNET_DENSITY_AGREES",
        "Mật độ Internet khớp với thuê bao và dân số",
        "#{INTERNET_DENSITY}",
        "==",
        "#{INTERNET_SUBS} / POP() * 100",
        "0.5",
        H,
        "",
    ),
    (
        "PHONE_SUBS_NEVER_FALL",
        "Thuê bao điện thoại luỹ kế không giảm",
        "#{PHONE_SUBS}",
        ">=",
        "PREV(#{PHONE_SUBS})",
        "0",
        M,
        "",
    ),
    (
        "INTERNET_SUBS_NEVER_FALL",
        "Thuê bao Internet luỹ kế không giảm",
        "#{INTERNET_SUBS}",
        ">=",
        "PREV(#{INTERNET_SUBS})",
        "0",
        M,
        "",
    ),
    (
        "INTERNET_NEW_AGREES",
        "Thuê bao Internet mới khớp với mức tăng luỹ kế",
        "#{INTERNET_NEW}",
        "==",
        "#{INTERNET_SUBS} - PREV(#{INTERNET_SUBS})",
        "0",
        M,
        "",
    ),
    (
        "REVENUE_NOT_BELOW",
        "Doanh thu không thấp hơn 70% cùng kỳ năm trước",
        "#{REVENUE}",
        ">=",
        "LASTYEAR(#{REVENUE}) * 0.7",
        "0",
        M,
        "",
    ),
    (
        "REVENUE_NOT_ABOVE",
        "Doanh thu không cao hơn 150% cùng kỳ năm trước",
        "#{REVENUE}",
        "<=",
        "LASTYEAR(#{REVENUE}) * 1.5",
        "0",
        M,
        "",
    ),
]

#: the explanation the department writes when it submits the article's figures
PHONE_EXPLANATION = (
    "Số liệu giữ đúng như bài viết 27/03/2014. Mật độ 154,5 thuê bao/100 dân ứng với khoảng "
    "4,53 triệu thuê bao: con số 40.532.154 có thể thừa một chữ số, cần doanh nghiệp xác nhận."
)

#: the districts whose sample monthly figures the demo enters
SAMPLE_DISTRICTS = ["Yên Thành", "Tương Dương", "Quỳnh Lưu", "Đô Lương", "Diễn Châu"]
ENTERPRISES = {"VNPT": 0.55, "Viettel": 0.33, "MobiFone": 0.12}


def _by_code(model, code):
    return model.objects.filter(code=code).first()


def load_metadata(context: DemoContext, orgs) -> dict:
    actor = context.actor
    combos = {}
    for code, name, options in DISAGGREGATIONS:
        combos[code] = services.disaggregation_save(
            user=actor,
            data={"code": code, "name": name},
            options=options,
            disaggregation=_by_code(Disaggregation, code),
        )
    elements = {}
    for code, name, uom, kind, over_time, over_units, combo, itu in ELEMENTS:
        elements[code] = services.element_save(
            user=actor,
            data={
                "code": code,
                "name": name,
                "unit_of_measure": uom,
                "value_type": kind,
                "time_aggregation": over_time,
                "unit_aggregation": over_units,
                "disaggregation": combos.get(combo),
                "itu_code": itu,
            },
            element=_by_code(DataElement, code),
        )
    province = orgs["department"].admin_unit
    division = orgs["Phòng Bưu chính - Viễn thông"]
    data_sets = {
        "SECTOR_Q": services.data_set_save(
            user=actor,
            data={
                "code": "SECTOR_Q",
                "name": "Báo cáo tổng hợp ngành Thông tin và Truyền thông quý",
                "period_type": "quarterly",
                "deadline_days": 20,
                "approver": division,
                "description": "Sở tổng hợp số liệu toàn tỉnh từ báo cáo của doanh nghiệp.",
            },
            elements=[elements[c] for c in ARTICLE_FIGURES],
            reporters=[(orgs["department"], province)],
            data_set=_by_code(DataSet, "SECTOR_Q"),
        ),
        "ENTERPRISE_M": services.data_set_save(
            user=actor,
            data={
                "code": "ENTERPRISE_M",
                "name": "Báo cáo tháng của doanh nghiệp bưu chính, viễn thông",
                "period_type": "monthly",
                "deadline_days": 10,
                "approver": division,
            },
            elements=[elements[c] for c in ("DN_REVENUE", "DN_PHONE_SUBS", "DN_INTERNET_SUBS")],
            reporters=[(orgs[k], province) for k in (*ENTERPRISES, "Bưu điện tỉnh")],
            data_set=_by_code(DataSet, "ENTERPRISE_M"),
        ),
        "DISTRICT_M": services.data_set_save(
            user=actor,
            data={
                "code": "DISTRICT_M",
                "name": "Báo cáo tháng của UBND cấp huyện về hạ tầng bưu chính, viễn thông",
                "period_type": "monthly",
                "deadline_days": 7,
                "approver": division,
            },
            elements=[elements["POST_CULTURE_POINTS"], elements["BTS_STATIONS"]],
            reporters=[
                (orgs[f"committee:{name}"], orgs[f"committee:{name}"].admin_unit)
                for name in SAMPLE_DISTRICTS
            ],
            data_set=_by_code(DataSet, "DISTRICT_M"),
        ),
    }
    for code, name, numerator, denominator, factor, uom, decimals in INDICATORS:
        services.indicator_save(
            user=actor,
            data={
                "code": code,
                "name": name,
                "numerator": numerator,
                "denominator": denominator,
                "factor": Decimal(factor),
                "unit_of_measure": uom,
                "decimals": decimals,
            },
            indicator=_by_code(Indicator, code),
        )
    for code, name, left, operator, right, tolerance, importance, instruction in RULES:
        services.rule_save(
            user=actor,
            data={
                "code": code,
                "name": name,
                "left": left,
                "operator": operator,
                "right": right,
                "tolerance": Decimal(tolerance),
                "importance": importance,
                "instruction": instruction,
                "missing_value_strategy": ValidationRule.Missing.SKIP_IF_ANY,
                "period_type": "quarterly",
                "data_set": data_sets["SECTOR_Q"],
            },
            rule=_by_code(ValidationRule, code),
        )
    services.target_save(
        user=actor,
        data={
            "element": elements["REVENUE"],
            "year": 2014,
            "unit": province,
            "value": TARGET_2014,
            "note": f"Suy ra: 971,8 tỷ đồng đạt 30,95% kế hoạch ({ARTICLE}).",
        },
        target=Target.objects.filter(element=elements["REVENUE"], year=2014, unit=province).first(),
    )
    services.population_derive(
        user=actor,
        unit=province,
        year=2014,
        total=POPULATION_2014,
        source=f"Suy ra: 811.928 thuê bao Internet quy đổi ÷ 27,7 × 100 ({ARTICLE}).",
    )
    return {"elements": elements, "data_sets": data_sets, "combos": combos}


def _report(context, data_set, organisation, period, values, source, explanation="", accept=False):
    """Enter, submit, approve (and accept) one form, as its reporter and the division would;
    a form already past its draft is left as it is (the demo runs twice unchanged)."""
    actor = context.actor
    existing = Submission.objects.filter(
        data_set=data_set, period=period, organisation=organisation
    ).first()
    if existing is not None and existing.state != Submission.State.DRAFT:
        return existing
    services.datavalue_save(
        user=actor,
        data_set=data_set,
        period=period,
        organisation=organisation,
        values=values,
        source=source,
    )
    submitted = services.submission_submit(
        user=actor,
        data_set=data_set,
        period=period,
        organisation=organisation,
        explanation=explanation,
    ).submission
    approved = services.submission_approve(user=actor, submission=submitted)
    if accept:
        return services.submission_accept(user=actor, submission=approved)
    return approved


def load_sector_quarters(context, orgs, meta) -> None:
    elements = meta["elements"]
    data_set = meta["data_sets"]["SECTOR_Q"]
    department = orgs["department"]
    for period_id, figures in SAMPLE_2013.items():
        values = [
            services.ValueInput(elements[code], None, Decimal(value), SAMPLE)
            for code, value in figures.items()
        ]
        _report(
            context, data_set, department, period_id, values, DataValueSource.SAMPLE, accept=True
        )
    values = [
        services.ValueInput(elements[code], None, value, f"Theo {ARTICLE.lower()}.")
        for code, value in ARTICLE_FIGURES.items()
    ]
    _report(
        context,
        data_set,
        department,
        QUARTER.id,
        values,
        DataValueSource.ENTRY,
        explanation=PHONE_EXPLANATION,
        accept=True,
    )


def _months():
    return periods.periods_between(periods.parse("201301"), periods.parse("201412"))


def load_sample_months(context, orgs, meta) -> None:
    rng = random.Random(20140327)
    elements, combos = meta["elements"], meta["combos"]
    options = {code: {o.code: o for o in combo.options.all()} for code, combo in combos.items()}
    enterprise_set = meta["data_sets"]["ENTERPRISE_M"]
    months = _months()
    for key, share in ENTERPRISES.items():
        organisation = orgs[key]
        mobile = 4_300_000 * share
        fixed = 190_000 * share
        net = {"ADSL": 420_000 * share, "FTTH": 80_000 * share, "WIRELESS": 300_000 * share}
        for index, month in enumerate(months):
            growth = 1 + 0.002 * index
            values = [
                services.ValueInput(
                    elements["DN_REVENUE"],
                    options["SECTOR"][sector],
                    Decimal(str(round(base * share * rng.uniform(0.92, 1.08), 1))),
                    SAMPLE,
                )
                for sector, base in (("POSTAL", 9.0), ("TELECOM", 290.0), ("IT", 22.0))
            ]
            values += [
                services.ValueInput(
                    elements["DN_PHONE_SUBS"],
                    options["PHONE_TYPE"][kind],
                    Decimal(int(base * growth)),
                    SAMPLE,
                )
                for kind, base in (("FIXED", fixed * (1 - 0.004 * index)), ("MOBILE", mobile))
            ]
            values += [
                services.ValueInput(
                    elements["DN_INTERNET_SUBS"],
                    options["NET_TYPE"][kind],
                    Decimal(int(base * (1 + rate * index))),
                    SAMPLE,
                )
                for kind, base, rate in (
                    ("ADSL", net["ADSL"], -0.003),
                    ("FTTH", net["FTTH"], 0.02),
                    ("WIRELESS", net["WIRELESS"], 0.004),
                )
            ]
            _report(context, enterprise_set, organisation, month.id, values, DataValueSource.SAMPLE)
    post_office = orgs["Bưu điện tỉnh"]
    for month in months:
        values = [
            services.ValueInput(
                elements["DN_REVENUE"],
                options["SECTOR"]["POSTAL"],
                Decimal(str(round(14.0 * rng.uniform(0.9, 1.1), 1))),
                SAMPLE,
            )
        ]
        _report(context, enterprise_set, post_office, month.id, values, DataValueSource.SAMPLE)
    district_set = meta["data_sets"]["DISTRICT_M"]
    for name in SAMPLE_DISTRICTS:
        committee = orgs[f"committee:{name}"]
        points, stations = rng.randint(15, 30), rng.randint(60, 160)
        for index, month in enumerate(months):
            values = [
                services.ValueInput(elements["POST_CULTURE_POINTS"], None, Decimal(points), SAMPLE),
                services.ValueInput(
                    elements["BTS_STATIONS"], None, Decimal(stations + 2 * index), SAMPLE
                ),
            ]
            _report(context, district_set, committee, month.id, values, DataValueSource.SAMPLE)


def run(context: DemoContext) -> None:
    orgs = context.objects["directory"]
    meta = load_metadata(context, orgs)
    load_sector_quarters(context, orgs, meta)
    # Two years of months of a dozen reporters: the quarters and years they fall in are
    # recomputed once, not after each month's approval.
    with analytics.changes_deferred():
        load_sample_months(context, orgs, meta)
    province = AdminUnit.objects.get(pk=orgs["department"].admin_unit_id)
    rules = ValidationRule.objects.filter(data_set=meta["data_sets"]["SECTOR_Q"])
    quarters = periods.periods_between(periods.parse("2013Q1"), QUARTER)
    violations = run_rules(rules, quarters, [province])
    context.objects["stats"] = {**meta, "violations": violations}
    context.reports["stats"] = {"violations": [v.message for v in violations]}
    context.lines.append(
        _(
            "Statistics: %(elements)s data elements, %(indicators)s indicators, %(rules)s "
            "validation rules; Q1/2014 as the article reports it (%(revenue)s billion VND, "
            "%(attainment)s%% of the 2014 target of %(target)s); %(population)s inhabitants "
            "derived for 2014; %(findings)s validation findings."
        )
        % {
            "elements": DataElement.objects.count(),
            "indicators": Indicator.objects.count(),
            "rules": ValidationRule.objects.count(),
            "revenue": format_number(ARTICLE_FIGURES["REVENUE"]),
            "attainment": format_number(ATTAINMENT),
            "target": format_number(TARGET_2014),
            "population": format_number(POPULATION_2014),
            "findings": len(violations),
        }
    )


DEMO = DemoPart(run=run, after=("directory",))
