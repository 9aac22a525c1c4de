"""Questions and answers (hỏi đáp): a citizen asks through the public form of a portal's Q&A
page, the staff of the portal's organisation answer in the back office, and the editorial board
publishes the pair."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .pages import PortalPage

QUESTIONS_PER_PAGE = 10


class QuestionPage(RoutablePageMixin, PortalPage):
    """The Q&A page of a portal: the published questions and answers, and the form to ask."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("questions and answers")
        verbose_name_plural = _("pages of questions and answers")

    @path("")
    def listing(self, request):
        from ..selectors_pages import paginate, published_questions

        query = (request.GET.get("q") or "").strip()[:200]
        questions = paginate(
            published_questions(self.get_portal(request), query), request, QUESTIONS_PER_PAGE
        )
        return self.render(
            request,
            context_overrides={
                "questions": questions,
                "query": query,
                "query_string": urlencode({"q": query}) if query else "",
            },
        )

    @path("gui-cau-hoi/", name="ask")
    def ask(self, request):
        from ..views_pages import ask_question

        return ask_question(self, request)

    @path("<int:pk>/", name="question")
    def question(self, request, pk: int):
        from django.http import Http404

        from ..selectors_pages import published_questions

        found = published_questions(self.get_portal(request)).filter(pk=pk).first()
        if found is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"question": found},
            template="portal/pages/question_detail.html",
        )


class Question(models.Model):
    """A citizen's question to a portal, its answer and whether it is published."""

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered, awaiting approval")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("The portal's form")
        POST = "post", _("By post")
        PHONE = "phone", _("By telephone")
        EMAIL = "email", _("By e-mail")
        IN_PERSON = "in_person", _("In person")

    portal = models.ForeignKey(
        "portal.Portal", verbose_name=_("portal"), on_delete=models.CASCADE, related_name="+"
    )
    asker_name = models.CharField(_("name of the person asking"), max_length=200)
    asker_address = models.CharField(_("address"), max_length=255, blank=True)
    asker_email = models.EmailField(_("email"), blank=True)
    asker_phone = models.CharField(_("phone"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=255)
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked"), db_index=True)
    channel = models.CharField(
        _("received through"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answering_unit = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("answering unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, editable=False, db_index=True
    )
    note = models.CharField(_("internal note"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions and answers")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["portal", "status", "published_at"])]
        permissions = [("publish_question", _("Can publish answers to questions"))]

    def __str__(self) -> str:
        return self.title

    def fill_derived(self) -> None:
        from congso.core.text import fold

        self.search_text = fold(f"{self.title} {self.question} {self.answer}")
