"""The REST API of one-stop services, ``/api/v1/onestop/``, with its OpenAPI description at
``/api/v1/onestop/openapi.json``: the on-time statistics of the dossiers the caller's units
received, exactly as the statistics screen shows them. Systems authenticate with the same
tokens as the statistics API (``Authorization: Bearer cs_…``, issued in the back office),
people with their session."""

from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

# The platform has one kind of API token, kept with the statistics API that introduced it.
from congso.core.api_tokens import BearerTokenAuth

from .selectors import group_labels, on_time_statistics_for

#: the longest period one call may cover, in days
MAX_DAYS = 3660

api = NinjaAPI(
    title="Cổng số — dịch vụ công một cửa",
    version="1",
    description=(
        "Thống kê giải quyết hồ sơ thủ tục hành chính đúng hạn, trễ hạn, đang giải quyết, "
        "theo cơ quan, thủ tục, lĩnh vực, kênh nộp hoặc tháng, trong phạm vi đơn vị của người "
        "gọi. Xác thực bằng mã truy cập (Authorization: Bearer …) hoặc phiên đăng nhập."
    ),
    auth=[BearerTokenAuth(), django_auth],
    urls_namespace="onestop_api",
    docs_url=None,  # the interactive page loads its scripts from a CDN: the description suffices
)


class StatisticsFilter(Schema):
    start: date
    end: date
    group_by: Literal["agency", "procedure", "field", "channel", "month", "all"] = "agency"


class OnTimeOut(Schema):
    key: str | None
    label: str
    received: int
    on_time: int
    late: int
    open_within: int
    open_late: int
    supplement: int
    refused: int
    fully_online: int
    on_time_share: float | None
    online_share: float | None


class StatisticsOut(Schema):
    start: date
    end: date
    group_by: str
    rows: list[OnTimeOut]


@api.get(
    "/on-time-statistics",
    response=StatisticsOut,
    summary="On-time statistics of dossiers",
    description=(
        "Hồ sơ tiếp nhận từ ngày start đến ngày end (kể cả hai ngày): đã tiếp nhận, giải "
        "quyết đúng hạn và trễ hạn (so với ngày hẹn đang có hiệu lực, kể cả ngày hẹn lại sau "
        "phiếu xin lỗi), đang giải quyết trong hạn và quá hạn, trả lại để bổ sung, từ chối, "
        "giải quyết trực tuyến toàn trình."
    ),
)
def on_time_statistics(request, filters: Query[StatisticsFilter]):
    if not request.user.has_perm("onestop.view_dossier"):
        raise HttpError(403, _("You do not have permission to do this."))
    if filters.end < filters.start:
        raise HttpError(400, _("The end date must not be before the start date."))
    if (filters.end - filters.start).days > MAX_DAYS:
        raise HttpError(400, _("Ask for ten years at most."))
    rows = on_time_statistics_for(
        request.user, start=filters.start, end=filters.end, group_by=filters.group_by
    )
    labels = group_labels(filters.group_by, [row.key for row in rows])
    return {
        "start": filters.start,
        "end": filters.end,
        "group_by": filters.group_by,
        "rows": [
            {
                "key": None if row.key is None else str(row.key),
                "label": str(labels.get(row.key, row.key) if row.key is not None else _("All")),
                "received": row.received,
                "on_time": row.on_time,
                "late": row.late,
                "open_within": row.open_within,
                "open_late": row.open_late,
                "supplement": row.supplement,
                "refused": row.refused,
                "fully_online": row.fully_online,
                "on_time_share": row.on_time_share,
                "online_share": row.online_share,
            }
            for row in rows
        ],
    }
