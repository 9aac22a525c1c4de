"""The procedure catalogue from and to an Excel or CSV file: one procedure a row, its documents
(``name | copies``) and steps (``name | responsible | share %``) in cells, one a line. All or
nothing: every row is checked first; any bad row is reported by its number and nothing is
written; a dry run checks and writes nothing. The export writes the same columns, so that a
catalogue exported, edited and imported again changes only what was edited."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.actors import Actor, audit
from congso.core.text import fold
from congso.directory.models import Organisation
from congso.directory.selectors import user_scope

from .models import Level, Procedure, ProcessingStep, RequiredDocument

#: the columns of the file (the export of the catalogue writes the same first columns)
COLUMNS = [
    "code",
    "national_code",
    "name",
    "sector",
    "level",
    "agency",
    "processing_days",
    "fees",
    "result",
    "legal_basis",
    "online_level",
    "inter_agency",
    "documents",
    "steps",
]
HEADINGS = {
    "mã thủ tục": "code",
    "mã quốc gia": "national_code",
    "tên thủ tục": "name",
    "lĩnh vực": "sector",
    "cấp thực hiện": "level",
    "cơ quan thực hiện": "agency",
    "thời hạn (ngày làm việc)": "processing_days",
    "phí, lệ phí": "fees",
    "kết quả": "result",
    "căn cứ pháp lý": "legal_basis",
    "mức độ trực tuyến": "online_level",
    "liên thông": "inter_agency",
    "thành phần hồ sơ": "documents",
    "các bước": "steps",
}
LEVELS = {"tỉnh": Level.PROVINCE, "huyện": Level.DISTRICT, "xã": Level.COMMUNE}
ONLINE = {"toàn trình": "full", "một phần": "partial", "không": "none"}
LEVEL_WORDS = {value: word for word, value in LEVELS.items()}
ONLINE_WORDS = {value: word for word, value in ONLINE.items()}
YES = {"có", "x", "1", "yes", "true"}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """The rows of an .xlsx or .csv file as dicts keyed by column (Vietnamese or code headings)."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        raw = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    elif name.lower().endswith(".csv"):
        text = content.decode("utf-8-sig")
        raw = list(csv.reader(io.StringIO(text)))
    else:
        raise ValidationError(_("Upload an .xlsx or .csv file."))
    if not raw:
        return []
    keys = [HEADINGS.get(h.strip().lower(), h.strip().lower()) for h in raw[0]]
    missing = {"code", "name", "sector", "level", "agency", "processing_days"} - set(keys)
    if missing:
        raise ValidationError(
            _("Columns missing: %(names)s.") % {"names": ", ".join(sorted(missing))}
        )
    return [dict(zip(keys, (c.strip() for c in row), strict=False)) for row in raw[1:] if any(row)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _parse(row: dict, agencies: dict[str, Organisation]) -> tuple[dict, list, list]:
    problems = []
    level = LEVELS.get(row.get("level", "").lower().removeprefix("cấp ").strip())
    if level is None:
        problems.append(_("level must be tỉnh, huyện or xã"))
    agency = agencies.get(row.get("agency", "").lower())
    if agency is None:
        problems.append(_("unknown agency “%(name)s”") % {"name": row.get("agency", "")})
    try:
        days = int(float(row.get("processing_days", "")))
        if days < 1:
            raise ValueError
    except ValueError:
        days = None
        problems.append(_("the processing time must be a whole number of working days"))
    online = ONLINE.get(row.get("online_level", "").lower() or "một phần")
    if online is None:
        problems.append(_("the online level must be toàn trình, một phần or không"))
    for key in ("code", "name", "sector"):
        if not row.get(key):
            problems.append(_("%(column)s is empty") % {"column": key})
    if problems:
        raise ValidationError("; ".join(problems))
    data = {
        "national_code": row.get("national_code", ""),
        "name": row["name"],
        "sector": row["sector"],
        "level": level,
        "agency": agency,
        "processing_days": days,
        "fees": row.get("fees", ""),
        "result": row.get("result", ""),
        "legal_basis": row.get("legal_basis", ""),
        "online_level": online,
        "inter_agency": row.get("inter_agency", "").lower() in YES,
    }
    steps = []
    for line in _lines(row.get("steps", "")):
        parts = [part.strip() for part in line.split("|")]
        name, responsible, share = parts[0], "", "0"
        if len(parts) == 2:
            share = parts[1]
        elif len(parts) > 2:
            responsible, share = " | ".join(parts[1:-1]), parts[-1]
        try:
            share = int(share.rstrip("%").strip() or 0)
            if not 0 <= share <= 100:
                raise ValueError
        except ValueError as exc:
            raise ValidationError(
                _("a step's share must be a number from 0 to 100: “%(line)s”") % {"line": line}
            ) from exc
        steps.append((name, *_responsible(responsible, agencies), share))
    documents = []
    for line in _lines(row.get("documents", "")):
        name, _sep, copies = line.rpartition("|")
        number = copies.strip().removesuffix("bản").strip()
        if _sep and number.isdigit() and int(number) >= 1:
            documents.append((name.strip(), int(number)))
        else:
            documents.append((line, 1))
    return data, documents, steps


def _responsible(text: str, agencies: dict[str, Organisation]) -> tuple[Organisation | None, str]:
    """A step's responsible ``organisation; role``: the first part naming an agency of the
    importer's unit is the organisation, the rest the role."""
    organisation = None
    roles = []
    for part in (p.strip() for p in text.split(";")):
        if organisation is None and part.lower() in agencies:
            organisation = agencies[part.lower()]
        elif part:
            roles.append(part)
    return organisation, "; ".join(roles)


def _save_documents(procedure: Procedure, documents: list[tuple[str, int]]) -> None:
    """Documents kept by name, so that their template files and the dossiers' files that
    answer them stay attached; the others are removed."""
    existing = {fold(d.name): d for d in procedure.documents.all()}
    kept = set()
    for order, (name, copies) in enumerate(documents, start=1):
        document = existing.get(fold(name)) or RequiredDocument(procedure=procedure)
        document.order, document.name, document.copies = order, name, copies
        document.fill_derived()
        document.save()
        kept.add(document.pk)
    procedure.documents.exclude(pk__in=kept).delete()


def _save_steps(procedure: Procedure, steps: list) -> None:
    """Steps rewritten in place, position by position, so that a dossier keeps its current
    step and its timeline its steps; steps beyond the new count are removed."""
    existing = list(procedure.steps.order_by("order", "pk"))
    for order, (name, organisation, role, share) in enumerate(steps, start=1):
        if order <= len(existing):
            step = existing[order - 1]
        else:
            step = ProcessingStep(procedure=procedure)
        step.order, step.name, step.role, step.share = order, name, role, share
        step.organisation = organisation
        step.fill_derived()
        step.save()
    for step in existing[len(steps) :]:
        step.delete()


def export_rows(procedures: Iterable[Procedure]) -> list[list[str]]:
    """The catalogue in the import's format, headings first."""
    headings = {key: heading for heading, key in HEADINGS.items()}
    rows = [[headings[key][:1].upper() + headings[key][1:] for key in COLUMNS]]
    for procedure in procedures:
        documents = "\n".join(f"{d.name} | {d.copies}" for d in procedure.documents.all())
        steps = "\n".join(
            " | ".join(
                [
                    step.name,
                    "; ".join(
                        part
                        for part in (step.organisation and step.organisation.name, step.role)
                        if part
                    ),
                    f"{step.share}%",
                ]
            )
            for step in procedure.steps.all()
        )
        rows.append(
            [
                procedure.code,
                procedure.national_code,
                procedure.name,
                procedure.sector,
                LEVEL_WORDS[procedure.level],
                procedure.agency.name,
                str(procedure.processing_days),
                procedure.fees,
                procedure.result,
                procedure.legal_basis,
                ONLINE_WORDS[procedure.online_level],
                "có" if procedure.inter_agency else "",
                documents,
                steps,
            ]
        )
    return rows


@transaction.atomic
def import_procedures(
    *,
    user: Actor,
    rows: list[dict[str, str]],
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportReport:
    """Create or update the procedures of ``rows`` (by code), with their documents and steps."""
    if not user.has_perm("onestop.add_procedure") or not user.has_perm("onestop.change_procedure"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("You do not have permission to do this."))
    scope = user_scope(user)
    organisations = Organisation.objects.all() if scope.everything else scope.organisations
    agencies = {}
    for org in organisations:
        agencies[org.name.lower()] = org
        if org.short_name:
            agencies.setdefault(org.short_name.lower(), org)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    existing = {p.code: p for p in Procedure.objects.filter(code__in=[r.get("code") for r in rows])}
    parsed = []
    seen = set()
    for number, row in enumerate(progress(rows) if progress else rows, start=2):
        try:
            if row.get("code") in seen:
                raise ValidationError(_("the code appears twice in the file"))
            seen.add(row.get("code"))
            current = existing.get(row.get("code"))
            if current is not None and not scope.can_see_organisation(current.agency):
                raise ValidationError(_("this procedure belongs to an agency outside your unit"))
            data, documents, steps = _parse(row, agencies)
            procedure = current or Procedure(code=row["code"])
            for key, value in data.items():
                setattr(procedure, key, value)
            procedure.fill_derived()
            procedure.full_clean(validate_unique=False)
            parsed.append((procedure, documents, steps))
        except ValidationError as exc:
            report.errors.append((number, "; ".join(exc.messages)))
    if report.errors or dry_run:
        report.created = sum(1 for p, _d, _s in parsed if p.pk is None)
        report.updated = len(parsed) - report.created
        return report
    for procedure, documents, steps in parsed:
        created = procedure.pk is None
        procedure.save()
        if documents:
            _save_documents(procedure, documents)
        if steps:
            _save_steps(procedure, steps)
        report.created += created
        report.updated += not created
        audit(procedure, "onestop.import", user=user)
    return report
