"""A small world of sector statistics for tests: the department and its telecom division, two
enterprises and a district People's Committee with accounts, a quarterly data set of revenue,
phone subscribers (fixed / mobile) and their density, and its validation rules."""

from dataclasses import dataclass

from congso.core.actors import SYSTEM
from congso.directory.models import AdminUnit, Organisation
from congso.testing.factories import OrganisationFactory, PopulationFactory
from congso.testing.fixtures import make_department, make_staff

from .. import services
from ..models import DataElement, DataSet, Disaggregation, ValidationRule


@dataclass
class StatsWorld:
    province: AdminUnit
    district: AdminUnit
    department: Organisation
    division: Organisation
    vnpt: Organisation
    viettel: Organisation
    committee: Organisation
    revenue: DataElement
    subscribers: DataElement
    density: DataElement
    phone: Disaggregation
    data_set: DataSet
    district_set: DataSet
    users: dict


def make_stats_world(roles, province, district) -> StatsWorld:
    department = make_department(province)
    division = OrganisationFactory(
        name="Phòng Bưu chính - Viễn thông",
        kind=Organisation.Kind.DIVISION,
        admin_unit=province,
        parent=department,
    )
    vnpt = OrganisationFactory(
        name="VNPT Nghệ An", kind=Organisation.Kind.ENTERPRISE, admin_unit=province
    )
    viettel = OrganisationFactory(
        name="Viettel Nghệ An", kind=Organisation.Kind.ENTERPRISE, admin_unit=province
    )
    committee = OrganisationFactory(
        name=f"UBND huyện {district.name}",
        kind=Organisation.Kind.PEOPLES_COMMITTEE,
        admin_unit=district,
    )
    users = {
        "staff": make_staff(division, roles["department_staff"], "chuyenvien"),
        "leader": make_staff(department, roles["department_leader"], "giamdoc"),
        "vnpt": make_staff(vnpt, roles["enterprise_staff"], "vnpt"),
        "viettel": make_staff(viettel, roles["enterprise_staff"], "viettel"),
        "district": make_staff(committee, roles["district_staff"], "huyen"),
    }
    PopulationFactory(unit=province, year=2014, total=2931148, source="Suy ra")
    phone = services.disaggregation_save(
        user=SYSTEM,
        data={"code": "PHONE", "name": "Loại thuê bao"},
        options=[("FIXED", "Cố định"), ("MOBILE", "Di động")],
    )
    revenue = services.element_save(
        user=SYSTEM,
        data={
            "code": "REVENUE",
            "name": "Doanh thu bưu chính, viễn thông và CNTT",
            "unit_of_measure": "tỷ đồng",
            "value_type": DataElement.ValueType.NUMBER,
            "time_aggregation": "sum",
            "unit_aggregation": "sum",
        },
    )
    subscribers = services.element_save(
        user=SYSTEM,
        data={
            "code": "PHONE_SUBS",
            "name": "Thuê bao điện thoại",
            "unit_of_measure": "thuê bao",
            "value_type": DataElement.ValueType.INTEGER,
            "time_aggregation": "last",
            "unit_aggregation": "sum",
            "disaggregation": phone,
        },
    )
    density = services.element_save(
        user=SYSTEM,
        data={
            "code": "PHONE_DENSITY",
            "name": "Mật độ điện thoại",
            "unit_of_measure": "thuê bao/100 dân",
            "value_type": DataElement.ValueType.NUMBER,
            "time_aggregation": "last",
            "unit_aggregation": "sum",
        },
    )
    data_set = services.data_set_save(
        user=SYSTEM,
        data={
            "code": "TELECOM_Q",
            "name": "Báo cáo viễn thông quý",
            "period_type": "quarterly",
            "deadline_days": 15,
            "approver": division,
        },
        elements=[revenue, subscribers, density],
        reporters=[(vnpt, province), (viettel, province)],
    )
    district_set = services.data_set_save(
        user=SYSTEM,
        data={
            "code": "DISTRICT_Q",
            "name": "Báo cáo huyện quý",
            "period_type": "quarterly",
            "deadline_days": 10,
            "approver": division,
        },
        elements=[subscribers],
        reporters=[(committee, district)],
    )
    services.rule_save(
        user=SYSTEM,
        data={
            "code": "DENSITY_AGREES",
            "name": "Mật độ khớp với thuê bao và dân số",
            "left": "#{PHONE_DENSITY}",
            "operator": "==",
            "right": "#{PHONE_SUBS} / POP() * 100",
            "tolerance": 1,
            "missing_value_strategy": ValidationRule.Missing.SKIP_IF_ANY,
            "importance": ValidationRule.Importance.HIGH,
            "period_type": "quarterly",
            "data_set": data_set,
        },
    )
    services.rule_save(
        user=SYSTEM,
        data={
            "code": "SUBS_NEVER_FALL",
            "name": "Thuê bao luỹ kế không giảm",
            "left": "#{PHONE_SUBS}",
            "operator": ">=",
            "right": "PREV(#{PHONE_SUBS})",
            "missing_value_strategy": ValidationRule.Missing.SKIP_IF_ANY,
            "importance": ValidationRule.Importance.MEDIUM,
            "period_type": "quarterly",
            "data_set": data_set,
        },
    )
    return StatsWorld(
        province,
        district,
        department,
        division,
        vnpt,
        viettel,
        committee,
        revenue,
        subscribers,
        density,
        phone,
        data_set,
        district_set,
        users,
    )
