"""From a document body (HTML, WeChat-style Markdown or plain text) to clean article text.

The result is one paragraph per line. Page furniture (navigation, contacts, forms,
related-article lists, disclaimers, credits, captions, QR-code blurbs, repost
headers) is dropped by the patterns in kg/data/junk.yaml, and so are the pinyin
glosses that some scraped pages put after each character (網(wǎng)絡(luò) → 網絡):
offsets index this cleaned text, so evidence quotes it without them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kg.rx import lead
from kg.text import cjk_count, fold_width, normalize

_HTML_HINT = re.compile(r"<(p|div|br|span|html|body|article|section|h[1-6]|li|table|font|strong)\b[^>]*>", re.I)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "header", "footer", "pre", "dd", "dt", "hr",
}
_JUNK_CLASS = re.compile(r"editor|share|qr|breadcrumb|comment|footer|nav|related", re.I)
_DROP_TAGS = ["script", "style", "noscript", "iframe", "nav", "form", "input", "button",
              "select", "textarea", "svg", "canvas", "video", "audio", "head", "figcaption"]
_DROP_SET = frozenset(_DROP_TAGS)
_VOID_TAGS = frozenset({"input", "br", "hr", "img", "meta", "link"})
_TAG = re.compile(r"<[^>]*>")
_MD_IMAGE_LINK = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)", re.S)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)", re.S)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:https?:)?[^)\s]*\)")
_MD_EMPHASIS = re.compile(r"\*{2,}|__")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6}\s*|>\s*)+", re.M)
_MD_MARK = re.compile(r"^\s{0,3}#{1,6}\S|\*\*[^*\n]+\*\*|!\[[^\]]*\]\(", re.M)
_BARE_LINK_LINE = re.compile(r"^\[([^\]]+)\]$")
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WS = re.compile(r"[ \t\u00a0\u3000]+")


@lru_cache(maxsize=1)
def _junk() -> dict:
    import yaml

    data = yaml.safe_load(resources.files("kg").joinpath("data/junk.yaml").read_text("utf-8"))
    # The patterns anchored at the start of the line, as one alternation matched there (one
    # call a line instead of one a pattern), and the others.
    anchored = [p for p in data["line"] if _anchored(p)]
    try:
        line_start = re.compile("|".join(f"(?:{p[1:]})" for p in anchored)) if anchored else None
    except re.error:  # inline flags: each pattern on its own
        line_start, anchored = None, []
    return {
        "line": [re.compile(p) for p in data["line"]],
        "line_start": line_start,
        "line_other": [re.compile(p) for p in data["line"] if p not in anchored],
        "related_heading": re.compile(data["related_heading"]),
        "related_item": re.compile(data["related_item"]),
        "caption": re.compile(data["caption"]),
        "pinyin_gloss": re.compile(lead(data["pinyin_gloss"])),
        "doubled_comma": re.compile(data["doubled_comma"]),
    }


def _anchored(pattern: str) -> bool:
    """Whether a pattern is `^` then the rest, with no alternative at the top and no group
    referred back to: then it matches a line where the rest matches at its start, also
    inside an alternation with others."""
    from re import _constants, _parser

    if not pattern.startswith("^") or re.search(r"\\[1-9]|\(\?P=", pattern):
        return False
    try:
        items = _parser.parse(pattern).data
    except re.error:
        return False
    return bool(items) and items[0] == (_constants.AT, _constants.AT_BEGINNING)


def detect_format(body: str) -> str:
    """'html', 'markdown' or 'text', from what the body contains."""
    sample = body[:200_000]
    tags = len(_HTML_HINT.findall(sample))
    marks = len(_MD_MARK.findall(sample))
    if marks >= 2 and marks >= tags:
        return "markdown"
    if tags >= 2:
        return "html"
    return "markdown" if marks else "text"


@lru_cache(maxsize=1)
def _html_parser():
    import lxml.html

    return lxml.html.HTMLParser(huge_tree=True)


def html_to_lines(body: str) -> list[str]:
    """Visible text of an HTML body, one line per block element (lxml's HTML parser)."""
    import lxml.html
    from lxml import etree

    # Control characters are not XML text: lxml refuses them in a tree (and they show nothing).
    body = _XML_UNSAFE.sub("", body)
    try:
        # huge_tree: pages nested deeper than libxml2's default 255 levels keep their text
        root = lxml.html.document_fromstring(body, parser=_html_parser())
    except (etree.ParserError, ValueError):
        return body.split("\n")
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            doomed.append(el)
        elif el.tag in _DROP_SET or ((cls := el.get("class")) and _JUNK_CLASS.search(cls)):
            doomed.append(el)
        elif el.tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text that follows the element
    text = root.text_content()
    # libxml2 stops building the tree beyond 2,048 levels even with huge_tree, and the
    # text below is lost: then read the page with the standard library's parser, which
    # keeps no tree.
    if cjk_count(text) * 2 < cjk_count(_TAG.sub("", body)):
        return _flat_html_text(body).split("\n")
    return text.split("\n")


class _FlatText:
    """Visible text of HTML read as a stream of tags (html.parser): no tree, so no depth
    limit; block tags become line breaks, the content of dropped tags is left out."""

    def __init__(self) -> None:
        from html.parser import HTMLParser

        self.parts: list[str] = []
        self.dropping: list[str] = []
        parser = HTMLParser(convert_charrefs=True)
        parser.handle_starttag = self._start
        parser.handle_startendtag = self._start_end
        parser.handle_endtag = self._end
        parser.handle_data = self._data
        self.parser = parser

    def _start(self, tag: str, attrs) -> None:
        if tag in _DROP_SET and tag not in _VOID_TAGS:
            self.dropping.append(tag)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _start_end(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _end(self, tag: str) -> None:
        if self.dropping and tag == self.dropping[-1]:
            self.dropping.pop()
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def _flat_html_text(body: str) -> str:
    reader = _FlatText()
    reader.parser.feed(body)
    reader.parser.close()
    return "".join(reader.parts)


def markdown_to_lines(body: str) -> list[str]:
    """Text of WeChat-style Markdown: images and link targets dropped, markers removed."""
    body = _MD_IMAGE_LINK.sub("", body)
    body = _MD_IMAGE.sub("", body)
    body = _MD_LINK.sub(r"\1", body)
    if _HTML_HINT.search(body):
        body = "\n".join(html_to_lines(body))
    body = _MD_EMPHASIS.sub("", body)
    body = _MD_HEADING.sub("", body)
    return [_BARE_LINK_LINE.sub(r"\1", line) for line in body.split("\n")]


def clean(body: str, fmt: str | None = None) -> tuple[str, str]:
    """The article text of `body` (one paragraph per line) and the format it was read as."""
    fmt = fmt or detect_format(body)
    if fmt == "html":
        lines = html_to_lines(body)
    elif fmt == "markdown":
        lines = markdown_to_lines(body)
    else:
        lines = body.split("\n")
    if fmt != "html":
        lines = unwrap(lines)
    # White space, glosses and doubled commas replaced in the lines joined, in passes over the
    # whole rather than a line at a time: no pattern matches a line break, so none runs across lines.
    text = _junk()["pinyin_gloss"].sub("", _WS.sub(" ", "\n".join(lines)))
    text = _junk()["doubled_comma"].sub("", text)
    return "\n".join(drop_furniture([line.strip() for line in text.split("\n")])), fmt


# A line cut by a fixed width (a forum post, a mail, a terminal's copy: 海澱檢察院17日已批准逮捕肯亞案76名嫌犯(台 /
# 嫌45人…) ends mid-sentence: no mark that ends a sentence or a quote, and about as wide as the widest
# lines of the text. Where at least three lines are so cut, each is joined to the line after it.
_WRAP_MIN_COLUMNS = 40  # narrower lines are headings, bylines, captions
_WRAP_BAND = 14  # columns a wrapped line may fall short of the widest (a word or a number carried over)
_WRAP_MIN_LINES = 3
# A line longer than this is a paragraph: a text holding one is no text wrapped at a width (its widest
# line would leave any wrapped one far behind), and is not measured.
_WRAP_MAX_CHARS = 200
_ENDS_SENTENCE = re.compile(r"[。!?！？…;；:：」』”\"）)\]】]\s*$")


def unwrap(lines: list[str]) -> list[str]:
    """The lines of a text hard-wrapped at a fixed width joined back into its paragraphs; any
    other text as it is."""
    if not lines or max(map(len, lines)) > _WRAP_MAX_CHARS:
        return lines
    ideographs = [cjk_count(line) for line in lines]
    widths = [len(line.rstrip()) + n for line, n in zip(lines, ideographs, strict=True)]  # an ideograph takes two columns
    widest = max(widths)
    if widest < _WRAP_MIN_COLUMNS:
        return lines
    cut = {i for i, line in enumerate(lines[:-1]) if widths[i] >= max(_WRAP_MIN_COLUMNS, widest - _WRAP_BAND)
           and lines[i + 1].strip() and not _ENDS_SENTENCE.search(line) and ideographs[i] * 2 >= widths[i] * 0.6}
    if len(cut) < _WRAP_MIN_LINES:
        return lines
    joined: list[str] = []
    for i, line in enumerate(lines):
        if i - 1 in cut:
            joined[-1] += line.strip()
        else:
            joined.append(line.rstrip() if i in cut else line)
    return joined


def drop_furniture(lines: list[str]) -> list[str]:
    """Keep article paragraphs; drop junk lines, related-article lists and repost headers."""
    junk = _junk()
    kept: list[str] = []
    sources: set[str] = set()
    in_related = False
    every_folded = fold_width("\n".join(lines)).split("\n")  # one pass; folding keeps line breaks
    if len(every_folded) != len(lines):  # lines holding line breaks
        every_folded = [fold_width(line) for line in lines]
    for line, folded in zip(lines, every_folded, strict=True):
        if not line:
            continue
        if junk["related_heading"].match(folded):
            in_related = True
            continue
        if in_related:
            if junk["related_item"].match(folded):
                continue
            in_related = False
        source = re.match(r"^(?:转载|来源|本文来源|文章来源)\s*[:|]\s*(\S.*)$", folded)
        if source:
            sources.add(source.group(1).strip())
            continue
        if (junk["line_start"] and junk["line_start"].match(folded)) or any(p.search(folded) for p in junk["line_other"]) or junk["caption"].match(folded):
            continue
        if folded.strip("[]*# ") in sources:
            continue
        kept.append(line)
    return _trim_tail(kept)


def _trim_tail(lines: list[str]) -> list[str]:
    # Site names and sign-offs after the article: short lines with no sentence end. A
    # line that counts something (837起, 案值2964.8萬元, 13.43%) is data, not furniture:
    # the lines of a table or a list of figures that end a bulletin stay.
    counted = _counted()
    while lines and len(lines[-1]) < 25 and not re.search(r"[。!?！？]", lines[-1]) and not counted.search(normalize(lines[-1])):
        lines.pop()
    return lines


@lru_cache(maxsize=1)
def _counted() -> re.Pattern[str]:
    """A number with a counting unit of kg/data/cues.yaml (or %), in a normalized line."""
    from kg.lexicon import cues

    units = sorted({*cues()["units"], *cues()["foreign_currencies"], "%"}, key=len, reverse=True)
    return re.compile(r"\d[\d.,]*\s*[万亿]?\s*[余多]?\s*(?:" + "|".join(map(re.escape, units)) + ")")
