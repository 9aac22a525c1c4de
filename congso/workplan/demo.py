"""The work programme of the Nghệ An demo: the Q2/2014 programme, the online conference of
26/03/2014 with its bridge points in every district, the districts' petitions and the answers,
the conclusions as tasks with lead units and deadlines, the two schemes, and sample progress so
that every status bucket has members today. All through the services, as the system actor;
what the article does not say is marked as sample."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.demo import DemoContext, DemoPart
from congso.directory.models import Organisation, Person

from .models import Conference, Petition, Programme, Scheme, Task
from .selectors import BUCKETS, status_counts
from .services import (
    conclusion_record,
    conference_record,
    milestone_save,
    petition_answer,
    petition_group,
    petition_record,
    programme_save,
    scheme_save,
    task_assign,
    task_confirm_done,
    task_decide_extension,
    task_mark_done,
    task_report_progress,
    task_request_extension,
)

SAMPLE = "Dữ liệu mẫu: bài viết không nêu."
CONFERENCE_DAY = date(2014, 3, 26)
CONCLUSION_DAY = date(2014, 3, 28)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CONFERENCE_TITLE = "Hội nghị trực tuyến giao ban quý I, triển khai nhiệm vụ quý II/2014"

# (district that raised it, field, content, answering body key, answer)
PETITIONS = [
    (
        "Quỳ Hợp",
        "it",
        "Đề nghị Sở mở lớp tập huấn cho cán bộ quản trị, biên tập Cổng thông tin điện tử huyện.",
        "department",
        "Sở sẽ tổ chức lớp tập huấn cho cán bộ quản trị, biên tập cổng thông tin các huyện "
        "trong quý II/2014.",
    ),
    (
        "Diễn Châu",
        "it",
        "Đề nghị tăng cường quản lý các điểm kinh doanh trò chơi trực tuyến gần trường học.",
        "department",
        "Thanh tra Sở phối hợp với UBND các huyện kiểm tra các điểm trò chơi trực tuyến; "
        "huyện cấp giấy chứng nhận đủ điều kiện theo Nghị định 72/2013/NĐ-CP.",
    ),
    (
        "Tân Kỳ",
        "broadcast",
        "Hệ thống truyền thanh cơ sở xuống cấp; biên chế Đài Truyền thanh - Truyền hình huyện "
        "còn thiếu.",
        "department",
        "Sở tham mưu UBND tỉnh đề án nâng cấp truyền thanh cơ sở; biên chế của Đài huyện do "
        "UBND huyện bố trí trong tổng biên chế được giao.",
    ),
    (
        "Kỳ Sơn",
        "telecom",
        "Dịch vụ internet tại các xã vùng cao chập chờn, tốc độ thấp.",
        "VNPT",
        "VNPT Nghệ An nâng cấp truyền dẫn và lắp thêm trạm BTS tại các xã vùng cao trong năm 2014.",
    ),
    (
        "Tương Dương",
        "telecom",
        "Nhiều xã chưa có sóng điện thoại di động ổn định.",
        "VNPT",
        None,  # grouped with the previous one, answered once
    ),
    (
        "Quế Phong",
        "post",
        "Nhiều điểm bưu điện - văn hoá xã hoạt động kém hiệu quả.",
        "Bưu điện tỉnh",
        "Bưu điện tỉnh rà soát, bổ sung dịch vụ tại các điểm bưu điện - văn hoá xã.",
    ),
    (
        "Yên Thành",
        "press",
        "Đề nghị các cơ quan báo chí phối hợp với người phát ngôn của huyện khi đưa tin.",
        "Báo Nghệ An",
        "Báo Nghệ An đề nghị mỗi đơn vị cử người phát ngôn và cung cấp thông tin kịp thời "
        "cho báo chí.",
    ),
]

PROGRAMME_ITEMS = [
    (
        "Quy hoạch hạ tầng kỹ thuật viễn thông thụ động tỉnh Nghệ An đến năm 2020",
        "Phòng Bưu chính - Viễn thông",
        date(2014, 6, 30),
    ),
    (
        "Chương trình hợp tác phát triển CNTT với một tập đoàn công nghệ",
        "Phòng Công nghệ thông tin",
        date(2014, 6, 30),
    ),
    ("Dự án Khu công viên công nghệ thông tin", "Phòng Công nghệ thông tin", date(2014, 6, 30)),
    (
        "Xây dựng các văn bản quy phạm pháp luật về thông tin và truyền thông",
        "Văn phòng Sở",
        date(2014, 6, 15),
    ),
]


def _person(username: str) -> Person:
    return Person.objects.get(user__username=username)


def _task(context, lead, title, deadline, *, day=CONCLUSION_DAY, **data) -> Task:
    data.setdefault("source", Task.Source.CONCLUSION)
    data.setdefault("assigned_by", context.objects["directory"]["department"])
    cooperating = data.pop("cooperating", ())
    return task_assign(
        user=context.actor,
        data={"title": title, "lead_organisation": lead, "deadline": deadline, **data},
        cooperating=cooperating,
        day=day,
    )


def run(context: DemoContext) -> None:
    orgs: dict[str, Organisation] = context.objects["directory"]
    department = orgs["department"]
    districts = {
        key.split(":", 1)[1]: org for key, org in orgs.items() if key.startswith("committee:")
    }
    conference = Conference.objects.filter(title=CONFERENCE_TITLE).first()
    if conference is None:
        conference = load(context, orgs, department, districts)
    summarise(context, conference)


def load(context, orgs, department, districts) -> Conference:
    actor = context.actor
    director = _person("giamdoc")

    programme = programme_save(
        user=actor,
        programme=Programme.objects.filter(organisation=department, year=2014, quarter=2).first(),
        data={
            "title": "Chương trình công tác quý II/2014",
            "organisation": department,
            "year": 2014,
            "quarter": 2,
            "note": "Theo bài viết 27/03/2014; hạn của từng mục: " + SAMPLE,
        },
        items=[
            {"title": title, "organisation": orgs[lead], "due": due}
            for title, lead, due in PROGRAMME_ITEMS
        ],
    )

    conference = conference_record(
        user=actor,
        data={
            "title": CONFERENCE_TITLE,
            "kind": Conference.Kind.ONLINE,
            "organisation": department,
            "starts_at": datetime.combine(CONFERENCE_DAY, time(8, 0), tzinfo=VN),
            "place": "Sở Thông tin và Truyền thông, số 16 Trường Thi, thành phố Vinh",
            "chair": director,
            "agenda": "1. Đánh giá kết quả quý I/2014.\n2. Kiến nghị của các huyện.\n"
            "3. Nhiệm vụ quý II/2014.",
            "minutes": "Doanh thu bưu chính, viễn thông, CNTT quý I ước đạt 971,8 tỷ đồng "
            "(30,95 % kế hoạch năm).",
        },
        participants=[orgs[k] for k in ("VNPT", "Viettel", "MobiFone", "Bưu điện tỉnh")]
        + [orgs["Báo Nghệ An"], *districts.values()],
        bridge_points=[(org, f"Hội trường {org.name} ({SAMPLE})") for org in districts.values()],
    )

    petitions = []
    for district, field, content, answering, answer in PETITIONS:
        petitions.append(
            (
                petition_record(
                    user=actor,
                    data={
                        "raised_by": districts[district],
                        "source": Petition.Source.CONFERENCE,
                        "conference": conference,
                        "sector": field,
                        "content": content,
                        "answering_organisation": orgs[answering],
                    },
                ),
                answer,
            )
        )
    petition_group(
        user=actor,
        petitions=[petitions[3][0], petitions[4][0]],
        topic="Chất lượng dịch vụ viễn thông ở các huyện miền núi",
    )
    for petition, answer in petitions:
        if answer:
            petition_answer(user=actor, petition=petition, text=answer, answer_date=CONFERENCE_DAY)

    conclusion = conclusion_record(
        user=actor,
        data={
            "conference": conference,
            "organisation": department,
            "number": "45/TB-STTTT",
            "issued_on": CONCLUSION_DAY,
            "signer": director,
            "title": "Kết luận của Giám đốc Sở tại Hội nghị trực tuyến ngày 26/03/2014",
            "text": f"Số và ngày của thông báo: {SAMPLE}",
        },
    )

    ict_centre = scheme_save(
        user=actor,
        data={
            "name": "Nghệ An trở thành trung tâm CNTT-TT của vùng Bắc Trung Bộ",
            "kind": Scheme.Kind.SCHEME,
            "lead_organisation": orgs["Phòng Công nghệ thông tin"],
            "goals": "Hoàn thiện đề án, trình UBND tỉnh phê duyệt trong năm 2014.",
            "starts_on": date(2014, 1, 1),
            "ends_on": date(2020, 12, 31),
        },
    )
    e_government = scheme_save(
        user=actor,
        data={
            "name": "Xây dựng chính quyền điện tử tỉnh Nghệ An",
            "kind": Scheme.Kind.SCHEME,
            "lead_organisation": orgs["Phòng Công nghệ thông tin"],
            "goals": "Ứng dụng CNTT trong cơ quan nhà nước; một cửa điện tử đến cấp xã.",
            "starts_on": date(2014, 1, 1),
            "ends_on": date(2020, 12, 31),
        },
    )
    for scheme in (ict_centre, e_government):
        milestone_save(
            user=actor, scheme=scheme, title=f"Trình UBND tỉnh ({SAMPLE})", due=date(2014, 9, 30)
        )

    it, post = orgs["Phòng Công nghệ thông tin"], orgs["Phòng Bưu chính - Viễn thông"]
    common = {"conclusion": conclusion, "conference": conference}
    schemes_done = [
        _task(
            context,
            it,
            f"Hoàn thiện đề án «{s.name}»",
            date(2014, 9, 30),
            scheme=s,
            sector="it",
            **common,
        )
        for s in (ict_centre, e_government)
    ]
    committees = []
    for _name, org in sorted(districts.items()):
        committees.append(
            _task(
                context,
                org,
                "Thành lập Ban chỉ đạo CNTT, Ban biên tập cổng thông tin điện tử huyện và bố trí "
                "kinh phí hoạt động",
                date(2014, 6, 30),
                sector="it",
                description=f"Hạn hoàn thành: {SAMPLE}",
                **common,
            )
        )
    one_stop = _task(
        context,
        it,
        "80 % UBND cấp huyện ứng dụng CNTT hiện đại tại bộ phận một cửa",
        date(2014, 12, 31),
        sector="admin_reform",
        scheme=e_government,
        cooperating=list(districts.values()),
        **common,
    )
    pilot = _task(
        context,
        districts["Đô Lương"],
        "Thí điểm một cửa liên thông hiện đại từ huyện đến xã",
        date(2014, 9, 30),
        sector="admin_reform",
        scheme=e_government,
        description=f"Huyện thí điểm: {SAMPLE}",
        **common,
    )
    staff = _task(
        context,
        post,
        "Mỗi huyện bố trí cán bộ theo dõi lĩnh vực bưu chính, viễn thông",
        date(2014, 4, 30),
        sector="telecom",
        cooperating=list(districts.values()),
        **common,
    )
    spokesperson = _task(
        context,
        orgs["Văn phòng Sở"],
        "Mỗi đơn vị cử người phát ngôn, cung cấp thông tin cho báo chí",
        date(2014, 4, 30),
        sector="press",
        **common,
    )
    clusters = [
        _task(
            context,
            districts[lead],
            f"Báo cáo hoạt động {name} (huyện phụ trách cụm)",
            date(2014, 6, 30),
            sector="other",
            recurrence=Task.Recurrence.QUARTERLY,
            **common,
        )
        for name, lead in (("Cụm 1", "Yên Thành"), ("Cụm 2", "Tương Dương"), ("Cụm 3", "Quỳnh Lưu"))
    ]
    report = _task(
        context,
        it,
        "Báo cáo tình hình thực hiện các đề án năm 2014",
        date(2014, 10, 30),
        sector="it",
        **common,
    )
    items = []
    for item in programme.items.all():
        items.append(
            _task(
                context,
                item.organisation,
                item.title,
                item.due,
                day=date(2014, 4, 1),
                source=Task.Source.PROGRAMME,
                programme_item=item,
                sector="telecom" if "viễn thông" in item.title else "it",
            )
        )
    today = timezone.localdate()
    following = _task(
        context,
        it,
        "Triển khai chính quyền điện tử giai đoạn tiếp theo",
        date(today.year, 12, 31),
        sector="it",
        scheme=e_government,
        source=Task.Source.DOCUMENT,
        source_document=SAMPLE,
        day=date(2014, 11, 1),
    )

    # Sample progress: every bucket has members today.
    def done(task, day):
        task_report_progress(
            user=actor, task=task, percent=60, text="Đang triển khai.", day=task.assigned_on
        )
        task_mark_done(user=actor, task=task, day=day)
        task_confirm_done(user=actor, task=task, day=day)

    done(schemes_done[0], date(2014, 9, 25))
    done(schemes_done[1], date(2014, 10, 20))  # late
    for index, task in enumerate(committees):
        if index % 3 == 0:
            done(task, date(2014, 6, 20))
        elif index % 3 == 1:
            done(task, date(2014, 8, 15))  # late
        else:
            task_report_progress(
                user=actor,
                task=task,
                percent=30,
                text="Đã có quyết định thành lập Ban chỉ đạo.",
                day=date(2014, 6, 10),
            )
    request = task_request_extension(
        user=actor,
        task=pilot,
        deadline=date(2014, 12, 31),
        reason="Chờ phần mềm một cửa liên thông.",
        day=date(2014, 9, 15),
    )
    task_decide_extension(user=actor, request=request, approve=True, day=date(2014, 9, 20))
    done(pilot, date(2014, 12, 20))
    done(staff, date(2014, 4, 25))
    done(spokesperson, date(2014, 5, 10))  # late
    for task in clusters:
        done(task, date(2014, 6, 28))
    done(report, date(2014, 10, 28))
    for task in items[:3]:
        done(task, date(2014, 6, 25))
    task_report_progress(
        user=actor,
        task=one_stop,
        percent=70,
        text="14/21 huyện đã ứng dụng.",
        day=date(2014, 12, 1),
    )
    task_report_progress(user=actor, task=following, percent=40, text=SAMPLE, day=today)

    return conference


def summarise(context: DemoContext, conference: Conference) -> None:
    counts = status_counts(Task.objects.all(), timezone.localdate())
    context.objects["workplan"] = {"conference": conference}
    context.lines.append(
        _(
            "Work programme: 1 conference with %(points)s bridge points, %(petitions)s "
            "petitions, %(tasks)s tasks (done on time %(done_on_time)s, done late "
            "%(done_late)s, open within the deadline %(open_in_time)s, overdue "
            "%(open_overdue)s)."
        )
        % {
            "points": conference.bridge_points.count(),
            "petitions": conference.petitions.count(),
            "tasks": counts.total,
            **{name: getattr(counts, name) for name in BUCKETS},
        }
    )


DEMO = DemoPart(run=run, after=("directory",))
