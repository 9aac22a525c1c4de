"""The public one-stop pages (dịch vụ công): the catalogue, online submission with a draft that
can be resumed by its secret link, the receipt, the lookup and the satisfaction rating."""

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.publishing import site_organisation
from congso.core.search import bounded_query

from . import services
from .models import Dossier, Procedure, RequiredDocument
from .printing import print_context
from .selectors import lookup_dossier, published_procedures

PER_PAGE = 20
#: lookups an address may try in LOOKUP_WINDOW seconds
LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 600
CITIZEN = AnonymousUser()


def catalogue(request):
    query = bounded_query(request.GET.get("q"))
    procedures = published_procedures(query, site_organisation(request))
    page = Paginator(procedures, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "onestop/catalogue.html", {"page": page, "query": query})


def _procedure(code: str) -> Procedure:
    return get_object_or_404(
        Procedure.objects.select_related("agency"), code=code, is_published=True
    )


def procedure_detail(request, code: str):
    procedure = _procedure(code)
    return TemplateResponse(
        request,
        "onestop/procedure.html",
        {
            "procedure": procedure,
            "documents": procedure.documents.all(),
            "steps": procedure.steps.select_related("organisation"),
        },
    )


def document_template(request, code: str, pk: int):
    document = get_object_or_404(
        RequiredDocument, pk=pk, procedure__code=code, procedure__is_published=True
    )
    if not document.template:
        raise Http404
    return FileResponse(document.template.open("rb"), as_attachment=True)


class ApplicationForm(forms.Form):
    applicant_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    identity_number = forms.RegexField(
        label=gettext_lazy("Identity number"),
        regex=r"^\d{9}(\d{3})?$",
        error_messages={"invalid": gettext_lazy("Enter the 9 or 12 digits of the identity card.")},
    )
    phone = forms.RegexField(
        label=gettext_lazy("Phone"),
        regex=r"^\+?[\d .]{9,15}$",
        error_messages={"invalid": gettext_lazy("Enter a valid phone number.")},
    )
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300)
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that my personal data is processed to handle this dossier "
            "(Decree 13/2023/NĐ-CP on personal data protection)."
        ),
        required=False,
    )

    def __init__(self, *args, procedure=None, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        attached = set(dossier.files.values_list("document_id", flat=True)) if dossier else set()
        self.documents = list(procedure.documents.all())
        kinds = ",".join(f".{ext}" for ext in settings.ONESTOP_UPLOAD_EXTENSIONS)
        for document in self.documents:
            label = document.name
            if document.pk in attached:
                label = f"{label} — " + _("already attached; choose a file to replace it")
            self.fields[f"doc_{document.pk}"] = forms.FileField(
                label=label,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": kinds}),
                help_text=_("%(kinds)s, at most %(limit)s MB")
                % {
                    "kinds": ", ".join(settings.ONESTOP_UPLOAD_EXTENSIONS),
                    "limit": settings.ONESTOP_MAX_UPLOAD_MB,
                },
            )

    def uploads(self) -> dict:
        return {
            document.pk: self.cleaned_data[f"doc_{document.pk}"]
            for document in self.documents
            if self.cleaned_data.get(f"doc_{document.pk}")
        }

    def document_fields(self):
        return [self[f"doc_{document.pk}"] for document in self.documents]

    def applicant_fields(self):
        return [self[name] for name in services.APPLICANT_FIELDS]


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _application(request, procedure: Procedure, dossier: Dossier | None):
    if not procedure.accepts_online:
        raise Http404
    initial = (
        {name: getattr(dossier, name) for name in services.APPLICANT_FIELDS} if dossier else {}
    )
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        procedure=procedure,
        dossier=dossier,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.APPLICANT_FIELDS}
        try:
            dossier = services.dossier_draft_save(
                user=CITIZEN,
                procedure=procedure,
                data=data,
                uploads=form.uploads(),
                dossier=dossier,
            )
            if "submit" in request.POST:
                dossier = services.dossier_submit(user=CITIZEN, dossier=dossier)
                return redirect("onestop:receipt", token=dossier.access_token)
        except ValidationError as exc:
            _add_errors(form, exc)
            if dossier is not None and dossier.pk:
                dossier.refresh_from_db()
        else:
            return redirect(f"{reverse('onestop:draft', args=[dossier.access_token])}?saved=1")
    resume = (
        request.build_absolute_uri(reverse("onestop:draft", args=[dossier.access_token]))
        if dossier is not None and dossier.pk
        else None
    )
    return TemplateResponse(
        request,
        "onestop/apply.html",
        {
            "procedure": procedure,
            "form": form,
            "dossier": dossier,
            "resume": resume,
            "saved": request.GET.get("saved"),
        },
    )


