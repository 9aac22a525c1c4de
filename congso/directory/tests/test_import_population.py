import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum

from congso.directory.importers import ImportFailed, import_population, import_units_2023
from congso.directory.models import Population

FIXTURES = Path(__file__).parent / "data"
DISTRICTS_CSV = "population/census2019_district_population.csv"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    import_units_2023(FIXTURES)
    return Path(shutil.copytree(FIXTURES, tmp_path / "data"))


def _figures() -> dict[str, int]:
    return dict(Population.objects.values_list("unit__code", "total"))


def test_population_is_attached_to_the_units_of_2023(data_dir: Path):
    report = import_population(data_dir)

    assert _figures() == {
        "02": 854_679,
        "08": 784_811,
        "40": 3_327_791,
        "412": 339_114,
        "413": 55_031,
        "419": 1_200,
    }
    vinh = Population.objects.get(unit__code="412")
    assert (vinh.year, vinh.urban, vinh.rural) == (2019, 211_534, 127_580)
    assert vinh.source == "Tổng điều tra dân số 01/04/2019"
    assert report.created == 6


def test_row_without_code_is_matched_by_province_and_name_or_reported(data_dir: Path):
    report = import_population(data_dir)

    assert [(c.code, c.name) for c in report.resolved] == [("419", "Huyện Đảo Mẫu")]
    assert "row 4" in report.resolved[0].resolution
    assert len(report.warnings) == 1
    assert "row 5" in report.warnings[0] and "Huyện Đã Nhập" in report.warnings[0]


def test_second_import_changes_nothing(data_dir: Path):
    import_population(data_dir)

    report = import_population(data_dir)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)


def test_changed_figure_is_updated(data_dir: Path):
    import_population(data_dir)
    path = data_dir / DISTRICTS_CSV
    text = path.read_text(encoding="utf-8").replace("339114,211534", "339115,211535")
    path.write_text(text, encoding="utf-8")

    report = import_population(data_dir)

    assert (report.created, report.updated) == (0, 1)
    assert _figures()["412"] == 339_115


def test_dry_run_writes_nothing(data_dir: Path):
    report = import_population(data_dir, dry_run=True)

    assert report.created == 6
    assert not Population.objects.exists()


def test_bad_number_names_the_file_and_row_and_writes_nothing(data_dir: Path):
    path = data_dir / DISTRICTS_CSV
    path.write_text(path.read_text(encoding="utf-8").replace("55031", "55O31"), encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"census2019_district_population\.csv, .*3.*55O31"):
        import_population(data_dir)
    assert not Population.objects.exists()


def test_duplicated_code_names_both_rows(data_dir: Path):
    path = data_dir / DISTRICTS_CSV
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "40,412,Tỉnh Nghệ An,Thành phố Vinh,1,1,0\n", encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"412.* 2 .* 6"):
        import_population(data_dir)


def test_missing_column_names_the_file(data_dir: Path):
    path = data_dir / "population/census2019_province_population.csv"
    path.write_text("province_code,province,total\n40,Tỉnh Nghệ An,3327791\n", encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"census2019_province_population\.csv: .*urban"):
        import_population(data_dir)


def test_command_reports_and_fails_cleanly(data_dir: Path, capsys):
    call_command("import_population", "--dir", str(data_dir), "--no-progress")
    assert "Huyện Đã Nhập" in capsys.readouterr().out

    (data_dir / DISTRICTS_CSV).write_text("nothing,here\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="district_code"):
        call_command("import_population", "--dir", str(data_dir), "--no-progress")


def test_census_of_the_whole_country():
    data_dir = Path(settings.CONGSO_DATA_DIR)
    if not (data_dir / "population").is_dir():
        pytest.skip(f"no real data in {data_dir}")
    import_units_2023(data_dir)

    report = import_population(data_dir)

    provinces = Population.objects.filter(unit__level=1)
    assert provinces.count() == 63
    assert provinces.aggregate(total=Sum("total"))["total"] == 96_208_984
    assert provinces.get(unit__code="40").total == 3_327_791
    # 700 districts with a code, 2 without matched by name, 10 gone before 2023 reported by row
    assert Population.objects.filter(unit__level=2).count() == 702
    assert len(report.resolved) == 2
    assert len(report.warnings) == 10
    assert all("census2019_district_population.csv, row " in w for w in report.warnings)
    assert any("row 556" in w and "Quận 9" in w for w in report.warnings)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("total", ["55031.0", "55031,0", "5,5031", "55.031,5", "-55031", "5.50.31"])
def test_a_total_that_is_not_a_whole_number_of_people_names_file_and_row(data_dir: Path, total):
    # "286102.0" used to lose its point and be stored as 2.861.020
    _replace(data_dir / DISTRICTS_CSV, "55031,33850", f'"{total}",33850')

    with pytest.raises(
        ImportFailed, match=r"^census2019_district_population\.csv, row 3: total is not a whole"
    ):
        import_population(data_dir)
    assert not Population.objects.exists()


def test_figures_grouped_by_thousands_are_still_read(data_dir: Path):
    _replace(data_dir / DISTRICTS_CSV, "55031,33850,21181", '"55.031","33.850","21 181"')

    import_population(data_dir)

    cua_lo = Population.objects.get(unit__code="413")
    assert (cua_lo.total, cua_lo.urban, cua_lo.rural) == (55_031, 33_850, 21_181)


def test_urban_and_rural_must_add_up_to_the_total(data_dir: Path):
    _replace(data_dir / DISTRICTS_CSV, "55031,33850,21181", "55031,33850,21180")

    with pytest.raises(
        ImportFailed,
        match=(
            r"^census2019_district_population\.csv, row 3: urban 33\.850 plus rural 21\.180 "
            r"is 55\.030, not the total 55\.031$"
        ),
    ):
        import_population(data_dir)
    assert not Population.objects.exists()


def test_a_part_alone_may_not_exceed_the_total(data_dir: Path):
    _replace(data_dir / DISTRICTS_CSV, "55031,33850,21181", "55031,60000,")

    with pytest.raises(ImportFailed, match=r"row 3: urban 60\.000 is more than the total 55\.031"):
        import_population(data_dir)
    assert not Population.objects.exists()


def test_a_missing_total_names_file_and_row(data_dir: Path):
    _replace(data_dir / DISTRICTS_CSV, "55031,33850,21181", ",33850,21181")

    with pytest.raises(ImportFailed, match=r"^census2019_district_population\.csv, row 3: total"):
        import_population(data_dir)


def test_the_command_fails_on_a_decimal_total_and_exits_with_an_error(data_dir: Path):
    _replace(data_dir / DISTRICTS_CSV, "339114,211534,127580", "339114.0,211534,127580")

    with pytest.raises(CommandError, match=r"census2019_district_population\.csv, row 2"):
        call_command("import_population", "--dir", str(data_dir), "--no-progress")
    assert not Population.objects.exists()
