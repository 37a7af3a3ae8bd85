"""The CJK font for PDFs (reportlab) and charts (matplotlib), registered once on first use.

The bundled WenQuanYi Micro Hei (TrueType outlines) is embedded as a subset in every PDF, so an
offline Windows reader shows the text without any installed Chinese font. CFF-based fonts such as
Noto CJK are refused by reportlab, and the built-in CID fonts are not embedded (see MEASURED.md).
reportlab and matplotlib are imported inside the functions: nothing heavy at start-up.

Official documents (certificates, record forms) use the bundled Kai and Song faces (AR PL UKai /
UMing, see ``resources/fonts/README.md``): :func:`kai_font`, :func:`song_font`. A string with a
character the chosen face lacks goes to a bundled face that has it (:func:`face_for`).
"""

from __future__ import annotations

from functools import lru_cache

from vcadre.paths import font_path, kai_font_path, song_font_path

PDF_FONT = "WQYMicroHei"
KAI_FONT = "ARPLUKaiCN"
SONG_FONT = "ARPLUMingCN"
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


def _register_single(name: str, path) -> str:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


@lru_cache(maxsize=None)
def kai_font() -> str:
    """AR PL UKai CN (楷体), registered with reportlab once; for certificate bodies."""
    return _register_single(KAI_FONT, kai_font_path())


@lru_cache(maxsize=None)
def song_font() -> str:
    """AR PL UMing CN (宋体/明体), registered with reportlab once; for titles and forms."""
    return _register_single(SONG_FONT, song_font_path())


def _has_all(font: str, text: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    return all(ord(ch) in glyphs for ch in text if not ch.isspace())


def face_for(text: str, preferred: str) -> str:
    """``preferred`` if it has every character of ``text``, else the first bundled face that
    does (Song, Kai, WenQuanYi), else ``preferred`` (the missing character prints as a box)."""
    if _has_all(preferred, text):
        return preferred
    for other in (song_font(), kai_font(), pdf_font()):
        if other != preferred and _has_all(other, text):
            return other
    return preferred
