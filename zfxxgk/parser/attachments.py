"""PDF and Word attachments: what kind of document some bytes are, and the front end that reads them.

The kind is decided by the bytes, never by a file name (:func:`document_kind`): ``%PDF-`` → PDF
(:mod:`zfxxgk.parser.pdf`), a ZIP archive → Word ``.docx`` when it holds ``word/document.xml``
(:mod:`zfxxgk.parser.word`), an OLE2 compound file (``D0 CF 11 E0``: ``.doc``, ``.wps``, ``.xls``)
→ a :class:`~zfxxgk.errors.ReportError` asking for ``.docx`` or PDF.  The pieces both readers
share are in :mod:`zfxxgk.parser.documents`.
"""

from __future__ import annotations

from .. import patterns
from ..errors import ReportError
from .blocks import Document

#: A PDF or Word file larger than this is refused (bytes).  Not the text limit: a PDF of a few MB
#: is normal, and the text extracted from it is held to ``Parser(max_size=…)`` as any other text.
MAX_DOCUMENT_SIZE = 200_000_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_OBJECT = patterns.compile(rb"(?:^|[\r\n])\d{1,7} \d{1,5} obj\b")


def document_kind(data: bytes) -> str | None:
    """``"pdf"``, ``"zip"`` (a ``.docx`` if it holds ``word/document.xml``), ``"ole2"`` or ``None`` (text)."""
    head = bytes(data[:1024])
    if head.startswith(_OLE2):
        return "ole2"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if b"%PDF-" in head:  # the header may follow a few bytes of junk; readers allow 1 KB
        return "pdf"
    if b"%%EOF" in data[-2048:] and _PDF_OBJECT.search(head):
        return "pdf"  # its header damaged (``%DF-1.4``), its body a PDF's: objects, the end-of-file marker
    return None


def read_document(data: bytes, kind: str) -> Document:
    """The front end for a document of ``kind`` (from :func:`document_kind`)."""
    if len(data) > MAX_DOCUMENT_SIZE:
        raise ReportError(f"document is {len(data):,} bytes, over the limit of {MAX_DOCUMENT_SIZE:,}")
    if kind == "ole2":
        raise ReportError("this is an old binary Office/WPS file (.doc, .wps, .xls …), which zfxxgk does not read: "
                          "save it as .docx or PDF first (Word/WPS: 另存为 .docx, or print to PDF)")
    # imported here: a text report needs neither reader (pdfminer, zipfile: a faster cold start)
    if kind == "pdf":
        from .pdf import pdf_document

        return pdf_document(data)
    if kind == "zip":
        from .word import docx_document

        return docx_document(data)
    raise ReportError(f"unknown document kind {kind!r}")
