"""The items of a work programme and the milestones of a scheme, each on a small screen of its
own: the list, a form to add one or change one, and a button to remove one that first asks for
confirmation on a page of its own, as the back office's delete views do. Written through the
services; a form opened before someone else's save is refused, as on every edit form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from congso.core.backoffice.views import ServiceEditView, add_version_field, errors_to_form
from congso.directory.backoffice.common import with_current
from congso.directory.selectors import user_scope, visible_organisations

from ..models import Milestone, ProgrammeItem
from ..selectors import visible_programmes, visible_schemes
from ..services import (
    PROGRAMME_ITEM_FIELDS,
    milestone_delete,
    milestone_save,
    programme_item_delete,
    programme_item_save,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProgrammeItemForm(forms.ModelForm):
    due = forms.DateField(
        label=_("Due"), required=False, widget=DateInput, input_formats=DATE_FORMATS
    )

    class Meta:
        model = ProgrammeItem
        fields = ["title", "organisation", "due", "order", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = with_current(
            visible_organisations(user), self.instance.organisation_id
        ).order_by("sort_name")
        self.fields["order"].required = False


class MilestoneForm(forms.ModelForm):
    due = forms.DateField(label=_("Due"), widget=DateInput, input_formats=DATE_FORMATS)
    reached_on = forms.DateField(
        label=_("Reached on"), required=False, widget=DateInput, input_formats=DATE_FORMATS
    )

    class Meta:
        model = Milestone
        fields = ["title", "due", "reached_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class PartsBase(LoginRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """A screen of the parts (``related``) of one record (``visible``) whose organisation
    (``owner``) the user may act for, with ``perm`` to change it."""

    visible = None
    perm = ""
    owner = ""
    related = ""
    form_class = None
    url_name = ""
    remove_url_name = ""
    parent_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if not user.has_perm(self.perm):
                raise PermissionDenied
            self.parent = get_object_or_404(self.visible(user), pk=kwargs["pk"])
            if not user_scope(user).can_see_organisation(getattr(self.parent, self.owner)):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def parts(self):
        return getattr(self.parent, self.related).all()

    def part(self, pk) -> object:
        return get_object_or_404(self.parts(), pk=pk)

    @property
    def model(self):
        return self.form_class._meta.model

    def url(self, **query):
        base = reverse(self.url_name, args=[self.parent.pk])
        return base + (f"?edit={query['edit']}" if query.get("edit") else "")

    def remove_url(self, part):
        return reverse(self.remove_url_name, args=[self.parent.pk, part.pk])


class PartsView(PartsBase):
    """The list of the parts, with the form to add one or change one."""

    template_name = "workplan/parts.html"
    columns = ()
    # Reuses the edit views' refusal of stale forms.
    changed_meanwhile = ServiceEditView.changed_meanwhile
    refuse_stale = ServiceEditView.refuse_stale

    def get_page_title(self):
        return str(self.parent_title)

    def get_page_subtitle(self):
        return str(self.parent)

    @cached_property
    def editing(self):
        pk = self.request.GET.get("edit", "")
        return self.part(pk) if pk.isdigit() else None

    def make_form(self, data=None):
        instance = self.editing
        form = self.form_class(
            data,
            instance=instance or self.form_class._meta.model(),
            user=self.request.user,
        )
        if instance is not None:
            add_version_field(form, instance)
        return form

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = list(self.parts())
        context.update(
            parent=self.parent,
            parent_url=reverse(self.parent_url_name, args=[self.parent.pk]),
            rows=[
                (part, [self.cell(part, name) for name in self.columns], self.remove_url(part))
                for part in parts
            ],
            headings=[
                self.form_class._meta.model._meta.get_field(n).verbose_name for n in self.columns
            ],
            form=form or self.make_form(),
            editing=self.editing,
            add_url=self.url(),
            action_url=self.url(edit=self.editing.pk if self.editing else None),
            add_label=self.add_label,
        )
        return context

    def cell(self, part, name):
        value = getattr(part, name)
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return "—" if value in (None, "") else value

    def post(self, request, *args, **kwargs):
        if "delete" in request.POST:
            # A list opened before removal asked for confirmation: ask now.
            pk = request.POST["delete"]
            if not str(pk).isdigit():
                raise PermissionDenied
            return redirect(self.remove_url(self.part(pk)))
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    current = self.editing
                    if current is not None:
                        current = (
                            type(current)._default_manager.select_for_update().get(pk=current.pk)
                        )
                        changed = self.changed_meanwhile(form, current)
                        if changed is not None:
                            self.refuse_stale(form, current, changed)
                            return self.render_to_response(self.get_context_data(form=form))
                    self.save(form, current)
            except ValidationError as error:
                errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, self.saved_message)
                return redirect(self.url())
        return self.render_to_response(self.get_context_data(form=form))


class PartRemoveView(PartsBase):
    """The confirmation before a part is removed: the GET names the part and removes nothing,
    the POST removes it through the service and goes back to the list."""

    template_name = "workplan/part_remove.html"

    @cached_property
    def removing(self):
        return self.part(self.kwargs["part"])

    def get_page_title(self):
        return str(self.remove_title)

    def get_page_subtitle(self):
        return str(self.removing)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.parent_url_name, args=[self.parent.pk]), "label": self.parent},
            {"url": self.url(), "label": self.parent_title},
            {"url": "", "label": self.remove_title},
        ]

    def details(self, part) -> list[tuple[str, object]]:
        return [
            (self.model._meta.get_field(name).verbose_name, value)
            for name in self.detail_fields
            if (value := self.cell(part, name)) is not None
        ]

    def cell(self, part, name):
        value = getattr(part, name)
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return None if value in (None, "") else value

    def refusal(self, part) -> str | None:
        """Why the service would refuse to remove the part, told before the user confirms."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        part = self.removing
        context.update(
            parent=self.parent,
            part=part,
            details=self.details(part),
            question=self.remove_question,
            refusal=self.refusal(part),
            remove_url=self.remove_url(part),
            list_url=self.url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            self.delete_function(user=request.user, **{self.part_name: self.removing})
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, self.deleted_message)
        return redirect(self.url())


