import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congso.core.actors import SYSTEM

from ..models import Question
from ..services_pages import question_answer, question_publish, question_unpublish
from ..views_pages import QUESTIONS_PER_HOUR, form_token
from .pages_factories import ASKED, make_qa_page, make_question

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def qa(portals):
    return make_qa_page(portals["department"])


def ask(client, qa, extra=None, **changes):
    data = {**ASKED, "token": form_token(time.time() - 60), "website": "", **changes}
    if data["token"] == "now":
        data["token"] = form_token()
    return client.post(qa.url + "gui-cau-hoi/", data, HTTP_HOST=HOST, **(extra or {}))


def test_a_citizen_asks_and_the_question_waits_unpublished(client, qa, portals):
    form = client.get(qa.url + "gui-cau-hoi/", HTTP_HOST=HOST)
    assert form.status_code == 200 and "Gửi câu hỏi" in form.content.decode()
    response = ask(client, qa)
    assert response.status_code == 302 and response["Location"].endswith("?da-gui=1")
    question = Question.objects.get()
    assert (question.portal, question.status) == (portals["department"], Question.Status.NEW)
    thanks = client.get(response["Location"], HTTP_HOST=HOST).content.decode()
    assert "Câu hỏi của bạn đã được gửi" in thanks
    assert ASKED["title"] not in client.get(qa.url, HTTP_HOST=HOST).content.decode()


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"website": "http://spam.example"}, 400),  # the honeypot filled
        ({"token": "now"}, 400),  # sent at once after opening
        ({"token": form_token(time.time() - 10 * 3600)}, 400),  # opened hours ago
        ({"token": "forged"}, 400),
    ],
)
def test_an_automated_post_is_refused_in_vietnamese_and_nothing_saved(client, qa, changes, status):
    response = ask(client, qa, **changes)
    assert response.status_code == status
    assert "Câu hỏi chưa được gửi" in response.content.decode()
    assert not Question.objects.exists()


def test_bad_input_is_answered_in_vietnamese_and_nothing_saved(client, qa):
    response = ask(client, qa, asker_email="", asker_phone="", question="Ngắn")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy cho biết địa chỉ thư điện tử hoặc số điện thoại" in html
    assert "ít nhất 20 kí tự" in html
    assert not Question.objects.exists()


