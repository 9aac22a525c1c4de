"""Every back-office screen of the directory passes axe-core, for a district officer and for the
administrator: no serious or critical violation, and headings that neither jump a level nor
repeat the page's h1.

axe-core comes from npm, pinned in package-lock.json; ``bash scripts/setup`` installs it into
node_modules/ when npm is on the machine."""

import json
from collections import Counter
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# What fails the test: every serious or critical finding, and two moderate ones that make a
# screen hard to walk with a screen reader's heading list.
FAILING_IMPACTS = {"serious", "critical"}
FAILING_RULES = {"heading-order", "page-has-heading-one", "single-h1"}


@dataclass(frozen=True)
class Known:
    rule: str
    selector: str
    reason: str


# Findings that come from deep inside Wagtail and cannot be fixed from outside; each is named
# precisely so that a new finding of the same rule elsewhere still fails.
KNOWN: list[Known] = []


@dataclass
class Finding:
    who: str
    screen: str
    rule: str
    impact: str
    help: str
    url: str
    selector: str
    summary: str
    gating: bool

    def __str__(self) -> str:
        return (
            f"[{self.impact}] {self.rule} on {self.screen} as {self.who}: {self.help}\n"
            f"    at {self.selector}\n"
            f"    {self.summary}\n"
            f"    {self.url}"
        )


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        # A missing checker must not pass as a skipped test: nothing would have been checked.
        pytest.fail(
            f"axe-core not found at {AXE}. Run `bash scripts/setup` with npm installed "
            "(apt-get install -y npm); it runs `npm ci` from package-lock.json.",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def scan(page, axe_source, who, screen) -> list[Finding]:
    # Through the debugging protocol rather than a <script> tag: the CSP does not apply.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations"""
    )
    # axe has no rule for a second <h1> (a chooser's title under the page's): count them here.
    h1s = page.evaluate(
        """() => [...document.querySelectorAll("h1")]
            .filter((h) => h.getClientRects().length && !h.closest('[aria-hidden="true"]'))
            .map((h) => h.textContent.trim().replace(/\\s+/g, " "))"""
    )
    if len(h1s) > 1:
        result.append(
            {
                "id": "single-h1",
                "impact": "moderate",
                "help": "A screen has one <h1>, its title",
                "helpUrl": "https://www.w3.org/WAI/tutorials/page-structure/headings/",
                "nodes": [{"target": ["h1"], "failureSummary": f"\n{len(h1s)} h1: {h1s}"}],
            }
        )
    findings = []
    for violation in result:
        gating = violation["impact"] in FAILING_IMPACTS or violation["id"] in FAILING_RULES
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").splitlines()
            findings.append(
                Finding(
                    who=who,
                    screen=screen,
                    rule=violation["id"],
                    impact=node.get("impact") or violation["impact"],
                    help=violation["help"],
                    url=violation["helpUrl"],
                    selector=" ".join(
                        json.dumps(t) if not isinstance(t, str) else t for t in node["target"]
                    ),
                    summary=" ".join(line.strip() for line in summary[1:3]),
                    gating=gating,
                )
            )
    return findings


def first_link(page, listing_path, live_server, kinds=("edit", "inspect")) -> str:
    page.goto(live_server.url + listing_path)
    for kind in kinds:
        link = page.locator(f"table.listing tbody a[href*='/{kind}/']").first
        if link.count():
            return link.get_attribute("href")
    raise AssertionError(f"{listing_path} lists nothing to open")


