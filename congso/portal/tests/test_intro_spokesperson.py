import pytest

from congso.directory.models import Organisation, Person
from congso.testing.factories import OrganisationFactory, PersonFactory

from .pages_factories import make_intro, make_spokesperson_page

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"


def test_the_introduction_draws_the_chart_and_the_leaders_from_the_directory(client, portals):
    department = portals["department"].organisation
    division = OrganisationFactory(
        name="Phòng Bưu chính - Viễn thông",
        kind=Organisation.Kind.DIVISION,
        admin_unit=department.admin_unit,
        parent=department,
    )
    PersonFactory(
        organisation=division, full_name="Lê Văn Trưởng", position=Person.Position.HEAD_OF_DIVISION
    )
    PersonFactory(
        organisation=department,
        full_name="Nguyễn Văn Hùng",
        position=Person.Position.DIRECTOR,
        duties="Phụ trách chung.",
        biography="Sinh năm 1962 tại Nghệ An.",
    )
    PersonFactory(
        organisation=department, full_name="Trần Thị Lan", position=Person.Position.DEPUTY_DIRECTOR
    )
    page = make_intro(portals["department"], functions="<p>Tham mưu quản lý nhà nước.</p>")
    html = client.get(page.url, HTTP_HOST=HOST).content.decode()
    assert "Tham mưu quản lý nhà nước." in html
    assert "Phòng Bưu chính - Viễn thông" in html and "Lê Văn Trưởng" in html
    # The head first, with the duties and biography the directory holds.
    assert html.index("Nguyễn Văn Hùng") < html.index("Trần Thị Lan")
    assert "Phụ trách chung." in html and "Sinh năm 1962 tại Nghệ An." in html
    assert "Cơ cấu tổ chức" in html and "Lãnh đạo" in html


def test_a_change_in_the_directory_shows_on_the_introduction_without_retyping(client, portals):
    department = portals["department"].organisation
    director = PersonFactory(
        organisation=department, full_name="Nguyễn Văn Hùng", position=Person.Position.DIRECTOR
    )
    page = make_intro(portals["department"])
    Person.objects.filter(pk=director.pk).update(duties="Nhiệm vụ mới.")
    assert "Nhiệm vụ mới." in client.get(page.url, HTTP_HOST=HOST).content.decode()


def test_the_spokesperson_page_lists_the_flagged_people_of_the_organisation_and_its_units(
    client, portals, district_setup
):
    department = portals["department"].organisation
    office = OrganisationFactory(
        name="Văn phòng Sở",
        kind=Organisation.Kind.DIVISION,
        admin_unit=department.admin_unit,
        parent=department,
    )
    PersonFactory(organisation=department, full_name="Người Phát Ngôn Sở", is_spokesperson=True)
    PersonFactory(organisation=office, full_name="Chánh Văn Phòng", is_spokesperson=True)
    PersonFactory(organisation=department, full_name="Không Phát Ngôn", is_spokesperson=False)
    PersonFactory(
        organisation=district_setup["doluong"]["committee"],
        full_name="Phát Ngôn Huyện",
        is_spokesperson=True,
    )
    page = make_spokesperson_page(portals["department"], press_info="<p>Liên hệ báo chí.</p>")
    html = client.get(page.url, HTTP_HOST=HOST).content.decode()
    assert "Người Phát Ngôn Sở" in html and "Chánh Văn Phòng" in html
    assert "Không Phát Ngôn" not in html
    assert "Phát Ngôn Huyện" not in html  # another body's spokesperson
    assert "Liên hệ báo chí." in html


def test_the_person_form_keeps_duties_and_biography(portals):
    from congso.core.actors import SYSTEM
    from congso.directory.services import person_save

    person = PersonFactory(organisation=portals["department"].organisation)
    person_save(
        user=SYSTEM, person=person, data={"duties": "Phụ trách CNTT.", "biography": "Tiểu sử."}
    )
    person.refresh_from_db()
    assert (person.duties, person.biography) == ("Phụ trách CNTT.", "Tiểu sử.")
