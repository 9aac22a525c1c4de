"""Conferences, conclusions, petitions, schemes and programmes in the back office. Conferences
and conclusions are recorded on the secretariat's screen; petitions are raised and answered
through their form."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton

from congso.core.backoffice.views import ScopedIndexView, ServiceEditView, date_column
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.directory.backoffice.common import keep_as_is, with_current
from congso.directory.models import Organisation
from congso.directory.selectors import user_scope, visible_organisations, visible_people

from ..models import Conclusion, Conference, Petition, Programme, Scheme
from ..selectors import (
    visible_conclusions,
    visible_conferences,
    visible_petitions,
    visible_programmes,
    visible_schemes,
)
from ..services import (
    PETITION_FIELDS,
    PROGRAMME_FIELDS,
    SCHEME_FIELDS,
    petition_answer,
    petition_record,
    programme_save,
    scheme_save,
)
from .common import changed_data

ANSWER_FIELDS = ("answer_number", "answer_date", "answered_by", "answer_text")


class ConferenceIndexView(ScopedIndexView):
    list_select_related = ("organisation", "chair")

    def get_inspect_url(self, instance):
        # A conference's own page: its petitions, answers and news for the portal.
        return reverse("workplan_conference", args=[instance.pk])


class ConferenceViewSet(ScopedViewSet):
    model = Conference
    name = "workplan_conferences"
    url_prefix = "workplan/conferences"
    icon = "date"
    menu_label = _("Conferences")
    index_view_class = ConferenceIndexView
    read_only = True
    visible = staticmethod(visible_conferences)
    ordering = "-starts_at"
    list_filter = ["kind"]
    list_display = [
        Column("title", label=_("Title")),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("starts_at", label=_("Date and time")),
        Column("chair", label=_("Chair")),
        Column("organisation", label=_("Organised by")),
    ]
    list_export = ["title", "kind", "starts_at", "chair", "organisation", "place"]
    export_filename = "hoi-nghi"


class ConclusionIndexView(ScopedIndexView):
    list_select_related = ("organisation", "signer", "conference")


class ConclusionViewSet(ScopedViewSet):
    model = Conclusion
    name = "workplan_conclusions"
    url_prefix = "workplan/conclusions"
    icon = "doc-full"
    menu_label = _("Conclusions")
    index_view_class = ConclusionIndexView
    read_only = True
    visible = staticmethod(visible_conclusions)
    ordering = "-issued_on"
    list_display = [
        Column("number", label=_("Number and symbol")),
        Column("title", label=_("Title")),
        date_column("issued_on", _("Date")),
        Column("signer", label=_("Signed by")),
        Column("conference", label=_("Conference")),
    ]
    list_export = ["number", "title", "issued_on", "signer", "conference", "organisation"]
    export_filename = "ket-luan"


class SchemeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = with_current(
            visible_organisations(self.for_user), self.instance.lead_organisation_id
        ).order_by("sort_name")


def _posted(form, names) -> dict:
    # The form's instance already holds the posted values (Django's ModelForm writes them in
    # while validating), so every editable field goes to the service, which checks them all.
    return {n: form.cleaned_data[n] for n in names if n in form.cleaned_data}


def save_scheme(user, form, scheme):
    return scheme_save(user=user, scheme=scheme, data=_posted(form, SCHEME_FIELDS))


class ProgrammeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = with_current(
            visible_organisations(self.for_user), self.instance.organisation_id
        ).order_by("sort_name")


def save_programme(user, form, programme):
    return programme_save(user=user, programme=programme, data=_posted(form, PROGRAMME_FIELDS))


class PartsButtonEditView(ServiceEditView):
    """An edit form with a button to the screen of the record's parts (items, milestones)."""

    parts_url_name = ""
    parts_label = ""

    @cached_property
    def header_buttons(self):
        url = reverse(self.parts_url_name, args=[self.object.pk])
        return [
            *super().header_buttons,
            HeaderButton(self.parts_label, url=url, icon_name="list-ul"),
        ]


class SchemeEditView(PartsButtonEditView):
    parts_url_name = "workplan_scheme_milestones"
    parts_label = _("Milestones")


class ProgrammeEditView(PartsButtonEditView):
    parts_url_name = "workplan_programme_items"
    parts_label = _("Items")


class SchemeIndexView(ScopedIndexView):
    list_select_related = ("lead_organisation",)


class SchemeViewSet(ScopedViewSet):
    model = Scheme
    name = "workplan_schemes"
    url_prefix = "workplan/schemes"
    icon = "folder-open-1"
    menu_label = _("Schemes and projects")
    index_view_class = SchemeIndexView
    edit_view_class = SchemeEditView
    visible = staticmethod(visible_schemes)
    save_function = staticmethod(save_scheme)
    ordering = "name"
    list_filter = ["kind"]
    list_display = [
        Column("name", label=_("Name")),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("lead_organisation", label=_("Lead organisation")),
        date_column("ends_on", _("End")),
    ]
    list_export = ["name", "kind", "lead_organisation", "starts_on", "ends_on", "goals"]
    export_filename = "de-an"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldPanel("lead_organisation"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("goals"),
        ],
        base_form_class=SchemeForm,
    )


