"""Pages of the portal pages' tests: introduction, legal documents, Q&A, spokesperson; made as
the system, usable with a live server's database too."""

import datetime as dt

from congso.core.actors import SYSTEM

from ..models import (
    IntroductionPage,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    QuestionPage,
    SpokespersonPage,
)
from ..services_pages import question_answer, question_ask, question_publish


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_page(portal, model, slug, title, **fields):
    return publish_child(portal.site.root_page, model(title=title, slug=slug, **fields))


def make_intro(portal, **fields):
    return make_page(portal, IntroductionPage, "gioi-thieu", "Giới thiệu", **fields)


def make_spokesperson_page(portal, **fields):
    return make_page(portal, SpokespersonPage, "nguoi-phat-ngon", "Người phát ngôn", **fields)


def make_qa_page(portal):
    return make_page(portal, QuestionPage, "hoi-dap", "Hỏi đáp")


def make_documents_index(portal):
    return make_page(portal, LegalDocumentIndexPage, "van-ban", "Văn bản")


def make_document(index, number="43/2011/NĐ-CP", **fields):
    values = {
        "title": fields.pop("title", f"Văn bản {number}"),
        "slug": fields.pop("slug", None)
        or "".join(c if c.isascii() and c.isalnum() else "-" for c in number.lower()),
        "number": number,
        "doc_type": LegalDocumentPage.Type.DECREE,
        "issuing_body": "Chính phủ",
        "issued_on": dt.date(2011, 6, 13),
        "effective_on": dt.date(2011, 8, 1),
        "abstract": "Quy định về việc cung cấp thông tin trên cổng thông tin điện tử.",
        "field": "Công nghệ thông tin",
        "signer": "Nguyễn Tấn Dũng",
    }
    values.update(fields)
    return publish_child(index, LegalDocumentPage(**values))


ASKED = {
    "asker_name": "Nguyễn Văn An",
    "asker_address": "Xã Bài Sơn",
    "asker_email": "an@example.org",
    "title": "Sóng di động ở xã",
    "question": "Xóm tôi chưa có sóng điện thoại di động ổn định, xin hỏi khi nào có?",
}


def make_question(portal, *, answer=None, publish=False, **data):
    question = question_ask(user=SYSTEM, portal=portal, data={**ASKED, **data})
    if answer:
        question = question_answer(user=SYSTEM, question=question, answer=answer)
    if publish:
        question = question_publish(user=SYSTEM, question=question)
    return question
