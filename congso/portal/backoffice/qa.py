"""Questions from the public: the staff of the portal's organisation answer, the editorial
board publishes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column

from congso.core.backoffice.views import ScopedIndexView, date_column
from congso.core.backoffice.viewsets import ScopedViewSet
from congso.directory.backoffice.common import keep_as_is, with_current
from congso.directory.selectors import visible_organisations

from ..models import Question
from ..selectors_pages import question_portals, visible_questions
from ..services_pages import (
    ASK_FIELDS,
    PUBLISH,
    question_answer,
    question_publish,
    question_record,
    question_unpublish,
)

ASKED = gettext_lazy("Written by the person asking: kept as sent.")
RECEIVED = gettext_lazy("Where the question came from: kept as received.")
DECISIONS = [
    ("", gettext_lazy("Leave as it is")),
    ("publish", gettext_lazy("Approve and publish")),
    ("unpublish", gettext_lazy("Take off the portal")),
    ("reject", gettext_lazy("Do not publish (off topic, abusive)")),
]


RECORDED_CHANNELS = [
    choice for choice in Question.Channel.choices if choice[0] != Question.Channel.PORTAL
]


class QuestionForm(WagtailAdminModelForm):
    received_on = forms.DateField(
        label=gettext_lazy("Received on"),
        required=False,
        help_text=gettext_lazy("The day the letter, call or visit reached the unit."),
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("Publication"), choices=DECISIONS, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, instance = self.for_user, self.instance
        if instance.pk is None:
            # A question received by post, telephone, e-mail or in person, recorded by staff.
            self.fields["portal"].queryset = question_portals(user)
            self.fields["channel"].choices = RECORDED_CHANNELS
            self.fields["received_on"].required = True
            self.fields["received_on"].initial = timezone.localdate()
        else:
            keep_as_is(
                self,
                "asker_name",
                "asker_address",
                "asker_email",
                "asker_phone",
                "title",
                "question",
                reason=ASKED,
            )
            keep_as_is(self, "portal", "channel", reason=RECEIVED)
            del self.fields["received_on"]
        if "answering_unit" in self.fields:
            self.fields["answering_unit"].queryset = with_current(
                visible_organisations(user), instance.answering_unit_id
            ).order_by("sort_name")
        if not user.has_perm(PUBLISH):
            del self.fields["decision"]


def save_question(user, form, question):
    data = form.cleaned_data
    if question is None:
        question = question_record(
            user=user,
            portal=data["portal"],
            channel=data["channel"],
            received_on=data["received_on"],
            data={name: data.get(name) for name in ASK_FIELDS},
        )
    answer = (data.get("answer") or "").strip()
    if answer or question.answer:
        question = question_answer(
            user=user, question=question, answer=answer, answering_unit=data.get("answering_unit")
        )
    decision = data.get("decision")
    if decision == "publish":
        question = question_publish(user=user, question=question)
    elif decision in ("unpublish", "reject"):
        question = question_unpublish(user=user, question=question, reject=decision == "reject")
    return question


class QuestionIndexView(ScopedIndexView):
    list_select_related = ("portal__site",)


class QuestionViewSet(ScopedViewSet):
    model = Question
    name = "portal_questions"
    url_prefix = "portal/questions"
    icon = "help"
    menu_label = gettext_lazy("Questions and answers")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = QuestionIndexView
    visible = staticmethod(visible_questions)
    save_function = staticmethod(save_question)
    list_filter = ["status", "channel"]
    ordering = "-asked_at"
    list_display = [
        Column("title", label=gettext_lazy("Title")),
        Column("portal", label=gettext_lazy("Portal")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("channel", label=gettext_lazy("Received through"), accessor="get_channel_display"),
        date_column("asked_at", gettext_lazy("Asked")),
        date_column("published_at", gettext_lazy("Published")),
    ]
    list_export = ["title", "portal", "asker_name", "get_status_display", "asked_at"]
    list_export += ["answer", "published_at"]
    export_headings = {
        "title": gettext_lazy("Title"),
        "portal": gettext_lazy("Portal"),
        "asker_name": gettext_lazy("Name of the person asking"),
        "get_status_display": gettext_lazy("Status"),
        "asked_at": gettext_lazy("Asked"),
        "answer": gettext_lazy("Answer"),
        "published_at": gettext_lazy("Published"),
    }
    export_filename = "hoi-dap"
    inspect_view_fields_exclude = ["search_text"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("portal"), FieldPanel("channel"), FieldPanel("received_on")]
                    ),
                    FieldRowPanel([FieldPanel("asker_name"), FieldPanel("asker_address")]),
                    FieldRowPanel([FieldPanel("asker_email"), FieldPanel("asker_phone")]),
                    FieldPanel("title"),
                    FieldPanel("question"),
                ],
                heading=gettext_lazy("Question"),
            ),
            FieldPanel("answer"),
            FieldPanel("answering_unit"),
            FieldPanel("note"),
            FieldPanel("decision"),
        ],
        base_form_class=QuestionForm,
    )
