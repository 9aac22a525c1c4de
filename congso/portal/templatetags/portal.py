from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


@register.filter
def vn_dateline(value) -> str:
    """The date line of an article: ``Thứ năm, 27/03/2014 10:50`` (local time)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y %H:%M}"


@register.filter
def vn_short_date(value) -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%d/%m/%Y}"
