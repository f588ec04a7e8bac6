"""A damaged PDF never loses values in silence (findings F8, F12 of benchmarks/score_findings.py).

pdfminer reads a content stream that does not decode as empty or short, a misspelt key as absent, and
says nothing.  The damage here is made by a script on the generated fixtures of
tests/make_documents.py (distinct numbers in every cell of 三 and 四: ``pdf_000_numbers.pdf``; seed
002's report: ``pdf_002_ruled.pdf``, and the same built with raw binary Flate streams, as most
producers write them): the byte or key to damage is found through the PDF's own structure (the
content stream of page N, its dictionary, the page's), never at an offset of one file.  Each time,
every value the undamaged file gives is either placed with the same value, in a diagnostic's cells,
or on a page an ``error`` ``damaged-pdf`` names.
"""

from __future__ import annotations

import io
import random
import re

import pytest

import zfxxgk

from conftest import FIXTURES

DOCS = FIXTURES / "documents"


@pytest.fixture(scope="module")
def raw_flate(tmp_path_factory) -> bytes:
    """Seed 002's ruled PDF, its streams binary Flate (no ASCII85 layer)."""
    from reportlab import rl_config

    import make_documents

    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        path = tmp_path_factory.mktemp("pdf") / "raw.pdf"
        make_documents.build_pdf(path, "002")
        return path.read_bytes()
    finally:
        rl_config.useA85 = saved


@pytest.fixture(scope="module")
def clean():
    cache: dict[bytes, dict] = {}

    def get(data: bytes) -> dict:
        """Value key → (value, page) as the undamaged file gives them."""
        if data not in cache:
            cache[data] = {(t, i, r, c): (cell.value, cell.page) for t, i, r, c, cell in zfxxgk.parse(data).cells()}
        return cache[data]

    return get


def _document(name: str) -> bytes:
    return (DOCS / name).read_bytes()


def _content_streams(data: bytes) -> list[int]:
    """The object id of each page's (first) content stream, in page order."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        refs = [p.page_obj.attrs["Contents"] for p in pdf.pages]
    return [(r[0] if isinstance(r, list) else r).objid for r in refs]


def _object(data: bytes, objid: int) -> re.Match:
    m = re.search(rb"(?:^|[\r\n])%d 0 obj\b" % objid, data)
    assert m is not None, f"object {objid} not found"
    return m


def _stream_data(data: bytes, objid: int) -> tuple[int, int]:
    """``[start, end)`` of a stream object's data."""
    at = _object(data, objid).end()
    start = data.index(b"stream", at) + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1
    return start, data.index(b"endstream", start)


def _page_object(data: bytes, n: int) -> tuple[int, int]:
    """``[start, end)`` of page ``n``'s (1-based) dictionary: the n-th object of ``/Type /Page``."""
    pages = [m for m in re.finditer(rb"\d+ 0 obj\s*<<", data)
             if re.search(rb"/Type\s*/Page\b", data[m.end():data.index(b"endobj", m.end())])]
    m = pages[n - 1]
    return m.start(), data.index(b"endobj", m.end())


def _damage(data: bytes, at: int, kind: str) -> bytes:
    if kind == "drop":
        return data[:at] + data[at + 1:]
    if kind == "insert":
        return data[:at] + b"\xa7" + data[at:]
    return data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1:]


def _replace_in(data: bytes, span: tuple[int, int], old: bytes, new: bytes) -> bytes:
    start, end = span
    at = data.index(old, start, end)
    return data[:at] + new + data[at + len(old):]


def _accounted(report, truth: dict) -> list[str]:
    """Values of ``truth`` placed with another value, or neither placed, nor in a diagnostic's cells,
    nor on a page (or in a page tree) an error says could not be read whole."""
    placed = {(t, i, r, c): cell.value for t, i, r, c, cell in report.cells()}
    unread = {d.page for d in report.diagnostics if d.severity == "error" and d.code in ("damaged-pdf", "no-text-layer")}
    kept = [c.raw for d in report.diagnostics for c in d.cells]
    bad = []
    for key, (value, page) in truth.items():
        if unread & {None, page}:
            continue
        if key in placed:
            if placed[key] != value:
                bad.append(f"{key} = {placed[key]} (printed {value}, page {page})")
        elif not any(str(abs(value)) in raw for raw in kept if raw):
            bad.append(f"{key} = {value} (page {page}) lost")
    return bad


