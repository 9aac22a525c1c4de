import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .factories import make_onestop


@pytest.fixture
def onestop(roles, department, two_districts):
    return make_onestop(roles, department, two_districts)


APPLICANT = {
    "applicant_name": "Nguyễn Văn An",
    "identity_number": "040090001234",
    "phone": "0912 345 678",
    "email": "an@example.vn",
    "address": "Xóm 1, xã Đà Sơn, Nghệ An",
    "consent": True,
}


def pdf(name="giay-to.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def uploads_for(procedure):
    return {d.pk: pdf(f"{d.pk}.pdf") for d in procedure.documents.all()}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ONESTOP_PRIVATE_ROOT = str(tmp_path / "private")
    settings.ONESTOP_SENDER = "congso.onestop.notify.MemorySender"
