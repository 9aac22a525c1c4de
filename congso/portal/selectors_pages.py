"""Reads of the introduction, legal-document, Q&A, spokesperson and statistics pages: each a
constant number of queries, whatever the number of rows."""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from congso.core.reading import read_once
from congso.core.search import folded_search, search_rank
from congso.core.text import sort_key
from congso.directory.models import Organisation, Person
from congso.directory.selectors import user_scope

from .models import LegalDocumentPage, Portal, PortalMember, Question
from .models.rating import PageStat

#: positions of the leaders an introduction shows, in this order
LEADER_POSITIONS = [
    Person.Position.DIRECTOR,
    Person.Position.CHAIR,
    Person.Position.DEPUTY_DIRECTOR,
    Person.Position.VICE_CHAIR,
]
#: positions of the head of a unit in the organisation chart
HEAD_POSITIONS = [
    Person.Position.DIRECTOR,
    Person.Position.CHAIR,
    Person.Position.HEAD_OF_DIVISION,
    Person.Position.CHIEF_OF_OFFICE,
    Person.Position.MANAGER,
]
_TREE_DEPTH = 3


def paginate(queryset, request, per_page: int):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def _in_force(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})


def _tree(organisation: Organisation, prefix: str = "") -> Q:
    """The organisation and its units (three levels down)."""
    condition = Q(**{f"{prefix}pk": organisation.pk})
    lookup = "parent_id"
    for _level in range(_TREE_DEPTH):
        condition |= Q(**{f"{prefix}{lookup}": organisation.pk})
        lookup = "parent__" + lookup
    return condition


@dataclass
class ChartNode:
    organisation: Organisation
    heads: list[Person] = field(default_factory=list)
    children: list["ChartNode"] = field(default_factory=list)


def organisation_chart(organisation: Organisation) -> ChartNode:
    """The organisation, its units in force and theirs, each with its head (two queries)."""
    organisations = list(
        Organisation.objects.filter(_tree(organisation)).filter(_in_force() | Q(pk=organisation.pk))
    )
    nodes = {org.pk: ChartNode(org) for org in organisations}
    heads = Person.objects.filter(
        organisation_id__in=list(nodes), position__in=HEAD_POSITIONS
    ).order_by("sort_name")
    for person in heads:
        nodes[person.organisation_id].heads.append(person)
    for node in nodes.values():
        parent = nodes.get(node.organisation.parent_id)
        if parent is not None and node.organisation.pk != organisation.pk:
            parent.children.append(node)
    return nodes[organisation.pk]


def portal_leaders(organisation: Organisation) -> list[Person]:
    """The leaders of the organisation, the head first, from the directory (one query)."""
    rank = {position: index for index, position in enumerate(LEADER_POSITIONS)}
    people = Person.objects.filter(organisation=organisation, position__in=LEADER_POSITIONS)
    return sorted(people, key=lambda p: (rank[p.position], p.sort_name))


def spokespersons(organisation: Organisation) -> list[Person]:
    """The spokespersons of the organisation and of its units in force (one query)."""
    return list(
        Person.objects.filter(_tree(organisation, "organisation__"), is_spokesperson=True)
        .filter(_in_force("organisation__") | Q(organisation=organisation))
        .select_related("organisation")
        .order_by("organisation__parent_id", "organisation__sort_name", "sort_name")
    )


def directory_links(portal: Portal, source: str) -> list[Organisation]:
    """Organisations a home block links to: the units of the portal's organisation, or the
    enterprises of its territory (one query for both, once per request)."""
    return read_once(f"portal:directory_links:{portal.pk}", lambda: _directory_links(portal))[
        source
    ]


def _directory_links(portal: Portal) -> dict[str, list[Organisation]]:
    organisation = portal.organisation
    enterprise_kinds = (Organisation.Kind.ENTERPRISE, Organisation.Kind.POST_OFFICE)
    found = (
        Organisation.objects.filter(
            Q(parent=organisation)
            | Q(kind__in=enterprise_kinds, admin_unit_id=organisation.admin_unit_id)
        )
        .filter(_in_force())
        .order_by("sort_name")
    )
    links: dict[str, list[Organisation]] = {"units": [], "enterprises": []}
    for org in found:
        if org.parent_id == organisation.pk:
            links["units"].append(org)
        if org.kind in enterprise_kinds and org.admin_unit_id == organisation.admin_unit_id:
            links["enterprises"].append(org)
    return links


# Legal documents


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    type = forms.ChoiceField(required=False, choices=[("", "")] + LegalDocumentPage.Type.choices)
    body = forms.CharField(required=False, max_length=255)
    field = forms.CharField(required=False, max_length=200)
    signer = forms.CharField(required=False, max_length=200)
    number = forms.CharField(required=False, max_length=100)
    issued_from = forms.DateField(required=False)
    issued_to = forms.DateField(required=False)
    effective_from = forms.DateField(required=False)
    effective_to = forms.DateField(required=False)


