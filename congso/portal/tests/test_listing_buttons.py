"""The explorer's row buttons written in Python carry the markup of Wagtail's templates."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from laces.components import Component
from wagtail.admin.wagtail_hooks import page_listing_buttons
from wagtail.admin.widgets.button import Button, ButtonWithDropdownFromHook
from wagtail.models import Page

from congso.core.backoffice.buttons import PythonDropdownFromHook, button_html, dropdown_html

from .factories import account_of, make_article

pytestmark = pytest.mark.django_db


def collapsed(html: str) -> str:
    """Markup with each run of white space made one space: what a browser shows the same."""
    return re.sub(r"\s+", " ", str(html)).strip()


def dropdown_of(page, user, next_url="/admin/pages/"):
    (dropdown,) = page_listing_buttons(page=page, user=user, next_url=next_url)
    assert type(dropdown) is ButtonWithDropdownFromHook
    return dropdown


def context_for(user):
    request = RequestFactory().get("/admin/pages/")
    request.user = user
    return {"request": request}


@pytest.fixture
def pages(portals):
    portal = portals["doluong"]
    draft = make_article(portal, title="Bài <b>\"nháp\"</b> & 'mới'", publish=False)
    published = make_article(portal, title="Bài đã đăng")
    published.title = "Bài đã đăng, sửa lại"
    published.save_revision()
    return {
        "home": portal.site.root_page.specific,
        "draft": Page.objects.get(pk=draft.pk).specific,
        "published": Page.objects.get(pk=published.pk).specific,
    }


@pytest.mark.parametrize("role", ["editor", "board", "superuser", "other editor"])
@pytest.mark.parametrize("which", ["home", "draft", "published"])
def test_dropdown_renders_as_wagtails_templates(portals, pages, role, which):
    user = account_of(portals, role)
    page = pages[which]
    dropdown = dropdown_of(page, user)
    context = context_for(user)

    stock = Component.render_html(dropdown, context)
    ours = dropdown_html(dropdown, context)

    assert collapsed(ours) == collapsed(stock)
    if dropdown.show:
        assert "w-dropdown__toggle--icon" in ours
        assert "<script" not in ours and "<b>" not in ours


def test_a_button_of_its_own_template_keeps_it(portals):
    class Special(Button):
        template_name = "wagtailadmin/shared/icon.html"

        def get_context_data(self, parent_context):
            return {"name": "site"}

    assert 'icon-site"' in button_html(Special("x", url="/x/"))
    plain = Button("Sửa <b>", url="/a/?b=1&c=2", icon_name="edit", attrs={"rel": "noreferrer"})
    assert collapsed(button_html(plain)) == collapsed(Component.render_html(plain, {}))
    action = Button("Gửi", icon_name="mail")
    assert collapsed(button_html(action)) == collapsed(Component.render_html(action, {}))


def test_the_explorer_writes_its_row_buttons_without_templates(portals, pages):
    user = portals["doluong"].users["board"]
    client = Client()
    client.force_login(user)
    home = pages["home"]
    url = reverse("wagtailadmin_explore", args=[home.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = collapsed(response.content.decode())
    for page in Page.objects.child_of(home).specific():
        dropdown = dropdown_of(page, user, next_url=url)
        stock = Component.render_html(dropdown, context_for(user))
        assert collapsed(stock) in html, page.title

    from django.template import RequestContext, Template

    request = RequestFactory().get(url)
    request.user = user
    buttons = []

    def keep(found, page, user, context=None):
        buttons.extend(found)

    from wagtail import hooks

    with hooks.register_temporarily("construct_page_listing_buttons", keep):
        Template("{% load wagtailadmin_tags %}{% page_listing_buttons page request.user %}").render(
            RequestContext(request, {"page": home})
        )
    assert [type(button) for button in buttons] == [PythonDropdownFromHook]