def apply(request, code: str):
    return _application(request, _procedure(code), None)


def _by_token(token: str) -> Dossier:
    return get_object_or_404(
        Dossier.objects.select_related("procedure", "agency"), access_token=token
    )


def draft(request, token: str):
    dossier = _by_token(token)
    if dossier.status != Dossier.Status.DRAFT:
        return redirect("onestop:receipt", token=token)
    return _application(request, dossier.procedure, dossier)


def receipt(request, token: str):
    dossier = _by_token(token)
    if dossier.status == Dossier.Status.DRAFT:
        return redirect("onestop:draft", token=token)
    context = print_context(dossier, _("Receipt and appointment slip"))
    return TemplateResponse(request, "onestop/receipt.html", context)


class LookupForm(forms.Form):
    ma = forms.CharField(label=gettext_lazy("Dossier code"), max_length=60)
    so = forms.CharField(
        label=gettext_lazy("Last four digits of the phone number"), min_length=4, max_length=4
    )


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def lookup(request):
    """The dossier by its code and the phone's last four digits (a GET); once its result is
    returned, the same two facts let the applicant rate the service from here (a POST), so that
    those who applied at the desk or by post, or lost their receipt's link, may rate too."""
    data = request.POST if request.method == "POST" else request.GET
    form = LookupForm(data if "so" in data else None, initial=request.GET)
    dossier = None
    message = None
    status = 200
    rating_form = None
    rated = False
    if form.is_bound:
        key = f"onestop-lookup:{_client(request)}"
        cache.add(key, 0, LOOKUP_WINDOW)
        tries = cache.incr(key)
        if tries > LOOKUP_LIMIT:
            message = _("Too many lookups from your address. Please try again in 10 minutes.")
            status = 429
        elif form.is_valid():
            dossier = lookup_dossier(form.cleaned_data["ma"], form.cleaned_data["so"])
        if dossier is None and message is None:
            # One message for a wrong code and wrong digits: codes cannot be probed.
            message = _("No dossier matches this code and these digits.")
    if dossier is not None and dossier.status == Dossier.Status.RETURNED and dossier.rating is None:
        rating_form = RatingForm(request.POST if request.method == "POST" else None)
        if rating_form.is_valid():
            saved = _save_rating(rating_form, dossier)
            if saved is not None:
                dossier, rating_form, rated = saved, None, True
    context = {
        "form": form,
        "dossier": dossier,
        "message": message,
        "rating_form": rating_form,
        "rated": rated,
    }
    if dossier is not None:
        context["events"] = dossier.events.select_related("organisation", "step").exclude(
            kind="draft"
        )
        context["handler"] = dossier.handler.get_full_name() if dossier.handler else ""
    return TemplateResponse(request, "onestop/lookup.html", context, status=status)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you?"),
        choices=Dossier.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _save_rating(form: RatingForm, dossier: Dossier) -> Dossier | None:
    """The dossier with the applicant's rating stored, or None with the refusal on the form."""
    try:
        return services.dossier_rate(
            user=CITIZEN,
            dossier=dossier,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return None


def rate(request, token: str):
    dossier = _by_token(token)
    if dossier.status != Dossier.Status.RETURNED:
        raise Http404
    form = RatingForm(request.POST or None)
    done = dossier.rating is not None
    if request.method == "POST" and not done and form.is_valid():
        done = _save_rating(form, dossier) is not None
    return TemplateResponse(
        request, "onestop/rate.html", {"dossier": dossier, "form": form, "done": done}
    )
