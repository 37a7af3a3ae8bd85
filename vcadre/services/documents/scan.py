"""Reading certificate QR codes from a scan or photo (扫描件识别).

Decoder: zxing-cpp (``zxingcpp``), chosen over zbar (``pyzbar``) and OpenCV's QRCodeDetector by
measurement (docs/documents.md, ``bench/qr_decoders.py``): on a certificate page rendered at
100–300 dpi it read every code, also after rotation, blur, noise and JPEG at quality 40, where
zbar missed codes below 200 dpi and OpenCV missed most; it was 7–10× faster than zbar and
30–50× faster than OpenCV; its wheels carry the decoder (1 MB on Windows, no system library,
unlike pyzbar on Linux), and PyInstaller bundles it like any extension module.

Images: whatever Pillow opens (PNG, JPEG, TIFF, BMP …); PDF scans (what office scanners often
save) are rendered page by page with PDFium (``pypdfium2``) at 200 dpi.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from vcadre.services.documents.certificate_code import PREFIX
from vcadre.store import ioerrors

#: Pages of a PDF scan looked at (a certificate is one page; a batch scan may hold several).
MAX_PDF_PAGES = 20
PDF_DPI = 200


class ScanError(ValueError):
    """The file cannot be read, or holds no certificate code (``str()`` is Chinese)."""


def _images(path: Path) -> Iterator[object]:
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
        except Exception as exc:  # pypdfium2 raises its own PdfiumError
            raise ScanError(f"无法读取 PDF 文件“{path.name}”：文件可能已损坏。") from exc
        try:
            for i in range(min(len(pdf), MAX_PDF_PAGES)):
                yield pdf[i].render(scale=PDF_DPI / 72, grayscale=True).to_pil()
        finally:
            pdf.close()
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.load()
            yield img.convert("L")
    except UnidentifiedImageError:
        raise ScanError(f"无法识别图片文件“{path.name}”（支持 PNG、JPEG、TIFF、BMP 和 PDF）。") from None
    except OSError as exc:
        raise ScanError(f"无法读取文件“{path.name}”：{ioerrors.reason(exc)}。") from None


def decode_texts(image: object) -> list[str]:
    """Texts of every QR code found in a Pillow image (or anything zxing-cpp reads)."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) if r.valid]


def certificate_codes(path: Path | str) -> list[str]:
    """The certificate codes (``VC1:…``) in a scan, in reading order; raises :class:`ScanError`
    when the file cannot be read or has no QR code of ours."""
    path = Path(path)
    if not path.exists():
        raise ScanError(f"文件“{path}”不存在。")
    found: list[str] = []
    other = 0
    for image in _images(path):
        for text in decode_texts(image):
            if text.startswith(PREFIX):
                if text not in found:
                    found.append(text)
            else:
                other += 1
    if not found:
        if other:
            raise ScanError(f"“{path.name}”中的二维码不是本系统签发的证书二维码。")
        raise ScanError(f"在“{path.name}”中没有找到二维码。请扫描证书右下角的二维码（建议 200 dpi 以上），"
                        "或直接输入证书编号核验。")
    return found
