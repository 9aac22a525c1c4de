"""The Nghệ An demo, as far as the directory holds it: the map of 2014 and of today, the census,
the department and the bodies the article of 27/03/2014 names, the three clusters, and one demo
account per role. What the article does not say is filled in plausibly and marked as sample."""

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from congso.core.demo import DemoAccount, DemoContext, DemoPart
from congso.core.roles import ensure_roles
from congso.core.text import format_number

from . import importers
from .models import AdminUnit, Cluster, Organisation, Person
from .services import (
    account_set,
    cluster_save,
    import_run_record,
    organisation_create,
    organisation_update,
    person_save,
    unit_merge,
)

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
PROVINCE = "40"
ARTICLE_DAY = date(2014, 3, 26)
SAMPLE = "Dữ liệu mẫu: bài viết không nêu."

K = Organisation.Kind
P = Person.Position

DEPARTMENT = "Sở Thông tin và Truyền thông Nghệ An"
DIVISIONS = [
    ("Văn phòng Sở", K.DIVISION),
    ("Thanh tra Sở", K.DIVISION),
    ("Phòng Kế hoạch - Tài chính", K.DIVISION),
    ("Phòng Bưu chính - Viễn thông", K.DIVISION),
    ("Phòng Công nghệ thông tin", K.DIVISION),
    ("Phòng Báo chí - Xuất bản", K.DIVISION),
    ("Trung tâm Công nghệ thông tin và Truyền thông Nghệ An", K.SUBORDINATE),
]
ENTERPRISES = [
    ("VNPT Nghệ An", "VNPT", K.ENTERPRISE),
    ("Viettel Nghệ An", "Viettel", K.ENTERPRISE),
    ("MobiFone Nghệ An", "MobiFone", K.ENTERPRISE),
    ("Bưu điện tỉnh Nghệ An", "Bưu điện tỉnh", K.POST_OFFICE),
    ("Báo Nghệ An", "Báo Nghệ An", K.PRESS),
    ("Đài Phát thanh và Truyền hình Nghệ An", "Đài PT-TH Nghệ An", K.RADIO_TV),
]
# The article names the lead districts; the other members are a plausible sample.
CLUSTERS = [
    (
        "Cụm 1",
        "Yên Thành",
        [
            "Yên Thành",
            "Diễn Châu",
            "Đô Lương",
            "Anh Sơn",
            "Thanh Chương",
            "Nam Đàn",
            "Hưng Nguyên",
            "Nghi Lộc",
        ],
    ),
    (
        "Cụm 2",
        "Tương Dương",
        ["Tương Dương", "Kỳ Sơn", "Con Cuông", "Quế Phong", "Quỳ Châu", "Quỳ Hợp", "Tân Kỳ"],
    ),
    ("Cụm 3", "Quỳnh Lưu", ["Quỳnh Lưu", "Hoàng Mai", "Thái Hoà", "Nghĩa Đàn"]),
]


def _organisation(
    context: DemoContext, name: str, kind: str, unit: AdminUnit, parent=None, **extra
) -> Organisation:
    data = {"name": name, "kind": kind, "admin_unit": unit, "parent": parent, **extra}
    existing = Organisation.objects.filter(name=name, kind=kind).first()
    if existing is None:
        return organisation_create(user=context.actor, data=data)
    return organisation_update(user=context.actor, organisation=existing, data=data)


def _committee_name(unit: AdminUnit) -> str:
    return f"UBND {unit.full_name[0].lower()}{unit.full_name[1:]}"


#: Thị xã Cửa Lò merged whole into Thành phố Vinh (the public data's notes); the 2023 map and
#: the 2025 mapping do not record it.
CUA_LO, VINH, CUA_LO_MERGED = "413", "412", date(2025, 3, 1)


def record_reorganisations(context: DemoContext) -> None:
    before = CUA_LO_MERGED - timedelta(days=1)
    units = AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT)
    unit_merge(
        user=context.actor,
        unit=units.valid_on(before).get(code=CUA_LO),
        into=units.valid_on(CUA_LO_MERGED).get(code=VINH),
        effective=CUA_LO_MERGED,
    )