@dataclass
class DocumentFilter:
    """What a visitor filters the legal documents by; a value that does not parse is ignored."""

    values: dict

    @classmethod
    def from_query(cls, query) -> "DocumentFilter":
        form = FilterForm(query)
        form.is_valid()
        values = {name: value for name, value in form.cleaned_data.items() if value}
        return cls(values)

    def __getattr__(self, name):
        if name == "values":
            raise AttributeError(name)
        return self.values.get(name, "")

    def query_string(self) -> str:
        """The filters as a query string for the pager's links."""
        plain = {}
        for name, value in self.values.items():
            plain[name] = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
        return urlencode(plain)

    def apply(self, queryset: QuerySet) -> QuerySet:
        values = self.values
        if values.get("q"):
            queryset = folded_search(queryset, values["q"])
        for name, column in (("type", "doc_type"), ("body", "issuing_body"), ("field", "field")):
            if values.get(name):
                queryset = queryset.filter(**{column: values[name]})
        if values.get("signer"):
            queryset = queryset.filter(signer=values["signer"])
        if values.get("number"):
            queryset = queryset.filter(number__icontains=values["number"])
        for name, lookup in (
            ("issued_from", "issued_on__gte"),
            ("issued_to", "issued_on__lte"),
            ("effective_from", "effective_on__gte"),
            ("effective_to", "effective_on__lte"),
        ):
            if values.get(name):
                queryset = queryset.filter(**{lookup: values[name]})
        return queryset

    def choices(self, index) -> dict[str, list[str]]:
        """The issuing bodies, fields and signers of the listing's documents (one query)."""
        rows = (
            LegalDocumentPage.objects.live()
            .child_of(index)
            .values_list("issuing_body", "field", "signer")
            .distinct()
        )
        found: dict[str, set[str]] = {"body": set(), "field": set(), "signer": set()}
        for body, field_name, signer in rows:
            found["body"].add(body)
            found["field"].add(field_name)
            found["signer"].add(signer)
        return {
            name: sorted((value for value in values if value), key=sort_key)
            for name, values in found.items()
        }


def legal_documents(index, filters: DocumentFilter | None = None) -> QuerySet[LegalDocumentPage]:
    queryset = (
        LegalDocumentPage.objects.live()
        .public()
        .child_of(index)
        .select_related("pdf")
        .order_by("-issued_on", "-pk")
    )
    if filters is not None:
        queryset = filters.apply(queryset)
        if filters.values.get("q"):
            queryset = queryset.annotate(_rank=search_rank("search_text", filters.q)).order_by(
                "_rank", "-issued_on", "-pk"
            )
    return queryset


# Questions and answers


def published_questions(portal: Portal | None, query: str = "") -> QuerySet[Question]:
    if portal is None:
        return Question.objects.none()
    queryset = (
        Question.objects.filter(portal=portal, status=Question.Status.PUBLISHED)
        .select_related("answering_unit")
        .order_by("-published_at", "-pk")
    )
    if query:
        queryset = folded_search(queryset, query)
    return queryset


def visible_questions(user) -> QuerySet[Question]:
    """The questions of the portals of the user's organisation and below, and of the portals
    they edit or approve."""
    base = Question.objects.select_related("portal__site", "answering_unit")
    scope = user_scope(user)
    if scope.everything:
        return base
    memberships = PortalMember.objects.filter(person__user_id=user.pk).values("portal_id")
    return base.filter(
        Q(portal__organisation__in=scope.organisations.values("pk")) | Q(portal_id__in=memberships)
    )


def question_portals(user) -> QuerySet[Portal]:
    """The portals a user may record a question for: those of their organisation and below,
    and those they edit or approve."""
    base = Portal.objects.select_related("site").order_by("site__site_name")
    scope = user_scope(user)
    if scope.everything:
        return base
    memberships = PortalMember.objects.filter(person__user_id=user.pk).values("portal_id")
    return base.filter(Q(organisation__in=scope.organisations.values("pk")) | Q(pk__in=memberships))


def portals_with_stats(user) -> QuerySet[Portal]:
    from .selectors import visible_portals

    return visible_portals(user).order_by("organisation__sort_name")


@dataclass
class SiteStats:
    days: list[dict]
    totals: dict
    top_pages: list[dict]


def site_stats(portal: Portal, start: dt.date, end: dt.date) -> SiteStats:
    """Views and ratings of a portal per day between ``start`` and ``end``, their totals and
    the most viewed pages (three queries)."""
    rows = PageStat.objects.filter(site_id=portal.site_id, day__range=(start, end))
    counters = ("views", "very_satisfied", "satisfied", "not_satisfied")
    by_day = {
        row["day"]: row
        for row in rows.values("day").annotate(**{name: Sum(name) for name in counters})
    }
    days = []
    day = start
    while day <= end:
        found = by_day.get(day, {})
        days.append({"day": day, **{name: found.get(name) or 0 for name in counters}})
        day += dt.timedelta(days=1)
    totals = {name: sum(row[name] for row in days) for name in counters}
    totals["ratings"] = totals["very_satisfied"] + totals["satisfied"] + totals["not_satisfied"]
    top = list(
        rows.values("page_id", "page__title")
        .annotate(**{name: Sum(name) for name in counters})
        .order_by("-views", "page__title")[:10]
    )
    return SiteStats(days, totals, top)
