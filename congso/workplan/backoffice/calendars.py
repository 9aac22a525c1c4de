"""*Lịch nhiệm vụ*: the user's private calendar addresses (iCalendar feeds of an organisation's
or a person's deadlines): make one for their own organisation, one under it, or a person of
theirs; copy it into a calendar application; revoke it when it leaked or is no longer used."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.backoffice.views import errors_to_form
from congso.directory.selectors import visible_organisations, visible_people

from ..models import CalendarToken
from ..services import calendar_token_create, calendar_token_revoke


class CalendarForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Deadlines of the organisation"), queryset=None, required=False
    )
    person = forms.ModelChoiceField(label=_("or of the person"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).order_by("sort_name")
        self.fields["person"].queryset = visible_people(user).order_by("full_name")

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("person")):
            raise ValidationError(_("Choose an organisation or a person."))
        return data


class CalendarsView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workplan/calendars.html"
    header_icon = "date"
    page_title = _("Calendar of deadlines")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("workplan.view_task"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        tokens = CalendarToken.objects.filter(
            created_by=self.request.user, revoked_at__isnull=True
        ).select_related("organisation", "person")
        context.update(
            form=form or CalendarForm(user=self.request.user),
            feeds=[
                (
                    token,
                    self.request.build_absolute_uri(
                        reverse("workplan_calendar", args=[token.token])
                    ),
                )
                for token in tokens.order_by("-created")
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            token = get_object_or_404(
                CalendarToken,
                pk=request.POST.get("revoke") if request.POST["revoke"].isdigit() else 0,
                created_by=request.user,
                revoked_at__isnull=True,
            )
            calendar_token_revoke(user=request.user, token=token)
            messages.success(request, _("The address was revoked: it no longer answers."))
            return redirect("workplan_calendars")
        form = CalendarForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                calendar_token_create(
                    user=request.user,
                    organisation=form.cleaned_data.get("organisation"),
                    person=form.cleaned_data.get("person"),
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError):
                    errors_to_form(form, error)
                else:
                    form.add_error(None, str(error))
            else:
                messages.success(request, _("The calendar address was made."))
                return redirect("workplan_calendars")
        return self.render_to_response(self.get_context_data(form=form))
