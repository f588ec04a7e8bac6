"""Bytes → text: the encoding, bad bytes, binary files, and mojibake already in the text.

:func:`decode` reads bytes of unknown encoding so that **a few bad bytes never change the
encoding of the rest**:

* UTF-8 (with or without BOM) that decodes cleanly is taken as is (the common case, one pass);
* otherwise each line is read on its own, as UTF-8 or as the file's legacy encoding (the
  declared charset, GB18030 or Big5-HKSCS, chosen on the lines that are not UTF-8), whichever gives more real text: common Chinese characters count for it,
  replacement characters and rare characters against.  UTF-8 is strict enough that a line of
  GBK is never valid UTF-8 by accident, and one damaged byte costs UTF-8 one character, so a
  UTF-8 file with one GBK line (or one flipped byte) stays UTF-8;
* the file's ``encoding`` is the one that explains most of its non-ASCII bytes; a line in the
  other one is reported (``mixed-encoding``, warning); invalid sequences become U+FFFD
  (``invalid-bytes``, warning, with their count and lines); a character cut off at the very end
  (a truncated download) is dropped with an ``info`` note.

:func:`sniff_binary` names what a byte string is when it is no text at all (an executable, an
archive, an image, NUL-filled data) — ``None`` for text, and for PDF and Word documents, which
have front ends of their own.  :func:`clean_text` replaces lone surrogates in ``str`` input.
:func:`mojibake` spots text decoded with the wrong encoding *before* it reached us.

Notes are ``(severity, code, message, line)`` tuples, as the front ends give them.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from io import BytesIO
from typing import Iterable, NamedTuple

from .. import patterns

__all__ = ["Decoded", "decode", "sniff_binary", "sniff_text", "clean_text", "split_lines", "mojibake", "choose_encoding"]

Note = tuple[str, str, str, "int | None"]


class Decoded(NamedTuple):
    text: str
    encoding: str | None
    notes: tuple[Note, ...] = ()
    #: lines where invalid input was replaced by U+FFFD (not mojibake from upstream)
    replaced: frozenset[int] = frozenset()


# --- not text at all --------------------------------------------------------------------------

#: ``(magic bytes, offset, what)``: file signatures of things that are not a report.
_MAGIC = (
    (b"\x7fELF", 0, "an ELF executable"),
    (b"\xfe\xed\xfa\xce", 0, "a Mach-O executable"), (b"\xfe\xed\xfa\xcf", 0, "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "a Mach-O executable"), (b"\xcf\xfa\xed\xfe", 0, "a Mach-O executable"),
    (b"\xca\xfe\xba\xbe", 0, "a Mach-O universal binary or Java class file"),
    (b"\x00asm", 0, "a WebAssembly module"),
    (b"\x1f\x8b", 0, "a gzip archive"), (b"7z\xbc\xaf\x27\x1c", 0, "a 7z archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"), (b"BZh", 0, "a bzip2 archive"), (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"\x28\xb5\x2f\xfd", 0, "a zstd archive"), (b"ustar", 257, "a tar archive"),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"), (b"\xff\xd8\xff", 0, "a JPEG image"), (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"), (b"II*\x00", 0, "a TIFF image"), (b"MM\x00*", 0, "a TIFF image"),
    (b"\x00\x00\x01\x00", 0, "an icon image"), (b"SQLite format 3\x00", 0, "an SQLite database"),
)
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV sound", b"AVI ": "an AVI video"}
#: PDF and Word: documents with front ends of their own (never "not a report" here).
_DOCUMENTS = (b"%PDF-", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
#: C0 control bytes that never occur in text (tab, newlines, form feed, ESC and ^Z do).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b\x1a")
_SAMPLE = 1 << 16
_ASCII = bytes(range(128))


def _is_word_zip(data: bytes) -> bool:
    import zipfile  # here: only a ZIP's bytes get this far

    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return b"word/document.xml" in data  # a truncated .docx still names its parts


def sniff_binary(data: bytes) -> str | None:
    """What ``data`` is when it is not text (``"a ZIP archive"``, ``"an ELF executable"``, …), else ``None``.

    ``None`` also for PDF (``%PDF-``), Word ``.docx`` (a ZIP holding ``word/document.xml``) and
    Word ``.doc`` (OLE2): their front ends read them.  Text in UTF-16 or UTF-32 is text.  NUL
    padding at either end (a preallocated, partly written file) does not make text binary;
    control bytes spread through the data (more than 5 %) do.
    """
    head = data[:512]
    if head.startswith(_DOCUMENTS):
        return None
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return None if _is_word_zip(data) else "a ZIP archive (not a Word document)"
    for magic, offset, what in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return what
    if head.startswith(b"RIFF") and data[8:12] in _RIFF:
        return _RIFF[data[8:12]]
    if head.startswith(b"MZ") and (b"PE\x00\x00" in data[:4096] or b"\x00" in head):
        return "a Windows executable"
    if _bom(data)[0] is not None or _utf16_without_bom(data) is not None:
        return None
    body = data.strip(b"\x00")
    if not body:
        return f"{len(data):,} NUL bytes" if data else None
    sample = body[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > 0.05 * len(sample):
        return f"binary data ({controls:,} control bytes in the first {len(sample):,})"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` for UTF-16 text written without a BOM (NULs in every other byte)."""
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        texty = sum(1 for c in text if c.isprintable() or c in "\t\r\n\f\xa0")
        if texty >= 0.95 * len(text) and (hanzi_score(text) >= 0.6 or sum(c.isascii() for c in text) >= 0.5 * len(text)):
            return enc
    return None


