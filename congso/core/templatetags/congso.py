from django import template

from congso.core import text

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """{{ 40532154|vn_number }} -> 40.532.154; {{ 971.8|vn_number:1 }} -> 971,8."""
    if value in (None, ""):
        return ""
    return text.format_number(value, None if decimals is None else int(decimals))


@register.filter
def vn_date(value):
    return text.format_date(value)
