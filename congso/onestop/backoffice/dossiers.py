"""The desk's screens: the dossier list and page with its actions, recording a dossier received
at the desk or by post, the files (served only after the scope check) and the printable slips."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView, ScopedInspectView, date_column
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.core.text import format_date
from congso.directory.models import Organisation
from congso.directory.selectors import user_scope

from .. import services
from ..models import Desk, Dossier, DossierFile, Procedure, Transfer
from ..selectors import visible_dossiers, visible_procedures

S = Dossier.Status


class DossierIndexView(ScopedIndexView):
    list_select_related = ("procedure", "agency", "location")


class DossierInspectView(ScopedInspectView):
    template_name = "onestop/admin/dossier.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dossier = self.object
        context.update(
            dossier=dossier,
            events=dossier.events.select_related("user", "organisation", "step"),
            files=dossier.files.select_related("document"),
            transfers=dossier.transfers.select_related("from_organisation", "to_organisation"),
            actions=available_actions(self.request.user, dossier),
            printables=printables(dossier),
        )
        return context


def _status_label(dossier):
    return dossier.get_status_display()


def _deadline(dossier):
    return format_date(dossier.deadline)


class DossierViewSet(ScopedViewSet):
    model = Dossier
    name = "onestop_dossiers"
    url_prefix = "onestop/dossiers"
    icon = "folder-inverse"
    menu_label = _("Dossiers")
    read_only = True
    index_view_class = DossierIndexView
    inspect_view_class = DossierInspectView
    visible = staticmethod(visible_dossiers)
    ordering = "-received_on"
    list_display = [
        Column("code", label=_("Dossier code"), sort_key="code", accessor=str),
        Column("applicant_name", label=_("Applicant")),
        Column("procedure", label=_("Procedure"), accessor="procedure.code"),
        Column("status", label=_("Status"), accessor=_status_label),
        date_column("received_on", _("Received on")),
        Column("deadline", label=_("Appointment date"), accessor=_deadline),
        Column("location", label=_("Where it is")),
    ]
    list_filter = ["status", "channel"]
    list_export = [
        "code",
        "procedure",
        "agency",
        "channel",
        "status",
        "applicant_name",
        "received_on",
        "due_date",
        "apology_due_date",
        "finished_on",
        "returned_at",
    ]
    export_filename = "so-theo-doi-ho-so"


# --- actions ----------------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupplementForm(forms.Form):
    items = forms.CharField(
        label=_("Every item to supplement, one a line"), widget=forms.Textarea(attrs={"rows": 4})
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Send to"), queryset=Organisation.objects.none())
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=365)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Desk.objects.values("organisation_id")
        self.fields["to"].queryset = (
            Organisation.objects.filter(pk__in=agencies)
            .exclude(pk=getattr(dossier, "agency_id", None))
            .order_by("sort_name")
        )


class TransferReturnForm(forms.Form):
    transfer = forms.ModelChoiceField(label=_("Transfer"), queryset=Transfer.objects.none())
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transfer"].queryset = Transfer.objects.filter(
            dossier=dossier, returned_at__isnull=True
        ).select_related("to_organisation")


class ApologyForm(forms.Form):
    new_due = forms.DateField(label=_("New appointment date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    method = forms.ChoiceField(label=_("Returned"), choices=Dossier.ReturnMethod.choices)
    note = forms.CharField(label=_("Note"), required=False)


#: action: (label, states, form, service call)
ACTIONS = {
    "accept": (
        _("Accept"),
        (S.SUBMITTED,),
        None,
        lambda u, d, data: services.dossier_accept(user=u, dossier=d),
    ),
    "supplement": (
        _("Request supplement"),
        (S.SUBMITTED, S.PROCESSING),
        SupplementForm,
        lambda u, d, data: services.dossier_request_supplement(
            user=u, dossier=d, items=data["items"]
        ),
    ),
    "supplement_received": (
        _("Supplement received"),
        (S.SUPPLEMENT,),
        NoteForm,
        lambda u, d, data: services.dossier_supplement_received(
            user=u, dossier=d, note=data["note"]
        ),
    ),
    "refuse": (
        _("Refuse"),
        (S.SUBMITTED, S.SUPPLEMENT, S.PROCESSING),
        RefuseForm,
        lambda u, d, data: services.dossier_refuse(user=u, dossier=d, reason=data["reason"]),
    ),
    "step": (
        _("Complete the current step"),
        (S.PROCESSING,),
        NoteForm,
        lambda u, d, data: services.dossier_step_complete(user=u, dossier=d, note=data["note"]),
    ),
    "transfer": (
        _("Transfer"),
        (S.PROCESSING, S.TRANSFERRED),
        TransferForm,
        lambda u, d, data: services.dossier_transfer(
            user=u, dossier=d, to=data["to"], days=data["days"], note=data["note"]
        ),
    ),
    "transfer_return": (
        _("Return from transfer"),
        (S.TRANSFERRED,),
        TransferReturnForm,
        lambda u, d, data: services.dossier_transfer_return(
            user=u, transfer=data["transfer"], note=data["note"]
        ),
    ),
    "apology": (
        _("Apology letter"),
        (S.PROCESSING, S.TRANSFERRED),
        ApologyForm,
        lambda u, d, data: services.dossier_apologise(
            user=u, dossier=d, new_due=data["new_due"], reason=data["reason"]
        ),
    ),
    "result_ready": (
        _("Result ready"),
        (S.PROCESSING,),
        NoteForm,
        lambda u, d, data: services.dossier_result_ready(user=u, dossier=d, note=data["note"]),
    ),
    "return": (
        _("Return the result"),
        (S.RESULT_READY,),
        ReturnForm,
        lambda u, d, data: services.dossier_return(
            user=u, dossier=d, method=data["method"], note=data["note"]
        ),
    ),
}


def _form(form_class, dossier, data=None):
    if form_class is None:
        return None
    if form_class in (TransferForm, TransferReturnForm):
        return form_class(data, dossier=dossier, prefix="act")
    return form_class(data, prefix="act")


def available_actions(user, dossier) -> list[dict]:
    found = []
    for key, (label, states, form_class, _call) in ACTIONS.items():
        if dossier.status not in states or not services.may_act(user, key):
            continue
        if key == "apology" and dossier.apologised_at:
            continue
        if key == "step" and dossier.current_step_id is None:
            continue
        found.append(
            {
                "key": key,
                "label": label,
                "form": _form(form_class, dossier),
                "url": reverse("onestop_dossier_action", args=[dossier.pk, key]),
            }
        )
    return found


@require_POST
def dossier_action(request, pk: int, action: str):
    dossier = get_object_or_404(visible_dossiers(request.user), pk=pk)
    if action not in ACTIONS:
        raise Http404
    label, _states, form_class, call = ACTIONS[action]
    form = _form(form_class, dossier, request.POST)
    inspect = reverse("onestop_dossiers:inspect", args=[dossier.pk])
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{label}: {error}")
        return redirect(inspect)
    try:
        call(request.user, dossier, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, f"{label}: {error}")
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You do not have permission to do this."))
    else:
        messages.success(request, _("%(action)s: done.") % {"action": label})
    return redirect(inspect)


def dossier_file(request, pk: int):
    """An applicant's file, only to those who handle the dossier."""
    item = get_object_or_404(
        DossierFile.objects.filter(dossier__in=visible_dossiers(request.user).values("pk")), pk=pk
    )
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# --- recording at the desk --------------------------------------------------------------------


