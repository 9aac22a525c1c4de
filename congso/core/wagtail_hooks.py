import django_filters
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)

from congso.core.text import format_date


class DateFilterAdapter(BaseFilterAdapter):
    """A date filter in force reads 26/03/2014 on its chip, not 2014-03-26."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            format_date(self.value),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.DateFilter, DateFilterAdapter, exact_class=True)
