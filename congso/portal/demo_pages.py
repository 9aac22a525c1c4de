"""The demo's pages a portal must publish, on the department's portal: its introduction, legal
documents, questions and answers, the spokesperson page and the home page's banners and links.

The decree and the law listed are real; the other documents, the questions, the leaders'
duties and biographies, the history and the banner are sample content and say so."""

import datetime as dt
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page

from congso.core.demo import DemoContext
from congso.core.text import fold
from congso.directory.models import Person
from congso.directory.services import person_save

from .models import (
    IntroductionPage,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    Portal,
    Question,
    QuestionPage,
    SectionPage,
    SpokespersonPage,
)
from .services_pages import question_answer, question_ask, question_publish

SAMPLE = "(dữ liệu mẫu)"
T = LegalDocumentPage.Type

LEADERS = {
    "giamdoc": (
        "Lãnh đạo, quản lý chung mọi hoạt động của Sở; trực tiếp phụ trách công tác tổ chức "
        "cán bộ, kế hoạch - tài chính, thanh tra; người phát ngôn của Sở. " + SAMPLE,
        "Sinh năm 1962 tại Nghệ An; kỹ sư điện tử viễn thông; công tác trong ngành bưu điện "
        "từ năm 1985; Giám đốc Sở từ năm 2010. " + SAMPLE,
    ),
    "phogiamdoc": (
        "Giúp Giám đốc phụ trách lĩnh vực công nghệ thông tin, báo chí - xuất bản; phụ "
        "trách Trung tâm Công nghệ thông tin và Truyền thông. " + SAMPLE,
        "Sinh năm 1970 tại Vinh; thạc sĩ công nghệ thông tin; Phó Giám đốc Sở từ năm "
        "2012. " + SAMPLE,
    ),
}
OFFICE_SPOKESPERSON = "Võ Thị Thu Hà"

FUNCTIONS = (
    "<p>Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, "
    "tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về báo chí; xuất bản; bưu chính; "
    "viễn thông; tần số vô tuyến điện; công nghệ thông tin; điện tử; phát thanh và truyền "
    "hình; thông tin đối ngoại; thông tin cơ sở; hạ tầng thông tin truyền thông; quảng cáo "
    "trên báo chí, trên môi trường mạng, trên xuất bản phẩm.</p>"
    "<ul><li>Trình Ủy ban nhân dân tỉnh quy hoạch, kế hoạch, chương trình, đề án phát triển "
    "ngành thông tin và truyền thông trên địa bàn.</li>"
    "<li>Hướng dẫn, kiểm tra việc thực hiện các văn bản quy phạm pháp luật, quy hoạch, kế "
    "hoạch đã được phê duyệt.</li>"
    "<li>Quản lý cổng thông tin điện tử của tỉnh và hướng dẫn cổng thông tin điện tử của các "
    "sở, ngành, Ủy ban nhân dân cấp huyện.</li></ul>"
    f"<p>{SAMPLE}</p>"
)
HISTORY = (
    "<p>Sở Bưu chính, Viễn thông Nghệ An được thành lập năm 2004; năm 2008 đổi tên thành Sở "
    "Thông tin và Truyền thông khi tiếp nhận thêm chức năng quản lý nhà nước về báo chí, "
    f"xuất bản. Từ ngày 01/03/2025, nhiệm vụ của Sở được chuyển về Sở Khoa học và Công nghệ. "
    f"{SAMPLE}</p>"
)
PRESS_INFO = (
    "<p>Sở phát ngôn và cung cấp thông tin cho báo chí định kỳ hằng quý và khi có sự kiện, "
    "vấn đề quan trọng thuộc lĩnh vực quản lý. Phóng viên liên hệ người phát ngôn qua điện "
    "thoại hoặc thư điện tử; thông cáo báo chí được đăng tại chuyên mục Báo chí - Xuất "
    f"bản. {SAMPLE}</p>"
)