class RecordForm(forms.Form):
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=Procedure.objects.none())
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Dossier.Channel.DESK, _("At the desk")), (Dossier.Channel.POST, _("By post"))],
    )
    applicant_name = forms.CharField(label=_("Applicant"), max_length=200)
    identity_number = forms.CharField(label=_("Identity number"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = visible_procedures(user).order_by("code")


def dossier_record_view(request):
    if not (
        request.user.has_perm("onestop.add_dossier") and services.may_act(request.user, "record")
    ):
        raise PermissionDenied
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        procedure = data.pop("procedure")
        channel = data.pop("channel")
        try:
            dossier = services.dossier_record(
                user=request.user, procedure=procedure, data=data, channel=channel
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Dossier %(code)s recorded.") % {"code": dossier.code})
            return redirect("onestop_dossiers:inspect", dossier.pk)
    return TemplateResponse(
        request,
        "onestop/admin/form.html",
        {"form": form, "title": _("Record a dossier received at the desk or by post")},
    )


# --- printable documents ----------------------------------------------------------------------

PRINTS = {
    "receipt": (_("Receipt and appointment slip"), lambda d: d.received_on or d.submitted_at),
    "supplement": (_("Supplement request"), lambda d: d.supplement_items),
    "refusal": (_("Refusal slip"), lambda d: d.status == S.REFUSED),
    "apology": (_("Apology letter"), lambda d: d.apologised_at),
    "control": (_("Processing control slip"), lambda d: d.received_on),
}


def printables(dossier) -> list[dict]:
    return [
        {
            "label": label,
            "url": reverse("onestop_dossier_print", args=[dossier.pk, key]),
            "pdf_url": reverse("onestop_dossier_pdf", args=[dossier.pk, key]),
            "pdf_a5_url": reverse("onestop_dossier_pdf", args=[dossier.pk, key]) + "?size=a5",
        }
        for key, (label, available) in PRINTS.items()
        if available(dossier)
    ]


def _printable_dossier(request, pk: int, document: str) -> Dossier:
    """The dossier, if the user handles it and the document exists for it (a refusal slip only
    for a refused dossier)."""
    dossier = get_object_or_404(
        visible_dossiers(request.user).select_related(
            "procedure", "agency", "agency__admin_unit", "handler"
        ),
        pk=pk,
    )
    if document not in PRINTS or not PRINTS[document][1](dossier):
        raise Http404
    return dossier


def dossier_print(request, pk: int, document: str):
    dossier = _printable_dossier(request, pk, document)
    from ..printing import print_context

    context = print_context(dossier, PRINTS[document][0])
    context["size_class"] = "a5" if request.GET.get("size") == "a5" else ""
    return TemplateResponse(request, f"onestop/print/{document}.html", context)


def dossier_slip_pdf(request, pk: int, document: str):
    """The same slip as a PDF file, for whoever may print it."""
    dossier = _printable_dossier(request, pk, document)
    from ..slips import slip_filename, slip_pdf

    size = "a5" if request.GET.get("size") == "a5" else "a4"
    return HttpResponse(
        slip_pdf(dossier, document, size=size),
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{slip_filename(dossier, document)}"'
        },
    )


def tracking_register(request):
    """The tracking register (sổ theo dõi hồ sơ) of a period, printable."""
    field = forms.DateField(required=False)
    today = timezone.localdate()
    try:
        start = field.clean(request.GET.get("from")) or today.replace(day=1)
        end = field.clean(request.GET.get("to")) or today
    except ValidationError:
        start, end = today.replace(day=1), today
    dossiers = (
        visible_dossiers(request.user)
        .filter(Q(received_on__gte=start, received_on__lte=end))
        .select_related("procedure", "agency")
        .order_by("received_on", "code")
    )
    scope = user_scope(request.user)
    if request.GET.get("format") == "pdf":
        from ..slips import register_pdf

        content = register_pdf(
            dossiers[:2000], start=start, end=end, organisation=scope.organisation
        )
        name = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
        return HttpResponse(
            content,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return TemplateResponse(
        request,
        "onestop/print/register.html",
        {
            "dossiers": dossiers[:2000],
            "start": start,
            "end": end,
            "organisation": scope.organisation,
            "title": _("Dossier tracking register"),
            "now": timezone.localtime(),
            "size_class": "landscape",
        },
    )


def parse_day(value) -> date | None:
    try:
        return forms.DateField(required=False).clean(value)
    except ValidationError:
        return None
