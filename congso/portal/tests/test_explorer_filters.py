"""The explorer's filters render Django's markup without Django's templates, and keep the
widget class names Wagtail's styles select them by."""

import pytest
from django import forms

from ..backoffice import explorer


class Choices(forms.Form):
    flat = forms.MultipleChoiceField(
        choices=[("1", 'Cổng <xã> & "phường"'), ("2", "Sở"), (3, "Ba")],
        required=False,
    )
    grouped = forms.MultipleChoiceField(
        choices=[("Huyện", [("a", "Quỳnh Lưu"), ("b", "Yên Thành")]), ("c", "Tỉnh")],
        required=False,
    )


@pytest.mark.parametrize("field", ["flat", "grouped"])
@pytest.mark.parametrize(
    "data",
    [{}, {"flat": ["1", "3"], "grouped": ["b", "c"]}],
)
@pytest.mark.parametrize("attrs", [{}, {"class": "w-filter", "data-x": True, "hidden": False}])
def test_checkboxes_render_as_djangos(field, data, attrs):
    stock = Choices(data=data or None)
    stock.fields[field].widget = forms.CheckboxSelectMultiple(attrs=attrs)
    stock.fields[field].widget.choices = stock.fields[field].choices
    ours = Choices(data=data or None)
    ours.fields[field].widget = explorer.CheckboxSelectMultiple(attrs=attrs)
    ours.fields[field].widget.choices = ours.fields[field].choices

    assert str(ours[field]) == str(stock[field])
    assert "checked" in str(ours[field]) or not data


@pytest.mark.parametrize("data", [{}, {"single": "2"}])
@pytest.mark.parametrize("attrs", [{}, {"class": "w-filter", "data-x": True}])
def test_radio_buttons_render_as_djangos(data, attrs):
    class Single(forms.Form):
        single = forms.ChoiceField(
            choices=[("", "Bất kỳ"), ("1", 'Có <trang> & "con"'), ("2", "Không")],
            required=False,
        )

    stock = Single(data=data or None)
    stock.fields["single"].widget = forms.RadioSelect(attrs=attrs)
    stock.fields["single"].widget.choices = stock.fields["single"].choices
    ours = Single(data=data or None)
    ours.fields["single"].widget = explorer.RadioSelect(attrs=attrs)
    ours.fields["single"].widget.choices = ours.fields["single"].choices

    assert str(ours["single"]) == str(stock["single"])
    assert "checked" in str(ours["single"])


def test_the_explorer_filters_sites_with_these_checkboxes():
    from django.urls import get_resolver
    from wagtail.admin.viewsets.pages import page_viewset_registry
    from wagtail.models import Page

    get_resolver().url_patterns  # noqa: B018 - the admin's URLs register the viewsets
    filterset = page_viewset_registry.get_by_type(Page).filterset_class
    assert filterset.base_filters["site"].extra["widget"] is explorer.CheckboxSelectMultiple
    filters = filterset(queryset=Page.objects.none()).filters
    assert filters["owner"].extra["widget"] is explorer.CheckboxSelectMultiple
    assert filters["content_type"].extra["widget"] is explorer.CheckboxSelectMultiple
    assert filters["has_child_pages"].extra["widget"] is explorer.RadioSelect


@pytest.mark.django_db
def test_the_filters_keep_the_classes_wagtails_styles_select(portals):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(portals["doluong"].users["editor"])
    html = client.get(reverse("wagtailadmin_explore_root"), follow=True).content.decode()
    assert 'w-field--checkbox_select_multiple" data-field data-contentpath="site"' in html
    assert 'w-field--checkbox_select_multiple" data-field data-contentpath="owner"' in html
    assert "w-field--radio_select" in html
    assert "_of_many" not in html
