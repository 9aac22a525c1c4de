"""The mapping of 1 July 2025: which old units each new commune was formed from.

The mapping is run step by step (see :func:`run_mapping`): find the new commune each entry
names, find the old units it names, create the old units the 2023 map lacks, then end every old
unit and derive the successions of the districts from those of their communes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from congso.core.text import fold

from ..models import AdminUnit, UnitSuccession
from .map_2025 import province_2025, sync_provinces
from .merges import FILE_MERGES, OLD_CODE_LEVEL, SOURCE_MAPPING, Merge, NewCommune, Old, read_merges
from .reading import ImportReport, Level, Progress, ResolvedCase, failed, shown, split_type, tick
from .writers import THREE_LEVEL_END, TWO_LEVEL_START, SuccessionWriter, Units, UnitWriter, end_of

#: (id of an old unit) -> the new communes it went into, with the kind of each succession
_Successors = dict[int, list[tuple[AdminUnit, str]]]


@dataclass
class _Edge:
    """One old unit named by an entry of merges.json, and the new commune it went into."""

    old: AdminUnit | None  # None: not on the 2023 map (yet)
    ref: Old
    new: AdminUnit
    item: NewCommune
    merge: Merge


# --- the new commune and the old units of each entry ---------------------------------------


def _new_communes_by_name(units: Units) -> dict[tuple[int, str], list[AdminUnit]]:
    by_name: dict[tuple[int, str], list[AdminUnit]] = defaultdict(list)
    for unit in units.new_of_level(Level.COMMUNE):
        by_name[(unit.parent_id, fold(unit.full_name))].append(unit)
    return by_name


def _new_commune_of(
    item: NewCommune,
    merge: Merge,
    province: AdminUnit,
    units: Units,
    by_name: dict[tuple[int, str], list[AdminUnit]],
    report: ImportReport,
) -> AdminUnit:
    """The commune of the two-level map that an entry names: by its code, or, where the two
    sources give it different codes, by its province and name."""
    new = units.dated.get((Level.COMMUNE, item.code, TWO_LEVEL_START))
    if new is not None and new.parent_id == province.pk:
        return new
    matches = by_name.get((province.pk, fold(item.name)), [])
    if len(matches) != 1:
        raise failed(
            FILE_MERGES,
            item.where,
            _("commune %(code)s is not in the 2025 map of province %(province)s")
            % {"code": item.code, "province": merge.code},
        )
    new = matches[0]
    report.resolved.append(
        ResolvedCase(
            item.code,
            item.name,
            _("the two-level map gives it code %(code)s; matched by province %(province)s and name")
            % {"code": new.code, "province": merge.code},
        )
    )
    return new


def _old_unit_of(
    ref: Old, item: NewCommune, new: AdminUnit, units: Units, report: ImportReport
) -> AdminUnit | None:
    """The old unit an entry names (None when the 2023 map lacks it); a district named by
    itself is an island district without communes, which the report lists."""
    level = OLD_CODE_LEVEL[len(ref.code)]
    if level == Level.PROVINCE:
        raise failed(
            FILE_MERGES, item.where, _("old unit %(code)s is a province code") % {"code": ref.code}
        )
    old = units.old.get((level, ref.code))
    if old is not None and level == Level.DISTRICT:
        report.resolved.append(
            ResolvedCase(
                old.code,
                old.full_name,
                _("a district without communes, mapped as a whole to %(new_code)s %(new_name)s")
                % {"new_code": new.code, "new_name": new.full_name},
            )
        )
    return old


def _collect_edges(
    merges: list[Merge],
    units: Units,
    report: ImportReport,
    progress: Progress | None,
    total: int,
) -> tuple[list[_Edge], set[int]]:
    """Every (old unit, new commune) pair of the file, and the new communes it maps."""
    by_name = _new_communes_by_name(units)
    edges: list[_Edge] = []
    mapped_new: set[int] = set()
    done = 0
    for merge in merges:
        province = province_2025(units, merge.code)
        for item in merge.communes:
            new = _new_commune_of(item, merge, province, units, by_name, report)
            mapped_new.add(new.pk)
            for ref in item.olds:
                edges.append(
                    _Edge(_old_unit_of(ref, item, new, units, report), ref, new, item, merge)
                )
            done += 1
            if done % 500 == 0:
                tick(progress, report.stage, done, total)
    return edges, mapped_new


# --- old units that the 2023 map lacks -----------------------------------------------------


def _closest_by_code(code: str, candidates: list[AdminUnit], units: Units) -> AdminUnit | None:
    """The old province whose units of the same level have the nearest lower code.

    GSO codes are handed out in blocks, province after province, district after district,
    so a code sits inside the block of the province that it belongs to.
    """
    level = OLD_CODE_LEVEL[len(code)]
    best: tuple[str, AdminUnit] | None = None
    for unit in units.old_of_level(level):
        if unit.code > code:
            continue
        province = unit
        while province is not None and province.level != Level.PROVINCE:
            province = units.parent(province)
        if (
            province is not None
            and province in candidates
            and (best is None or unit.code > best[0])
        ):
            best = (unit.code, province)
    return best[1] if best else None


def _parent_by_partners(edge: _Edge, units: Units) -> tuple[AdminUnit | None, str]:
    """A missing commune lies where the communes merged with it lay: their district if they
    share one, else their province if they share that."""
    partners = [
        units.old[(Level.COMMUNE, o.code)]
        for o in edge.item.olds
        if (Level.COMMUNE, o.code) in units.old and o.code != edge.ref.code
    ]
    districts = {p.parent_id for p in partners}
    if len(districts) == 1:
        parent = units.by_pk[districts.pop()]
        return parent, _(
            "old district %(parent)s, the district of every other commune merged into %(new)s"
        ) % {"parent": f"{parent.code} {parent.full_name}", "new": edge.new.full_name}
    provinces = {units.parent(units.by_pk[d]) for d in districts if d in units.by_pk}
    if len(provinces) == 1:
        parent = provinces.pop()
        return parent, _(
            "old province %(parent)s: its old district cannot be told (the communes merged "
            "with it were in districts %(districts)s)"
        ) % {
            "parent": f"{parent.code} {parent.full_name}",
            "districts": ", ".join(sorted(units.by_pk[d].code for d in districts)),
        }
    return None, ""


def _parent_by_code(edge: _Edge, units: Units) -> tuple[AdminUnit, str]:
    """The old province the new province was formed from, the one whose codes are nearest."""
    old_provinces = [units.old[(Level.PROVINCE, o.code)] for o in edge.merge.olds]
    parent = (
        old_provinces[0]
        if len(old_provinces) == 1
        else _closest_by_code(edge.ref.code, old_provinces, units)
    )
    if parent is None:
        raise failed(
            FILE_MERGES,
            edge.item.where,
            _("cannot tell the old province of old unit %(code)s (%(name)s)")
            % {"code": edge.ref.code, "name": shown(edge.ref.name)},
        )
    return parent, _("old province %(parent)s, by its code") % {
        "parent": f"{parent.code} {parent.full_name}"
    }


def _create_missing_olds(
    edges: list[_Edge], units: Units, writer: UnitWriter, report: ImportReport
) -> set[str]:
    """Old units named by the mapping but absent from the 2023 map (created or recoded after
    April 2023) become old units under the parent they are found to have; their codes."""
    created: dict[str, AdminUnit] = {}
    for edge in edges:
        if edge.old is not None:
            continue
        if edge.ref.code in created:
            edge.old = created[edge.ref.code]
            continue
        level = OLD_CODE_LEVEL[len(edge.ref.code)]
        split = split_type(edge.ref.name, level)
        if split is None:
            raise failed(
                FILE_MERGES,
                edge.item.where,
                _("cannot tell the type of old unit %(code)s (%(name)s)")
                % {"code": edge.ref.code, "name": shown(edge.ref.name)},
            )
        unit_type, name = split
        parent, how = (None, "")
        if level == Level.COMMUNE:
            parent, how = _parent_by_partners(edge, units)
        if parent is None:
            parent, how = _parent_by_code(edge, units)
        edge.old = created[edge.ref.code] = writer.put(
            None,
            (FILE_MERGES, edge.item.where),
            code=edge.ref.code,
            level=level,
            name=name,
            type=unit_type,
            parent=parent,
            valid_from=None,
            valid_to=THREE_LEVEL_END,
            source=SOURCE_MAPPING,
        )
        report.resolved.append(
            ResolvedCase(
                edge.ref.code,
                edge.ref.name,
                _(
                    "not in the 2023 map (created or recoded later): created as an old unit "
                    "of the %(level)s level under %(how)s"
                )
                % {"level": Level(level).label.lower(), "how": how},
            )
        )
    return set(created)


def _report_kept_extras(
    edges: list[_Edge], created: set[str], units: Units, report: ImportReport
) -> None:
    """Extras created by an earlier run are old units now and were found as such; still, they
    are listed as resolved so that every run lists the same cases."""
    for edge in edges:
        old = edge.old
        if old.source == SOURCE_MAPPING and edge.ref.code not in created:
            report.resolved.append(
                ResolvedCase(
                    old.code,
                    old.full_name,
                    _(
                        "not in the 2023 map: kept from an earlier import as an old unit "
                        "under %(parent)s"
                    )
                    % {"parent": units.parent(old).full_name if old.parent_id else "-"},
                )
            )


# --- ending the old map --------------------------------------------------------------------


def _end_old_communes(
    units: Units, writer: UnitWriter, successors: _Successors, report: ImportReport
) -> None:
    """Every old commune ends on 30/06/2025; those the mapping does not name are listed."""
    for commune in units.old_of_level(Level.COMMUNE):
        writer.put(commune, valid_to=end_of(commune))
        if id(commune) not in successors:
            report.without_successor.append(
                ResolvedCase(
                    commune.code,
                    commune.full_name,
                    _("absent from the mapping: ends on 30/06/2025 with no successor"),
                )
            )


def _succeed_districts(
    units: Units,
    writer: UnitWriter,
    successions: SuccessionWriter,
    successors: _Successors,
    report: ImportReport,
) -> None:
    """Every old district ends on 30/06/2025 and is succeeded by the new communes its communes
    went into: whole if all of them went whole into one, in part otherwise."""
    communes_of: dict[int, list[AdminUnit]] = defaultdict(list)
    for commune in units.old_of_level(Level.COMMUNE):
        communes_of[commune.parent_id].append(commune)
    for district in units.old_of_level(Level.DISTRICT):
        writer.put(district, valid_to=end_of(district))
        direct = successors.get(id(district), [])
        kinds: dict[int, list[str]] = defaultdict(list)
        targets: dict[int, AdminUnit] = {}
        for commune in communes_of.get(district.pk, []):
            for new, kind in successors.get(id(commune), []):
                kinds[id(new)].append(kind)
                targets[id(new)] = new
        whole = len(targets) == 1 and all(
            k == UnitSuccession.Kind.FULL for k in next(iter(kinds.values()), [])
        )
        for new in targets.values():
            kind = UnitSuccession.Kind.FULL if whole else UnitSuccession.Kind.PARTIAL
            successions.want(district, new, kind)
        # A district mapped by itself (an island district) says its own kind.
        for new, kind in direct:
            successions.want(district, new, kind)
        if not targets and not direct:
            report.warnings.append(
                _("District %(code)s %(name)s ends on 30/06/2025 with no successor.")
                % {"code": district.code, "name": district.full_name}
            )


def _warn_unmapped_new(units: Units, mapped_new: set[int], report: ImportReport) -> None:
    for unit in units.new_of_level(Level.COMMUNE):
        if unit.pk not in mapped_new:
            report.warnings.append(
                _("Commune %(code)s %(name)s of the 2025 map has no predecessor in %(file)s.")
                % {"code": unit.code, "name": unit.full_name, "file": FILE_MERGES}
            )


def run_mapping(
    data_dir: Path, report: ImportReport, progress: Progress | None, units: Units
) -> None:
    merges = read_merges(data_dir, units)
    total = sum(len(m.communes) for m in merges)
    writer = UnitWriter(units)
    successions = SuccessionWriter(units)
    sync_provinces(merges, units, writer, successions, report)

    edges, mapped_new = _collect_edges(merges, units, report, progress, total)
    created = _create_missing_olds(edges, units, writer, report)
    writer.flush()
    _report_kept_extras(edges, created, units, report)

    successors: _Successors = defaultdict(list)
    for edge in edges:
        successions.want(edge.old, edge.new, edge.ref.kind)
        successors[id(edge.old)].append((edge.new, edge.ref.kind))
    _end_old_communes(units, writer, successors, report)
    _succeed_districts(units, writer, successions, successors, report)
    _warn_unmapped_new(units, mapped_new, report)

    writer.flush()
    successions.flush(report)
    writer.count_into(report)
    tick(progress, report.stage, total, total)
