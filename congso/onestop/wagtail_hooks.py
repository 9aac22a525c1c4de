"""Registrations of one-stop services in the back office: one menu, the audit actions and the
desk's own views. The screens live in ``backoffice/``."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from .backoffice import dossiers, tools
from .backoffice.catalogue import (
    CalendarDayViewSet,
    DeskViewSet,
    ProcedureViewSet,
    ProcessingStepViewSet,
    RequiredDocumentViewSet,
)
from .backoffice.dossiers import DossierViewSet

ACTIONS = {
    "onestop.submit": (_("Submit"), _("Submitted online")),
    "onestop.accept": (_("Accept"), _("Received and accepted")),
    "onestop.supplement": (_("Request supplement"), _("Supplement requested")),
    "onestop.supplement_received": (_("Supplement received"), _("Supplement received")),
    "onestop.refuse": (_("Refuse"), _("Refused")),
    "onestop.step": (_("Complete step"), _("Step completed")),
    "onestop.transfer": (_("Transfer"), _("Transferred")),
    "onestop.transfer_return": (_("Return from transfer"), _("Returned from transfer")),
    "onestop.apology": (_("Apologise"), _("Apology letter issued")),
    "onestop.result_ready": (_("Result ready"), _("Result ready")),
    "onestop.returned": (_("Return result"), _("Result returned")),
    "onestop.rated": (_("Rate"), _("Satisfaction rated")),
    "onestop.import": (_("Import procedures"), _("Procedures imported")),
    "onestop.hand_over": (_("Hand over"), _("Taken over by the successor agency")),
    "onestop.erase": (_("Erase personal data"), _("Personal data erased")),
}


@hooks.register("register_log_actions")
def register_onestop_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


class OnestopGroup(ViewSetGroup):
    menu_label = _("One-stop")
    menu_icon = "folder-inverse"
    menu_name = "onestop"
    menu_order = 300
    items = (
        DossierViewSet,
        ProcedureViewSet,
        RequiredDocumentViewSet,
        ProcessingStepViewSet,
        DeskViewSet,
        CalendarDayViewSet,
    )


@hooks.register("register_admin_viewset")
def register_onestop_viewsets():
    return OnestopGroup()


@hooks.register("register_admin_urls")
def register_onestop_urls():
    return [
        path(
            "onestop/dossiers/<int:pk>/act/<str:action>/",
            dossiers.dossier_action,
            name="onestop_dossier_action",
        ),
        path(
            "onestop/dossiers/<int:pk>/print/<str:document>/",
            dossiers.dossier_print,
            name="onestop_dossier_print",
        ),
        path(
            "onestop/dossiers/<int:pk>/pdf/<str:document>/",
            dossiers.dossier_slip_pdf,
            name="onestop_dossier_pdf",
        ),
        path("onestop/files/<int:pk>/", dossiers.dossier_file, name="onestop_dossier_file"),
        path("onestop/record/", dossiers.dossier_record_view, name="onestop_dossier_record"),
        path("onestop/register/", dossiers.tracking_register, name="onestop_register"),
        path("onestop/import/", tools.procedure_import_view, name="onestop_procedure_import"),
        path(
            "onestop/export/<str:kind>/",
            tools.procedure_export_view,
            name="onestop_procedure_export",
        ),
        path("onestop/statistics/", tools.statistics_view, name="onestop_statistics"),
    ]


class _Item(MenuItem):
    def __init__(self, label, url_name, icon, order, perm):
        super().__init__(label, reverse_lazy(url_name), icon_name=icon, order=order)
        self.perm = perm

    def is_shown(self, request):
        return request.user.has_perm(self.perm)


@hooks.register("register_admin_menu_item")
def register_record_item():
    return _Item(
        _("Record a dossier"), "onestop_dossier_record", "plus", 301, "onestop.add_dossier"
    )


@hooks.register("register_admin_menu_item")
def register_statistics_item():
    return _Item(
        _("One-stop statistics"), "onestop_statistics", "table", 302, "onestop.view_dossier"
    )