# --- lines ------------------------------------------------------------------------------------

_LINE_BREAK = patterns.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: broken at ``\n``, ``\r\n`` or ``\r`` only.

    Not :meth:`str.splitlines`, which also breaks at form feeds (PDF-to-text page breaks), vertical
    tabs, ``\x1c``–``\x1e``, NEL and U+2028/2029, so every line after one would carry a number
    that is not its line in the file.  A final line break ends the last line (no empty line after).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# --- str input --------------------------------------------------------------------------------

_SURROGATES = patterns.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


def sniff_text(text: str) -> str | None:
    """:func:`sniff_binary` for ``str`` input: binary data read as text (control characters throughout)."""
    body = text.strip("\x00")
    if not body:
        return f"{len(text):,} NUL characters" if text else None
    sample = body[:_SAMPLE]
    controls = sum(sample.count(chr(b)) for b in _CONTROL)
    if controls > 0.05 * len(sample):
        return f"binary data ({controls:,} control characters in the first {len(sample):,})"
    return None


def clean_text(text: str) -> Decoded:
    """Join surrogate pairs and replace lone surrogates (which no encoder takes) by U+FFFD, reported."""
    if not _SURROGATES.search(text):
        return Decoded(text, None)
    lines: list[int] = []
    count = [0]
    replaced: set[int] = set()
    at = [0, 1]  # position counted up to, and the line there

    def fix(m: re.Match) -> str:
        s = m.group(0)
        if len(s) == 2:
            return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        count[0] += 1
        at[1] += len(_LINE_BREAK.findall(text, at[0], m.start()))
        at[0] = m.start()
        if at[1] not in replaced:
            replaced.add(at[1])
            lines.append(at[1])
        return "\ufffd"

    out = _SURROGATES.sub(fix, text)
    if not count[0]:
        return Decoded(out, None)
    note = ("warning", "invalid-bytes", f"{count[0]} lone surrogate(s) (half of a UTF-16 pair, no character) "
            f"replaced by U+FFFD on {_lines(lines, count[0] > len(lines))}", lines[0] if lines else None)
    return Decoded(out, None, (note,), frozenset(replaced))


