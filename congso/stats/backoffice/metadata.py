"""Metadata managed by the department: data elements, data sets and who reports them, targets,
indicators and validation rules. Every form saves through its service."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.core.text import format_number
from congso.directory.backoffice.common import unit_label, units_in_force, with_current
from congso.directory.selectors import visible_organisations

from .. import services
from ..models import (
    DataElement,
    DataSet,
    DataSetReporter,
    Indicator,
    Target,
    ValidationRule,
    normalised,
)
from ..selectors import (
    visible_data_sets,
    visible_elements,
    visible_indicators,
    visible_rules,
    visible_targets,
)


def _fields(form, names):
    return {k: v for k, v in form.cleaned_data.items() if k in names}


# ---- data elements -------------------------------------------------------------------
def save_element(user, form, element):
    return services.element_save(
        user=user, data=_fields(form, services.ELEMENT_FIELDS), element=element
    )


class ElementIndexView(ScopedIndexView):
    list_select_related = ("disaggregation",)


class ElementViewSet(ScopedViewSet):
    model = DataElement
    name = "stats_elements"
    url_prefix = "stats/elements"
    icon = "list-ul"
    menu_label = _("Data elements")
    index_view_class = ElementIndexView
    visible = staticmethod(visible_elements)
    save_function = staticmethod(save_element)
    list_filter = ["value_type", "time_aggregation"]
    ordering = "sort_name"
    list_display = [
        Column("name", label=_("Name"), sort_key="sort_name"),
        Column("code", label=_("Code"), sort_key="code"),
        Column("unit_of_measure", label=_("Unit of measure")),
        Column("time_aggregation", label=_("Over time"), accessor="get_time_aggregation_display"),
        Column("disaggregation", label=_("Disaggregation")),
        Column("national_code", label=_("National code")),
    ]
    list_export = ["code", "name", "unit_of_measure", "get_value_type_display"]
    list_export += ["get_time_aggregation_display", "get_unit_aggregation_display"]
    list_export += ["disaggregation", "national_code", "itu_code"]
    export_headings = {
        "code": _("Code"),
        "name": _("Name"),
        "unit_of_measure": _("Unit of measure"),
        "get_value_type_display": _("Value type"),
        "get_time_aggregation_display": _("Over time"),
        "get_unit_aggregation_display": _("Over units"),
        "disaggregation": _("Disaggregation"),
        "national_code": _("National code"),
        "itu_code": _("ITU code"),
    }
    export_filename = "chi-tieu-thong-ke"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("unit_of_measure")]),
            FieldPanel("name"),
            FieldPanel("short_name"),
            FieldRowPanel(
                [
                    FieldPanel("value_type"),
                    FieldPanel("time_aggregation"),
                    FieldPanel("unit_aggregation"),
                ]
            ),
            FieldPanel("disaggregation"),
            FieldRowPanel([FieldPanel("national_code"), FieldPanel("itu_code")]),
            FieldPanel("description"),
        ]
    )


# ---- data sets and their reporters -----------------------------------------------------
class DataSetForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        approvers = with_current(visible_organisations(self.for_user), self.instance.approver_id)
        self.fields["approver"].queryset = approvers.order_by("sort_name")


def save_data_set(user, form, data_set):
    return services.data_set_save(
        user=user,
        data=_fields(form, services.DATA_SET_FIELDS),
        elements=form.cleaned_data.get("elements"),
        data_set=data_set,
    )


class DataSetIndexView(ScopedIndexView):
    list_select_related = ("approver",)


class DataSetViewSet(ScopedViewSet):
    model = DataSet
    name = "stats_data_sets"
    url_prefix = "stats/data-sets"
    icon = "form"
    menu_label = _("Data sets")
    index_view_class = DataSetIndexView
    visible = staticmethod(visible_data_sets)
    save_function = staticmethod(save_data_set)
    list_filter = ["period_type"]
    ordering = "name"
    list_display = [
        Column("name", label=_("Name"), sort_key="name"),
        Column("code", label=_("Code"), sort_key="code"),
        Column("period_type", label=_("Period type"), accessor="get_period_type_display"),
        Column("deadline_days", label=_("Deadline (days)")),
        Column("approver", label=_("Approved by")),
    ]
    list_export = ["code", "name", "get_period_type_display", "deadline_days", "approver"]
    export_headings = {
        "code": _("Code"),
        "name": _("Name"),
        "get_period_type_display": _("Period type"),
        "deadline_days": _("Deadline (days)"),
        "approver": _("Approved by"),
    }
    export_filename = "bieu-bao-cao"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("period_type")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("deadline_days"), FieldPanel("approver")]),
            FieldPanel("elements"),
            FieldPanel("description"),
        ],
        base_form_class=DataSetForm,
    )


class ReporterForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, instance = self.for_user, self.instance
        self.fields["organisation"].queryset = with_current(
            visible_organisations(user), instance.organisation_id
        ).order_by("sort_name")
        self.fields["unit"].queryset = units_in_force(user, keep=instance.unit_id)
        self.fields["unit"].label_from_instance = unit_label


def save_reporter(user, form, reporter):
    return services.reporter_save(user=user, data=form.cleaned_data, reporter=reporter)


def visible_reporters(user):
    return DataSetReporter.objects.all()


class ReporterIndexView(ScopedIndexView):
    list_select_related = ("data_set", "organisation", "unit")
    search_field = "organisation__search_text"


class ReporterViewSet(ScopedViewSet):
    model = DataSetReporter
    name = "stats_reporters"
    url_prefix = "stats/reporters"
    icon = "group"
    menu_label = _("Reporting organisations")
    index_view_class = ReporterIndexView
    visible = staticmethod(visible_reporters)
    save_function = staticmethod(save_reporter)
    list_filter = ["data_set"]
    ordering = "organisation__sort_name"
    list_display = [
        Column(
            "organisation", label=_("Reporting organisation"), sort_key="organisation__sort_name"
        ),
        Column("data_set", label=_("Data set")),
        Column("unit", label=_("Reports for"), accessor=lambda r: unit_label(r.unit)),
    ]
    list_export = ["organisation", "data_set", "unit"]
    export_headings = {
        "organisation": _("Reporting organisation"),
        "data_set": _("Data set"),
        "unit": _("Reports for"),
    }
    export_filename = "don-vi-bao-cao"
    edit_handler = ObjectList(
        [FieldPanel("data_set"), FieldPanel("organisation"), FieldPanel("unit")],
        base_form_class=ReporterForm,
    )


# ---- targets ---------------------------------------------------------------------------
class TargetForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_force(self.for_user, keep=self.instance.unit_id)
        self.fields["unit"].label_from_instance = unit_label


def save_target(user, form, target):
    return services.target_save(
        user=user, data=_fields(form, services.TARGET_FIELDS), target=target
    )


class TargetIndexView(ScopedIndexView):
    list_select_related = ("element", "unit__parent")
    tiebreak = ("-year", "pk")


class TargetViewSet(ScopedViewSet):
    model = Target
    name = "stats_targets"
    url_prefix = "stats/targets"
    icon = "pick"
    menu_label = _("Targets")
    index_view_class = TargetIndexView
    visible = staticmethod(visible_targets)
    save_function = staticmethod(save_target)
    list_filter = ["year"]
    ordering = "-year"
    list_display = [
        Column("element", label=_("Data element"), sort_key="element__sort_name"),
        Column("year", label=_("Year"), sort_key="year"),
        Column("unit", label=_("Administrative unit"), accessor=lambda t: unit_label(t.unit)),
        Column(
            "value",
            label=_("Target"),
            accessor=lambda t: format_number(normalised(t.value)),
        ),
    ]
    list_export = ["element.code", "element", "year", "unit", "value"]
    export_headings = {
        "element.code": _("Code"),
        "element": _("Data element"),
        "year": _("Year"),
        "unit": _("Administrative unit"),
        "value": _("Target"),
    }
    export_filename = "ke-hoach"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("element"), FieldPanel("year")]),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("value")]),
            FieldPanel("note"),
        ],
        base_form_class=TargetForm,
    )


# ---- indicators and validation rules -------------------------------------------------------
EXPRESSION_HELP = _(  # xgettext:no-python-brace-format
    "An expression over element codes: #{CODE}, #{CODE.OPTION}, numbers like 100 or 0.5, "
    "+ - * / and parentheses; POP(), TARGET(#{CODE}), PREV(…), LASTYEAR(…), YTD(…)."
)


def save_indicator(user, form, indicator):
    return services.indicator_save(
        user=user, data=_fields(form, services.INDICATOR_FIELDS), indicator=indicator
    )


class IndicatorViewSet(ScopedViewSet):
    model = Indicator
    name = "stats_indicators"
    url_prefix = "stats/indicators"
    icon = "decimal"
    menu_label = _("Indicators")
    visible = staticmethod(visible_indicators)
    save_function = staticmethod(save_indicator)
    ordering = "name"
    list_display = [
        Column("name", label=_("Name"), sort_key="name"),
        Column("code", label=_("Code"), sort_key="code"),
        Column("numerator", label=_("Numerator")),
        Column("denominator", label=_("Denominator")),
        Column("factor", label=_("Factor"), accessor=lambda i: format_number(normalised(i.factor))),
    ]
    list_export = ["code", "name", "numerator", "denominator", "factor", "unit_of_measure"]
    export_headings = {
        "code": _("Code"),
        "name": _("Name"),
        "numerator": _("Numerator"),
        "denominator": _("Denominator"),
        "factor": _("Factor"),
        "unit_of_measure": _("Unit of measure"),
    }
    export_filename = "chi-so"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("national_code")]),
            FieldPanel("name"),
            FieldPanel("numerator", help_text=EXPRESSION_HELP),
            FieldPanel("denominator", help_text=EXPRESSION_HELP),
            FieldRowPanel(
                [FieldPanel("factor"), FieldPanel("unit_of_measure"), FieldPanel("decimals")]
            ),
            FieldPanel("description"),
        ]
    )


class RuleForm(WagtailAdminModelForm):
    pass


def save_rule(user, form, rule):
    return services.rule_save(user=user, data=_fields(form, services.RULE_FIELDS), rule=rule)


class RuleIndexView(ScopedIndexView):
    list_select_related = ("data_set",)


class RuleViewSet(ScopedViewSet):
    model = ValidationRule
    name = "stats_rules"
    url_prefix = "stats/rules"
    icon = "tasks"
    menu_label = _("Validation rules")
    index_view_class = RuleIndexView
    visible = staticmethod(visible_rules)
    save_function = staticmethod(save_rule)
    list_filter = ["importance", "period_type"]
    ordering = "name"
    list_display = [
        Column("name", label=_("Name"), sort_key="name"),
        Column(
            "left",
            label=_("Rule"),
            accessor=lambda r: f"{r.left} {r.get_operator_display()} {r.right}",
        ),
        Column("importance", label=_("Importance"), accessor="get_importance_display"),
        Column("data_set", label=_("Data set")),
    ]
    list_export = ["code", "name", "left", "operator", "right", "get_importance_display"]
    export_headings = {
        "code": _("Code"),
        "name": _("Name"),
        "left": _("Left side"),
        "operator": _("Operator"),
        "right": _("Right side"),
        "get_importance_display": _("Importance"),
    }
    export_filename = "quy-tac-kiem-tra"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("importance")]),
            FieldPanel("name"),
            FieldPanel("left", help_text=EXPRESSION_HELP),
            FieldRowPanel([FieldPanel("operator"), FieldPanel("tolerance")]),
            FieldPanel("right", help_text=EXPRESSION_HELP),
            FieldRowPanel(
                [
                    FieldPanel("missing_value_strategy"),
                    FieldPanel("period_type"),
                    FieldPanel("data_set"),
                ]
            ),
            FieldPanel("instruction"),
        ],
        base_form_class=RuleForm,
    )
