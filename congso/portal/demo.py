"""The portals of the demo: the department's portal (the default site, what the address of the
installation shows) with the news article of 27/03/2014 on the online conference of 26/03/2014,
more news in several sections, and a portal for each of the three districts that lead a cluster.

The conference article is written for the demo from the facts the original article reports; the
other articles, their authors and the photographs (drawn here, no network) are sample content
and say so."""

import datetime as dt
import logging
import random
from io import BytesIO
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Collection

from congso.core.demo import DemoAccount, DemoContext, DemoPart
from congso.core.roles import role_groups
from congso.directory.models import Person
from congso.directory.services import account_set, person_save

from . import demo_pages
from .bootstrap import ensure_wagtail_tree
from .models import ArticlePage, Portal, PortalMember, SectionPage
from .services import article_create, portal_create, portal_member_set

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SAMPLE = "Dữ liệu mẫu."
LICENCE_SAMPLE = (
    "Giấy phép thiết lập trang thông tin điện tử tổng hợp số 00/GP-STTTT (dữ liệu mẫu)."
)
CONFERENCE_SLUG = "hoi-nghi-truc-tuyen-so-ket-quy-i-trien-khai-nhiem-vu-quy-ii-nam-2014"
CONFERENCE_AT = dt.datetime(2014, 3, 27, 10, 50, tzinfo=TZ)
CONFERENCE_CAPTION = (
    "Quang cảnh hội nghị trực tuyến sơ kết quý I, triển khai nhiệm vụ quý II năm 2014 "
    "tại điểm cầu Sở Thông tin và Truyền thông (ảnh minh hoạ, dữ liệu mẫu)"
)

DEPARTMENT_SECTIONS = (
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Chỉ đạo - Điều hành", "chi-dao-dieu-hanh"),
    ("Bưu chính - Viễn thông", "buu-chinh-vien-thong"),
    ("Công nghệ thông tin", "cong-nghe-thong-tin"),
    ("Báo chí - Xuất bản", "bao-chi-xuat-ban"),
    ("Thông báo", "thong-bao"),
)
DISTRICT_SECTIONS = (
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Chỉ đạo - Điều hành", "chi-dao-dieu-hanh"),
    ("Thông báo", "thong-bao"),
)


