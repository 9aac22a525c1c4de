"""One-stop services in the demo: procedures of the department's field at province level and two
at commune level, the desks, and sample dossiers in every state on the demo's today, all
written through the services as the system actor and marked as sample data. Procedure names
and legal bases follow the national catalogue; codes, times and fees are plausible samples."""

from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from congso.core.demo import DemoAccount, DemoContext, DemoPart
from congso.core.roles import ensure_roles
from congso.directory.models import Person
from congso.directory.services import account_set, person_save

from . import services
from .calendar import add_working_days
from .models import Desk, Dossier, Procedure, ProcessingStep, RequiredDocument

SAMPLE = "Dữ liệu mẫu."
FIELD_PRESS = "Xuất bản, In và Phát hành"
FIELD_INFO = "Phát thanh, truyền hình và thông tin điện tử"
FIELD_POST = "Bưu chính"
FIELD_CIVIL = "Chứng thực"

PROVINCE_PROCEDURES = [
    (
        "1.004580",
        "Cấp giấy phép xuất bản bản tin (địa phương)",
        FIELD_PRESS,
        10,
        "Không",
        "Giấy phép xuất bản bản tin",
        "Luật Báo chí 2016; Thông tư 48/2016/TT-BTTTT",
        "full",
        ["Đơn đề nghị cấp giấy phép xuất bản bản tin (mẫu)", "Mẫu trình bày tên gọi bản tin"],
    ),
    (
        "1.003687",
        "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        FIELD_INFO,
        10,
        "Không",
        "Giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "Nghị định 72/2013/NĐ-CP; Nghị định 27/2018/NĐ-CP",
        "full",
        ["Đơn đề nghị cấp giấy phép", "Đề án hoạt động", "Bản sao quyết định thành lập"],
    ),
    (
        "1.004504",
        "Cấp giấy phép hoạt động in",
        FIELD_PRESS,
        5,
        "Không",
        "Giấy phép hoạt động in",
        "Nghị định 60/2014/NĐ-CP; Nghị định 25/2018/NĐ-CP",
        "partial",
        ["Đơn đề nghị cấp giấy phép hoạt động in", "Bản sao giấy tờ về mặt bằng sản xuất"],
    ),
    (
        "1.005443",
        "Cấp giấy phép bưu chính (phạm vi nội tỉnh)",
        FIELD_POST,
        10,
        "Phí thẩm định theo Thông tư 291/2016/TT-BTC",
        "Giấy phép bưu chính",
        "Luật Bưu chính 2010; Nghị định 47/2011/NĐ-CP",
        "partial",
        ["Đơn đề nghị cấp giấy phép bưu chính", "Bản sao giấy chứng nhận đăng ký doanh nghiệp"],
    ),
]
COMMUNE_PROCEDURES = [
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        FIELD_CIVIL,
        1,
        "2.000 đồng/trang",
        "Bản sao được chứng thực",
        "Nghị định 23/2015/NĐ-CP",
        "partial",
        ["Bản chính giấy tờ, văn bản", "Bản sao cần chứng thực"],
    ),
    (
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        FIELD_CIVIL,
        1,
        "10.000 đồng/trường hợp",
        "Giấy tờ được chứng thực chữ ký",
        "Nghị định 23/2015/NĐ-CP",
        "partial",
        ["Giấy tờ tùy thân", "Giấy tờ, văn bản cần chứng thực chữ ký"],
    ),
]
STEPS = [("Tiếp nhận hồ sơ", 10), ("Thẩm định, trình ký", 70), ("Ký duyệt, trả kết quả", 20)]

APPLICANTS = [
    ("Nguyễn Văn Bình", "Xóm 3, xã Bài Sơn, huyện Đô Lương"),
    ("Trần Thị Cúc", "Số 12 Lê Hồng Phong, TP Vinh"),
    ("Lê Văn Dũng", "Khối 5, thị trấn Đô Lương"),
    ("Phạm Thị Hằng", "Số 8 Nguyễn Du, TP Vinh"),
    ("Hoàng Văn Khánh", "Xóm 1, xã Bài Sơn, huyện Đô Lương"),
    ("Công ty TNHH In Hồng Đức", "Khu công nghiệp Bắc Vinh"),
    ("Vũ Thị Lan", "Số 20 Trường Thi, TP Vinh"),
    ("Đặng Văn Minh", "Xóm 7, xã Bài Sơn, huyện Đô Lương"),
    ("Bùi Thị Ngọc", "Số 3 Hà Huy Tập, TP Vinh"),
    ("Ngô Văn Phúc", "Xóm 2, xã Bài Sơn, huyện Đô Lương"),
]


