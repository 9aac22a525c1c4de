import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.directory.models import Organisation
from congso.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


def test_the_home_page_shows_its_link_blocks_and_the_units_from_the_directory(client, portals):
    portal = portals["department"]
    department = portal.organisation
    OrganisationFactory(
        name="Phòng Công nghệ thông tin",
        kind=Organisation.Kind.DIVISION,
        admin_unit=department.admin_unit,
        parent=department,
        website="https://cntt.example.vn",
    )
    OrganisationFactory(
        name="VNPT Nghệ An", kind=Organisation.Kind.ENTERPRISE, admin_unit=department.admin_unit
    )
    home = portal.site.root_page.specific
    home.home_blocks = [
        (
            "links",
            {
                "heading": "Liên kết",
                "links": [
                    {
                        "title": "Cổng Dịch vụ công quốc gia",
                        "url": "https://dichvucong.gov.vn",
                        "page": None,
                        "description": "",
                    }
                ],
            },
        ),
        ("directory", {"heading": "Các đơn vị thuộc Sở", "source": "units"}),
        ("directory", {"heading": "Doanh nghiệp", "source": "enterprises"}),
    ]
    home.save_revision().publish()
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/", HTTP_HOST=HOST).content.decode()
    assert 'href="https://dichvucong.gov.vn"' in html
    units, enterprises = html.split('aria-label="Các đơn vị thuộc Sở"')[1].split(
        'aria-label="Doanh nghiệp"'
    )
    assert 'href="https://cntt.example.vn"' in units and "Phòng Công nghệ thông tin" in units
    assert "VNPT Nghệ An" not in units
    assert "VNPT Nghệ An" in enterprises and "Phòng Công nghệ thông tin" not in enterprises
    # both blocks of links from the directory are read at once
    read = [
        q
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "directory_organisation"')
    ]
    assert len(read) == 1, "\n".join(q["sql"] for q in read)


def test_a_link_without_page_or_address_is_refused():
    from wagtail.blocks import StructBlockValidationError

    from ..blocks_home import LinkBlock

    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Trống", "url": "", "page": None}))
