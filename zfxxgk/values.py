"""Cell values: the number a printed cell states and its unit (text in, numbers out; the
:class:`~zfxxgk.model.Cell` for a token is :func:`zfxxgk.parser.tokens.to_cell`).  Shared by the
lexer-side stages and the transformers."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from . import patterns
from .vocabulary import alternation, units

_UNITS = alternation(units("c"))
_VALUE = patterns.compile(
    r"(?P<sign>[-−+]?)(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+)|(?<=[0-9]{2})[.。])?\s*(?P<unit>" + _UNITS + ")?"
)
#: A number in Chinese numerals (``九``, ``十二``, ``三百二十``, ``两千零五``), optionally with a unit.
CHINESE_NUMBER = patterns.compile(r"(?P<sign>负?)(?P<num>[零〇一二两三四五六七八九十百千万亿]{1,12}?)(?P<unit>" + alternation(units("n")) + ")?")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}


def chinese_number(text: str) -> int | None:
    """``十二`` → 12, ``三百二十`` → 320, ``两千零五`` → 2005; ``None`` unless the text is one
    well-formed number (units descending, no two digits in a row except after 零)."""
    total = section = 0
    digit: int | None = None
    last_unit = 10**5
    last_big = 10**9
    prev = ""
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None and prev not in "零〇":
                return None
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            unit = _CN_UNIT[ch]
            if unit >= last_unit or (digit is None and not (unit == 10 and section == 0 and prev == "")):
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            big = _CN_BIG[ch]
            if big >= last_big or (section == 0 and digit is None):
                return None
            total += (section + (digit or 0)) * big
            section, digit, last_unit, last_big = 0, None, 10**5, big
        prev = ch
    if not prev:
        return None
    return total + section + (digit or 0)
#: What a printed cell holds when it states no number (kept distinct from a printed 0).
BLANKS = {"", "/", "／", "-", "－", "–", "无"}


def parse_value(norm: str) -> tuple[int | Decimal | None, str | None]:
    """``"25795万元"`` → ``(25795, "万元")``; ``"-9539"`` → ``(-9539, None)``; blanks → ``(None, None)``."""
    if len(norm) > 80:
        return _parse_value(norm)
    return parse_short(norm)


@lru_cache(maxsize=8192)  # the same few printed values recur in every table (0, 1, 2, /, …); results are immutable
def parse_short(norm: str) -> tuple[int | Decimal | None, str | None]:
    """:func:`parse_value` of a ``norm`` of at most 80 characters, memoised."""
    return _parse_value(norm)


def _parse_value(norm: str) -> tuple[int | Decimal | None, str | None]:
    text = norm.strip()
    if text in BLANKS or not text.strip("—―-"):  # (only dashes; a strip stops at the first other character)
        return None, None
    m = _VALUE.fullmatch(text)
    if not m:
        m = CHINESE_NUMBER.fullmatch(text)
        n = chinese_number(m.group("num")) if m else None
        if m is None or n is None:
            return None, None
        return (-n if m.group("sign") else n), m.group("unit")
    digits = m.group("int").replace(",", "")
    if len(digits) > 64:  # no table value is that long (and int() refuses > 4300 digits): not a number
        return None, None
    sign = "-" if m.group("sign") in ("-", "−") else ""
    if m.group("frac") is not None:
        value: int | Decimal = Decimal(f"{sign}{digits}.{m.group('frac')}")
    else:
        value = int(sign + digits)
    return value, m.group("unit")


#: What a damaged cell's text is not, although it holds digits: an ordinal alone or starting a
#: label (``（1）``, ``2.属``), a page number (``-3-``, ``3/6``), a date.
_NOT_A_DAMAGED_CELL = patterns.compile(r"[（(]?[0-9]{1,2}[)）.、．]?|[（(]?[0-9]{1,2}[)）.、．].+|[-—–－][0-9]{1,4}[-—–－]"
                                      r"|[0-9]{1,4}/[0-9]{1,4}|.*[0-9]{4}[-./][0-9].*")
_CJK = patterns.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Words that make digits a date, a page or a heading, not a value: never the damage in a cell.
_NOT_DAMAGE = frozenset("年月日号页第共")


def damaged_number(norm: str) -> bool:
    """``norm`` (a cell's matching form) is a number damaged past reading: digits with a stray
    character or two in or beside them (``&nb踫p;17730``, ``216踫14``, ``19�34``, ``27L``) — what one bad
    byte makes of a printed value.  Short, no spaces, at most one Chinese character (a bad byte
    read as one), none of the words of a date, page or heading; a number or a blank is not damaged."""
    if not 1 < len(norm) <= 24 or not any("0" <= ch <= "9" for ch in norm) or any(ch.isspace() for ch in norm):
        return False
    cjk = _CJK.findall(norm)
    if len(cjk) > 1 or (cjk and cjk[0] in _NOT_DAMAGE) or _NOT_A_DAMAGED_CELL.fullmatch(norm):
        return False
    return parse_value(norm)[0] is None and norm not in BLANKS


#: Digits and then the one stray character a bad byte makes of what followed them: U+FFFD, a
#: Chinese character, an ASCII sign or letter — not a unit, a date's word or punctuation.
_DAMAGED_TAIL = patterns.compile(r"[0-9](?:\ufffd{1,3}|[!#$&*+<=>@\[\]^_`{|}~A-Za-z]"
                                r"|(?![年月日号页" + "".join(u for u in units("c") if len(u) == 1 and u != "%")
                                + r"])[\u3400-\u9fff])$")


def ends_in_damaged_value(norm: str) -> bool:
    """``norm`` (a line) ends in a value a bad byte damaged: ``…数量3330217…883踫``, ``…0 0 5\ufffd``."""
    return _DAMAGED_TAIL.search(norm) is not None