def _procedure(context, row, agency, level) -> Procedure:
    code, name, field, days, fees, result, basis, online, documents = row
    procedure = Procedure.objects.filter(code=code).first() or Procedure(code=code)
    procedure.__dict__.update(
        national_code=code,
        name=name,
        sector=field,
        level=level,
        agency_id=agency.pk,
        processing_days=days,
        fees=fees,
        result=result,
        legal_basis=basis,
        online_level=online,
        is_published=True,
        is_sample=True,
    )
    procedure = services.procedure_save(user=context.actor, procedure=procedure)
    if not procedure.documents.exists():
        for order, document_name in enumerate(documents, start=1):
            services.document_save(
                user=context.actor,
                document=RequiredDocument(procedure=procedure, order=order, name=document_name),
            )
    if not procedure.steps.exists():
        for order, (step_name, share) in enumerate(STEPS, start=1):
            services.step_save(
                user=context.actor,
                step=ProcessingStep(
                    procedure=procedure,
                    order=order,
                    name=step_name,
                    organisation=agency,
                    role="Chuyên viên" if order == 2 else "Bộ phận một cửa",
                    share=share,
                ),
            )
    return procedure


def _desk(context, organisation, code) -> None:
    desk = Desk.objects.filter(organisation=organisation).first() or Desk(organisation=organisation)
    desk.code = code
    services.desk_save(user=context.actor, desk=desk)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


class _Applicants:
    def __init__(self):
        self.index = 0

    def next(self) -> dict:
        name, address = APPLICANTS[self.index % len(APPLICANTS)]
        self.index += 1
        return {
            "applicant_name": name,
            "identity_number": f"0400900{self.index:05d}",
            "phone": f"09120{self.index:05d}",
            "email": f"congdan{self.index}@example.vn",
            "address": address,
            "consent": True,
        }


def _files(procedure) -> dict:
    return {
        d.pk: SimpleUploadedFile(f"mau-{d.pk}.pdf", b"%PDF-1.4 sample", "application/pdf")
        for d in procedure.documents.all()
    }


