"""Attachment text extraction: speed (pages per second) per format, and coverage (the share of
the replica's attachments whose text is read), over every file the replica serves."""

from __future__ import annotations

import time
from collections import defaultdict

from crawler.attachment_text import OK, extract_text
from replica import corpus
from replica.attachments import attachment_file, attachment_lines, pdf
from replica.sites.most import prepare_attachment_files

LINES_PER_PAGE = 35
LONG_PDF_PAGES = 50


def served() -> dict[tuple[str, int], tuple[bytes, str]]:
    """Every distinct file (name, edition) of every day, with its format."""
    files = {}
    for day in range(corpus.LAST_DAY + 1):
        for column in corpus.COLUMNS:
            for doc in corpus.documents(column, day):
                for item in doc.attachments:
                    lines = attachment_lines(doc.title, item.name, item.path, item.edition)
                    data = attachment_file(item.path, lines, scanned=item.scanned)
                    kind = item.path.rsplit(".", 1)[1]
                    files[(item.path, item.edition)] = (data, kind + "-scan" * item.scanned)
    return files


def main() -> None:
    prepare_attachment_files()
    files = served()
    pages: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    read: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for data, kind in files.values():
        start = time.perf_counter()
        found = extract_text(data, kind.removesuffix("-scan"))
        seconds[kind] += time.perf_counter() - start
        pages[kind] += found.pages
        count[kind] += 1
        read[kind] += found.status == OK
    print(f"{'format':10} {'files':>5} {'with text':>9} {'pages/s':>8}")
    for kind in sorted(count):
        print(f"{kind:10} {count[kind]:5} {read[kind]:9} {pages[kind] / seconds[kind]:8.0f}")
    total = sum(count.values())
    print(f"coverage: {sum(read.values())}/{total} = {sum(read.values()) / total:.0%} with text")
    print(f"all: {sum(pages.values()) / sum(seconds.values()):.0f} pages/s")
    lines = attachment_lines("关于印发《测试办法》的通知", "附件1：测试.pdf", "P01.pdf", 1)
    long_pdf = pdf(lines * (LONG_PDF_PAGES * LINES_PER_PAGE // len(lines)))
    start = time.perf_counter()
    found = extract_text(long_pdf, "pdf")
    elapsed = time.perf_counter() - start
    print(f"a {found.pages}-page PDF: {found.pages / elapsed:.0f} pages/s")


if __name__ == "__main__":
    main()
