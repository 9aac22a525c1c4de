import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.test import Client
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_public_page_says_so_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Không tìm thấy trang" in text
    assert "Cổng số" in text


def test_a_missing_admin_page_says_so_in_vietnamese(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", password="x"))
    response = client.get("/admin/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    ("view", "exception", "status", "heading"),
    [
        (defaults.permission_denied, PermissionDenied(), 403, "Không có quyền truy cập"),
        (defaults.bad_request, SuspiciousOperation(), 400, "Yêu cầu không hợp lệ"),
        (defaults.server_error, None, 500, "Lỗi máy chủ"),
    ],
)
def test_error_pages_are_in_vietnamese_with_the_products_name(rf, view, exception, status, heading):
    request = rf.get("/")
    response = view(request) if exception is None else view(request, exception)
    assert response.status_code == status
    text = response.content.decode()
    assert heading in text
    assert "Cổng số" in text
    assert "Về trang chủ" in text


def test_an_expired_form_says_so_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_djangos_validation_messages_are_translated():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        ProhibitNullCharactersValidator()("Nghệ\x00An")
    assert error.value.messages == ["Không được có ký tự rỗng (null)."]
