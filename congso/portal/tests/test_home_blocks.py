import pytest

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
    html = client.get("/", HTTP_HOST=HOST).content.decode()
    assert 'href="https://dichvucong.gov.vn"' in html
    assert 'href="https://cntt.example.vn"' in html and "Phòng Công nghệ thông tin" in html
    assert "VNPT Nghệ An" in html


def test_a_link_without_page_or_address_is_refused():
    from wagtail.blocks import StructBlockValidationError

    from ..blocks_home import LinkBlock

    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Trống", "url": "", "page": None}))
