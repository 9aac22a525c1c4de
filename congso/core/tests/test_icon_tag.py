"""Wagtail's ``{% icon %}`` tag, written in Python, gives the markup of Wagtail's template."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string


def collapsed(html) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


@pytest.mark.parametrize(
    "arguments",
    [
        {"name": "edit"},
        {"name": "site", "classname": "initial"},
        {"name": "lock", "classname": "initial", "title": 'Khoá <b>"x"</b> & y'},
        {"name": "arrow-down", "classname": "w-dropdown__toggle-icon", "wrapped": True},
        {"name": "<b>", "title": "T", "wrapped": True},
    ],
)
def test_the_tag_writes_wagtails_markup(arguments):
    template = Template(
        "{% load wagtailadmin_tags %}"
        "{% icon name=name classname=classname title=title wrapped=wrapped %}"
    )
    context = {"name": None, "classname": None, "title": None, "wrapped": False, **arguments}
    ours = template.render(Context(context))
    wagtails = render_to_string(
        "wagtailadmin/shared/icon.html",
        {**context, "classname": context["classname"] or "icon"},
    )
    assert collapsed(ours) == collapsed(wagtails)
    assert "<b>" not in ours
    # written by the tag, not by the template (which indents a title)
    assert "    " not in ours


def test_an_icon_needs_a_name():
    with pytest.raises(ValueError):
        Template("{% load wagtailadmin_tags %}{% icon classname='x' %}").render(Context({}))
