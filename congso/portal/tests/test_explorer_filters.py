"""The explorer's filter by site renders Django's markup without Django's templates."""

import pytest
from django import forms

from ..backoffice.explorer import CheckboxSelectMultipleOfMany


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
    ours.fields[field].widget = CheckboxSelectMultipleOfMany(attrs=attrs)
    ours.fields[field].widget.choices = ours.fields[field].choices

    assert str(ours[field]) == str(stock[field])
    assert "checked" in str(ours[field]) or not data


def test_the_explorer_filters_sites_with_these_checkboxes():
    from django.urls import get_resolver
    from wagtail.admin.viewsets.pages import page_viewset_registry
    from wagtail.models import Page

    get_resolver().url_patterns  # noqa: B018 - the admin's URLs register the viewsets
    filterset = page_viewset_registry.get_by_type(Page).filterset_class
    assert filterset.base_filters["site"].extra["widget"] is CheckboxSelectMultipleOfMany