# number, type, issuing body, issued, effective, title, abstract, field, signer, sample
DOCUMENTS = [
    (
        "43/2011/NĐ-CP",
        T.DECREE,
        "Chính phủ",
        dt.date(2011, 6, 13),
        dt.date(2011, 8, 1),
        "Nghị định 43/2011/NĐ-CP",
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang thông tin "
        "điện tử hoặc cổng thông tin điện tử của cơ quan nhà nước.",
        "Công nghệ thông tin",
        "Nguyễn Tấn Dũng",
        False,
    ),
    (
        "67/2006/QH11",
        T.LAW,
        "Quốc hội",
        dt.date(2006, 6, 29),
        dt.date(2007, 1, 1),
        "Luật Công nghệ thông tin",
        "Luật Công nghệ thông tin.",
        "Công nghệ thông tin",
        "Nguyễn Phú Trọng",
        False,
    ),
    (
        "1605/QĐ-TTg",
        T.DECISION,
        "Thủ tướng Chính phủ",
        dt.date(2010, 8, 27),
        dt.date(2010, 8, 27),
        "Quyết định 1605/QĐ-TTg",
        "Phê duyệt Chương trình quốc gia về ứng dụng công nghệ thông tin trong hoạt động của "
        "cơ quan nhà nước giai đoạn 2011 - 2015.",
        "Công nghệ thông tin",
        "Nguyễn Tấn Dũng",
        False,
    ),
    (
        "1234/QĐ-UBND",
        T.DECISION,
        "UBND tỉnh Nghệ An",
        dt.date(2014, 3, 10),
        dt.date(2014, 3, 10),
        "Quyết định phê duyệt đề án Chính quyền điện tử tỉnh Nghệ An",
        "Phê duyệt đề án “Chính quyền điện tử tỉnh Nghệ An” giai đoạn 2014 - 2020. " + SAMPLE,
        "Công nghệ thông tin",
        "Phó Chủ tịch UBND tỉnh " + SAMPLE,
        True,
    ),
    (
        "215/KH-STTTT",
        T.PLAN,
        "Sở Thông tin và Truyền thông Nghệ An",
        dt.date(2014, 3, 28),
        None,
        "Kế hoạch công tác quý II năm 2014",
        "Kế hoạch triển khai chương trình công tác quý II năm 2014 theo kết luận hội nghị trực "
        "tuyến ngày 26/03/2014. " + SAMPLE,
        "Chỉ đạo - điều hành",
        "Nguyễn Văn Hùng",
        True,
    ),
    (
        "120/STTTT-BCVT",
        T.OFFICIAL_LETTER,
        "Sở Thông tin và Truyền thông Nghệ An",
        dt.date(2014, 2, 17),
        None,
        "Công văn về củng cố điểm bưu điện - văn hoá xã",
        "Đề nghị các doanh nghiệp bưu chính củng cố hoạt động của các điểm bưu điện - văn hoá "
        "xã trên địa bàn. " + SAMPLE,
        "Bưu chính - viễn thông",
        "Trần Thị Lan",
        True,
    ),
    (
        "98/STTTT-BCXB",
        T.GUIDANCE,
        "Sở Thông tin và Truyền thông Nghệ An",
        dt.date(2014, 4, 2),
        dt.date(2014, 4, 2),
        "Hướng dẫn phát ngôn và cung cấp thông tin cho báo chí",
        "Hướng dẫn các cơ quan, đơn vị cử người phát ngôn và cung cấp thông tin cho báo chí. "
        + SAMPLE,
        "Báo chí - xuất bản",
        "Trần Thị Lan",
        True,
    ),
]

