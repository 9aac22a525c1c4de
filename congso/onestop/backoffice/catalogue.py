"""The procedure catalogue, its documents and steps, the desks and the working-day calendar."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton

from congso.core.backoffice.views import ScopedIndexView, date_column
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.directory.backoffice.common import with_current
from congso.directory.selectors import visible_organisations

from ..models import CalendarDay, Desk, Procedure, ProcessingStep, RequiredDocument
from ..selectors import (
    visible_calendar_days,
    visible_desks,
    visible_documents,
    visible_procedures,
    visible_steps,
)
from ..services import calendar_day_save, desk_save, document_save, procedure_save, step_save


def _limit(form, name: str, queryset, current) -> None:
    field = form.fields.get(name)
    if field is not None and not field.disabled:
        field.queryset = with_current(queryset, current)


class ProcedureForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(
            self,
            "agency",
            visible_organisations(self.for_user).order_by("sort_name"),
            self.instance.agency_id,
        )


class ProcedureIndexView(ScopedIndexView):
    list_select_related = ("agency",)

    @property
    def header_buttons(self):
        from django.urls import reverse

        buttons = list(super().header_buttons)
        if self.request.user.has_perm("onestop.add_procedure"):
            buttons.append(
                HeaderButton(
                    _("Import from Excel/CSV"),
                    url=reverse("onestop_procedure_import"),
                    icon_name="upload",
                )
            )
        exports = (
            ("xlsx", _("Catalogue for import (Excel)")),
            ("csv", _("Catalogue for import (CSV)")),
        )
        for kind, label in exports:
            buttons.append(
                HeaderButton(
                    label,
                    url=reverse("onestop_procedure_export", args=[kind]),
                    icon_name="download",
                )
            )
        return buttons


class ProcedureViewSet(ScopedViewSet):
    model = Procedure
    name = "onestop_procedures"
    url_prefix = "onestop/procedures"
    icon = "doc-full"
    menu_label = _("Procedures")
    index_view_class = ProcedureIndexView
    visible = staticmethod(visible_procedures)
    save_function = staticmethod(
        lambda user, form, instance: procedure_save(user=user, procedure=form.save(commit=False))
    )
    ordering = "sort_name"
    list_display = [
        Column("code", label=_("Procedure code"), sort_key="code"),
        Column("name", label=_("Name"), sort_key="sort_name"),
        Column("sector", label=_("Field")),
        Column("agency", label=_("Performing agency")),
        Column("processing_days", label=_("Working days")),
        Column("online_level", label=_("Online level")),
    ]
    list_export = [
        "code",
        "national_code",
        "name",
        "sector",
        "level",
        "agency",
        "processing_days",
        "fees",
        "result",
        "legal_basis",
        "online_level",
        "inter_agency",
        "is_published",
    ]
    export_filename = "thu-tuc-hanh-chinh"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("national_code")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("sector"), FieldPanel("level")]),
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("processing_days"), FieldPanel("online_level")]),
            FieldPanel("fees"),
            FieldPanel("result"),
            FieldPanel("legal_basis"),
            FieldRowPanel([FieldPanel("inter_agency"), FieldPanel("is_published")]),
        ],
        base_form_class=ProcedureForm,
    )


class ProcedurePartForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(
            self,
            "procedure",
            visible_procedures(self.for_user).order_by("code"),
            self.instance.procedure_id,
        )
        if "organisation" in self.fields:
            _limit(
                self,
                "organisation",
                visible_organisations(self.for_user).order_by("sort_name"),
                self.instance.organisation_id,
            )


class PartIndexView(ScopedIndexView):
    list_select_related = ("procedure",)


class RequiredDocumentViewSet(ScopedViewSet):
    model = RequiredDocument
    name = "onestop_documents"
    url_prefix = "onestop/documents"
    icon = "doc-empty"
    menu_label = _("Required documents")
    index_view_class = PartIndexView
    visible = staticmethod(visible_documents)
    save_function = staticmethod(
        lambda user, form, instance: document_save(user=user, document=form.save(commit=False))
    )
    ordering = ["procedure__code", "order"]
    list_display = [
        Column("name", label=_("Name")),
        Column("procedure", label=_("Procedure"), accessor="procedure.code"),
        Column("copies", label=_("Number of copies")),
        Column("required", label=_("Required")),
    ]
    list_export = ["procedure", "order", "name", "copies", "required"]
    export_filename = "thanh-phan-ho-so"
    edit_handler = ObjectList(
        [
            FieldPanel("procedure"),
            FieldRowPanel([FieldPanel("order"), FieldPanel("copies"), FieldPanel("required")]),
            FieldPanel("name"),
            FieldPanel("template"),
        ],
        base_form_class=ProcedurePartForm,
    )


class ProcessingStepViewSet(ScopedViewSet):
    model = ProcessingStep
    name = "onestop_steps"
    url_prefix = "onestop/steps"
    icon = "list-ol"
    menu_label = _("Processing steps")
    index_view_class = PartIndexView
    visible = staticmethod(visible_steps)
    save_function = staticmethod(
        lambda user, form, instance: step_save(user=user, step=form.save(commit=False))
    )
    ordering = ["procedure__code", "order"]
    list_display = [
        Column("name", label=_("Name")),
        Column("procedure", label=_("Procedure"), accessor="procedure.code"),
        Column("order", label=_("Order")),
        Column("role", label=_("Responsible role")),
        Column("share", label=_("Share of the time (%)")),
    ]
    list_export = ["procedure", "order", "name", "organisation", "role", "share"]
    export_filename = "quy-trinh"
    edit_handler = ObjectList(
        [
            FieldPanel("procedure"),
            FieldRowPanel([FieldPanel("order"), FieldPanel("share")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
        ],
        base_form_class=ProcedurePartForm,
    )


class DeskForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(
            self,
            "organisation",
            visible_organisations(self.for_user).order_by("sort_name"),
            self.instance.organisation_id,
        )


class DeskIndexView(ScopedIndexView):
    list_select_related = ("organisation",)


class DeskViewSet(ScopedViewSet):
    model = Desk
    name = "onestop_desks"
    url_prefix = "onestop/desks"
    icon = "home"
    menu_label = _("One-stop desks")
    index_view_class = DeskIndexView
    visible = staticmethod(visible_desks)
    save_function = staticmethod(
        lambda user, form, instance: desk_save(user=user, desk=form.save(commit=False))
    )
    ordering = "code"
    list_display = [
        Column("code", label=_("Agency code"), sort_key="code"),
        Column("organisation", label=_("Organisation")),
        Column("phone", label=_("Phone")),
    ]
    list_export = ["code", "organisation", "address", "phone"]
    export_filename = "bo-phan-mot-cua"
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("code"),
            FieldPanel("address"),
            FieldPanel("phone"),
        ],
        base_form_class=DeskForm,
    )


class CalendarDayViewSet(ScopedViewSet):
    model = CalendarDay
    name = "onestop_calendar"
    url_prefix = "onestop/calendar"
    icon = "date"
    menu_label = _("Working-day calendar")
    visible = staticmethod(visible_calendar_days)
    save_function = staticmethod(
        lambda user, form, instance: calendar_day_save(user=user, day=form.save(commit=False))
    )
    ordering = "-day"
    list_display = [
        date_column("day", _("Day")),
        Column("kind", label=_("Kind")),
        Column("note", label=_("Note")),
    ]
    list_export = ["day", "kind", "note"]
    export_filename = "lich-lam-viec"
    edit_handler = ObjectList([FieldPanel("day"), FieldPanel("kind"), FieldPanel("note")])
