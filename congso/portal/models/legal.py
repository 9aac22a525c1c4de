"""Legal documents (văn bản): each a page under the portal's listing of documents, with its
number and symbol, type, issuing body, dates, abstract (trích yếu), field, signer and PDF."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from congso.core.text import fold

from .pages import PortalPage

DOCUMENTS_PER_PAGE = 20


class LegalDocumentIndexPage(PortalPage):
    """The listing of legal documents: searchable and filterable by every attribute."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = ["portal.LegalDocumentPage"]

    class Meta:
        verbose_name = _("legal documents")
        verbose_name_plural = _("listings of legal documents")

    def get_context(self, request, *args, **kwargs):
        from ..selectors_pages import DocumentFilter, legal_documents, paginate

        context = super().get_context(request, *args, **kwargs)
        filters = DocumentFilter.from_query(request.GET)
        context["filters"] = filters
        context["choices"] = filters.choices(self)
        context["type_choices"] = LegalDocumentPage.Type.choices
        context["documents"] = paginate(legal_documents(self, filters), request, DOCUMENTS_PER_PAGE)
        context["query_string"] = filters.query_string()
        return context


class LegalDocumentPage(PortalPage):
    class Type(models.TextChoices):
        LAW = "luat", _("Law")
        RESOLUTION = "nghi-quyet", _("Resolution")
        DECREE = "nghi-dinh", _("Decree")
        DECISION = "quyet-dinh", _("Decision")
        CIRCULAR = "thong-tu", _("Circular")
        DIRECTIVE = "chi-thi", _("Directive")
        PLAN = "ke-hoach", _("Plan")
        OFFICIAL_LETTER = "cong-van", _("Official letter")
        NOTICE = "thong-bao", _("Notice")
        GUIDANCE = "huong-dan", _("Guidance")
        REPORT = "bao-cao", _("Report")
        OTHER = "khac", _("Other")

    number = models.CharField(
        _("number and symbol"), max_length=100, help_text=_("As written: 15/2020/NĐ-CP.")
    )
    doc_type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, db_index=True)
    issued_on = models.DateField(_("date issued"), db_index=True)
    effective_on = models.DateField(_("date effective"), null=True, blank=True, db_index=True)
    abstract = models.TextField(_("abstract"), help_text=_("The trích yếu of the document."))
    field = models.CharField(_("field"), max_length=200, blank=True, db_index=True)
    signer = models.CharField(_("signer"), max_length=200, blank=True, db_index=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("attached PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("doc_type")]),
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
                FieldRowPanel([FieldPanel("field"), FieldPanel("signer")]),
            ],
            heading=_("Document"),
        ),
        FieldPanel("abstract"),
        FieldPanel("pdf"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("abstract"),
        index.FilterField("issued_on"),
    ]

    parent_page_types = ["portal.LegalDocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        indexes = [models.Index(fields=["issued_on", "number"], name="portal_legaldoc_order")]

    def fill_derived(self) -> None:
        self.search_text = fold(
            " ".join(
                [self.number, self.title, self.abstract, self.issuing_body, self.field, self.signer]
            )
        )

    def clean(self) -> None:
        super().clean()
        if self.pdf_id and self.pdf.file_extension.lower() != "pdf":
            raise ValidationError({"pdf": _("Attach the document as a PDF file.")})
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            raise ValidationError(
                {"effective_on": _("A document cannot take effect before it is issued.")}
            )
        # Derived from the fields above whoever saves (the editor, a revision published).
        self.fill_derived()
