"""What kind of text an input is — an HTML page, Markdown or plain text — so that
:func:`~.normalise.normalise` hands it to its front end (:mod:`.frontends` for the first two,
imported only then: a plain-text report needs neither)."""

from __future__ import annotations

import re

from .. import patterns

__all__ = ["detect"]

_HTML_START = patterns.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|p|span)\b",
                              re.I | re.S)
_TAG = patterns.compile(r"</?(?:html|head|body|div|p|span|table|tr|td|th|br|meta|a|li|ul|h[1-6]|font|strong|b|center)\b[^>]*>",
                       re.I)
#: tags that make a page's structure (not inline marks such as ``<br>`` ``<u>`` ``<b>``)
_BLOCK_TAG = patterns.compile(r"</?(?:html|head|body|div|p|table|tr|td|th|meta|li|ul|h[1-6]|center)\b[^>]*>", re.I)
MD_RULE = patterns.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_MD_HEADING = patterns.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)


def detect(text: str) -> str:
    """``"html"``, ``"markdown"`` or ``"text"``: what kind of input ``text`` looks like.

    Markdown tables may hold inline tags (pymupdf4llm writes a wrapped cell's lines joined by
    ``<br>``, underlined headings as ``<u>…</u>``): when a ``|---|`` rule is there, only tags
    outside the pipe rows and other than inline ones make the input an HTML page.
    """
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    sample = text[:200_000]
    # (each pattern looked for only where the text holds its mark: the rule's ``^\s*`` would be
    # tried across every run of spaces and blank lines of a page-to-text layout)
    rule = MD_RULE.search(text) if "---" in text else None
    if rule is not None:
        outside = "\n".join(ln for ln in sample.split("\n") if not ln.lstrip().startswith("|"))
        if len(_BLOCK_TAG.findall(outside)) >= 8:
            return "html"
        return "markdown"
    if "<" in sample and len(_TAG.findall(sample)) >= 8:
        return "html"
    if "#" in text and len(_MD_HEADING.findall(text)) >= 2:
        return "markdown"
    return "text"
