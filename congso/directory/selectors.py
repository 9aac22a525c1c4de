"""Reads of the directory that join or scope: what a user may see and act for, the map of a date."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AdminUnit, Cluster, ImportRun, Organisation, Person, Population, UnitSuccession

# Organisation trees here are shallow (department → division → team); five levels is ample.
_ORG_DEPTH = 5


@dataclass(frozen=True)
class Scope:
    """What a user may see and act for.

    ``everything`` is for superusers; otherwise ``organisation`` is the user's own and
    ``units``/``organisations`` are lazy querysets usable as subqueries.
    """

    everything: bool
    organisation: Organisation | None
    units: QuerySet[AdminUnit]
    organisations: QuerySet[Organisation]

    def can_see_organisation(self, organisation: Organisation) -> bool:
        return self.everything or self.organisations.filter(pk=organisation.pk).exists()

    def can_see_unit(self, unit: AdminUnit) -> bool:
        return self.everything or self.units.filter(pk=unit.pk).exists()


def _unit_and_below(unit_id: int) -> Q:
    # Three index lookups (a province's units carry it in ``province``) rather than a join on
    # the parents: the database answers with a bitmap of index scans, not a walk of 14.000 units.
    return Q(pk=unit_id) | Q(parent_id=unit_id) | Q(province_id=unit_id)


def _organisation_and_below(org_id: int) -> Q:
    q = Q(pk=org_id)
    lookup = "parent_id"
    for _level in range(_ORG_DEPTH):
        q |= Q(**{lookup: org_id})
        lookup = "parent__" + lookup
    return q


def organisation_of(user: AbstractBaseUser | AnonymousUser) -> Organisation | None:
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_congso_organisation", False)
    if cached is not False:
        return cached
    person = (
        Person.objects.select_related("organisation__admin_unit").filter(user_id=user.pk).first()
    )
    organisation = person.organisation if person else None
    user._congso_organisation = organisation
    return organisation


def user_scope(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """Which organisations and units ``user`` may see and act for: their own and what lies
    below it. A territorial body (the department, its divisions and subordinate units, a
    People's Committee) also sees every unit of its administrative unit and below, and every
    organisation located there; an enterprise or a press agency sees only itself and its
    branches."""
    if user.is_authenticated and user.is_superuser:
        return Scope(True, None, AdminUnit.objects.all(), Organisation.objects.all())
    organisation = organisation_of(user)
    if organisation is None:
        return Scope(False, None, AdminUnit.objects.none(), Organisation.objects.none())
    units, organisations = _reach(organisation)
    return Scope(False, organisation, units, organisations)


def _reach(organisation: Organisation) -> tuple[QuerySet[AdminUnit], QuerySet[Organisation]]:
    own_tree = _organisation_and_below(organisation.pk)
    if organisation.is_territorial:
        units = AdminUnit.objects.filter(_unit_and_below(organisation.admin_unit_id))
        organisations = Organisation.objects.filter(own_tree | Q(admin_unit__in=units.values("pk")))
    else:
        organisations = Organisation.objects.filter(own_tree)
        units = AdminUnit.objects.filter(pk=organisation.admin_unit_id)
    return units, organisations


def organisations_under(organisation: Organisation) -> QuerySet[Organisation]:
    """The organisation, what lies below it and, for a territorial body, every organisation
    located in its administrative unit and below: what a user of it may see (lazy, usable as a
    subquery)."""
    return _reach(organisation)[1]


def visible_organisations(user) -> QuerySet[Organisation]:
    scope = user_scope(user)
    if scope.everything:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=scope.organisations.values("pk"))


def visible_units(user) -> QuerySet[AdminUnit]:
    scope = user_scope(user)
    if scope.everything:
        return AdminUnit.objects.all()
    return AdminUnit.objects.filter(pk__in=scope.units.values("pk"))


def visible_people(user) -> QuerySet[Person]:
    return Person.objects.filter(organisation__in=visible_organisations(user).values("pk"))


def visible_clusters(user) -> QuerySet[Cluster]:
    return Cluster.objects.filter(organisation__in=visible_organisations(user).values("pk"))


def units_on(day: date, *, parent: AdminUnit | None = None, level: int | None = None):
    """The map of a date: units in force on ``day``, optionally the children of ``parent``."""
    qs = AdminUnit.objects.valid_on(day).select_related("parent")
    if parent is not None:
        # A unit merged whole into ``parent`` by ``day`` brings its children along.
        merged_in = UnitSuccession.objects.filter(
            successor=parent, kind=UnitSuccession.Kind.FULL, effective__lte=day
        ).values("predecessor_id")
        qs = qs.filter(Q(parent=parent) | Q(parent__in=merged_in))
    if level is not None:
        qs = qs.filter(level=level)
    return qs.in_vietnamese_order()


def children_on(unit: AdminUnit, day: date) -> QuerySet[AdminUnit]:
    return units_on(day, parent=unit)


def ancestors(unit: AdminUnit, day: date | None = None) -> list[AdminUnit]:
    """From the province down to the unit's parent. With ``day``, a parent merged whole into
    another unit by then is replaced by the unit it was merged into."""
    chain: list[AdminUnit] = []
    current = (
        AdminUnit.objects.select_related("parent__parent").get(pk=unit.pk)
        if unit.parent_id
        else unit
    )
    parent = current.parent
    while parent is not None:
        if day is not None and not parent.is_valid_on(day):
            merged_into = (
                UnitSuccession.objects.filter(
                    predecessor=parent, kind=UnitSuccession.Kind.FULL, effective__lte=day
                )
                .select_related("successor__parent")
                .order_by("-effective")
                .first()
            )
            if merged_into is not None and merged_into.successor.is_valid_on(day):
                parent = merged_into.successor
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def successors_of(unit: AdminUnit) -> QuerySet:
    """The unit's successions (successor and kind), nearest first."""
    return unit.succeeded_by.select_related("successor__parent").order_by(
        "effective", "successor__sort_name"
    )


def final_successors(unit: AdminUnit, day: date) -> list[AdminUnit]:
    """The units in force on ``day`` that took over all or part of ``unit``, following
    successions through several reorganisations."""
    frontier = [unit]
    seen: set[int] = set()
    found: dict[int, AdminUnit] = {}
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_valid_on(day):
            found[current.pk] = current
            continue
        frontier.extend(s.successor for s in current.succeeded_by.select_related("successor"))
    return sorted(found.values(), key=lambda u: u.sort_name)


def reference_units(user) -> QuerySet[AdminUnit]:
    """Administrative units are public reference data: every role that may view them sees the
    whole map (what a user may *act for* is :func:`visible_units`)."""
    return AdminUnit.objects.all()


def visible_population(user) -> QuerySet[Population]:
    """Population figures are public reference data, like the map."""
    return Population.objects.all()


def visible_import_runs(user) -> QuerySet[ImportRun]:
    """Import runs concern the whole database: whoever holds the permission sees them all."""
    return ImportRun.objects.all()


def ended_unit(user) -> tuple[AdminUnit, list[AdminUnit]] | None:
    """The user's organisation's unit and the units in force that took it over, where that
    unit has ended (the districts on 30/06/2025): its accounts may act for no unit any more
    until an administrator moves them."""
    organisation = organisation_of(user)
    if organisation is None or not organisation.is_territorial:
        return None
    today = timezone.localdate()
    unit = organisation.admin_unit
    if unit.is_valid_on(today):
        return None
    return unit, final_successors(unit, today)
