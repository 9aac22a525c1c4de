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
        # Every portal's host name (*.congso.local) reaches the live server's loopback address.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP *.congso.local 127.0.0.1"],
        )
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
    """The unit tests' two districts (Đô Lương, Yên Thành) with their officer accounts, in a
    database the live server sees."""
    from congso.core.roles import ensure_roles
    from congso.testing.factories import ProvinceFactory
    from congso.testing.fixtures import make_department, make_district_setup, make_two_districts

    province = ProvinceFactory(code="40", name="Nghệ An")
    return make_district_setup(
        ensure_roles(), make_department(province), make_two_districts(province)
    )
