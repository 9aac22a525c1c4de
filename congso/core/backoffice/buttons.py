"""Wagtail's buttons, dropdowns, icons and dates written in Python, with the markup of their
templates.

The explorer gives each of its 50 rows a dropdown of up to ten buttons, each with an icon: about
450 renders of ``wagtailadmin/shared/button.html`` and 600 of ``icon.html`` per listing, half the
time of the explorer at the root. The same markup is written here (a test compares it with
Wagtail's, whitespace aside: every run of white space of the templates is one space or line
break here). Buttons of any other class, or with a template of their own, keep theirs."""

import datetime
import html

from django.template.defaultfilters import capfirst, date
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from laces.components import Component
from wagtail.admin.widgets.button import (
    BaseButton,
    BaseDropdownMenuButton,
    ButtonWithDropdownFromHook,
)

BUTTON_TEMPLATE = BaseButton.template_name
DROPDOWN_TEMPLATES = {
    BaseDropdownMenuButton.template_name,
    ButtonWithDropdownFromHook.template_name,
}


def esc(value) -> str:
    """Django's ``conditional_escape`` without its lazy-string wrappers, a third of the time of
    a row's buttons: markup marked safe passes, anything else is escaped as Django does."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def icon_html(name: str, classname: str | None = None, title=None, wrapped: bool = False) -> str:
    # wagtailadmin/shared/icon.html, inside {% spaceless %}
    html = (
        f'<svg class="icon icon-{esc(name)} {esc(classname or "icon")}" aria-hidden="true">'
        f'<use href="#icon-{esc(name)}"></use></svg>'
    )
    if title:
        html += f'<span class="w-sr-only">\n{esc(title)}\n</span>'
    if wrapped:
        html = f'<span class="icon-wrapper">{html}</span>'
    return html


def human_date_html(value) -> str:
    """``{% human_readable_date value %}``: wagtailadmin/shared/human_readable_date.html."""
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    if isinstance(value, datetime.datetime):
        tooltip_format = get_format("DATETIME_FORMAT") or "N j, Y, P"
    else:
        tooltip_format = get_format("DATE_FORMAT") or "N j, Y"
    local = template_localtime(value)
    return (
        '<button type="button" class="w-human-readable-date" data-controller="w-tooltip" '
        f'data-w-tooltip-content-value="{esc(date(local, tooltip_format))}" '
        'data-w-tooltip-placement-value="top">\n'
        f'<time class="w-human-readable-date__date" datetime="{esc(date(local, "c"))}">\n'
        f"{esc(capfirst(timesince_simple(value)))}\n</time>\n</button>\n"
    )


def _renders_like_its_template(component, base, templates) -> bool:
    """Whether ``component`` renders with one of Wagtail's own ``templates`` and the context of
    ``base``: a subclass with a template, a context or a rendering of its own keeps it."""
    kind = type(component)
    return (
        component.template_name in templates
        and kind.render_html is Component.render_html
        and kind.get_context_data is base.get_context_data
    )


def button_html(button, parent_context=None) -> str:
    """A button as ``wagtailadmin/shared/button.html`` renders it."""
    if not _renders_like_its_template(button, BaseButton, {BUTTON_TEMPLATE}):
        return button.render_html(parent_context)
    content = "\n"
    if button.icon_name:
        content += icon_html(button.icon_name) + "\n"
    content += f"{esc(button.label)}\n"
    attrs = button.base_attrs_string
    if button.url:
        return (
            f'\n<a href="{esc(button.url)}" class="{esc(button.classname)}" {attrs}>{content}</a>\n'
        )
    return f'\n<button class="{esc(button.classname)}" {attrs}>{content}</button>\n'


def _classnames(*classes) -> str:
    # {% classnames %}
    return " ".join(name.strip() for name in classes if name)


def dropdown_html(dropdown, parent_context=None) -> str:
    """A dropdown of buttons as ``wagtailadmin/shared/button_with_dropdown.html`` (and the page
    listing's template, which extends it) renders it."""
    context = dropdown.get_context_data(parent_context)
    label = context["label"]
    toggle_class = _classnames(
        "w-dropdown__toggle",
        "" if label else "w-dropdown__toggle--icon",
        context["toggle_classname"],
    )
    title = context["title"]
    aria_label = f' aria-label="{esc(title)}"' if title else ""
    children = "".join(button_html(button, context) for button in context["buttons"])
    icon = icon_html(context["icon_name"] or "arrow-down", "w-dropdown__toggle-icon")
    return (
        f'\n<div\ndata-controller="w-dropdown"\nclass="w-dropdown"\n{dropdown.base_attrs_string}\n>\n'
        f'<button type="button" class="{esc(toggle_class)}" data-w-dropdown-target="toggle"'
        f"{aria_label}>\n{esc(label)}\n{icon}\n</button>\n"
        f'<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>\n'
        f"{children}\n</div>\n</div>\n"
    )


class PythonDropdownFromHook(ButtonWithDropdownFromHook):
    def render_html(self, parent_context=None) -> SafeString:
        return mark_safe(dropdown_html(self, parent_context))  # every value is escaped


def render_in_python(buttons: list) -> None:
    """Give the dropdowns of Wagtail's own class that render with its own templates the class
    that writes the same markup in Python, with the buttons inside it (in place, as the
    ``construct_*_buttons`` hooks do)."""
    for button in buttons:
        if type(button) is ButtonWithDropdownFromHook and button.template_name in (
            DROPDOWN_TEMPLATES
        ):
            button.__class__ = PythonDropdownFromHook


def install_icon_tag() -> None:
    """Wagtail's ``{% icon %}`` written in Python: an inclusion tag, a template render for each of
    the page editor's 150 icons. Registered under the same name in Wagtail's own library, so
    every admin template compiled afterwards uses it."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    def icon(name=None, classname=None, title=None, wrapped=False):
        if not name:
            raise ValueError("You must supply an icon name")
        return mark_safe(icon_html(name, classname, title, wrapped))  # every value is escaped

    wagtailadmin_tags.register.simple_tag(icon, name="icon")


__all__ = [
    "button_html",
    "dropdown_html",
    "human_date_html",
    "icon_html",
    "install_icon_tag",
    "render_in_python",
]