# name, address, e-mail, title, question, answer (None: awaiting), answering division
QUESTIONS = [
    (
        "Nguyễn Văn An " + SAMPLE,
        "Xã Bài Sơn, huyện Đô Lương",
        "an@example.org",
        "Xã chưa có sóng điện thoại di động ổn định",
        "Xóm tôi ở cuối xã chưa có sóng điện thoại di động ổn định, nhất là vào buổi tối. "
        "Xin hỏi Sở có kế hoạch đề nghị các doanh nghiệp lắp thêm trạm phát sóng không?",
        "Sở Thông tin và Truyền thông đã đề nghị các doanh nghiệp viễn thông khảo sát, lắp đặt "
        "thêm trạm thu phát sóng tại các xã chưa có sóng ổn định trong năm 2014; xã Bài Sơn "
        "có trong danh sách khảo sát quý II. " + SAMPLE,
        "Phòng Bưu chính - Viễn thông",
    ),
    (
        "Trần Thị Bình " + SAMPLE,
        "Thành phố Vinh",
        "binh@example.org",
        "Thủ tục cấp giấy phép trang thông tin điện tử tổng hợp",
        "Công ty tôi muốn lập trang thông tin điện tử tổng hợp. Xin hỏi hồ sơ xin cấp phép gồm "
        "những gì và nộp ở đâu?",
        "Hồ sơ gồm đơn đề nghị cấp phép, bản sao giấy chứng nhận đăng ký doanh nghiệp, đề án "
        "hoạt động và các tài liệu liên quan; nộp tại bộ phận một cửa của Sở hoặc trực tuyến "
        "trên cổng dịch vụ công. " + SAMPLE,
        "Phòng Báo chí - Xuất bản",
    ),
    (
        "Lê Văn Cường " + SAMPLE,
        "Huyện Yên Thành",
        "cuong@example.org",
        "Tập huấn cán bộ quản trị cổng thông tin cấp huyện",
        "Khi nào Sở tổ chức lớp tập huấn cho cán bộ quản trị, biên tập cổng thông tin điện tử "
        "cấp huyện như đã nêu tại hội nghị ngày 26/03/2014?",
        None,
        None,
    ),
]


def _publish(page: Page) -> None:
    page.save_revision(log_action=True).publish()


def _child(home: Page, model, slug: str, **fields):
    found = model.objects.child_of(home).filter(slug=slug).first()
    if found is not None:
        return found
    page = model(slug=slug, show_in_menus=False, **fields)
    home.add_child(instance=page)
    _publish(page)
    return page


def _sample_pdf(title: str, collection: Collection) -> Document:
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    text = "Du lieu mau - sample document"
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    return Document.objects.create(
        title=title, file=ContentFile(body, name=f"{slug}.pdf"), collection=collection
    )


def _banner_image(collection: Collection) -> Image:
    title = "Ảnh băng rôn chuyển đổi số (dữ liệu mẫu)"
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = PILImage.new("RGB", (1200, 300), (13, 59, 120))
    draw = ImageDraw.Draw(canvas)
    for x in range(0, 1200, 60):
        draw.line([(x, 300), (x + 300, 0)], fill=(30, 90, 160), width=6)
    draw.ellipse([900, 40, 1120, 260], outline=(255, 210, 63), width=10)
    buffer = BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="demo-banner.jpg"), collection=collection
    )


def _people(context: DemoContext, department) -> None:
    for username, (duties, biography) in LEADERS.items():
        person = Person.objects.filter(user__username=username).first()
        if person is not None and not person.duties:
            person_save(
                user=context.actor,
                person=person,
                data={"duties": duties, "biography": biography},
            )
    office = department.children.filter(name="Văn phòng Sở").first()
    if office is not None and not Person.objects.filter(full_name=OFFICE_SPOKESPERSON).exists():
        person_save(
            user=context.actor,
            data={
                "full_name": OFFICE_SPOKESPERSON,
                "organisation": office,
                "position": Person.Position.CHIEF_OF_OFFICE,
                "position_detail": "Chánh Văn phòng Sở " + SAMPLE,
                "is_spokesperson": True,
                "phone": "0238 3 000 000",
                "email": "vanphong@demo.congso.vn",
            },
        )


def _documents(index: LegalDocumentIndexPage, collection: Collection) -> int:
    for number, kind, body, issued, effective, title, abstract, field, signer, sample in DOCUMENTS:
        if LegalDocumentPage.objects.child_of(index).filter(number=number).exists():
            continue
        page = LegalDocumentPage(
            title=title,
            slug=slugify(fold(f"{number} {title}"))[:80],
            number=number,
            doc_type=kind,
            issuing_body=body,
            issued_on=issued,
            effective_on=effective,
            abstract=abstract,
            field=field,
            signer=signer,
            pdf=_sample_pdf(f"{number} {SAMPLE}", collection) if sample else None,
        )
        index.add_child(instance=page)
        _publish(page)
    return LegalDocumentPage.objects.child_of(index).count()


