"""The back office works under Cổng số's Content-Security-Policy: no violation in the console."""

import io

import pytest

VIOLATION = "Content Security Policy"


@pytest.fixture
def admin_with_image(transactional_db, password):
    from django.contrib.auth import get_user_model
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image
    from wagtail.models import Page

    from congso.portal.bootstrap import ensure_wagtail_tree

    ensure_wagtail_tree()  # an earlier browser test may have emptied Wagtail's tables
    if not Page.objects.filter(depth=2).exists():
        Page.get_first_root_node().add_child(instance=Page(title="Trang chủ", slug="trang-chu"))

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    Image.objects.create(title="Hội nghị", file=ImageFile(buffer, name="hoinghi.png"))
    return get_user_model().objects.create_superuser("quantri", password=password)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_back_office_runs_under_the_policy(live_server, page, admin_with_image, password):
    from wagtail.models import Page

    problems = []
    page.on(
        "console",
        lambda message: VIOLATION in message.text and problems.append((page.url, message.text)),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.wait_for_load_state("networkidle")

    home = Page.objects.get(depth=2)
    for address in (
        f"/admin/pages/{home.pk}/edit/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/users/add/",
        "/admin/lockouts/",
    ):
        page.goto(live_server.url + address)
        page.wait_for_load_state("networkidle")

    # The image chooser opens in a modal from an image field; the plain page type has none, so
    # open it as such a field does.
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.add_script_tag(url="/static/wagtailimages/js/image-chooser-modal.js")
    page.evaluate("() => new ImageChooserModal('/admin/images/chooser/').open({}, () => {})")
    # Inside the modal: the menu has a "Hội nghị" (conferences) item of its own.
    page.locator(".modal").get_by_text("Hội nghị").first.wait_for()
    page.wait_for_load_state("networkidle")

    assert problems == [], "\n".join(map(str, problems))