def _lines(numbers: list[int], more: bool = False) -> str:
    """``line 3`` / ``lines 3, 7, 9`` (``, …`` when there are more than shown)."""
    shown = numbers[:10]
    more = more or len(numbers) > 10
    return ("line " if len(shown) == 1 and not more else "lines ") + ", ".join(map(str, shown)) + (", …" if more else "")


# --- bytes ------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _bom(data: bytes) -> tuple[str | None, int]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None, 0


def decode(data: bytes) -> Decoded:
    """Decode bytes of unknown encoding (see the module doc)."""
    enc, skip = _bom(data)
    if enc is None:
        enc = _utf16_without_bom(data)
    if enc is not None and enc != "utf-8-sig":
        return _decode_whole(data, enc)
    body = data[skip:]
    try:
        return Decoded(body.decode("utf-8"), enc or "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_lines(body, bom=enc is not None)


def _decode_whole(data: bytes, enc: str) -> Decoded:
    """UTF-16/32: one decoding; invalid units replaced and counted."""
    try:
        return Decoded(data.decode(enc), enc)
    except UnicodeDecodeError:
        pass
    notes: list[Note] = []
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd") - _count_fffd_valid(data, enc)
    if bad > 0:
        first = text.find("\ufffd")
        notes.append(("warning", "invalid-bytes", f"{bad} invalid byte sequence(s) of {enc} replaced by U+FFFD",
                      text.count("\n", 0, first) + 1 if first >= 0 else None))
    return Decoded(text, enc, tuple(notes))


def _count_fffd_valid(data: bytes, enc: str) -> int:
    fffd = "\ufffd".encode(enc)
    if fffd.startswith(codecs.BOM_UTF16_LE) or fffd.startswith(codecs.BOM_UTF16_BE):
        fffd = fffd[2:]
    elif fffd[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        fffd = fffd[4:]
    return data.count(fffd)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """The frequent characters: GB2312 level 1 (3,755) and Big5's frequent set (5,401)."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


class _Lazy:
    """A regular expression compiled when first used: large character classes cost milliseconds to
    compile, paid by every new process — these only when the text needs them (a legacy encoding,
    a line with a mojibake hint)."""

    def __init__(self, pattern: str):
        self._pattern = pattern
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = patterns.compile(self._pattern)
        return getattr(self._compiled, name)


_CJK = patterns.compile(r"[\u3400-\u9fff]")
#: What a legacy reading of a line must gain over its UTF-8 reading (in _quality points: a common
#: character is 2, a replacement character -3: one legacy character for two bad bytes gains 8, for one bad
#: byte and an ASCII trail byte 5 — `(\xa4T)` is Big5 `(三)` — while a stray byte inside UTF-8 text gains less)
_UTF8_MARGIN = 4.5
#: replacement characters, private use, C1 controls, rare CJK, and letters of alphabets no
#: Chinese report is written in (what GBK bytes read as UTF-8, or UTF-8 read as a code page, look like)
#: (pinyin's tone letters are not odd: traditional mirrors print a gloss after every character)
_ODD = _Lazy("(?![āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])"
              "[\ufffd\ue000-\uf8ff\u0080-\u009f\u00a1-\u00a6\u00a8-\u00af\u00b4-\u00b6\u00b8-\u00d6\u00d8-\u00f6"
              "\u00f8-\u1fff\u3400-\u4dff]")


def _quality(text: str) -> int:
    """How much real text a decoding gives: common characters, minus replacements and oddities."""
    common = _common()
    good = sum(1 for c in _CJK.findall(text) if c in common)
    cjk = len(_CJK.findall(text))
    return 2 * good - (cjk - good) - 3 * len(_ODD.findall(text))


def _decode_lines(body: bytes, *, bom: bool) -> Decoded:
    raw_lines = re.split(rb"\r\n|\r|\n", body)  # as split_lines numbers them
    utf8: list[str | None] = []
    others = []
    for line in raw_lines:
        try:
            utf8.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            utf8.append(None)
            others.append(line)
    legacy = _legacy_encoding(b"\n".join(others), body) if not bom else "utf-8"
    out: list[str] = []
    used: dict[str, int] = {"utf-8": 0, legacy: 0}
    per_line_enc: list[str] = []
    bad_lines: list[int] = []
    bad_total = 0
    notes: list[Note] = []
    last = len(raw_lines) - 1
    for no, (line, u) in enumerate(zip(raw_lines, utf8)):
        if u is None and no == last:
            line, u = _cut_utf8(line, notes, no + 1)
        nonascii = len(line.translate(None, _ASCII))
        enc, text, bad = _read_line(line, u, legacy, nonascii, notes, no + 1 if no == last else None)
        if bad:
            bad_total += bad
            bad_lines.append(no + 1)
        out.append(text)
        per_line_enc.append(enc)
        used[enc] = used.get(enc, 0) + nonascii
    encoding = max(used, key=lambda e: (used[e], e == "utf-8"))
    notes += _encoding_notes(encoding, per_line_enc, raw_lines, bad_total, bad_lines)
    if encoding == "utf-8" and bom:
        encoding = "utf-8-sig"
    return Decoded("\n".join(out), encoding, tuple(notes), frozenset(bad_lines))


def _cut_utf8(line: bytes, notes: list[Note], no: int) -> tuple[bytes, str | None]:
    """The last line read as UTF-8 when it is valid UTF-8 but for a character cut off at the very
    end (a truncated download): the line without it and its text (a note says so); else as it is
    and ``None``."""
    cut = _cut_off(line, "utf-8")
    if cut:
        try:
            u = line[:-cut].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            notes.append(_cut_note(cut, "utf-8", no))
            return line[:-cut], u
    return line, None


def _read_line(line: bytes, u: str | None, legacy: str, nonascii: int, notes: list[Note],
               last: int | None) -> tuple[str, str, int]:
    """A line's encoding, its text and how many invalid sequences were replaced in it; ``u`` its
    UTF-8 reading if valid, ``last`` its number when it is the text's last line (which may end
    in a character cut off)."""
    if u is not None and (not nonascii or legacy == "utf-8" or not _ODD.search(u) or _CJK.search(u)):
        # Valid UTF-8 is UTF-8, whatever another encoding makes of it — unless it reads as odd
        # letters only (GBK bytes that happen to be valid UTF-8 read as Latin, Greek or Cyrillic
        # letters, never as Chinese; pinyin with tone marks comes with its characters)
        return "utf-8", u, 0
    options = []
    if u is not None:
        options.append((_quality(u), 1, "utf-8", u, 0))
    else:
        options.append(_replaced(line, "utf-8", 1))
    if legacy != "utf-8":
        try:
            t = line.decode(legacy)
            options.append((_quality(t), 0, legacy, t, 0))
        except UnicodeDecodeError:
            options.append(_replaced(line, legacy, 0))
    if u is not None:  # valid UTF-8 is strong evidence: only a clean, better legacy reading beats it
        options = [o for o in options if o[2] == "utf-8" or (not o[4] and o[0] > options[0][0])]
    # UTF-8 goes first by a margin: a stray byte that makes one common character with its
    # neighbour in a legacy encoding is damage, a line in that encoding reads as several
    options.sort(key=lambda o: (o[0] + _UTF8_MARGIN * o[1], o[1]), reverse=True)
    _, _, enc, text, bad = options[0]
    if bad and last is not None:
        cut = _cut_off(line, enc)
        if cut:
            text = line[: len(line) - cut].decode(enc, errors="replace")
            bad = text.count("\ufffd") - _printed_fffd(line[: len(line) - cut], enc)
            notes.append(_cut_note(cut, enc, last))
    return enc, text, bad


def _encoding_notes(encoding: str, per_line_enc: list[str], raw_lines: list[bytes], bad_total: int,
                    bad_lines: list[int]) -> list[Note]:
    """The text's lines in another encoding than most, and the invalid sequences replaced."""
    notes: list[Note] = []
    mixed = [no + 1 for no, (e, line) in enumerate(zip(per_line_enc, raw_lines)) if e != encoding and not line.isascii()]
    if mixed:
        other = next(e for e in per_line_enc if e != encoding)
        notes.append(("warning", "mixed-encoding", f"{len(mixed)} line(s) in {other} inside a {encoding} text, "
                      f"each decoded in its own encoding: {_lines(mixed)}",
                      mixed[0]))
    if bad_total:
        notes.append(("warning", "invalid-bytes", f"{bad_total} invalid byte sequence(s) of {encoding} replaced by "
                      f"U+FFFD on {_lines(bad_lines)}", bad_lines[0]))
    return notes


def _cut_note(cut: int, enc: str, line: int) -> Note:
    return ("info", "cut-off-character", f"the text ends in the middle of a character ({cut} byte(s) of an "
            f"incomplete {enc} sequence dropped: a truncated file?)", line)


def _replaced(line: bytes, enc: str, rank: int):
    text = line.decode(enc, errors="replace")
    bad = text.count("\ufffd") - _printed_fffd(line, enc)
    return _quality(text), rank, enc, text, bad


def _printed_fffd(data: bytes, enc: str) -> int:
    """Replacement characters the bytes themselves encode (mojibake from upstream, not ours)."""
    try:
        return data.count("\ufffd".encode(enc))
    except UnicodeEncodeError:
        return 0


def _cut_off(line: bytes, enc: str) -> int:
    """How many bytes at the end of ``line`` start a character of ``enc`` that never ends (0: none)."""
    for n in range(1, 5):
        if n > len(line) or line[-n] < 0x80:
            return 0
        try:
            line[:-n].decode(enc)
        except UnicodeDecodeError:
            continue
        dec = codecs.getincrementaldecoder(enc)()
        try:
            if dec.decode(line[-n:], final=False) == "":
                return n
        except UnicodeDecodeError:
            return 0
    return 0


#: Encodings to widen to their superset, so no byte of a real page is lost.
WIDEN = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030", "euc_cn": "gb18030",
         "x-gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs", "big5-hkscs": "big5hkscs"}
