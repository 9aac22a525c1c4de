"""What the model cannot hold is malformed input: told by file and record, nothing written, on
SQLite (which would store it) and PostgreSQL (which would fail naming no file) alike."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from congso.directory.importers import (
    ImportFailed,
    import_population,
    import_units_2023,
    import_units_2025,
    import_units_all,
)
from congso.directory.models import AdminUnit, Population

FIXTURES = Path(__file__).parent / "data"
COMMUNES_2023 = "admin-units/2023-gso-3level/xa_phuong.json"
MAP_2025 = "admin-units/2025-2level/full_json_generated_data_vn_units.json"
MERGES = "admin-units/2025-mapping/merges.json"
DISTRICTS_CSV = "population/census2019_district_population.csv"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _edit_json(path: Path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    # escaped: a lone surrogate cannot be written as UTF-8, only as \ud800
    path.write_text(json.dumps(data), encoding="utf-8")


def _rename_le_loi(data_dir: Path, name: str) -> None:
    _edit_json(data_dir / COMMUNES_2023, lambda d: d["16684"].update(name=name))


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("L" * 10_000, r"name: 10\.000 characters, at most 200 are allowed"),
        ("L" * 201, r"name: 201 characters, at most 200 are allowed"),
        ("Lê\x00Lợi", r"name: holds the control character \\x00 at position 3"),
        ("Lê\tLợi", r"name: holds the control character \\x09 at position 3"),
        ("Lê Lợi\ud800", r"name: holds the control character \\xd800 at position 7"),
    ],
)
def test_a_name_the_model_cannot_hold_names_file_and_record(data_dir: Path, name, problem):
    _rename_le_loi(data_dir, name)

    with pytest.raises(ImportFailed, match=rf"^xa_phuong\.json, record 16684 \(.*\): {problem}$"):
        import_units_all(data_dir)
    assert AdminUnit.objects.count() == 0


def test_the_record_of_a_long_name_is_named_in_a_few_words(data_dir: Path):
    _rename_le_loi(data_dir, "L" * 10_000)

    with pytest.raises(ImportFailed) as failed:
        import_units_2023(data_dir)

    assert len(str(failed.value)) < 200
    assert "record 16684 (LLLL" in str(failed.value)


def test_a_name_of_the_longest_allowed_length_is_stored_with_its_sort_key(data_dir: Path):
    # The derived sort key (four characters a letter and three more) fits every valid name.
    _rename_le_loi(data_dir, "L" * 200)

    import_units_2023(data_dir)

    assert AdminUnit.objects.get(code="16684").name == "L" * 200


def test_a_long_name_in_the_two_level_map_names_file_and_record(data_dir: Path):
    import_units_2023(data_dir)
    _edit_json(data_dir / MAP_2025, lambda d: d[1]["Wards"][0].update(Name="T" * 201))

    with pytest.raises(ImportFailed, match=r"^full_json.*json, record 16681 \(T+…\): name: 201"):
        import_units_2025(data_dir)
    assert not AdminUnit.objects.filter(valid_from__isnull=False).exists()


def test_a_control_character_in_an_old_unit_created_from_the_mapping_is_refused(data_dir: Path):
    def spoil(data):
        for commune in data["data"][1]["level2s"]:
            for old in commune["merges"]:
                if old["old_id"] == "16900":
                    old["name"] = "Xã Mới\x07Lập"

    _edit_json(data_dir / MERGES, spoil)

    with pytest.raises(ImportFailed, match=r"^merges\.json, record 16681 .*\\x07"):
        import_units_all(data_dir)
    assert AdminUnit.objects.count() == 0


def test_a_population_beyond_what_the_database_holds_names_file_and_row(data_dir: Path):
    import_units_2023(FIXTURES)
    path = data_dir / DISTRICTS_CSV
    huge = "1" * 30
    text = path.read_text(encoding="utf-8").replace("55031,33850,21181", f"{huge},{huge},0")
    path.write_text(text, encoding="utf-8")

    with pytest.raises(
        ImportFailed, match=r"^census2019_district_population\.csv, row 3: total: .* out of range"
    ):
        import_population(data_dir)
    assert not Population.objects.exists()


def test_the_command_tells_a_long_name_in_vietnamese_and_writes_nothing(data_dir: Path):
    _rename_le_loi(data_dir, "L" * 201)

    with translation.override("vi"), pytest.raises(CommandError) as failed:
        call_command("import_units", "all", "--dir", str(data_dir), "--no-progress")

    assert str(failed.value) == (
        f"xa_phuong.json, bản ghi 16684 ({'L' * 59}…): tên: 201 ký tự, tối đa 200 ký tự"
    )
    assert AdminUnit.objects.count() == 0
