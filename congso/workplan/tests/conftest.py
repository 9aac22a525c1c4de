import pytest

from congso.directory.models import Organisation
from congso.testing.factories import OrganisationFactory


@pytest.fixture
def wp(district_setup, department, roles):
    """The department and two districts, each with an account; VNPT answering petitions."""
    vnpt = OrganisationFactory(
        name="VNPT Nghệ An", kind=Organisation.Kind.ENTERPRISE, admin_unit=department.admin_unit
    )
    return {
        "department": department,
        "so": district_setup["department_user"],
        "doluong": district_setup["doluong"]["committee"],
        "doluong_user": district_setup["doluong"]["user"],
        "doluong_division": district_setup["doluong"]["division"],
        "yenthanh": district_setup["yenthanh"]["committee"],
        "yenthanh_user": district_setup["yenthanh"]["user"],
        "vnpt": vnpt,
    }