def _p(*paragraphs: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def conference_body(photo: Image) -> list[tuple[str, object]]:
    return [
        *_p(
            "Chiều ngày 26/03/2014, Sở Thông tin và Truyền thông Nghệ An tổ chức hội nghị trực "
            "tuyến sơ kết công tác quý I và triển khai chương trình công tác quý II năm 2014 "
            "với các điểm cầu tại UBND các huyện, thành phố, thị xã. Đồng chí Giám đốc Sở chủ "
            "trì hội nghị; dự tại các điểm cầu có lãnh đạo UBND cấp huyện, phòng Văn hoá - "
            "Thông tin, đài Truyền thanh - Truyền hình và các doanh nghiệp bưu chính, viễn "
            "thông trên địa bàn.",
        ),
        ("image", {"image": photo, "caption": CONFERENCE_CAPTION}),
        ("paragraph", "<h2>Kết quả quý I năm 2014</h2>"),
        *_p(
            "Tổng doanh thu bưu chính, viễn thông và công nghệ thông tin trên địa bàn tỉnh "
            "quý I đạt <b>971,8 tỷ đồng</b>, bằng <b>30,95 %</b> kế hoạch năm.",
            "Tổng số thuê bao điện thoại luỹ kế đạt <b>40.532.154</b> thuê bao, mật độ "
            "<b>154,5</b> thuê bao/100 dân. Thuê bao Internet phát triển mới trong quý "
            "<b>1.433</b> thuê bao, nâng tổng số thuê bao Internet quy đổi (ADSL, FTTH, không "
            "dây) lên <b>811.928</b>, đạt <b>27,7</b> thuê bao/100 dân.",
        ),
        ("paragraph", "<h2>Kiến nghị của các địa phương</h2>"),
        *_p(
            "Các huyện đề nghị Sở tổ chức tập huấn cho cán bộ quản trị, biên tập cổng thông tin "
            "điện tử cấp huyện; tăng cường quản lý dịch vụ trò chơi trực tuyến; quan tâm hệ "
            "thống truyền thanh cơ sở và biên chế cho đài Truyền thanh - Truyền hình cấp "
            "huyện; nâng chất lượng dịch vụ Internet, mở rộng vùng phủ sóng di động và củng "
            "cố các điểm bưu điện - văn hoá xã; hướng dẫn việc phát ngôn và cung cấp thông tin "
            "cho báo chí. Lãnh đạo Sở và các phòng chuyên môn đã trả lời trực tiếp từng kiến "
            "nghị tại hội nghị.",
        ),
        (
            "quote",
            {
                "text": "Mỗi đơn vị phải có người phát ngôn và cung cấp thông tin cho báo chí "
                "kịp thời, chính xác.",
                "attribution": "Kết luận của Giám đốc Sở tại hội nghị",
            },
        ),
        ("paragraph", "<h2>Kết luận hội nghị</h2>"),
        (
            "paragraph",
            "<ul>"
            "<li>Hoàn thành các đề án “Nghệ An trở thành trung tâm công nghệ thông tin - "
            "truyền thông của vùng Bắc Trung Bộ” và “Chính quyền điện tử tỉnh Nghệ An”.</li>"
            "<li>Các huyện thành lập Ban chỉ đạo công nghệ thông tin và Ban biên tập cổng thông "
            "tin điện tử, bố trí kinh phí hoạt động.</li>"
            "<li>Phấn đấu 80 % UBND cấp huyện ứng dụng công nghệ thông tin hiện đại tại bộ "
            "phận một cửa; thí điểm một cửa liên thông điện tử đến cấp xã.</li>"
            "<li>Mỗi đơn vị cử người phát ngôn và cung cấp thông tin cho báo chí.</li>"
            "<li>Cụm 1, 2, 3 do các huyện Yên Thành, Tương Dương và Quỳnh Lưu phụ trách.</li>"
            "<li>Các đơn vị báo cáo kết quả thực hiện các đề án năm 2014 trước ngày "
            "30/10/2014.</li>"
            "</ul>",
        ),
    ]


# section slug, title, lead, days before the conference article (negative: after), sample text
DEPARTMENT_NEWS = [
    (
        "buu-chinh-vien-thong",
        "Doanh thu bưu chính, viễn thông quý I đạt gần 31 % kế hoạch năm",
        "Theo báo cáo của các doanh nghiệp, doanh thu bưu chính, viễn thông và công nghệ "
        "thông tin quý I/2014 đạt 971,8 tỷ đồng.",
        1,
    ),
    (
        "cong-nghe-thong-tin",
        "Triển khai đề án Chính quyền điện tử tỉnh Nghệ An",
        "Sở Thông tin và Truyền thông hướng dẫn các sở, ngành và UBND cấp huyện xây dựng kế "
        "hoạch thực hiện đề án trong năm 2014.",
        5,
    ),
    (
        "cong-nghe-thong-tin",
        "Tập huấn quản trị, biên tập cổng thông tin điện tử cấp huyện",
        "Lớp tập huấn dành cho cán bộ quản trị và biên tập cổng thông tin điện tử của các "
        "huyện, thành phố, thị xã.",
        -6,
    ),
    (
        "chi-dao-dieu-hanh",
        "Chương trình công tác quý II năm 2014 của Sở",
        "Sở ban hành chương trình công tác quý II, tập trung vào các đề án công nghệ thông "
        "tin và công tác quản lý nhà nước về bưu chính, viễn thông.",
        -2,
    ),
    (
        "bao-chi-xuat-ban",
        "Hướng dẫn phát ngôn và cung cấp thông tin cho báo chí",
        "Các cơ quan, đơn vị cử người phát ngôn và công bố danh sách trên cổng thông tin điện "
        "tử của mình.",
        -9,
    ),
    (
        "thong-bao",
        "Thông báo lịch tiếp công dân tháng 4/2014",
        "Lãnh đạo Sở tiếp công dân vào ngày thứ năm hằng tuần tại trụ sở Sở.",
        -5,
    ),
    (
        "tin-tuc-su-kien",
        "Mở rộng vùng phủ sóng di động tại các xã miền núi",
        "Các doanh nghiệp viễn thông cam kết lắp đặt thêm trạm thu phát sóng tại các xã "
        "chưa có sóng di động.",
        12,
    ),
]
DISTRICT_NEWS = [
    (
        "tin-tuc-su-kien",
        "Huyện {name} thành lập Ban biên tập cổng thông tin điện tử",
        "Thực hiện kết luận hội nghị ngày 26/03/2014, UBND huyện {name} quyết định thành lập "
        "Ban biên tập cổng thông tin điện tử huyện.",
        -10,
    ),
    (
        "chi-dao-dieu-hanh",
        "Huyện {name} phụ trách {cluster} thi đua",
        "UBND huyện {name} được giao phụ trách {cluster} trong phong trào thi đua ngành "
        "thông tin và truyền thông năm 2014.",
        -3,
    ),
    (
        "thong-bao",
        "Thông báo về bộ phận một cửa hiện đại của UBND huyện {name}",
        "Bộ phận tiếp nhận và trả kết quả của UBND huyện {name} ứng dụng công nghệ thông tin "
        "hiện đại từ quý II năm 2014.",
        -15,
    ),
]
DISTRICTS = [("Yên Thành", "Cụm 1"), ("Tương Dương", "Cụm 2"), ("Quỳnh Lưu", "Cụm 3")]


def demo_image(title: str, seed: int, collection: Collection) -> Image:
    """A drawn photograph for the demo, in its portal's collection: a hall, a long table and
    screens (no text)."""
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        if existing.collection_id != collection.pk:
            existing.collection = collection
            existing.save(update_fields=["collection"])
        return existing
    rng = random.Random(seed)
    width, height = 960, 600
    canvas = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(canvas)
    top = (rng.randint(150, 200), rng.randint(170, 210), rng.randint(200, 235))
    for y in range(height):
        shade = tuple(int(c * (1 - 0.45 * y / height)) for c in top)
        draw.line([(0, y), (width, y)], fill=shade)
    draw.rectangle([0, 380, width, height], fill=(120, 32, 36))
    for x in range(60, width - 160, 220):
        draw.rectangle([x, 90, x + 180, 200], fill=(25, 45, 90), outline=(230, 230, 230), width=4)
        for _row in range(3):
            bx, by = x + rng.randint(20, 130), rng.randint(110, 170)
            draw.ellipse([bx, by, bx + 26, by + 26], fill=(200, 170, 140))
    draw.rectangle([80, 330, width - 80, 390], fill=(245, 245, 240))
    for x in range(110, width - 110, 70):
        draw.ellipse([x, 270, x + 40, 310], fill=(60, 50, 45))
        draw.rectangle([x - 5, 305, x + 45, 345], fill=(30, 40, 70))
    draw.rectangle([0, 0, width, 40], fill=(179, 20, 27))
    buffer = BytesIO()
    canvas.save(buffer, "JPEG", quality=82)
    name = f"demo-{seed}.jpg"
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=name), collection=collection
    )


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).first()