class ProgrammeItems:
    """The items of a work programme."""

    visible = staticmethod(visible_programmes)
    perm = "workplan.change_programme"
    owner = "organisation"
    related = "items"
    form_class = ProgrammeItemForm
    url_name = "workplan_programme_items"
    remove_url_name = "workplan_programme_item_remove"
    parent_url_name = "workplan_programmes:edit"
    parent_title = _("Items of the work programme")
    part_name = "item"
    deleted_message = _("The item was removed.")
    delete_function = staticmethod(programme_item_delete)

    def parts(self):
        return self.parent.items.select_related("organisation").order_by("order", "pk")


class Milestones:
    """The milestones of a scheme."""

    visible = staticmethod(visible_schemes)
    perm = "workplan.change_scheme"
    owner = "lead_organisation"
    related = "milestones"
    form_class = MilestoneForm
    url_name = "workplan_scheme_milestones"
    remove_url_name = "workplan_scheme_milestone_remove"
    parent_url_name = "workplan_schemes:edit"
    parent_title = _("Milestones of the scheme")
    part_name = "milestone"
    deleted_message = _("The milestone was removed.")
    delete_function = staticmethod(milestone_delete)

    def parts(self):
        return self.parent.milestones.order_by("due", "pk")


class ProgrammeItemsView(ProgrammeItems, PartsView):
    columns = ("order", "title", "organisation", "due")
    add_label = _("Add an item")
    saved_message = _("The item was saved.")

    def save(self, form, item):
        data = {n: form.cleaned_data[n] for n in PROGRAMME_ITEM_FIELDS if n in form.cleaned_data}
        if data.get("order") is None:
            data.pop("order", None)
        data["note"] = data.get("note") or ""
        return programme_item_save(
            user=self.request.user, programme=self.parent, item=item, data=data
        )


class ProgrammeItemRemoveView(ProgrammeItems, PartRemoveView):
    remove_title = _("Remove an item of the work programme")
    remove_question = _("Remove this item from the work programme?")
    detail_fields = ("title", "organisation", "due")

    def refusal(self, item):
        count = item.tasks.count()
        if not count:
            return None
        return ngettext(
            "%(count)s task came from this item: it cannot be removed.",
            "%(count)s tasks came from this item: it cannot be removed.",
            count,
        ) % {"count": count}


class MilestonesView(Milestones, PartsView):
    columns = ("title", "due", "reached_on")
    add_label = _("Add a milestone")
    saved_message = _("The milestone was saved.")

    def save(self, form, milestone):
        data = form.cleaned_data
        title = (data.get("title") or "").strip()
        if milestone is None and self.parent.milestones.filter(title=title).exists():
            # The service would take the new one for the milestone of that name and change it.
            raise ValidationError(
                {"title": _("The scheme already has a milestone of this name: change it above.")}
            )
        return milestone_save(
            user=self.request.user,
            scheme=self.parent,
            milestone=milestone,
            title=data["title"],
            due=data["due"],
            reached_on=data.get("reached_on"),
        )


class MilestoneRemoveView(Milestones, PartRemoveView):
    remove_title = _("Remove a milestone of the scheme")
    remove_question = _("Remove this milestone from the scheme?")
    detail_fields = ("title", "due", "reached_on")
