"""A conference's own page: what it was, its bridge points, its petitions and their answers, and
the form that proposes its news (with the answered petitions) to the organiser's portal."""

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
from congso.directory.selectors import user_scope

from ..selectors import visible_conferences
from ..services import conference_news_blocks, conference_propose_news


class NewsForm(forms.Form):
    with_petitions = forms.BooleanField(
        label=_("With the petitions answered at the conference"), required=False, initial=True
    )


class ConferencePageView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workplan/conference_page.html"
    header_icon = "date"

    def get_page_title(self):
        return str(self.conference)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.conference = get_object_or_404(
                visible_conferences(request.user).select_related("organisation", "chair"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def may_propose(self) -> bool:
        user, conference = self.request.user, self.conference
        return (
            conference.news_article_id is None
            and user.has_perm("workplan.change_conference")
            and user_scope(user).can_see_organisation(conference.organisation)
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.conference
        lead, blocks = conference_news_blocks(conference)
        context.update(
            conference=conference,
            bridge_points=conference.bridge_points.select_related("organisation"),
            petitions=conference.petitions.select_related(
                "raised_by", "answering_organisation"
            ).order_by("pk"),
            news_form=(form or NewsForm()) if self.may_propose() else None,
            news_lead=lead,
            news_blocks=blocks,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_propose():
            raise PermissionDenied
        form = NewsForm(request.POST)
        if form.is_valid():
            try:
                conference_propose_news(
                    user=request.user,
                    conference=self.conference,
                    with_petitions=form.cleaned_data["with_petitions"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The news was sent to the portal's editorial board for approval."),
                )
                return redirect(reverse("workplan_conference", args=[self.conference.pk]))
        return self.render_to_response(self.get_context_data(form=form))