# username, role key, organisation key, person, position, portal membership (portal key, role)
ACCOUNTS = [
    (
        "bbt_yenthanh",
        "district_staff",
        "committee:Yên Thành",
        "Nguyễn Thị Thu",
        Person.Position.VICE_CHAIR,
        ("Yên Thành", PortalMember.Role.BOARD),
    ),
    (
        "quantri",
        "portal_admin",
        "Trung tâm Công nghệ thông tin và Truyền thông Nghệ An",
        "Trần Văn Minh",
        Person.Position.OFFICER,
        None,
    ),
]


def load_accounts(context: DemoContext, orgs: dict, portals: dict[str, Portal]) -> None:
    """The portal's demo accounts: a district's editorial board member and a province user
    who supervises every portal; each with a fresh password."""
    groups = role_groups()
    for username, role, org_key, full_name, position, membership in ACCOUNTS:
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
                "is_spokesperson": False,
            },
        )
        password = get_random_string(14)
        account_set(
            user=context.actor, person=person, username=username, password=password, roles=[role]
        )
        label = groups[role].name
        if membership is not None:
            portal_key, member_role = membership
            portal_member_set(
                user=context.actor,
                portal=portals[portal_key],
                person=person,
                role=member_role,
                member=True,
            )
            label = f"{groups['editorial_board'].name} ({portals[portal_key]})"
        context.accounts.append(DemoAccount(username, password, label, str(organisation)))


def _ensure_portal(context: DemoContext, organisation, **options) -> Portal:
    portal = Portal.objects.filter(organisation=organisation).first()
    if portal is None:
        portal = portal_create(user=context.actor, organisation=organisation, **options)
    return portal


def _section(portal: Portal, slug: str) -> SectionPage:
    return SectionPage.objects.child_of(portal.site.root_page).get(slug=slug)


def _article(context, section, *, slug=None, title, **fields) -> ArticlePage:
    found = ArticlePage.objects.child_of(section).filter(title=title).first()
    if found is not None:
        return found
    return article_create(
        user=context.actor, section=section, title=title, slug=slug, publish=True, **fields
    )


def run(context: DemoContext) -> None:
    # Wagtail logs every page created and published at INFO: the demo prints its own summary.
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)
    try:
        build(context)
    finally:
        wagtail_log.setLevel(level)