def _dossiers(context, procedure, clerk_org, other_org) -> dict[str, Dossier]:
    """One dossier in every state, received on working days before today."""
    actor = context.actor
    people = context.objects.setdefault("onestop_applicants", _Applicants())
    today = timezone.localdate()
    days = procedure.processing_days

    def ago(n):
        return _at(add_working_days(today, -n))

    def online(when):
        draft = services.dossier_draft_save(
            user=actor, procedure=procedure, data=people.next(), uploads=_files(procedure), now=when
        )
        Dossier.objects.filter(pk=draft.pk).update(is_sample=True)
        return services.dossier_submit(user=actor, dossier=draft, now=when)

    def desk(when):
        return services.dossier_record(
            user=actor,
            procedure=procedure,
            data=people.next(),
            channel="desk",
            now=when,
            is_sample=True,
        )

    made = {}
    draft = services.dossier_draft_save(
        user=actor, procedure=procedure, data=people.next(), now=ago(0)
    )
    Dossier.objects.filter(pk=draft.pk).update(is_sample=True)
    made["draft"] = draft
    made["submitted"] = online(ago(0))
    made["supplement"] = services.dossier_request_supplement(
        user=actor,
        dossier=online(ago(1)),
        items="Bản sao giấy tờ tùy thân\nĐơn có chữ ký",
        now=ago(1),
    )
    made["refused"] = services.dossier_refuse(
        user=actor,
        dossier=online(ago(2)),
        reason="Thủ tục không thuộc thẩm quyền giải quyết.",
        now=ago(2),
    )
    made["processing"] = desk(ago(1))
    late = desk(ago(days + 3))
    made["late"] = late
    accepted = services.dossier_accept(user=actor, dossier=online(ago(1)), now=ago(1))
    services.dossier_step_complete(user=actor, dossier=accepted, note="Đã tiếp nhận", now=ago(1))
    made["transferred"] = services.dossier_transfer(
        user=actor,
        dossier=accepted,
        to=other_org,
        days=max(1, days // 2),
        note="Lấy ý kiến phối hợp",
        now=ago(0),
    ).dossier
    ready = desk(ago(days))
    for _step in range(3):
        ready = services.dossier_step_complete(user=actor, dossier=ready, now=ago(1))
    made["result_ready"] = services.dossier_result_ready(user=actor, dossier=ready, now=ago(1))
    returned = services.dossier_accept(user=actor, dossier=online(ago(days + 2)), now=ago(days + 2))
    returned = services.dossier_result_ready(user=actor, dossier=returned, now=ago(3))
    returned = services.dossier_return(user=actor, dossier=returned, method="online", now=ago(2))
    made["returned"] = services.dossier_rate(
        user=actor, dossier=returned, rating=3, comment="Nhanh, không phải đi lại.", now=ago(1)
    )
    apologised = desk(ago(days + 1))
    made["apologised"] = services.dossier_apologise(
        user=actor,
        dossier=apologised,
        new_due=add_working_days(apologised.due_date, 3),
        reason="Cần xác minh thêm với cơ quan phối hợp.",
        now=ago(1),
    )
    return made


DISTRICT_PROCEDURE = (
    "1.001612",
    "Cấp giấy chứng nhận đủ điều kiện kinh doanh dịch vụ trò chơi điện tử công cộng",
    FIELD_INFO,
    10,
    "Không",
    "Giấy chứng nhận đủ điều kiện",
    "Nghị định 72/2013/NĐ-CP; Nghị định 27/2018/NĐ-CP",
    "partial",
    ["Đơn đề nghị", "Bản sao giấy chứng nhận đăng ký kinh doanh"],
)


def _across_the_reform(context, district, commune) -> Dossier:
    """A dossier received by the district of Đô Lương on 25/06/2025 and finished by the commune
    that took its work over when the districts were abolished on 01/07/2025."""
    actor = context.actor
    procedure = _procedure(context, DISTRICT_PROCEDURE, district, 2)
    people = context.objects.setdefault("onestop_applicants", _Applicants())
    dossier = services.dossier_record(
        user=actor,
        procedure=procedure,
        data=people.next(),
        channel="desk",
        now=_at(date(2025, 6, 25)),
        is_sample=True,
    )
    dossier = services.dossier_hand_over(
        user=actor,
        dossier=dossier,
        to=commune,
        now=_at(date(2025, 7, 1)),
        note="Chính quyền địa phương hai cấp từ 01/07/2025: xã tiếp nhận công việc của huyện.",
    )
    dossier = services.dossier_result_ready(user=actor, dossier=dossier, now=_at(date(2025, 7, 4)))
    return services.dossier_return(
        user=actor, dossier=dossier, method="desk", now=_at(date(2025, 7, 7))
    )


# username, role key, full name: the commune's desk, its officer and its leader share the work
ACCOUNTS = [
    ("motcua_xa", "onestop_receiver", "Lê Thị Thu"),
    ("xuly_xa", "onestop_processor", "Trần Văn Bình"),
    ("lanhdao_xa", "onestop_leader", "Nguyễn Văn Quang"),
]


def _accounts(context: DemoContext, organisation) -> None:
    """One demo account per one-stop role at the commune, each with a fresh password."""
    groups = ensure_roles()
    for username, role, full_name in ACCOUNTS:
        person = person_save(
            user=context.actor,
            person=Person.objects.filter(user__username=username).first(),
            data={
                "full_name": full_name,
                "organisation": organisation,
                "position": Person.Position.OFFICER,
                "position_detail": str(groups[role].name),
                "email": f"{username}@demo.congso.vn",
            },
        )
        password = get_random_string(14)
        account_set(
            user=context.actor, person=person, username=username, password=password, roles=[role]
        )
        context.accounts.append(
            DemoAccount(username, password, groups[role].name, str(organisation))
        )


def run(context: DemoContext) -> None:
    orgs = context.objects["directory"]
    department = orgs["department"]
    commune = orgs["commune_committee"]
    _accounts(context, commune)
    # A refresh starts the sample dossiers again; the catalogue is updated in place.
    Dossier.objects.filter(is_sample=True).delete()
    _desk(context, department, "000.00.22.H40")
    _desk(context, commune, "000.25.22.H40")
    _desk(context, orgs["committee:Đô Lương"], "000.00.25.H40")
    province_procedures = [_procedure(context, row, department, 1) for row in PROVINCE_PROCEDURES]
    commune_procedures = [_procedure(context, row, commune, 3) for row in COMMUNE_PROCEDURES]
    made = _dossiers(context, province_procedures[0], department, orgs["committee:Đô Lương"])
    made_commune = _dossiers(context, commune_procedures[0], commune, department)
    reform = _across_the_reform(context, orgs["committee:Đô Lương"], commune)
    context.objects["onestop"] = {"province": made, "commune": made_commune, "reform": reform}
    context.lines.append(
        _(
            "One-stop: %(procedures)s procedures, %(dossiers)s sample dossiers in every state "
            "(e.g. %(code)s)."
        )
        % {
            "procedures": Procedure.objects.filter(is_sample=True).count(),
            "dossiers": Dossier.objects.filter(is_sample=True).count(),
            "code": made["processing"].code,
        }
    )


DEMO = DemoPart(run=run, after=("directory",))
