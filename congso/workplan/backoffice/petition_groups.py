"""*Gộp kiến nghị*: petitions on one topic raised by several units, grouped to be answered once
(the answer then goes to every petition of the group)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.backoffice.views import errors_to_form
from congso.directory.selectors import user_scope

from ..models import Petition, PetitionGroup
from ..selectors import visible_petitions
from ..services import petition_group


def groupable(user):
    """Open, ungrouped petitions the user sees and whose answering organisation is theirs."""
    found = visible_petitions(user).filter(status=Petition.Status.OPEN, group__isnull=True)
    scope = user_scope(user)
    if not scope.everything:
        found = found.filter(answering_organisation__in=scope.organisations.values("pk"))
    return found.select_related("raised_by", "answering_organisation").order_by(
        "answering_organisation__sort_name", "pk"
    )


class PetitionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, petition):
        return f"{petition.raised_by} → {petition.answering_organisation}: {petition.content}"


class GroupForm(forms.Form):
    petitions = PetitionChoice(
        label=_("Petitions on the same topic"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    topic = forms.CharField(label=_("Topic"), max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petitions"].queryset = groupable(user)


class PetitionGroupsView(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workplan/petition_groups.html"
    header_icon = "group"
    page_title = _("Group petitions")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.has_perm("workplan.change_petition"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = visible_petitions(self.request.user).filter(group__isnull=False)
        context.update(
            form=form or GroupForm(user=self.request.user),
            groups=PetitionGroup.objects.filter(pk__in=visible.values("group"))
            .select_related("answering_organisation")
            .prefetch_related("petitions__raised_by")
            .order_by("-pk")[:50],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = GroupForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                petition_group(
                    user=request.user,
                    petitions=form.cleaned_data["petitions"],
                    topic=form.cleaned_data["topic"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The petitions were grouped: answer one of them."))
                return redirect("workplan_petition_groups")
        return self.render_to_response(self.get_context_data(form=form))
