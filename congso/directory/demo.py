"""The Nghệ An demo, as far as the directory holds it: the map of 2014 and of today, the census,
the department and the bodies the article of 27/03/2014 names, the three clusters, and one demo
account per role. What the article does not say is filled in plausibly and marked as sample."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.crypto import get_random_string

from .models import AdminUnit, Cluster, Organisation, Person
from .roles import ensure_roles
from .services import unit_merge

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


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    organisation: str


@dataclass
class DemoResult:
    units_2014: int = 0
    communes_2014: int = 0
    communes_2025: int = 0
    organisations: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)


def _unit_name(unit: AdminUnit) -> str:
    return unit.full_name


def _organisation(name: str, kind: str, unit: AdminUnit, parent=None, **extra) -> Organisation:
    organisation = Organisation.objects.filter(name=name, kind=kind).first() or Organisation(
        name=name, kind=kind
    )
    organisation.admin_unit = unit
    organisation.parent = parent
    for key, value in extra.items():
        setattr(organisation, key, value)
    organisation.fill_derived()
    organisation.save()
    return organisation


def _committee_name(unit: AdminUnit) -> str:
    return f"UBND {unit.full_name[0].lower()}{unit.full_name[1:]}"


#: Thị xã Cửa Lò merged whole into Thành phố Vinh (the public data's notes); the 2023 map and
#: the 2025 mapping do not record it.
CUA_LO, VINH, CUA_LO_MERGED = "413", "412", date(2025, 3, 1)


@transaction.atomic
def record_reorganisations() -> None:
    before = CUA_LO_MERGED - timedelta(days=1)
    units = AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT)
    unit_merge(
        user=None,
        unit=units.valid_on(before).get(code=CUA_LO),
        into=units.valid_on(CUA_LO_MERGED).get(code=VINH),
        effective=CUA_LO_MERGED,
    )


@transaction.atomic
def load_organisations(result: DemoResult) -> dict[str, Organisation]:
    province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code=PROVINCE)
    department = _organisation(
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
        "Sở Khoa học và Công nghệ Nghệ An",
        K.DEPARTMENT,
        province,
        short_name="Sở KH&CN",
        valid_from=date(2025, 3, 1),
    )
    orgs = {"department": department}
    for name, kind in DIVISIONS:
        orgs[name] = _organisation(name, kind, province, parent=department)
    orgs["province_committee"] = _organisation("UBND tỉnh Nghệ An", K.PEOPLES_COMMITTEE, province)
    for name, short, kind in ENTERPRISES:
        orgs[short] = _organisation(name, kind, province, short_name=short)

    districts = list(
        AdminUnit.objects.valid_on(ARTICLE_DAY).filter(
            level=AdminUnit.Level.DISTRICT, parent=province
        )
    )
    for unit in districts:
        committee = _organisation(
            _committee_name(unit), K.PEOPLES_COMMITTEE, unit, valid_to=unit.valid_to
        )
        orgs[f"committee:{unit.name}"] = committee
        orgs[f"radio:{unit.name}"] = _organisation(
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
        _committee_name(commune),
        K.PEOPLES_COMMITTEE,
        commune,
        parent=orgs["committee:Đô Lương"],
    )
    result.organisations = Organisation.objects.count()

    by_name = {unit.name: unit for unit in districts}
    for name, lead, members in CLUSTERS:
        cluster = Cluster.objects.filter(name=name, organisation=department).first() or Cluster(
            name=name, organisation=department
        )
        cluster.lead_unit = by_name[lead]
        cluster.valid_from = ARTICLE_DAY
        cluster.valid_to = date(2025, 6, 30)
        cluster.note = f"Huyện phụ trách cụm: {lead} (theo bài viết 27/03/2014). {SAMPLE}"
        cluster.save()
        cluster.members.set([by_name[m] for m in members])
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


@transaction.atomic
def load_accounts(orgs: dict[str, Organisation], result: DemoResult) -> None:
    """One demo account per role, each with a fresh generated password."""
    groups = ensure_roles()
    User = get_user_model()
    for username, role, org_key, full_name, position in ACCOUNTS:
        user = User.objects.filter(username=username).first() or User(username=username)
        password = get_random_string(14)
        user.set_password(password)
        user.email = f"{username}@demo.congso.vn"
        user.is_superuser = user.is_staff = role is None
        # Vietnamese names read family name first: Django's "first last" would turn them round.
        user.first_name, user.last_name = full_name, ""
        user.save()
        user.groups.set([] if role is None else [groups[role]])
        person = Person.objects.filter(user=user).first() or Person(user=user)
        person.full_name = full_name
        person.organisation = orgs[org_key]
        person.position = position
        person.position_detail = SAMPLE
        person.email = user.email
        person.is_spokesperson = username == "giamdoc"
        person.fill_derived()
        person.save()
        result.accounts.append(
            DemoAccount(
                username,
                password,
                groups[role].name if role else "Quản trị hệ thống",
                str(orgs[org_key]),
            )
        )
