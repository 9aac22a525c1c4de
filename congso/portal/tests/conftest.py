import pytest

from .. import cache as page_cache
from .factories import make_portal


@pytest.fixture
def portals(roles, district_setup, department):
    """The department's portal (the default site) and the portals of Đô Lương and Yên Thành,
    each with an editor and a board member."""
    return {
        "department": make_portal(
            department, hostname="localhost", is_default=True, editor="bt_so", board="bbt_so"
        ),
        "doluong": make_portal(
            district_setup["doluong"]["committee"], editor="bt_dl", board="bbt_dl"
        ),
        "yenthanh": make_portal(
            district_setup["yenthanh"]["committee"], editor="bt_yt", board="bbt_yt"
        ),
    }


@pytest.fixture
def site_lookup_on(settings):
    """As in production: a process keeps the site and portal of a host it has looked up."""
    settings.CONGSO_SITE_LOOKUP_SECONDS = 60
    page_cache._sites.clear()
    yield
    page_cache._sites.clear()
