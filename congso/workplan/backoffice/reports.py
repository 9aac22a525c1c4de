"""The report on the implementation of tasks: a user asks for it (status on a day, number and
symbol), the worker writes it, the screen lists the user's requests and downloads the ready
ones."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ImplementationReport
from ..services import implementation_report_request
from .dashboard import DateInput


class ReportRequestForm(forms.Form):
    day = forms.DateField(label=_("Status on"), required=False, widget=DateInput)
    number = forms.CharField(label=_("Number and symbol"), required=False, max_length=50)


class ReportListView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workplan/reports.html"
    page_title = _("Task implementation reports")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ReportRequestForm())
        context["reports"] = ImplementationReport.objects.filter(
            requested_by_id=self.request.user.pk
        ).select_related("organisation")[:20]
        return context

    def post(self, request):
        form = ReportRequestForm(request.POST)
        if form.is_valid():
            try:
                implementation_report_request(
                    user=request.user,
                    day=form.cleaned_data["day"],
                    number=form.cleaned_data["number"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
            else:
                messages.success(
                    request, _gettext("The report is being written; it will be listed here.")
                )
                return redirect(reverse("workplan_reports"))
        return self.render_to_response(self.get_context_data(form=form))


class ReportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        report = ImplementationReport.objects.filter(
            pk=pk, requested_by_id=request.user.pk, status=ImplementationReport.Status.DONE
        ).first()
        if report is None or not report.docx:
            raise Http404
        return FileResponse(
            report.docx.open("rb"),
            as_attachment=True,
            filename=report.docx.name.rsplit("/", 1)[-1],
        )
