"""The CJK font for PDFs (reportlab) and charts (matplotlib), registered once on first use.

The bundled WenQuanYi Micro Hei (TrueType outlines) is embedded as a subset in every PDF, so an
offline Windows reader shows the text without any installed Chinese font. CFF-based fonts such as
Noto CJK are refused by reportlab, and the built-in CID fonts are not embedded (see MEASURED.md).
reportlab and matplotlib are imported inside the functions: nothing heavy at start-up.
"""

from __future__ import annotations

from functools import lru_cache

from vcadre.paths import font_path

PDF_FONT = "WQYMicroHei"
CHART_FAMILY = "WenQuanYi Micro Hei"


@lru_cache(maxsize=None)
def pdf_font() -> str:
    """Register the CJK font with reportlab (once) and return its name for styles/canvases."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_FONT, str(font_path()), subfontIndex=0))
    # Bold/italic map to the same face: the font has one weight, and a missing mapping would
    # make <b> in a Paragraph raise.
    from reportlab.lib.fonts import addMapping

    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(PDF_FONT, bold, italic, PDF_FONT)
    return PDF_FONT


@lru_cache(maxsize=None)
def chart_family() -> str:
    """Add the CJK font to matplotlib's font manager (once) and return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return CHART_FAMILY