def walk(
    page, live_server, axe_source, who, administrator, screens: list[str], artifacts: Path
) -> list[Finding]:
    findings: list[Finding] = []

    def check(screen, path):
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.ok, (who, path, response.status)
        assert page.url.startswith(live_server.url + path.split("?")[0]), (who, path, page.url)
        findings.extend(scan(page, axe_source, who, screen))
        screens.append(f"{screen} ({who})")

    check("dashboard", "/admin/")
    check("units map", "/admin/directory/units/")
    check("unit page", first_link(page, "/admin/directory/units/", live_server, ("inspect",)))
    check("organisations", "/admin/directory/organisations/")
    organisation = first_link(page, "/admin/directory/organisations/", live_server, ("edit",))
    check("organisation form", organisation)
    check("people", "/admin/directory/people/")
    check("person form", first_link(page, "/admin/directory/people/", live_server))
    check("population", "/admin/directory/population/")
    check("search", "/admin/search/?q=do+luong")
    check("account", "/admin/account/")
    if administrator:
        # A district officer has no clusters nor imports (roles.py): these are the department's.
        check("clusters", "/admin/directory/clusters/")
        check("cluster form", first_link(page, "/admin/directory/clusters/", live_server))
        check("import history", "/admin/directory/imports/")
        check("workflows", "/admin/workflows/list/")
        page.screenshot(path=artifacts / "a11y_workflows.png", full_page=True)
        check("groups", "/admin/groups/")
        check("group form", first_link(page, "/admin/groups/", live_server, ("edit",)))

    # The unit chooser, opened from a new organisation's form as a person would (an existing
    # body's unit may be locked for its officer).
    check("new organisation form", "/admin/directory/organisations/new/")
    page.locator("[data-chooser-action-choose]:visible").first.click()
    # A district officer whose district has ended is told so instead of a table of units.
    page.locator(".modal .modal-body #search-results").wait_for()
    # Colours are judged once the dialog has faded in, not half-way through.
    page.wait_for_function(
        """() => [".modal", ".modal-backdrop"].every(
            (s) => getComputedStyle(document.querySelector(s)).opacity === "1")"""
    )
    page.wait_for_load_state("networkidle")
    findings.extend(scan(page, axe_source, who, "unit chooser"))
    page.screenshot(path=artifacts / f"a11y_unit_chooser_{who}.png")
    screens.append(f"unit chooser ({who})")
    # The dialog still does its job once its title is relabelled (static/congso/admin-a11y.js).
    choice = page.locator(".modal a[data-chooser-modal-choice]").first
    if choice.count():
        name = choice.inner_text().strip()
        choice.click()
        page.locator(".modal").wait_for(state="hidden")
        assert name in page.locator("[data-chooser-title]:visible").first.inner_text()
    return findings


def ensure_wagtail_basics() -> None:
    """What ``migrate`` gives a new database and an earlier transactional test may have emptied:
    Wagtail's locale and root page (the administrator's dashboard cannot draw without them) and
    an approval workflow with a task (so that the workflow list shows its task cell)."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import GroupApprovalTask, Locale, Page, Workflow, WorkflowTask

    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant("vi"))
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not WorkflowTask.objects.exists():
        workflow = Workflow.objects.create(name="Phê duyệt của Ban biên tập", active=True)
        task = GroupApprovalTask.objects.create(name="Ban biên tập duyệt")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_back_office_screens_have_no_serious_accessibility_violation(
    live_server, page, password, axe_source, artifacts
):
    from django.contrib.auth import get_user_model

    ensure_wagtail_basics()
    call_command("demo", stdout=StringIO())
    User = get_user_model()
    for username in ("doluong", "admin"):
        user = User.objects.get(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])

    findings: list[Finding] = []
    screens: list[str] = []
    for username, administrator in (("doluong", False), ("admin", True)):
        page.context.clear_cookies()
        sign_in(page, live_server, username, password)
        findings += walk(page, live_server, axe_source, username, administrator, screens, artifacts)
    print(f"axe-core checked {len(screens)} screens: {', '.join(screens)}")

    known = {(k.rule, k.selector) for k in KNOWN}
    unexpected = [f for f in findings if f.gating and (f.rule, f.selector) not in known]
    excused = [f for f in findings if f.gating and (f.rule, f.selector) in known]
    minor = Counter(f"{f.rule} ({f.impact})" for f in findings if not f.gating)
    if minor:
        print("Minor findings, not failing:", ", ".join(f"{r} ×{n}" for r, n in minor.items()))
    if excused:
        print(f"{len(excused)} known finding(s) from inside Wagtail:")
        print("\n".join(str(f) for f in excused))
    assert not unexpected, f"{len(unexpected)} accessibility violation(s):\n" + "\n".join(
        str(f) for f in unexpected
    )
