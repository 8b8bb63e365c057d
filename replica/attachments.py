"""The replica's attachment files, made by the libraries that read them: PDF (also a scan with
no text layer), DOCX, XLSX, OFD, a ZIP of them, and DOC/WPS/XLS converted by LibreOffice."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

FIXED_TIME = datetime(2026, 1, 1)
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "wps": "application/kswps",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
    "zip": "application/zip",
}
_LEGACY = {"doc": ("docx", "doc"), "wps": ("docx", "doc"), "xls": ("xlsx", "xls")}
_OFD_NS = "http://www.ofdspec.org/2016"
_CONVERTING = threading.Lock()


def media_type(filename: str) -> str:
    return MEDIA_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def attachment_lines(title: str, name: str, filename: str, edition: int) -> tuple[str, ...]:
    """What an attachment says: its name, the policy it belongs to, a list of devices, and
    from the second edition on, the correction that replaced it."""
    stem = filename.rsplit(".", 1)[0]
    lines = [
        name.rsplit(".", 1)[0],
        f"（{title}）",
        f"附件编号{stem}",
        "序号\t产品名称\t管理类别\t备注",
        "1\t医用磁共振成像设备\t第三类\t创新产品",
        "2\t一次性使用无菌注射器\t第三类\t集中带量采购",
        "3\t医用电子体温计\t第二类\t",
    ]
    if edition > 1:
        lines.append(f"更正说明：第{edition}版删去原第3项，增补4\t便携式超声诊断仪\t第二类")
    return tuple(lines)


@lru_cache(maxsize=256)
def attachment_file(filename: str, lines: tuple[str, ...], *, scanned: bool = False) -> bytes:
    """The bytes of `filename` (its extension is its format) showing `lines`; the same bytes
    every time, so that only a real edit looks like a replaced file."""
    kind = filename.rsplit(".", 1)[-1].lower()
    if kind == "pdf":
        return scanned_pdf(lines) if scanned else pdf(lines)
    if kind in _LEGACY:
        return legacy_file(kind, lines)
    if kind == "zip":
        stem = filename.rsplit(".", 1)[0]
        return zip_of({f"{stem}-正文.pdf": pdf(lines), f"{stem}-表格.xlsx": xlsx(lines)})
    return _MAKERS[kind](lines)


def pdf(lines: Sequence[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    sheet = canvas.Canvas(out, invariant=1)
    sheet.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        if y < 60:
            sheet.showPage()
            sheet.setFont("STSong-Light", 12)
            y = 800
        sheet.drawString(60, y, line.replace("\t", "  "))
        y -= 22
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def scanned_pdf(lines: Sequence[str]) -> bytes:
    """A page that is one picture of printed lines, as a scanner makes: no text to extract."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (595, 842), 245)
    draw = ImageDraw.Draw(picture)
    for row, line in enumerate(lines):
        draw.rectangle((60, 60 + row * 22, 60 + 9 * len(line), 72 + row * 22), fill=40)
    out = io.BytesIO()
    sheet = canvas.Canvas(out, invariant=1)
    sheet.drawImage(ImageReader(picture), 0, 0, width=595, height=842)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def docx(lines: Sequence[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    prose = [line for line in lines if "\t" not in line]
    rows = [line.split("\t") for line in lines if "\t" in line]
    for line in prose:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=max(len(row) for row in rows))
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return _fixed_times(out.getvalue())


def xlsx(lines: Sequence[str]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED_TIME
    sheet = book.active
    sheet.title = "清单"
    for line in lines:
        sheet.append(line.split("\t"))
    out = io.BytesIO()
    book.save(out)
    return _fixed_times(out.getvalue())


def ofd(lines: Sequence[str]) -> bytes:
    """An OFD package (GB/T 33190): OFD.xml, the document, one page of text objects."""
    objects = "".join(
        f'<ofd:TextObject ID="{n + 10}" Boundary="20 {20 + n * 8} 170 8" Font="2" Size="4.2">'
        f'<ofd:TextCode X="0" Y="6">{escape(line.replace(chr(9), "  "))}</ofd:TextCode>'
        "</ofd:TextObject>"
        for n, line in enumerate(lines)
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    parts = {
        "OFD.xml": f'{head}<ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>replica</ofd:DocID></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'{head}<ofd:Document xmlns:ofd="{_OFD_NS}">'
        "<ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea>"
        "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
        '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>'
        "</ofd:Document>",
        "Doc_0/Pages/Page_0/Content.xml": f'{head}<ofd:Page xmlns:ofd="{_OFD_NS}">'
        f'<ofd:Content><ofd:Layer ID="3">{objects}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    return zip_of({name: text.encode() for name, text in parts.items()})


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def legacy_file(kind: str, lines: tuple[str, ...]) -> bytes:
    """A DOC, WPS or XLS file showing `lines`, converted by LibreOffice (Debian's
    libreoffice-writer/calc-nogui) and cached on disk; without LibreOffice the DOCX or XLSX
    itself, as sites serve a DOCX named .doc."""
    return convert_all([(kind, lines)])[0]


def prepare(files: Sequence[tuple[str, tuple[str, ...]]]) -> None:
    """Convert every legacy-format file of `files` (filename, lines) not cached yet, in one
    LibreOffice run per format, so that serving them later is a cache read."""
    convert_all(
        [
            (kind, lines)
            for filename, lines in files
            if (kind := filename.rsplit(".", 1)[-1].lower()) in _LEGACY
        ]
    )


def convert_all(files: Sequence[tuple[str, tuple[str, ...]]]) -> list[bytes]:
    """Each (format, lines) made and converted, one LibreOffice run per target format for
    those not cached yet; one conversion at a time in this process."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return [_MAKERS[_LEGACY[kind][0]](lines) for kind, lines in files]
    cached = [_cached(kind, lines) for kind, lines in files]
    with _CONVERTING:
        missing = {
            path: item for path, item in zip(cached, files, strict=True) if not path.exists()
        }
        for target in sorted({_LEGACY[kind][1] for kind, _lines in missing.values()}):
            chosen = {p: item for p, item in missing.items() if _LEGACY[item[0]][1] == target}
            _convert(soffice, chosen, target)
    return [path.read_bytes() for path in cached]


def _cached(kind: str, lines: tuple[str, ...]) -> Path:
    source, target = _LEGACY[kind]
    key = hashlib.sha256("\n".join((source, target, *lines)).encode()).hexdigest()
    return _cache_dir() / f"{key}.{target}"


def _convert(soffice: str, files: dict[Path, tuple[str, tuple[str, ...]]], target: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        given = []
        for path, (kind, lines) in files.items():
            source = _LEGACY[kind][0]
            given.append(Path(work, f"{path.stem}.{source}"))
            given[-1].write_bytes(_MAKERS[source](lines))
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
             "--convert-to", target, "--outdir", f"{work}/out", *map(str, given)],
            capture_output=True, timeout=600, check=True,
        )  # fmt: skip
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(Path(work, "out", f"{path.stem}.{target}").read_bytes())
            partial.replace(path)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "policywatch", "replica-attachments")


def _fixed_times(data: bytes) -> bytes:
    """The archive again with every member dated FIXED_TIME (writers stamp the current time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return zip_of({info.filename: archive.read(info) for info in archive.infolist()})


_MAKERS = {"docx": docx, "xlsx": xlsx, "ofd": ofd, "pdf": pdf}
