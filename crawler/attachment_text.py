"""The text of an attachment file: PDF, Word, WPS, spreadsheet, OFD, or a ZIP of those."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from lxml import etree

OK = "ok"
NO_TEXT_LAYER = "no_text_layer"
UNSUPPORTED = "unsupported"
FAILED = "failed"
REFUSED = "refused"

MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 500
MAX_ROWS = 20_000
ZIP_MAX_MEMBERS = 50
ZIP_MAX_TOTAL = 64 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_DEPTH = 2
ANTIWORD_TIMEOUT = 30
_UTF8_NAMES = 0x800
_OFD_NS = "{http://www.ofdspec.org/2016}"
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Extracted:
    """What reading one file gave: its text, how it went (`ok`, `no_text_layer`, `unsupported`,
    `failed`, `refused`), its page count where the format has pages (else 1), and why not."""

    text: str
    status: str
    pages: int = 1
    error: str | None = None


def extract_text(data: bytes, kind: str | None, *, depth: int = 0) -> Extracted:
    """The text of a file of type `kind` (an extension: `pdf`, `docx` …); never raises."""
    reader = _READERS.get(_sniffed(data, kind))
    if reader is None:
        return Extracted("", UNSUPPORTED, error=f"no text reader for {kind or 'unknown'} files")
    try:
        found = reader(data, depth)
    except Exception as error:  # a crawled file is untrusted: any parser failure is a flag
        return Extracted("", FAILED, error=f"{type(error).__name__}: {error}"[:500])
    return Extracted(found.text[:MAX_TEXT_CHARS], found.status, found.pages, found.error)


def _sniffed(data: bytes, kind: str | None) -> str | None:
    """The format from the bytes where they tell (sites mislabel files), else the extension."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return kind
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls" if kind in ("xls", "et") else "doc"
    return kind


def _pdf(data: bytes, _depth: int) -> Extracted:
    import pypdfium2

    with _PDFIUM:
        return _pdf_pages(pypdfium2.PdfDocument(data))


def _pdf_pages(document: Any) -> Extracted:
    """The text of each page (the first MAX_PDF_PAGES); PDFium is not thread-safe, the caller
    holds _PDFIUM."""
    try:
        texts = []
        for number in range(min(len(document), MAX_PDF_PAGES)):
            page = document[number]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    text = "\n".join(_lines(page) for page in texts).strip()
    return Extracted(text, OK if text else NO_TEXT_LAYER, pages=len(texts))


def _docx(data: bytes, _depth: int) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return _found("\n".join(lines))


def _xlsx(data: bytes, _depth: int) -> Extracted:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines = []
        for sheet in book.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(max_row=MAX_ROWS, values_only=True):
                cells = ["" if value is None else str(value) for value in row]
                if any(cells):
                    lines.append("\t".join(cells).rstrip())
    finally:
        book.close()
    return _found("\n".join(lines), pages=len(book.worksheets))


def _xls(data: bytes, _depth: int) -> Extracted:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    lines = []
    for sheet in book.sheets():
        lines.append(sheet.name)
        for number in range(min(sheet.nrows, MAX_ROWS)):
            cells = [str(value) for value in sheet.row_values(number)]
            if any(cells):
                lines.append("\t".join(cells).rstrip())
    return _found("\n".join(lines), pages=book.nsheets)


def _doc(data: bytes, _depth: int) -> Extracted:
    """Word 97-2003 and WPS files (WPS Office writes the same format) through Debian's antiword."""
    antiword = shutil.which("antiword")
    if antiword is None:
        return Extracted("", UNSUPPORTED, error="antiword is not installed (make attachments)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(data)
        file.flush()
        done = subprocess.run(
            [antiword, "-m", "UTF-8.txt", "-w", "0", file.name],
            capture_output=True,
            timeout=ANTIWORD_TIMEOUT,
            check=False,
        )
    if done.returncode != 0:
        return Extracted("", FAILED, error=done.stderr.decode("utf-8", "replace").strip()[:500])
    return _found(done.stdout.decode("utf-8", "replace"))


def _ofd(data: bytes, _depth: int) -> Extracted:
    """OFD (GB/T 33190): a zip of XML; the text is the TextCode elements of each page, in the
    order the document's page list gives."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = _xml(archive, "OFD.xml")
    texts = []
    for doc_root in root.iter(f"{_OFD_NS}DocRoot"):
        document_path = PurePosixPath(doc_root.text.strip().lstrip("/"))
        document = _xml(archive, str(document_path))
        for page in document.iter(f"{_OFD_NS}Page"):
            content = document_path.parent / page.get("BaseLoc", "").lstrip("/")
            page_xml = _xml(archive, str(content))
            objects = page_xml.iter(f"{_OFD_NS}TextObject")
            texts.append("\n".join(_ofd_line(text_object) for text_object in objects))
    text = "\n".join(texts).strip()
    return Extracted(text, OK if text else NO_TEXT_LAYER, pages=len(texts))


def _ofd_line(text_object: etree._Element) -> str:
    return "".join(code.text or "" for code in text_object.iter(f"{_OFD_NS}TextCode"))


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(archive.read(name), parser)


def _zip(data: bytes, depth: int) -> Extracted:
    """Each member of a known type, read in turn, nested archives too, within limits: a
    member count, a total unpacked size, a compression ratio (zip bombs) and a depth; a
    member named outside the archive (`../`, absolute) is refused."""
    from crawler.extract import attachment_type

    if depth >= ZIP_MAX_DEPTH:
        return Extracted("", REFUSED, error=f"archives nested deeper than {ZIP_MAX_DEPTH}")
    members = [info for info in zipfile.ZipFile(io.BytesIO(data)).infolist() if not info.is_dir()]
    if refusal := _zip_refusal(members):
        return Extracted("", REFUSED, error=refusal)
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts, statuses, pages = [], [], 0
    for info in members:
        name = _member_name(info)
        found = extract_text(archive.read(info), attachment_type(name), depth=depth + 1)
        statuses.append(found.status)
        pages += found.pages
        if found.text:
            parts.append(f"【{name}】\n{found.text}")
    text = "\n\n".join(parts)
    if text:
        return Extracted(text, OK, pages=pages)
    status = next((s for s in (REFUSED, NO_TEXT_LAYER) if s in statuses), UNSUPPORTED)
    return Extracted("", status, pages=pages, error="no member of the archive has text")


def _zip_refusal(members: list[zipfile.ZipInfo]) -> str | None:
    if len(members) > ZIP_MAX_MEMBERS:
        return f"{len(members)} members, over {ZIP_MAX_MEMBERS}"
    if sum(info.file_size for info in members) > ZIP_MAX_TOTAL:
        return f"unpacks to over {ZIP_MAX_TOTAL} bytes"
    for info in members:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            return f"member {info.filename!r} points outside the archive"
        if info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            return f"member {info.filename!r} is compressed over {ZIP_MAX_RATIO} times"
    return None


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; Chinese archivers write GBK names without the UTF-8 flag."""
    if info.flag_bits & _UTF8_NAMES:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _found(text: str, pages: int = 1) -> Extracted:
    text = text.strip()
    return Extracted(text, OK if text else NO_TEXT_LAYER, pages=pages)


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))


_READERS: dict[str, Callable[[bytes, int], Extracted]] = {
    "pdf": _pdf,
    "docx": _docx,
    "xlsx": _xlsx,
    "xls": _xls,
    "et": _xls,
    "doc": _doc,
    "wps": _doc,
    "ofd": _ofd,
    "zip": _zip,
}