def load_organisations(context: DemoContext) -> dict[str, Organisation]:
    province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code=PROVINCE)
    department = _organisation(
        context,
        DEPARTMENT,
        K.DEPARTMENT,
        province,
        short_name="Sở TT&TT",
        address="Số 16 Trường Thi, thành phố Vinh, Nghệ An",
        website="https://stttt.nghean.gov.vn",
        valid_to=date(2025, 2, 28),
    )
    # Since 01/03/2025 the department's work belongs to the Department of Science and
    # Technology: the old body stays, with its end date, so its history keeps its name.
    _organisation(
        context,
        "Sở Khoa học và Công nghệ Nghệ An",
        K.DEPARTMENT,
        province,
        short_name="Sở KH&CN",
        valid_from=date(2025, 3, 1),
    )
    orgs = {"department": department}
    for name, kind in DIVISIONS:
        orgs[name] = _organisation(context, name, kind, province, parent=department)
    orgs["province_committee"] = _organisation(
        context, "UBND tỉnh Nghệ An", K.PEOPLES_COMMITTEE, province
    )
    for name, short, kind in ENTERPRISES:
        orgs[short] = _organisation(context, name, kind, province, short_name=short)

    districts = list(
        AdminUnit.objects.valid_on(ARTICLE_DAY).filter(
            level=AdminUnit.Level.DISTRICT, parent=province
        )
    )
    for unit in districts:
        committee = _organisation(
            context, _committee_name(unit), K.PEOPLES_COMMITTEE, unit, valid_to=unit.valid_to
        )
        orgs[f"committee:{unit.name}"] = committee
        orgs[f"radio:{unit.name}"] = _organisation(
            context,
            f"Đài Truyền thanh - Truyền hình {unit.full_name[0].lower()}{unit.full_name[1:]}",
            K.RADIO_TV,
            unit,
            parent=committee,
            valid_to=unit.valid_to,
        )
    do_luong = next(u for u in districts if u.name == "Đô Lương")
    commune = (
        AdminUnit.objects.valid_on(ARTICLE_DAY).filter(parent=do_luong).order_by("sort_name")[0]
    )
    orgs["commune_committee"] = _organisation(
        context,
        _committee_name(commune),
        K.PEOPLES_COMMITTEE,
        commune,
        parent=orgs["committee:Đô Lương"],
    )

    by_name = {unit.name: unit for unit in districts}
    for name, lead, members in CLUSTERS:
        cluster_save(
            user=context.actor,
            cluster=Cluster.objects.filter(name=name, organisation=department).first(),
            data={
                "name": name,
                "organisation": department,
                "lead_unit": by_name[lead],
                "valid_from": ARTICLE_DAY,
                "valid_to": date(2025, 6, 30),
                "note": f"Huyện phụ trách cụm: {lead} (theo bài viết 27/03/2014). {SAMPLE}",
            },
            members=[by_name[m] for m in members],
        )
    return orgs


# username, role key (None: administrator), organisation key, person, position
ACCOUNTS = [
    ("admin", None, "department", "Quản trị hệ thống", P.OTHER),
    ("giamdoc", "department_leader", "department", "Nguyễn Văn Hùng", P.DIRECTOR),
    ("phogiamdoc", "department_leader", "department", "Trần Thị Lan", P.DEPUTY_DIRECTOR),
    (
        "chuyenvien",
        "department_staff",
        "Phòng Bưu chính - Viễn thông",
        "Lê Văn Nam",
        P.OFFICER,
    ),
    ("doluong", "district_staff", "committee:Đô Lương", "Hoàng Văn Đức", P.OFFICER),
    ("yenthanh", "district_staff", "committee:Yên Thành", "Phạm Thị Hoa", P.OFFICER),
    ("xa", "commune_staff", "commune_committee", "Vũ Văn Tâm", P.OFFICER),
    ("vnpt", "enterprise_staff", "VNPT", "Đặng Thị Mai", P.MANAGER),
    (
        "bientap",
        "editor",
        "Trung tâm Công nghệ thông tin và Truyền thông Nghệ An",
        "Bùi Văn Long",
        P.EDITOR,
    ),
]


def load_accounts(context: DemoContext, orgs: dict[str, Organisation]) -> None:
    """One demo account per role, each with a fresh generated password."""
    groups = ensure_roles()
    for username, role, org_key, full_name, position in ACCOUNTS:
        organisation = orgs[org_key]
        person = person_save(
            user=context.actor,
            person=Person.objects.filter(user__username=username).first(),
            data={
                "full_name": full_name,
                "organisation": organisation,
                "position": position,
                "position_detail": SAMPLE,
                "email": f"{username}@demo.congso.vn",
                "is_spokesperson": username == "giamdoc",
            },
        )
        password = get_random_string(14)
        account_set(
            user=context.actor,
            person=person,
            username=username,
            password=password,
            roles=[role] if role else [],
            is_superuser=role is None,
        )
        context.accounts.append(
            DemoAccount(
                username,
                password,
                groups[role].name if role else _("administrator"),
                str(organisation),
                is_superuser=role is None,
            )
        )


def run(context: DemoContext) -> None:
    started = timezone.now()
    reports = importers.import_units_all(DEMO_DATA)
    reports.append(importers.import_population(DEMO_DATA))
    record_reorganisations(context)
    orgs = load_organisations(context)
    load_accounts(context, orgs)
    import_run_record(
        user=context.actor,
        kind="demo",
        started=started,
        report={r.stage: {"created": r.created, "updated": r.updated} for r in reports},
        dry_run=False,
    )
    context.objects["directory"] = orgs
    province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code=PROVINCE)
    on_2014 = AdminUnit.objects.valid_on(ARTICLE_DAY)
    context.lines.append(
        _(
            "Nghệ An: %(districts)s district-level units and %(communes)s communes on "
            "26/03/2014, %(today)s communes today, %(organisations)s organisations, "
            "%(clusters)s clusters."
        )
        % {
            "districts": on_2014.filter(parent=province).count(),
            "communes": format_number(on_2014.filter(parent__parent=province).count()),
            "today": AdminUnit.objects.valid_on(timezone.localdate())
            .filter(parent=province)
            .count(),
            "organisations": Organisation.objects.count(),
            "clusters": Cluster.objects.count(),
        }
    )


DEMO = DemoPart(run=run)
