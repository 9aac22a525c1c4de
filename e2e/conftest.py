"""Browser tests: headless system Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from the test body ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        # A missing browser must not pass as a skipped test: the scope check would go unproven.
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install the system package "
            "(apt-get install -y chromium) or set CHROMIUM to its path.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def district_setup(transactional_db):
    """Two district People's Committees (Đô Lương, Yên Thành), each with a division and an
    officer account, under the Nghệ An department; the same story as the unit tests tell."""
    from congso.directory.models import Organisation
    from congso.directory.roles import ensure_roles
    from congso.directory.tests.factories import (
        CommuneFactory,
        DistrictFactory,
        OrganisationFactory,
        PersonFactory,
        ProvinceFactory,
        UserFactory,
    )

    roles = ensure_roles()
    province = ProvinceFactory(code="40", name="Nghệ An")
    department = OrganisationFactory(
        name="Sở Thông tin và Truyền thông Nghệ An",
        kind=Organisation.Kind.DEPARTMENT,
        admin_unit=province,
    )
    result = {"department": department}
    for code, name, commune, username in (
        ("425", "Đô Lương", "Đà Sơn", "doluong"),
        ("422", "Yên Thành", "Hợp Thành", "yenthanh"),
    ):
        unit = DistrictFactory(code=code, name=name, parent=province)
        CommuneFactory(name=commune, parent=unit)
        committee = OrganisationFactory(
            name=f"UBND huyện {name}", kind=Organisation.Kind.PEOPLES_COMMITTEE, admin_unit=unit
        )
        division = OrganisationFactory(
            name=f"Phòng Văn hoá và Thông tin huyện {name}",
            kind=Organisation.Kind.DIVISION,
            admin_unit=unit,
            parent=committee,
        )
        user = UserFactory(username=username, groups=[roles["district_staff"]])
        PersonFactory(organisation=committee, user=user)
        result[username] = {"unit": unit, "committee": committee, "division": division}
    return result
