from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


def test_the_demo_publishes_the_departments_pages(client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        call_command("demo", stdout=StringIO())
        pages = {
            path: client.get(path, HTTP_HOST=HOST).content.decode()
            for path in ("/", "/gioi-thieu/", "/van-ban/", "/hoi-dap/", "/nguoi-phat-ngon/")
        }
    assert "Cổng Dịch vụ công quốc gia" in pages["/"] and "Phòng Công nghệ thông tin" in pages["/"]
    intro = pages["/gioi-thieu/"]
    assert "Nguyễn Văn Hùng" in intro and "Phòng Bưu chính - Viễn thông" in intro
    assert "dữ liệu mẫu" in intro  # sample duties and biography say so
    assert "43/2011/NĐ-CP" in pages["/van-ban/"]
    assert "Thủ tục cấp giấy phép trang thông tin điện tử tổng hợp" in pages["/hoi-dap/"]
    assert "Tập huấn cán bộ quản trị" not in pages["/hoi-dap/"]  # still awaiting its answer
    assert "Võ Thị Thu Hà" in pages["/nguoi-phat-ngon/"]
