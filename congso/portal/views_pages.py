"""Public views of the Q&A form, the satisfaction rating and the view counter. Thin: the
checks against automated posting are here, the writes in :mod:`.services_pages`."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from congso.core.accounts import client_address

from .models.rating import PageStat
from .services_pages import page_rating_record, page_view_record, question_ask

_TOKEN_SALT = "congso.portal.question-form"
#: a form sent sooner than this after it was shown was not typed by a person
MIN_FILL_SECONDS = getattr(settings, "CONGSO_QA_MIN_SECONDS", 3)
#: a form older than this is shown again with a fresh token
MAX_FORM_AGE = 4 * 3600
#: questions one address may send per hour
QUESTIONS_PER_HOUR = getattr(settings, "CONGSO_QA_PER_HOUR", 5)
#: ratings one address may send per hour (whatever the page)
RATINGS_PER_HOUR = 60
RATED_COOKIE = "congso_rated"
RATED_KEEP = 300
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def form_token(issued_at: float | None = None) -> str:
    """The signed time a question form was shown."""
    return signing.dumps(
        {"t": issued_at if issued_at is not None else time.time()}, salt=_TOKEN_SALT
    )


def _token_age(token: str) -> float | None:
    try:
        issued = signing.loads(token, salt=_TOKEN_SALT)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return time.time() - float(issued)


def _over_limit(kind: str, request, limit: int) -> bool:
    """Whether the visitor's address already sent ``limit`` of ``kind`` this hour; counts this
    one otherwise (the cache is shared by every process when it is Redis)."""
    key = f"portal:{kind}:{client_address(request) or 'unknown'}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    return count > limit


class QuestionForm(forms.Form):
    asker_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    asker_address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    asker_email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    asker_phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    title = forms.CharField(label=gettext_lazy("Title of the question"), max_length=255)
    question = forms.CharField(
        label=gettext_lazy("Your question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=20,
        max_length=5000,
    )
    # Left empty by people: it is hidden from them; robots fill every field.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"), required=False, max_length=200
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("asker_email") or data.get("asker_phone")):
            raise ValidationError(
                _("Give an email address or a phone number so that the answer can reach you.")
            )
        return data

    def looks_automated(self) -> bool:
        age = _token_age(self.data.get("token", ""))
        return (
            bool(self.data.get("website"))
            or age is None
            or age < MIN_FILL_SECONDS
            or age > MAX_FORM_AGE
        )


def ask_question(page, request):
    """The form to ask a question on ``page`` (a :class:`~.models.QuestionPage`)."""
    portal = page.get_portal(request)
    if portal is None:
        raise Http404
    context = page.get_context(request)
    context["sent"] = request.GET.get("da-gui") == "1"
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.looks_automated():
            form.add_error(
                None,
                _(
                    "Your question was not sent: the form was sent too quickly after it was "
                    "opened, or was open for too long, or a field meant to stay empty was "
                    "filled. Check your question and send it again."
                ),
            )
            status = 400
        elif not form.is_valid():
            pass  # the form shows what to correct
        elif _over_limit("question", request, QUESTIONS_PER_HOUR):
            form.add_error(
                None,
                _(
                    "Your question was not sent: several questions have just been sent from "
                    "your connection. Please try again in an hour."
                ),
            )
            status = 429
        else:
            try:
                question_ask(user=request.user, portal=portal, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(request.path + "?da-gui=1")
        data = request.POST.copy()
        data["token"] = form_token()
        form.data = data
    else:
        form = QuestionForm(initial={"token": form_token()})
    context["form"] = form
    return TemplateResponse(request, "portal/pages/question_ask.html", context, status=status)


def _same_origin(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    return not origin or origin == f"{request.scheme}://{request.get_host()}"


def _page_of_site(request, page_id: int) -> tuple[Page, Site] | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    page = (
        Page.objects.live()
        .filter(pk=page_id, path__startswith=site.root_page.path)
        .only("pk", "path", "url_path", "depth")
        .first()
    )
    return (page, site) if page is not None else None


def rated_pages(request) -> list[int]:
    try:
        value = signing.loads(request.COOKIES.get(RATED_COOKIE, ""), salt=RATED_COOKIE)
    except signing.BadSignature:
        return []
    return [item for item in value if isinstance(item, int)] if isinstance(value, list) else []


@csrf_exempt  # a page's form carries no token, so that the page stays cacheable
@require_POST
@never_cache
def rate_page(request):
    """One satisfaction rating of a page. The visitor's browser remembers the pages it rated
    (a signed cookie): a second rating of the same page is refused. Nothing identifies them."""
    if not _same_origin(request):
        return HttpResponseForbidden()
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        raise Http404 from None
    found = _page_of_site(request, page_id)
    if found is None:
        raise Http404
    page, site = found
    url = page.get_url(request) or "/"
    level = request.POST.get("level", "")
    rated = rated_pages(request)
    if level not in PageStat.Level.values:
        outcome = "chon"
    elif page.pk in rated:
        outcome = "roi"
    elif _over_limit("rating", request, RATINGS_PER_HOUR):
        outcome = "qua-nhieu"
    else:
        page_rating_record(page_id=page.pk, site_id=site.pk, level=level)
        rated = [*rated, page.pk][-RATED_KEEP:]
        outcome = "cam-on"
    response = HttpResponseRedirect(f"{url}?danh_gia={outcome}#danh-gia")
    response.set_cookie(
        RATED_COOKIE,
        signing.dumps(rated, salt=RATED_COOKIE, compress=True),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
def count_view(request, page_id: int):
    """The page's counter of views, as a transparent image each page loads: cached pages are
    counted too."""
    found = _page_of_site(request, page_id)
    if found is not None:
        page, site = found
        page_view_record(page_id=page.pk, site_id=site.pk)
    return HttpResponse(GIF, content_type="image/gif")