def build(context: DemoContext) -> None:
    ensure_wagtail_tree()
    orgs = context.objects["directory"]
    department = orgs["department"]
    portal = _ensure_portal(
        context,
        department,
        hostname="localhost",
        is_default=True,
        site_name="Cổng thông tin điện tử Sở Thông tin và Truyền thông Nghệ An",
        sections=DEPARTMENT_SECTIONS,
        licence=LICENCE_SAMPLE,
        editor_in_chief="Giám đốc Sở Thông tin và Truyền thông (dữ liệu mẫu)",
    )
    for username, role in (
        ("bientap", PortalMember.Role.EDITOR),
        ("giamdoc", PortalMember.Role.BOARD),
        ("phogiamdoc", PortalMember.Role.BOARD),
    ):
        person = _person(username)
        if person is not None:
            portal_member_set(
                user=context.actor, portal=portal, person=person, role=role, member=True
            )

    photo = demo_image("Hội nghị trực tuyến 26/03/2014 (ảnh minh hoạ)", 2014, portal.collection)
    conference = _article(
        context,
        _section(portal, "tin-tuc-su-kien"),
        slug=CONFERENCE_SLUG,
        title="Hội nghị trực tuyến sơ kết quý I, triển khai nhiệm vụ quý II năm 2014",
        lead="Ngày 26/03/2014, Sở Thông tin và Truyền thông tổ chức hội nghị trực tuyến với "
        "các huyện, thành phố, thị xã sơ kết công tác quý I và triển khai chương trình công "
        "tác quý II năm 2014. Doanh thu bưu chính, viễn thông và công nghệ thông tin quý I "
        "đạt 971,8 tỷ đồng, bằng 30,95 % kế hoạch năm.",
        body=conference_body(photo),
        author="Văn phòng Sở",
        source="Sở Thông tin và Truyền thông Nghệ An — viết lại cho bản trình diễn",
        published_at=CONFERENCE_AT,
        image=photo,
        tags=["hội nghị trực tuyến", "quý I/2014", "kết luận"],
    )
    count = 1
    for index, (slug, title, lead, days) in enumerate(DEPARTMENT_NEWS):
        _article(
            context,
            _section(portal, slug),
            title=title,
            lead=lead,
            body=_p(lead, SAMPLE),
            author="Phóng viên (dữ liệu mẫu)",
            source=SAMPLE,
            published_at=CONFERENCE_AT - dt.timedelta(days=days, hours=index),
            image=demo_image(
                f"Ảnh minh hoạ {index + 1} (dữ liệu mẫu)", 100 + index, portal.collection
            ),
            tags=["dữ liệu mẫu"],
        )
        count += 1
    if not conference.related_links.exists():
        related = ArticlePage.objects.descendant_of(portal.site.root_page).exclude(
            pk=conference.pk
        )[:2]
        conference.related_links.create(article=related[0], sort_order=0)
        conference.related_links.create(article=related[1], sort_order=1)

    editors = {"Yên Thành": "yenthanh"}
    portals = {"department": portal}
    for number, (name, cluster) in enumerate(DISTRICTS):
        committee = orgs[f"committee:{name}"]
        district_portal = _ensure_portal(
            context,
            committee,
            site_name=f"Cổng thông tin điện tử huyện {name}",
            sections=DISTRICT_SECTIONS,
            licence=LICENCE_SAMPLE,
        )
        portals[name] = district_portal
        if name in editors and (person := _person(editors[name])) is not None:
            portal_member_set(
                user=context.actor,
                portal=district_portal,
                person=person,
                role=PortalMember.Role.EDITOR,
                member=True,
            )
        for index, (slug, title, lead, days) in enumerate(DISTRICT_NEWS):
            text = {"name": name, "cluster": cluster.lower()}
            _article(
                context,
                _section(district_portal, slug),
                title=title.format(**text),
                lead=lead.format(**text),
                body=_p(lead.format(**text), SAMPLE),
                author=f"Ban biên tập huyện {name} (dữ liệu mẫu)",
                source=SAMPLE,
                published_at=CONFERENCE_AT - dt.timedelta(days=days, hours=number),
                image=demo_image(
                    f"Ảnh minh hoạ huyện {name} {index + 1} (dữ liệu mẫu)",
                    300 + 10 * number + index,
                    district_portal.collection,
                ),
            )
            count += 1
    load_accounts(context, orgs, portals)
    context.objects["portal"] = portals
    demo_pages.build(context, portals)
    context.lines.append(
        _(
            "Portals: %(portals)s, %(articles)s articles; the department's portal is the "
            "default site."
        )
        % {"portals": Portal.objects.count(), "articles": ArticlePage.objects.live().count()}
    )


DEMO = DemoPart(run=run, after=("directory",))
