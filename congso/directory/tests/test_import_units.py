import json
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import translation

from congso.directory.importers import (
    ImportFailed,
    import_units_2023,
    import_units_2025,
    import_units_all,
    import_units_mapping,
)
from congso.directory.models import AdminUnit, UnitSuccession

FIXTURES = Path(__file__).parent / "data"
BEFORE = date(2014, 3, 26)
AFTER = date(2025, 7, 1)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _edit_json(path: Path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _unit(level: int, code: str, valid_from: date | None = None) -> AdminUnit:
    return AdminUnit.objects.get(level=level, code=code, valid_from=valid_from)


def _successors(unit: AdminUnit) -> dict[str, str]:
    return {s.successor.code: s.kind for s in unit.succeeded_by.select_related("successor")}


def test_tiny_country_has_both_maps_and_their_successions():
    reports = import_units_all(FIXTURES)

    assert [r.stage for r in reports] == ["2023", "2025", "mapping"]
    assert AdminUnit.objects.valid_on(BEFORE).filter(level=1).count() == 3
    assert AdminUnit.objects.valid_on(BEFORE).filter(level=2, parent__code="40").count() == 3
    assert AdminUnit.objects.valid_on(AFTER).filter(level=1).count() == 2
    assert AdminUnit.objects.valid_on(AFTER).filter(level=2).count() == 0
    assert AdminUnit.objects.valid_on(AFTER).filter(level=3).count() == 6

    nghe_an = _unit(1, "40")
    assert nghe_an.valid_to is None
    assert set(
        AdminUnit.objects.valid_on(AFTER)
        .filter(level=3, parent=nghe_an)
        .values_list("code", flat=True)
    ) == {"16681", "16893", "16950"}
    assert _unit(2, "413").full_name == "Thị xã Cửa Lò"
    assert _unit(2, "413").valid_to == date(2025, 6, 30)

    tuyen_quang = _unit(1, "08", AFTER)
    assert _unit(1, "08").valid_to == date(2025, 6, 30)
    assert _successors(_unit(1, "02")) == {"08": "full"}
    assert _successors(_unit(1, "08")) == {"08": "full"}
    assert _unit(3, "02200", AFTER).parent == tuyen_quang

    assert _successors(_unit(3, "16684")) == {"16681": "partial", "16893": "partial"}
    assert _successors(_unit(2, "413")) == {"16893": "full"}
    assert _successors(_unit(2, "412")) == {"16681": "partial", "16893": "partial"}
    assert _successors(_unit(2, "024")) == {"00688": "full"}
    assert _successors(_unit(2, "070")) == {"02200": "partial", "02209": "partial"}
    assert all(s.effective == AFTER for s in UnitSuccession.objects.all())

    resolved = {case.code: case for case in reports[2].resolved}
    # a commune whose code differs between the two 2025 sources
    assert _successors(_unit(3, "02203")) == {"02200": "partial", "02209": "partial"}
    assert "02209" in resolved["02205"].resolution
    # an island district without communes goes whole into a special zone
    assert _successors(_unit(2, "419")) == {"16950": "full"}
    assert "419" in resolved
    # an old commune missing from the 2023 map is created under the district of its partners
    created = _unit(3, "16900")
    assert created.parent == _unit(2, "412")
    assert created.full_name == "Xã Mới Lập"
    assert created.valid_to == date(2025, 6, 30)
    assert created.search_text == "xa moi lap 16900"
    assert "412" in resolved["16900"].resolution
    # an old commune absent from the mapping ends without successor, and the report says so
    assert [c.code for c in reports[2].without_successor] == ["16999"]
    assert _unit(3, "16999").valid_to == date(2025, 6, 30)


def test_every_unit_gets_its_search_text_and_sort_name():
    import_units_all(FIXTURES)

    assert not AdminUnit.objects.filter(search_text="").exists()
    assert not AdminUnit.objects.filter(sort_name="").exists()
    assert list(
        AdminUnit.objects.search("cua lo").values_list("code", flat=True).order_by("code")
    ) == [
        "16893",
        "413",
    ]


def test_second_import_changes_nothing():
    import_units_all(FIXTURES)
    units = list(AdminUnit.objects.order_by("pk").values())
    successions = list(UnitSuccession.objects.order_by("pk").values())

    reports = import_units_all(FIXTURES)

    for report in reports:
        assert (report.created, report.updated) == (0, 0), report.stage
        assert (report.successions, report.successions_updated) == (0, 0), report.stage
        assert not report.changed
    assert list(AdminUnit.objects.order_by("pk").values()) == units
    assert list(UnitSuccession.objects.order_by("pk").values()) == successions
    # the differences are still listed on every run, not only the first
    assert {c.code for c in reports[2].resolved} >= {"02205", "419", "16900"}


def test_stages_can_be_run_one_after_the_other():
    assert import_units_2023(FIXTURES).created == 3 + 5 + 8
    report_2025 = import_units_2025(FIXTURES)
    assert report_2025.created == 1 + 6
    assert report_2025.successions == 2
    report = import_units_mapping(FIXTURES)
    assert report.created == 1
    assert report.successions_unchanged == 2  # the provinces, written by the 2025 import


def test_dry_run_reports_everything_and_writes_nothing():
    reports = import_units_all(FIXTURES, dry_run=True)

    assert reports[0].created == 16
    assert reports[2].successions > 0
    assert reports[2].resolved
    assert AdminUnit.objects.count() == 0
    assert UnitSuccession.objects.count() == 0


def test_progress_is_reported_up_to_the_total():
    seen: dict[str, tuple[int, int]] = {}
    import_units_all(
        FIXTURES, progress=lambda stage, done, total: seen.update({stage: (done, total)})
    )

    assert seen == {"2023": (16, 16), "2025": (8, 8), "mapping": (6, 6)}


def test_malformed_json_names_the_file_and_writes_nothing(data_dir: Path):
    (data_dir / "admin-units/2025-mapping/merges.json").write_text('{"data": [', encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"^merges\.json: .*JSON"):
        import_units_all(data_dir)

    # 2023 and 2025 had been written in the same transaction: all of it is gone
    assert AdminUnit.objects.count() == 0


def test_missing_parent_names_the_record(data_dir: Path):
    path = data_dir / "admin-units/2023-gso-3level/xa_phuong.json"
    _edit_json(path, lambda d: d["16684"].update(parent_code="001"))

    with pytest.raises(ImportFailed) as failed:
        import_units_2023(data_dir)

    message = str(failed.value)
    assert message.startswith("xa_phuong.json, ")
    assert "16684 (Lê Lợi)" in message
    assert "001" in message
    assert AdminUnit.objects.count() == 0


def test_duplicated_code_names_the_record(data_dir: Path):
    path = data_dir / "admin-units/2023-gso-3level/quan_huyen.json"
    text = path.read_text(encoding="utf-8")
    duplicate = (
        '"413": {"name": "Cửa Lò Mới", "type": "thi-xa", "code": "413", "parent_code": "40"},'
    )
    path.write_text(text.replace("{", "{" + duplicate, 1), encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"^quan_huyen\.json, .*413 \(Cửa Lò.*\).*413"):
        import_units_2023(data_dir)
    assert AdminUnit.objects.count() == 0


def test_duplicated_code_in_the_two_level_map_names_the_record(data_dir: Path):
    import_units_2023(data_dir)
    path = data_dir / "admin-units/2025-2level/full_json_generated_data_vn_units.json"
    _edit_json(path, lambda d: d[1]["Wards"].append(dict(d[1]["Wards"][0])))

    with pytest.raises(ImportFailed, match=r"full_json.*16681 \(Trường Vinh\)"):
        import_units_2025(data_dir)
    assert AdminUnit.objects.filter(valid_from=AFTER).count() == 0


def test_missing_field_names_the_record_and_the_field(data_dir: Path):
    path = data_dir / "admin-units/2025-mapping/merges.json"
    _edit_json(path, lambda d: d["data"][1]["level2s"][0]["merges"][0].pop("type"))

    with pytest.raises(ImportFailed, match=r"merges\.json, .*16681 \(Phường Trường Vinh\).*type"):
        import_units_all(data_dir)


def test_unknown_type_names_the_record(data_dir: Path):
    path = data_dir / "admin-units/2023-gso-3level/tinh_tp.json"
    _edit_json(path, lambda d: d["40"].update(type="bang"))

    with pytest.raises(ImportFailed, match=r"tinh_tp\.json, .*40 \(Nghệ An\).*bang"):
        import_units_2023(data_dir)


def test_mapping_needs_the_maps_first():
    with pytest.raises(ImportFailed, match=r"merges\.json, .*08"):
        import_units_mapping(FIXTURES)


def test_command_prints_the_report_and_the_time(capsys):
    call_command("import_units", "all", "--dir", str(FIXTURES), "--no-progress")

    out = capsys.readouterr().out
    assert "16900 Xã Mới Lập" in out
    assert "02205 Xã Kim Bình" in out
    assert "16999 Xã Vắng Bóng" in out
    assert out.rstrip().endswith(" s")


def test_command_dry_run_writes_nothing(capsys):
    call_command("import_units", "2023", "--dir", str(FIXTURES), "--dry-run", "--no-progress")

    assert "16 " in capsys.readouterr().out
    assert AdminUnit.objects.count() == 0


def test_command_fails_with_the_message_and_changes_nothing(data_dir: Path):
    (data_dir / "admin-units/2023-gso-3level/tinh_tp.json").write_text("[", encoding="utf-8")

    with pytest.raises(CommandError, match=r"tinh_tp\.json"):
        call_command("import_units", "all", "--dir", str(data_dir), "--no-progress")
    assert AdminUnit.objects.count() == 0


def test_whole_country():
    """The real maps, once: counts, Nghệ An through time, the resolved differences, a rerun."""
    data_dir = Path(settings.CONGSO_DATA_DIR)
    if not (data_dir / "admin-units").is_dir():
        pytest.skip(f"no real data in {data_dir}")

    started = time.perf_counter()
    reports = import_units_all(data_dir)
    elapsed = time.perf_counter() - started

    report_2023, report_2025, mapping = reports
    assert report_2023.created == 63 + 705 + 10_599
    assert (report_2025.created, report_2025.updated) == (24 + 3_321, 53)
    assert report_2025.successions == 53
    before = AdminUnit.objects.valid_on(BEFORE)
    # the 15 communes missing from the 2023 file were created as old units (ended 30/06/2025)
    assert before.filter(level=1).count() == 63
    assert before.filter(level=2).count() == 705
    assert before.filter(level=3).count() == 10_599 + 15
    assert (
        AdminUnit.objects.filter(level=3, valid_from=None, source__contains="merges").count() == 15
    )

    after = AdminUnit.objects.valid_on(AFTER)
    assert after.filter(level=1).count() == 34
    assert after.filter(level=2).count() == 0
    assert after.filter(level=3).count() == 3_321
    assert dict(after.filter(level=3).values_list("type").annotate(n=Count("pk")).order_by()) == {
        "xa": 2_611,
        "phuong": 697,
        "dac-khu": 13,
    }

    nghe_an_2014 = before.filter(level=2, parent__code="40")
    assert nghe_an_2014.count() == 21
    assert nghe_an_2014.filter(code="413", name="Cửa Lò", type="thi-xa").exists()
    assert before.filter(level=3, parent__parent__code="40").count() == 460
    nghe_an = AdminUnit.objects.get(level=1, code="40")
    assert nghe_an.valid_from is None and nghe_an.valid_to is None
    assert after.filter(level=3, parent=nghe_an).count() == 130
    assert not after.filter(level=1, code="40").exclude(pk=nghe_an.pk).exists()

    # Phường Trúc Bạch went whole into the new Phường Ba Đình
    assert _successors(_unit(3, "00004")) == {"00004": "full"}
    assert _unit(3, "00004").valid_to == date(2025, 6, 30)
    # Hà Giang and Tuyên Quang went into the new Tuyên Quang
    assert _successors(_unit(1, "02")) == {"08": "full"}
    # Cửa Lò: its communes went into new wards; the district ends with partial successions
    assert _unit(2, "413").valid_to == date(2025, 6, 30)
    assert set(_successors(_unit(2, "413")).values()) <= {"full", "partial"}
    assert _successors(_unit(2, "413"))

    resolved = {case.code: case.resolution for case in mapping.resolved}
    ba_che = _unit(3, "06978", AFTER)
    assert ba_che.name == "Ba Chẽ"
    assert "06978" in resolved["06970"]
    assert "23938" in resolved["23737"]
    assert _unit(3, "06978", AFTER).succeeds.exists()
    for island in ("318", "471", "498", "536", "755"):
        assert island in resolved
        assert set(_successors(_unit(2, island)).values()) == {"full"}
    assert _successors(_unit(2, "318")) == {"11948": "full"}
    assert {"03980", "20674"} <= set(resolved)
    assert len(mapping.without_successor) == 567
    assert not mapping.warnings
    assert elapsed < 30

    again = import_units_all(data_dir)
    assert [(r.created, r.updated, r.successions, r.successions_updated) for r in again] == [
        (0, 0, 0, 0)
    ] * 3


def test_the_command_reports_a_missing_parent_in_vietnamese(data_dir: Path):
    path = data_dir / "admin-units/2023-gso-3level/xa_phuong.json"
    _edit_json(path, lambda d: d["16684"].update(parent_code="001"))

    with translation.override("vi"), pytest.raises(CommandError) as failed:
        call_command("import_units", "2023", "--dir", str(data_dir), "--no-progress")

    assert str(failed.value) == (
        "xa_phuong.json, bản ghi 16684 (Lê Lợi): đơn vị cấp trên 001 không tồn tại"
    )
    assert AdminUnit.objects.count() == 0


def test_every_import_run_is_kept_with_its_report(data_dir: Path):
    from congso.directory.models import ImportRun

    call_command("import_units", "2023", "--dir", str(data_dir), "--no-progress", "--dry-run")
    call_command("import_units", "2023", "--dir", str(data_dir), "--no-progress")

    dry, real = ImportRun.objects.order_by("started")
    assert (dry.kind, dry.dry_run) == ("units:2023", True)
    assert real.report["2023"]["created"] == AdminUnit.objects.count() > 0
    assert not real.dry_run


def test_every_unit_knows_its_province_after_the_imports(data_dir: Path):
    import_units_all(data_dir)
    units = AdminUnit.objects.select_related("parent__parent")
    assert units.filter(level=AdminUnit.Level.COMMUNE).exists()
    for unit in units:
        expected = None
        if unit.parent is not None:
            top = unit.parent if unit.parent.parent is None else unit.parent.parent
            expected = top.pk
        assert unit.province_id == expected, unit