def _questions(context: DemoContext, portal: Portal, department) -> int:
    for name, address, email, title, text, answer, unit_name in QUESTIONS:
        question = Question.objects.filter(portal=portal, title=title).first()
        if question is None:
            question = question_ask(
                user=context.actor,
                portal=portal,
                data={
                    "asker_name": name,
                    "asker_address": address,
                    "asker_email": email,
                    "title": title,
                    "question": text,
                },
            )
        if answer and question.status == Question.Status.NEW:
            unit = department.children.filter(name=unit_name).first()
            question = question_answer(
                user=context.actor, question=question, answer=answer, answering_unit=unit
            )
            question_publish(user=context.actor, question=question)
    return Question.objects.filter(portal=portal, status=Question.Status.PUBLISHED).count()


def _home_blocks(home, documents: Page, pages: list[Page], collection: Collection) -> None:
    if home.home_blocks:
        return
    home.home_blocks = [
        (
            "banner",
            {
                "image": _banner_image(collection),
                "title": "Chuyển đổi số - Chính quyền điện tử tỉnh Nghệ An",
                "text": "Đề án Chính quyền điện tử tỉnh Nghệ An " + SAMPLE,
                "page": documents,
                "url": "",
            },
        ),
        (
            "links",
            {
                "heading": "Liên kết",
                "links": [
                    {
                        "title": "Cổng Dịch vụ công quốc gia",
                        "url": "https://dichvucong.gov.vn",
                        "page": None,
                        "description": "Thủ tục hành chính, dịch vụ công trực tuyến",
                    },
                    {
                        "title": "Cơ sở dữ liệu quốc gia về văn bản pháp luật",
                        "url": "https://vbpl.vn",
                        "page": None,
                        "description": "",
                    },
                    {
                        "title": "Văn bản của Sở",
                        "page": documents,
                        "url": "",
                        "description": "Văn bản chỉ đạo, điều hành, quy phạm pháp luật",
                    },
                    {
                        "title": "Cổng thông tin điện tử Chính phủ",
                        "url": "https://chinhphu.vn",
                        "page": None,
                        "description": "",
                    },
                ],
            },
        ),
        (
            "links",
            {
                "heading": "Thông tin về Sở",
                "links": [
                    {"title": page.title, "page": page, "url": "", "description": ""}
                    for page in pages
                ],
            },
        ),
        ("directory", {"heading": "Các đơn vị thuộc Sở", "source": "units"}),
        ("directory", {"heading": "Doanh nghiệp", "source": "enterprises"}),
    ]
    _publish(home)


def build(context: DemoContext, portals: dict[str, Portal]) -> None:
    portal = portals["department"]
    department = portal.organisation
    home = portal.site.root_page.specific
    _people(context, department)
    intro = _child(
        home,
        IntroductionPage,
        "gioi-thieu",
        title="Giới thiệu",
        functions=FUNCTIONS,
        history=HISTORY,
    )
    index = _child(
        home,
        LegalDocumentIndexPage,
        "van-ban",
        title="Văn bản",
        intro="Văn bản quy phạm pháp luật, chỉ đạo và điều hành liên quan đến ngành thông tin "
        "và truyền thông.",
    )
    documents = _documents(index, portal.collection)
    qa = _child(
        home,
        QuestionPage,
        "hoi-dap",
        title="Hỏi đáp",
        intro="Công dân, tổ chức gửi câu hỏi về lĩnh vực thông tin và truyền thông; câu trả lời "
        "được đăng sau khi Ban biên tập duyệt.",
    )
    questions = _questions(context, portal, department)
    press = SectionPage.objects.child_of(home).filter(slug="bao-chi-xuat-ban").first()
    spokesperson = _child(
        home,
        SpokespersonPage,
        "nguoi-phat-ngon",
        title="Người phát ngôn",
        press_info=PRESS_INFO,
        press_section=press,
    )
    _home_blocks(
        Page.objects.get(pk=home.pk).specific, index, [intro, qa, spokesperson], portal.collection
    )
    context.lines.append(
        _(
            "Department portal: introduction, %(documents)s legal documents, %(questions)s "
            "published questions and answers, the spokesperson page."
        )
        % {"documents": documents, "questions": questions}
    )
