from django import template

from congso.core.numbers import input_number

from ..models import normalised

register = template.Library()


@register.filter
def vn_number(value) -> str:
    """A stored value the Vietnamese way (971,8; 40.532.154), "—" when there is none."""
    return "—" if value is None else input_number(normalised(value))
