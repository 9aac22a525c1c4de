"""The worker writes the quarterly report a user asked for (``congso worker``); the request
says when it is ready and holds the files."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from congso.core.actors import SYSTEM


@task(queue_name="default")
def write_report(request_id: int) -> str:
    from . import report
    from .models_analytics import ReportRequest

    request = ReportRequest.objects.select_related("signer").get(pk=request_id)
    request.status = ReportRequest.Status.RUNNING
    request.save(update_fields=["status"])
    user = (
        get_user_model().objects.filter(pk=request.requested_by_id).first()
        if request.requested_by_id
        else None
    ) or SYSTEM
    try:
        board = report.build_board(user, request.period)
        name = f"bao-cao-{request.period}-{request.pk}"
        signer = request.signer
        request.docx.save(
            f"{name}.docx",
            ContentFile(report.write_docx(board, request.number, signer=signer)),
            save=False,
        )
        pdf = report.write_pdf(board, request.number, signer=signer)
        if pdf is not None:
            request.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        request.status = ReportRequest.Status.DONE
    except Exception as exc:  # the user sees that it failed and why; the worker goes on
        request.status = ReportRequest.Status.FAILED
        request.error = str(exc)[:2000]
    request.finished = timezone.now()
    request.save()
    return request.status