class ProgrammeIndexView(ScopedIndexView):
    list_select_related = ("organisation",)


class ProgrammeViewSet(ScopedViewSet):
    model = Programme
    name = "workplan_programmes"
    url_prefix = "workplan/programmes"
    icon = "list-ol"
    menu_label = _("Work programmes")
    index_view_class = ProgrammeIndexView
    edit_view_class = ProgrammeEditView
    visible = staticmethod(visible_programmes)
    save_function = staticmethod(save_programme)
    ordering = "-year"
    list_display = [
        Column("title", label=_("Title")),
        Column("organisation", label=_("Organisation")),
        Column("year", label=_("Year")),
        Column("quarter", label=_("Quarter")),
    ]
    list_export = ["title", "organisation", "year", "quarter", "note"]
    export_filename = "chuong-trinh-cong-tac"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("quarter")]),
            FieldPanel("note"),
        ],
        base_form_class=ProgrammeForm,
    )


class PetitionForm(WagtailAdminModelForm):
    """The raising organisation writes the petition; the answering one writes the answer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, petition = self.for_user, self.instance
        scope = user_scope(user)
        self.fields["raised_by"].queryset = with_current(
            visible_organisations(user), petition.raised_by_id
        ).order_by("sort_name")
        # A petition goes to the department, a division, an enterprise, the press: any body.
        self.fields["answering_organisation"].queryset = Organisation.objects.order_by("sort_name")
        self.fields["conference"].queryset = with_current(
            visible_conferences(user), petition.conference_id
        )
        self.fields["answered_by"].queryset = with_current(
            visible_people(user), petition.answered_by_id
        )
        if petition.pk:
            if not scope.can_see_organisation(petition.raised_by):
                keep_as_is(self, *PETITION_FIELDS, reason=_("Written by the raising organisation."))
            answers = scope.can_see_organisation(petition.answering_organisation)
            if not answers or petition.status == Petition.Status.ANSWERED:
                keep_as_is(self, *ANSWER_FIELDS, reason=_("Written by the answering organisation."))
        else:
            keep_as_is(self, *ANSWER_FIELDS, reason=_("Written by the answering organisation."))


def save_petition(user, form, petition):
    if petition is None:
        data = {k: v for k, v in form.cleaned_data.items() if k in PETITION_FIELDS}
        return petition_record(user=user, data=data)
    data = changed_data(form, petition, PETITION_FIELDS)
    if data:
        petition = petition_record(user=user, petition=petition, data=data)
    answer = changed_data(form, petition, ANSWER_FIELDS)
    if answer:
        cleaned = form.cleaned_data
        petition_answer(
            user=user,
            petition=petition,
            text=cleaned.get("answer_text") or "",
            number=cleaned.get("answer_number") or "",
            answer_date=cleaned.get("answer_date"),
            answered_by=cleaned.get("answered_by"),
        )
        petition.refresh_from_db()
    return petition


class PetitionIndexView(ScopedIndexView):
    list_select_related = ("raised_by", "answering_organisation")

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("workplan.change_petition"):
            buttons.append(
                HeaderButton(
                    _("Group petitions"),
                    url=reverse("workplan_petition_groups"),
                    icon_name="group",
                )
            )
        return buttons


class PetitionViewSet(ScopedViewSet):
    model = Petition
    name = "workplan_petitions"
    url_prefix = "workplan/petitions"
    icon = "mail"
    menu_label = _("Petitions")
    index_view_class = PetitionIndexView
    visible = staticmethod(visible_petitions)
    save_function = staticmethod(save_petition)
    ordering = "-pk"
    list_filter = ["status", "sector", "source"]
    list_display = [
        Column("content", label=_("Content"), accessor=lambda p: p.content[:120]),
        Column("raised_by", label=_("Raised by")),
        Column("answering_organisation", label=_("To be answered by")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        date_column("answer_date", _("Answer date")),
    ]
    list_export = ["content", "raised_by", "sector", "answering_organisation", "status"]
    list_export += ["answer_number", "answer_date", "answer_text"]
    export_filename = "kien-nghi"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("raised_by"), FieldPanel("source")]),
            FieldRowPanel([FieldPanel("conference"), FieldPanel("source_detail")]),
            FieldRowPanel([FieldPanel("sector"), FieldPanel("answering_organisation")]),
            FieldPanel("content"),
            FieldRowPanel([FieldPanel("answer_number"), FieldPanel("answer_date")]),
            FieldPanel("answered_by"),
            FieldPanel("answer_text"),
        ],
        base_form_class=PetitionForm,
    )
