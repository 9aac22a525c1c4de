"""Browser tests: headless system Chromium against pytest-django's live server."""

import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

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


class _SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time, each on its own connection (Django
    closes the connection when its server is not threaded). On the in-memory SQLite database
    every request shares the tests' one connection: two at once (a page and the editor's
    editing-session ping, say) broke each other's statements ("bad parameter or other API
    misuse") now and then."""

    busy = 0
    lock = threading.Lock()

    def __init__(self, *args, connections_override=None, **kwargs):
        # the serving thread takes the overriding connections itself (LiveServerThread.run)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self.lock:
            _SerialWSGIServer.busy += 1
        try:
            super().process_request(request, client_address)
        finally:
            with self.lock:
                _SerialWSGIServer.busy -= 1


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_memory_sqlite():
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        LiveServerThread.server_class = _SerialWSGIServer
    yield


def _wait_until_the_server_is_idle(seconds: float = 10) -> None:
    time.sleep(0.3)  # a request the browser sent while its page went away is on its way
    deadline = time.monotonic() + seconds
    while _SerialWSGIServer.busy and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _browser_pages_closed_after_each_test(request, _django_db_helper):
    """Every page a test opened leaves before its database goes (hence the database helper
    among the arguments: it is torn down after this): leaving sends its last requests
    (Wagtail's editing session is released as an editor's page unloads), and a page left open
    keeps pinging into the next test's database."""
    yield
    if "browser" not in request.fixturenames:
        return
    browser = request.getfixturevalue("browser")
    for context in list(browser.contexts):
        for page in context.pages:
            # a page that cannot leave is closed all the same
            with contextlib.suppress(Exception):
                page.goto("about:blank", timeout=5_000)
        _wait_until_the_server_is_idle()
        context.close()


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