_CHARSET = patterns.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
#: The encodings a line may be read in besides UTF-8 (ASCII-compatible: a line ends at byte 0x0A).
_CHINESE = {"gb18030", "big5hkscs"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` (first 4 KB), if any."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower().replace("_", "-")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _widen(enc: str) -> str:
    try:
        name = codecs.lookup(enc).name
    except LookupError:
        return enc
    return WIDEN.get(name, WIDEN.get(enc.lower(), name))


def hanzi_score(text: str) -> float:
    """Share of the Chinese characters that are frequent ones (GB2312 level 1 or Big5's frequent
    set): near 1 for real text, low for a wrong decoding."""
    sample = "".join(_CJK.findall(text[:20000]))[:4000]
    if not sample:
        return 0.0
    common = _common()
    return sum(1 for ch in sample if ch in common) / len(sample)


def _legacy_encoding(data: bytes, page: bytes) -> str:
    return choose_encoding(data, declared_charset(page))[1] if data else "gb18030"


def choose_encoding(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode non-UTF-8 bytes: the page's declared charset (when it is a Chinese one), GB18030 and
    Big5-HKSCS compete; keep the decoding that reads as the most real text (:func:`_quality`: common
    Chinese characters for it; replacement, private-use and rare characters against).  GBK-family names are widened to GB18030, Big5 to Big5-HKSCS (their supersets).
    Only Chinese encodings take part: a report is Chinese, and a Latin or other code page "explains"
    any byte while reading nothing (a damaged UTF-8 line is better read as UTF-8 with a U+FFFD)."""
    candidates: list[str] = []
    declared = declared or declared_charset(data)
    if declared and _widen(declared) in _CHINESE:
        candidates.append(_widen(declared))
    candidates += ["gb18030", "big5hkscs"]
    scored = []
    for rank, enc in enumerate(dict.fromkeys(candidates)):
        text = data.decode(enc, errors="replace")
        scored.append((_quality(text[:200_000]), -rank, enc, text))
    scored.sort(reverse=True)
    _, _, enc, text = scored[0]
    return text, enc


# --- mojibake already in the text ---------------------------------------------------------------

_LATIN1 = ("\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2018-\u201e\u2020-\u2022"
           "\u2026\u2030\u2039\u203a\u20ac\u2122\u00a1-\u00bf")
# Mojibake: its first character by one class, then the branch that character starts (a look-behind
# checks which): a pattern that starts with a class is searched for by it, where alternatives would
# be tried one by one at every position of a line.
_MOJIBAKE = _Lazy(
    "[\ufffd锟烫屯?" + _LATIN1 + "](?:"
    "(?<=\ufffd)\ufffd*"                                      # replacement characters
    "|(?<=锟)斤拷|(?<=烫)烫烫|(?<=屯)屯屯"                      # classic GBK/UTF-8 round-trip debris
    r"|(?<=[\u3400-\u9fff]\?)[^\s\u3400-\u9fff?]{1,3}(?=[\u3400-\u9fff(（])"  # ?,F where 。現 was
    r"|(?<=[\u3400-\u9fff]\?)\?+"                            # characters lost as ?? (after a character)
    "|(?<=[" + _LATIN1 + "])[" + _LATIN1 + "]{3,}"              # UTF-8 or GBK read as Latin-1/CP1252: 4 or more
    ")"
)
#: Every match of _MOJIBAKE has one of these: a replacement or debris character, a ``?``, or four
#: characters of _LATIN1 in a row: a line without any is not searched (faster, and the pattern is not
#: even compiled).  (Not one _LATIN1 character alone: the tone marks of pinyin glosses are among them.
#: The pattern starts with a class, as _MOJIBAKE does, to be searched for by it.)
_MOJIBAKE_HINT = patterns.compile("[\ufffd锟烫屯?" + _LATIN1 + "](?:(?<=[\ufffd锟烫屯?])|(?<=[" + _LATIN1 + "])["
                                  + _LATIN1 + "]{3})")


def _hinted(lines: list[str]) -> list[int]:
    """Numbers of the lines with a :data:`_MOJIBAKE_HINT` character: one scan of the whole text (no
    hint character is a line break), then a line count up to each hit."""
    joined = "\n".join(lines)
    if joined.count("\n") != len(lines) - 1:  # a line with a break of its own: line by line
        return [no for no, line in enumerate(lines, start=1) if _MOJIBAKE_HINT.search(line)]
    out: list[int] = []
    no, at = 1, 0
    for m in _MOJIBAKE_HINT.finditer(joined):
        start = m.start()
        if start < at:
            continue  # a line already listed
        no += joined.count("\n", at, start)
        out.append(no)
        at = joined.find("\n", start)
        if at < 0:
            break
    return out


def mojibake(lines: Iterable[str], skip: frozenset[int] = frozenset()) -> list[tuple[int, str, str]]:
    """``(line, fragment, context)`` for every stretch of mojibake: text decoded with the wrong encoding
    somewhere upstream.  It is left in the text as printed; the caller reports it.  Replacement
    characters on the lines in ``skip`` are our own (reported as ``invalid-bytes``)."""
    out = []
    lines = list(lines)
    for no in _hinted(lines):
        line = lines[no - 1]
        for m in _MOJIBAKE.finditer(line):
            frag = m.group(0)
            if frag.isascii() and frag.strip("?") == "":
                continue
            if frag[0] in "\u2018\u2019\u201c\u201d" and not any("\u00c0" <= c <= "\u00ff" for c in frag):
                continue  # curly quotes alone are punctuation
            if no in skip and set(frag) == {"\ufffd"}:
                continue
            a, b = max(0, m.start() - 4), min(len(line), m.end() + 4)
            out.append((no, frag, line[a:b]))
    return out
