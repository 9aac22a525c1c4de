"""How long each one-stop slip takes to make as PDF, and its size.

Run on a scratch database (it migrates it, adds a department and two communes once, and a
dossier each run)::

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/congso_onestop \\
        DEBUG=1 .venv/bin/python bench/bench_onestop_slips.py [--runs 20]

Prints, for each slip, the median wall time of ``slip_pdf`` over ``--runs`` runs (fonts
subset and embedded each time, as a download does), and the file's size; and the same for the
HTML print view rendered by the test client, for comparison.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402
from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    # fpdf2's font subsetting logs every glyph at INFO; the figures are what matters here.
    logging.disable(logging.INFO)

    from django.contrib.auth import get_user_model

    from congso.core.pdf import font_paths
    from congso.core.roles import ensure_roles
    from congso.onestop import services
    from congso.onestop.models import Dossier, Procedure
    from congso.onestop.slips import slip_pdf
    from congso.onestop.tests.factories import make_onestop
    from congso.testing.factories import ProvinceFactory
    from congso.testing.fixtures import make_department, make_two_districts

    if not Procedure.objects.filter(code="1.001").exists():
        province = ProvinceFactory(code="40", name="Nghệ An")
        make_onestop(ensure_roles(), make_department(province), make_two_districts(province))
    world = {
        "department_user": get_user_model().objects.get(username="motcua_so"),
        "procedure": Procedure.objects.get(code="1.001"),
    }
    user = world["department_user"]
    dossier = services.dossier_record(
        user=user,
        procedure=world["procedure"],
        data={
            "applicant_name": "Nguyễn Văn An",
            "identity_number": "040090001234",
            "phone": "0912345678",
            "address": "Xóm 1, xã Đà Sơn",
        },
        channel="desk",
    )
    services.dossier_request_supplement(user=user, dossier=dossier, items="Bản sao CCCD")
    dossier = services.dossier_supplement_received(user=user, dossier=dossier)
    services.dossier_step_complete(user=user, dossier=dossier)
    services.dossier_apologise(
        user=user, dossier=dossier, new_due=date(2099, 1, 5), reason="Cần xác minh"
    )
    dossier = Dossier.objects.select_related("procedure", "agency", "handler").get(pk=dossier.pk)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(f"font: {font_paths()[0]}")
    print(f"{'slip':<12}{'PDF ms':>10}{'PDF bytes':>12}{'HTML ms':>10}")
    for document in ("receipt", "supplement", "apology", "control"):
        times, size = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            size = len(slip_pdf(dossier, document))
            times.append(time.perf_counter() - started)
        html = []
        url = reverse("onestop_dossier_print", args=[dossier.pk, document])
        for _ in range(args.runs):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            html.append(time.perf_counter() - started)
        print(
            f"{document:<12}{statistics.median(times) * 1000:>10.1f}{size:>12,}"
            f"{statistics.median(html) * 1000:>10.1f}".replace(",", ".")
        )


if __name__ == "__main__":
    main()
