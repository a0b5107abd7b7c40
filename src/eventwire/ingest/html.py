"""HTML to clean text: the main content by trafilatura, paragraphs kept, comments apart.

``extract_html`` parses the page once (lxml) and returns the article paragraphs and the comment
paragraphs (trafilatura), the headline (og:title, the single <h1> or <title> without the site
name), the canonical URL, and the publication date from the page's metadata (htmldate: meta
tags, JSON-LD, <time>, then the URL; no search through the running text). When trafilatura finds
no main content (fragments such as feed summaries, very short pages) a plain walk over the block
elements of the page takes over.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

MAX_HTML_CHARS = 20_000_000  # larger pages are cut before parsing
MENU_SHARE_RETRY = 0.5
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form",
              "button", "select", "option", "svg", "iframe", "object", "embed", "canvas", "menu",
              "input", "textarea", "label"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd",
               "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th",
               "figure", "figcaption", "address", "hr", "body", "html", "center", "details", "summary"}


@dataclass
class HtmlText:
    paragraphs: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD from the page's metadata
    url: str | None = None  # the page's canonical URL, when it names one
    method: str = "trafilatura"


def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    out = []
    for line in text.split("\n"):
        line = _WS_RE.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


_HTML_RE = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_TAG_RE = re.compile(r"</?(?:p|div|span|a|article|section|h[1-6]|br|ul|li|table|title|meta|script)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """A whole page (doctype, <html>, <head> or <body> near the start), or text that opens with a
    tag and holds at least two common HTML tags."""
    head = text.lstrip("\ufeff \t\r\n")[:5000]
    if _HTML_RE.search(head[:1000]):
        return True
    return head.startswith("<") and len(_TAG_RE.findall(head)) >= 2


def extract_html(html: str, url: str | None = None) -> HtmlText:
    """Main text, comments, title and metadata date of a page. Never raises."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    result = HtmlText()
    tree = _parse(html)
    if tree is not None:
        result.title, result.url = page_title(tree), page_url(tree)
        result.date = page_date(tree, url or result.url)
        # fast mode skips trafilatura's comparison with its fallback extractors: faster and, on
        # news pages, as good; when what it found is mostly menu entries, full mode gets a try
        doc = _trafilatura(tree, url, fast=True)
        if doc is not None and menu_share(_lines(doc.text)) > MENU_SHARE_RETRY:
            second = _trafilatura(_parse(html), url, fast=False)
            if second is not None and second.text and menu_share(_lines(second.text)) < menu_share(_lines(doc.text)):
                doc = second
        if doc is not None:
            result.paragraphs = _lines(getattr(doc, "text", None))
            result.comments = _lines(getattr(doc, "comments", None))
    if not result.paragraphs:
        result.paragraphs = simple_paragraphs(html)
        result.comments = []
        result.method = "plain"
        if result.title is None:
            result.title = _title_tag(html)
    return result


def _parse(html: str):  # noqa: ANN202
    try:
        from trafilatura.utils import load_html

        return load_html(html)
    except Exception:  # lxml refuses some inputs (e.g. only a processing instruction)
        return None


def _trafilatura(tree, url: str | None, fast: bool):  # noqa: ANN001, ANN202
    if tree is None:
        return None
    try:
        import trafilatura

        return trafilatura.bare_extraction(tree, url=url, fast=fast, include_comments=True,
                                           include_tables=True, with_metadata=False)
    except Exception:  # trafilatura/lxml on broken markup: the plain walk takes over
        return None


def _xpath_text(tree, query: str) -> str | None:  # noqa: ANN001
    try:
        value = tree.xpath(query)
    except Exception:  # malformed documents can upset lxml's XPath
        return None
    if isinstance(value, list):
        value = value[0] if value else ""
        value = value if isinstance(value, str) else getattr(value, "text_content", lambda: "")()
    return _clean_title(str(value)) if value else None


_TITLE_SEP_RE = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00bb|\u00b7)\s+")


def page_title(tree) -> str | None:  # noqa: ANN001
    """The headline: og:title / twitter:title, else the only <h1>, else <title> without the site name."""
    for query in ('string(//meta[@property="og:title"]/@content)', 'string(//meta[@name="twitter:title"]/@content)',
                  'string(//meta[@name="title"]/@content)'):
        title = _xpath_text(tree, query)
        if title:
            return title
    try:
        h1 = tree.xpath("//h1")
    except Exception:  # noqa: BLE001
        h1 = []
    if len(h1) == 1:
        title = _clean_title(h1[0].text_content())
        if title:
            return title
    title = _xpath_text(tree, "string(//head/title)") or _xpath_text(tree, "string(//title)")
    if title:
        parts = _TITLE_SEP_RE.split(title)
        if len(parts) > 1:
            title = max(parts, key=len)
    return title


def page_url(tree) -> str | None:  # noqa: ANN001
    for query in ('string(//link[@rel="canonical"]/@href)', 'string(//meta[@property="og:url"]/@content)'):
        found = _xpath_text(tree, query)
        if found and found.startswith(("http://", "https://")):
            return found
    return None


def page_date(tree, url: str | None) -> str | None:  # noqa: ANN001
    """htmldate on the page's metadata (meta tags, JSON-LD, <time>, the URL last), no text search."""
    try:
        from htmldate import find_date

        return find_date(tree, url=url, extensive_search=False, original_date=True, deferred_url_extractor=True,
                         max_date=(dt.date.today() + dt.timedelta(days=1)).isoformat())
    except Exception:  # htmldate on odd markup: no date from the metadata
        return None


def menu_share(paragraphs: list[str]) -> float:
    """Share of the paragraphs that are one to three words long (menu entries), by count."""
    if len(paragraphs) < 20:
        return 0.0
    return sum(len(p.split()) <= 3 for p in paragraphs) / len(paragraphs)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = _WS_RE.sub(" ", title).strip()
    return title or None


def _title_tag(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html[:200_000], re.I | re.S)
    if not m:
        return None
    import html as htmllib

    return _clean_title(htmllib.unescape(re.sub(r"<[^>]+>", " ", m.group(1))))


def simple_paragraphs(html: str) -> list[str]:
    """Text of the block elements of a page or fragment, outside navigation and scripts."""
    try:
        import lxml.html

        root = lxml.html.fromstring(html)
    except Exception:  # not parseable as HTML (or empty): nothing to say
        return []
    pieces: list[str] = []

    def walk(el) -> None:  # noqa: ANN001
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag:  # comments and processing instructions
            if el.tail:
                pieces.append(el.tail)
            return
        if tag in _SKIP_TAGS:
            if el.tail:
                pieces.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if tag == "br":
            pieces.append("\n")
        if el.text:
            pieces.append(el.text)
        for child in el:
            walk(child)
        if block:
            pieces.append("\n")
        if el.tail:
            pieces.append(el.tail)

    try:
        walk(root)
    except RecursionError:  # absurdly deep markup: keep what was collected
        pass
    return _lines("".join(pieces))