@pytest.mark.parametrize("kind", ["drop", "flip", "insert"])
@pytest.mark.parametrize("which", ["pdf_000_numbers.pdf", "pdf_002_ruled.pdf", "raw_flate"])
def test_a_damaged_content_stream_is_an_error_naming_its_page(which, kind, raw_flate, clean):
    data = raw_flate if which == "raw_flate" else _document(which)
    streams = _content_streams(data)
    page = len(streams) // 2 + 1  # a page in the middle: the pages before and after it are read
    start, end = _stream_data(data, streams[page - 1])
    report = zfxxgk.parse(_damage(data, (start + end) // 2, kind))
    (error,) = [d for d in report.diagnostics if d.code == "damaged-pdf" and d.severity == "error"]
    assert error.page == page
    assert f"page {page} of {len(streams)} cannot be read whole" in error.message
    assert _accounted(report, clean(data)) == []
    placed = {p for *_, cell in report.cells() for p in [cell.page]}
    assert placed - {page}, "the other pages are read"
    with pytest.raises(zfxxgk.ReportError, match=f"page {page} of"):
        zfxxgk.parse(_damage(data, (start + end) // 2, kind), strict=True)


@pytest.mark.parametrize("damage,says", [
    ("contents-key", "holds /Cgntents, which no page has"),
    ("filter-key", "the dictionary of its content stream (object {obj}) is damaged (it holds /Filter!)"),
    ("media-box", "its page box (/MediaBox"),
    ("font-subtype", "its text reads garbled"),
])
def test_a_damaged_key_is_an_error_naming_its_page(damage, says, clean):
    data = _document("pdf_002_ruled.pdf")
    streams = _content_streams(data)
    page = 3
    if damage == "contents-key":  # the page's text is gone: pdfminer takes the page for a blank one
        damaged = _replace_in(data, _page_object(data, page), b"/Contents", b"/Cgntents")
    elif damage == "filter-key":  # the stream is read undecoded: ASCII85 text drawn as operators, nothing shows
        damaged = _replace_in(data, (_object(data, streams[page - 1]).end(), len(data)), b"/Filter ", b"/Filter!")
    elif damage == "media-box":  # a fifth number: every character falls outside the page
        damaged = _replace_in(data, _page_object(data, page), b"595.2756 ", b"595 -.2756 ")
    else:  # the CID font taken for a simple one: two-byte codes read as Latin-1 junk on every page
        damaged = data.replace(b"/CIDFontType0", b"/CIDFojtType0", 1)
    report = zfxxgk.parse(damaged)
    errors = [d for d in report.diagnostics if d.code == "damaged-pdf"]
    assert errors and all(d.severity == "error" for d in errors)
    assert any(says.format(obj=streams[page - 1]) in d.message for d in errors), [d.message for d in errors]
    assert damage == "font-subtype" or [d.page for d in errors] == [page]
    assert _accounted(report, clean(data)) == []


def test_a_page_lost_from_the_page_tree_is_an_error():
    """``/Type /Page`` damaged: pdfminer's page tree skips that page; its declared count says one is missing."""
    data = _document("pdf_002_ruled.pdf")
    damaged = _replace_in(data, _page_object(data, 2), b"/Type /Page", b"/Type /Pagx")
    report = zfxxgk.parse(damaged)
    (error,) = [d for d in report.diagnostics if d.code == "damaged-pdf"]
    assert error.severity == "error" and error.page is None
    assert "declares 7 pages and holds 6" in error.message


def test_damage_that_leaves_nothing_readable_is_no_scan():
    """A byte lost in every page's content stream: a ReportError saying the PDF is damaged (F12), not
    a ``no-text-layer`` error that tells the user it is a scan."""
    data = _document("pdf_002_ruled.pdf")
    for objid in reversed(_content_streams(data)):
        start, end = _stream_data(data, objid)
        data = _damage(data, (start + end) // 2, "drop")
    with pytest.raises(zfxxgk.ReportError, match=r"damaged PDF: page 1 of 7: its content stream \(object \d+\) "
                                                 r"is damaged.*\(and 4 more pages\); nothing could be read"):
        zfxxgk.parse(data)
    scan = zfxxgk.parse(_document("pdf_scan.pdf"))  # a real scan still says so
    assert [d.code for d in scan.diagnostics if d.severity == "error"] == ["no-text-layer"]


def test_a_damaged_header_is_still_a_pdf(clean):
    data = _document("pdf_002_ruled.pdf")
    report = zfxxgk.parse(b"%PDx" + data[4:])
    assert {k: v for k, (v, _) in clean(data).items()} == {(t, i, r, c): cell.value for t, i, r, c, cell in report.cells()}
    (note,) = [d for d in report.diagnostics if d.code == "damaged-pdf"]
    assert note.severity == "warning" and "header is damaged" in note.message


@pytest.mark.parametrize("kind", ["drop", "flip", "insert"])
def test_no_byte_damage_loses_or_alters_a_value_in_silence(kind, clean):
    """One byte dropped, flipped or inserted anywhere (6 places drawn over the file; benchmarks/
    score_shapes.py draws many more): the file is refused, or every value is placed as printed,
    kept in a diagnostic, or on a page an error names."""
    data = _document("pdf_000_numbers.pdf")
    rng = random.Random(f"pdf-damage/{kind}")
    for at in sorted(rng.sample(range(len(data)), 6)):
        damaged = _damage(data, at, kind)
        try:
            report = zfxxgk.parse(damaged)
        except zfxxgk.ReportError:
            continue
        assert _accounted(report, clean(data)) == [], f"{kind} at byte {at}"


# ---- F23: a bit flipped in a page's Flate data that still inflates (only its checksum fails) ----------

@pytest.fixture(scope="module")
def numbers_raw_flate(tmp_path_factory) -> bytes:
    """``pdf_000_numbers.pdf`` (a different number in every cell of 三 and 四), its streams binary
    Flate, so one flipped bit reaches the compressed data itself."""
    from reportlab import rl_config

    import make_documents

    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        path = tmp_path_factory.mktemp("pdf") / "numbers_raw.pdf"
        make_documents.build_producer_pdf(path, "000", "word", numbers=True, rotate=True, split_rows=True,
                                          turned=range(15, 16), after_title=348, turn_labels=True,
                                          thick_frame=True)
        return path.read_bytes()
    finally:
        rl_config.useA85 = saved


def _altering_flips(data: bytes, objid: int, rng: random.Random, want: int) -> list[int]:
    """Offsets in a content stream's Flate data where flipping bit 0x01 still inflates to the end but
    fails the checksum: the page's text is altered, not cut."""
    import zlib

    start, end = _stream_data(data, objid)
    found = []
    for at in rng.sample(range(start + 2, end - 4), min(400, end - start - 6)):
        stream = bytearray(data[start:end])
        stream[at - start] ^= 0x01
        try:
            zlib.decompress(bytes(stream))
        except zlib.error as exc:
            if "incorrect data check" in str(exc):
                found.append(at)
                if len(found) == want:
                    break
    return sorted(found)


def test_values_of_an_altered_page_are_placed_only_where_a_sum_confirms_them(numbers_raw_flate, clean):
    """F23: such a page's text is altered (31714 read as 31, 7821 as 7147821) and was placed by structure
    alone, although a damaged-pdf error named the page.  Now a value read from it stays placed only
    when a sum of its table it is part of holds; the others are in an ``altered-page`` error with
    their page — so nothing altered is placed, and nothing is lost in silence."""
    data = numbers_raw_flate
    truth = clean(data)
    streams = _content_streams(data)
    pages = sorted({page for _, page in truth.values()})
    withheld = 0
    for page in pages:
        for at in _altering_flips(data, streams[page - 1], random.Random(f"f23/{page}"), 3):
            report = zfxxgk.parse(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])
            errors = [d for d in report.diagnostics if d.code == "damaged-pdf" and d.severity == "error"]
            assert [d.page for d in errors] == [page] and "fails its checksum" in errors[0].message, (page, at)
            placed = {(t, i, r, c): cell for t, i, r, c, cell in report.cells()}
            wrong = {k: (c.raw, truth.get(k)) for k, c in placed.items() if truth.get(k, (object(),))[0] != c.value}
            assert wrong == {}, (page, at)
            confirmed = {p for ch in report.checks if ch.ok is True for p in ch.cells}
            for (t, i, r, c), cell in placed.items():
                if cell.page == page:
                    assert "/".join(x for x in (t, i, r, c) if x) in confirmed, (page, at, (t, i, r, c))
            for d in report.diagnostics:
                if d.code == "altered-page":
                    assert d.severity == "error" and d.page == page and {c.page for c in d.cells} == {page}
                    withheld += len(d.cells)
            assert _accounted(report, truth) == [], (page, at)
    assert withheld, "some altered page had values no sum confirms"