def test_questions_from_one_address_are_limited(client, qa):
    for number in range(QUESTIONS_PER_HOUR):
        assert ask(client, qa, title=f"Câu hỏi {number}").status_code == 302
    refused = ask(client, qa, title="Câu hỏi thêm")
    assert refused.status_code == 429
    assert "đã có nhiều câu hỏi vừa được gửi từ kết nối của bạn" in refused.content.decode()
    assert Question.objects.count() == QUESTIONS_PER_HOUR
    other = ask(client, qa, title="Từ nơi khác", extra={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302


def test_the_pair_is_published_on_approval_and_listed(client, qa, portals):
    question = make_question(portals["department"], answer="Đã có kế hoạch lắp trạm.")
    assert "Đã có kế hoạch lắp trạm." not in client.get(qa.url, HTTP_HOST=HOST).content.decode()
    question_publish(user=SYSTEM, question=question)
    html = client.get(qa.url, HTTP_HOST=HOST).content.decode()
    assert ASKED["title"] in html and "Đã có kế hoạch lắp trạm." in html
    assert "an@example.org" not in html  # contacts are not published
    detail = client.get(f"{qa.url}{question.pk}/", HTTP_HOST=HOST)
    assert detail.status_code == 200
    found = client.get(qa.url, {"q": "song di dong"}, HTTP_HOST=HOST).content.decode()
    assert ASKED["title"] in found
    question_unpublish(user=SYSTEM, question=question)
    assert client.get(f"{qa.url}{question.pk}/", HTTP_HOST=HOST).status_code == 404


def test_another_portals_question_is_not_shown(client, qa, portals):
    other = make_question(portals["doluong"], answer="Trả lời.", publish=True, title="Của huyện")
    assert "Của huyện" not in client.get(qa.url, HTTP_HOST=HOST).content.decode()
    assert client.get(f"{qa.url}{other.pk}/", HTTP_HOST=HOST).status_code == 404


def test_the_listing_costs_the_same_queries_with_3_and_30_questions(client, qa, portals):
    def count():
        client.get(qa.url, HTTP_HOST=HOST)
        with CaptureQueriesContext(connection) as queries:
            client.get(qa.url, HTTP_HOST=HOST)
        return len(queries)

    for number in range(3):
        make_question(portals["department"], answer="Trả lời.", publish=True, title=f"Q{number}")
    few = count()
    for number in range(3, 30):
        make_question(portals["department"], answer="Trả lời.", publish=True, title=f"Q{number}")
    assert count() == few


def test_an_editor_answers_only_the_board_publishes(portals):
    portal = portals["department"]
    question = make_question(portal)
    editor, board = portal.users["editor"], portal.users["board"]
    question = question_answer(user=editor, question=question, answer="Trả lời của biên tập.")
    assert question.status == Question.Status.ANSWERED
    with pytest.raises(PermissionDenied):
        question_publish(user=editor, question=question)
    question = question_publish(user=board, question=question)
    assert question.status == Question.Status.PUBLISHED
    with pytest.raises(PermissionDenied):  # a published answer is the board's
        question_answer(user=editor, question=question, answer="Sửa sau khi đăng.")


def test_an_unanswered_question_cannot_be_published(portals):
    question = make_question(portals["department"])
    with pytest.raises(ValidationError):
        question_publish(user=portals["department"].users["board"], question=question)
    assert Question.objects.get().status == Question.Status.NEW


def test_staff_of_another_district_can_neither_see_nor_answer(portals, district_setup):
    question = make_question(portals["yenthanh"])
    doluong = district_setup["doluong"]["user"]
    with pytest.raises(PermissionDenied):
        question_answer(user=doluong, question=question, answer="Không phải việc của tôi.")
    from ..selectors_pages import visible_questions

    assert question not in visible_questions(doluong)
    assert question in visible_questions(district_setup["yenthanh"]["user"])


def test_the_back_office_answers_and_publishes(client, portals):
    portal = portals["department"]
    question = make_question(portal)
    url = reverse("portal_questions:edit", args=[question.pk])
    client.force_login(portal.users["editor"])
    form = client.get(url)
    assert form.status_code == 200 and "decision" not in form.context["form"].fields
    from congso.directory.tests.test_base_defects import form_data

    data = form_data(form)
    data["answer"] = "Trả lời từ trang quản trị."
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.status) == ("Trả lời từ trang quản trị.", "answered")
    client.force_login(portal.users["board"])
    data = form_data(client.get(url))
    data["decision"] = "publish"
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED


def test_the_back_office_refuses_another_portals_question(client, portals):
    question = make_question(portals["yenthanh"])
    client.force_login(portals["doluong"].users["editor"])
    assert client.get(reverse("portal_questions:edit", args=[question.pk])).status_code == 404
    listing = client.get(reverse("portal_questions:index"))
    assert question not in listing.context["object_list"]


RECORDED = {
    "asker_name": "Nguyễn Văn Bình",
    "asker_address": "Xóm 3, xã Hoa Sơn",
    "asker_phone": "0912 345 678",
    "title": "Sóng yếu ở xóm 3",
    "question": "Xóm 3 bắt sóng điện thoại rất yếu, bao giờ có trạm mới?",
}


def test_staff_record_a_question_received_by_telephone_which_then_follows_the_usual_path(
    client, portals, qa
):
    portal = portals["department"]
    client.force_login(portal.users["editor"])
    url = reverse("portal_questions:add")
    form = client.get(url)
    assert form.status_code == 200
    assert [c[0] for c in form.context["form"].fields["channel"].choices] == [
        "post",
        "phone",
        "email",
        "in_person",
    ]
    data = {**RECORDED, "portal": portal.pk, "channel": "phone", "received_on": "20/03/2014"}
    from congso.directory.tests.test_base_defects import form_data

    response = client.post(url, {**form_data(form), **data})
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get(title="Sóng yếu ở xóm 3")
    assert (question.channel, question.status) == ("phone", Question.Status.NEW)
    assert question.recorded_by == portal.users["editor"]
    assert question.asked_at.astimezone().date().isoformat() == "2014-03-20"

    question_answer(user=portal.users["editor"], question=question, answer="Quý II có trạm.")
    question_publish(user=portal.users["board"], question=question)
    listing = client.get(qa.url, HTTP_HOST="localhost").content.decode()
    assert "Sóng yếu ở xóm 3" in listing


def test_a_recorded_question_is_refused_for_another_districts_portal_or_a_future_day(
    client, portals, district_setup
):
    from ..services_pages import question_record

    doluong = district_setup["doluong"]["user"]
    with pytest.raises(PermissionDenied):
        question_record(
            user=doluong,
            portal=portals["yenthanh"],
            channel="post",
            received_on=dt.date(2014, 3, 20),
            data=RECORDED,
        )
    with pytest.raises(ValidationError):
        question_record(
            user=SYSTEM,
            portal=portals["yenthanh"],
            channel="post",
            received_on=timezone.localdate() + dt.timedelta(days=1),
            data=RECORDED,
        )
    with pytest.raises(ValidationError):
        question_record(
            user=SYSTEM,
            portal=portals["yenthanh"],
            channel="portal",
            received_on=dt.date(2014, 3, 20),
            data=RECORDED,
        )
    assert not Question.objects.exists()

    # The add form offers only the portals of the user's own unit, and a forged post changes
    # nothing.
    client.force_login(portals["doluong"].users["editor"])
    form = client.get(reverse("portal_questions:add"))
    assert list(form.context["form"].fields["portal"].queryset) == [portals["doluong"]]
    forged = {**RECORDED, "portal": portals["yenthanh"].pk, "channel": "post"}
    response = client.post(reverse("portal_questions:add"), {**forged, "received_on": "20/03/2014"})
    assert response.status_code == 200
    assert "portal" in response.context["form"].errors
    assert not Question.objects.exists()


def test_a_recorded_questions_edit_form_keeps_where_it_came_from(client, portals):
    from congso.directory.tests.test_base_defects import form_data

    from ..services_pages import question_record

    portal = portals["department"]
    question = question_record(
        user=SYSTEM,
        portal=portal,
        channel="post",
        received_on=dt.date(2014, 3, 20),
        data=RECORDED,
    )
    client.force_login(portal.users["editor"])
    url = reverse("portal_questions:edit", args=[question.pk])
    data = form_data(client.get(url))
    data.update(channel="phone", portal=portals["doluong"].pk)
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert (question.channel, question.portal) == ("post", portal)
