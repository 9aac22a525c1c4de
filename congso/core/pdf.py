"""PDF documents with Vietnamese text: fpdf2 with a serif font that has every Vietnamese letter.

The built-in PDF fonts have none, and neither has Liberation Serif 1.x (Debian's
``fonts-liberation``): it lacks ơ, ư and the letters with two marks (ộ, ở, ậ…), which fpdf2
then drops. So the first installed family that covers them is used: Liberation Serif 2
(``fonts-liberation2``, metric-compatible with Times New Roman, the font of administrative
documents), else DejaVu Serif (``fonts-dejavu-core``); Liberation Serif 1 only as a last
resort."""

import os
from functools import cache

#: (regular, bold, italic) of each candidate family, best first
FAMILIES = (
    tuple(
        f"/usr/share/fonts/truetype/liberation2/LiberationSerif-{s}.ttf"
        for s in ("Regular", "Bold", "Italic")
    ),
    tuple(f"/usr/share/fonts/truetype/dejavu/DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic")),
    tuple(
        f"/usr/share/fonts/truetype/liberation/LiberationSerif-{s}.ttf"
        for s in ("Regular", "Bold", "Italic")
    ),
)
#: the family name documents set with ``pdf.set_font(FAMILY, style, size)``
FAMILY = "TNR"
VIETNAMESE_SAMPLE = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"


def covers_vietnamese(path: str) -> bool:
    from fontTools.ttLib import TTFont

    cmap = TTFont(path, lazy=True).getBestCmap()
    sample = VIETNAMESE_SAMPLE + VIETNAMESE_SAMPLE.upper()
    return all(ord(letter) in cmap for letter in sample)


@cache
def font_paths() -> tuple[str, str, str] | None:
    """The (regular, bold, italic) files of the best installed family; None if none is."""
    installed = [paths for paths in FAMILIES if all(os.path.exists(p) for p in paths)]
    for paths in installed:
        if covers_vietnamese(paths[0]):
            return paths
    return installed[0] if installed else None


def pdf_available() -> bool:
    return font_paths() is not None


def add_fonts(pdf) -> None:
    """Register the family (regular, bold, italic) on an ``FPDF`` as :data:`FAMILY`."""
    for style, path in zip(("", "B", "I"), font_paths(), strict=True):
        pdf.add_font(FAMILY, style, path)
