"""Moving figures in and out: the Excel template of a form, its upload back, a DHIS2
``dataValueSets`` file (CSV or JSON) for an organisation, with a dry run; the form's values as
DHIS2 JSON or CSV. Every import saves all its rows or none and lists each bad cell or row."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.directory.models import Organisation

from .. import imports, periods
from ..selectors import reporting_for, visible_values

MAX_UPLOAD = 200 * 1024 * 1024


def _reporter_and_period(request, reporter_id: int, period_id: str):
    reporter = get_object_or_404(reporting_for(request.user), pk=reporter_id)
    try:
        period = periods.parse(period_id)
    except periods.PeriodError:
        period = None
    if period is None or period.type != reporter.data_set.period_type:
        from django.http import Http404

        raise Http404
    return reporter, period


class TemplateDownloadView(View):
    def get(self, request, reporter: int, period: str):
        if not request.user.has_perm("stats.view_datavalue"):
            raise PermissionDenied
        found, parsed = _reporter_and_period(request, reporter, period)
        content = imports.template_workbook(found, parsed)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"{found.data_set.code}-{parsed.id}-{found.organisation_id}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ExportView(View):
    """The form's values as DHIS2 ``dataValueSets`` (``?format=csv`` or JSON)."""

    def get(self, request, reporter: int, period: str):
        if not request.user.has_perm("stats.view_datavalue"):
            raise PermissionDenied
        found, parsed = _reporter_and_period(request, reporter, period)
        values = visible_values(request.user).filter(
            organisation=found.organisation,
            unit=found.unit,
            period=parsed.id,
            element__in=found.data_set.elements.all(),
        )
        if request.GET.get("format") == "csv":
            response = HttpResponse(imports.export_csv(values), content_type="text/csv")
            extension = "csv"
        else:
            response = HttpResponse(imports.export_json(values), content_type="application/json")
            extension = "json"
        name = f"dataValueSets-{found.data_set.code}-{parsed.id}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Reporting organisation")
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A filled Excel template (.xlsx), or a DHIS2 dataValueSets file (.csv or .json)."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only (dry run): save nothing"), required=False, initial=True
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=reporting_for(user).values("organisation")
        ).order_by("sort_name")


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "stats/import.html"
    page_title = gettext_lazy("Import figures")
    header_icon = "upload"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("stats.change_datavalue"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        organisation = form.cleaned_data["organisation"]
        dry_run = form.cleaned_data["dry_run"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is too large."))
            return self.form_invalid(form)
        name = upload.name.lower()
        data = upload.read()
        try:
            if name.endswith(".xlsx"):
                reporter = (
                    reporting_for(self.request.user)
                    .filter(organisation=organisation)
                    .filter(data_set__code=imports.read_template(data)[0])
                    .first()
                )
                if reporter is None:
                    raise imports.ImportError_(
                        _(
                            "This template is for another data set or organisation: download "
                            "this one's."
                        )
                    )
                result = imports.import_template(
                    user=self.request.user, reporter=reporter, data=data, dry_run=dry_run
                )
            else:
                if name.endswith(".json"):
                    rows = imports.read_dhis2_json(data)
                else:
                    try:
                        text = data.decode("utf-8-sig")
                    except UnicodeDecodeError:
                        raise imports.ImportError_(_("The file is not text in UTF-8.")) from None
                    rows = imports.read_dhis2_csv(io.StringIO(text, newline=""))
                result = imports.import_rows(
                    user=self.request.user, organisation=organisation, rows=rows, dry_run=dry_run
                )
        except imports.ImportError_ as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, result=result))
