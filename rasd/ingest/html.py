"""HTML page -> article title, main text, publication date and URL (trafilatura + fallbacks).

:func:`extract_html` runs trafilatura's ``bare_extraction`` (precision-oriented, with metadata),
then:

* takes the headline from the page's ``<h1>`` when it matches the ``<title>``/``og:title``
  (which usually carry a site-name suffix such as ``| موقع الأخبار``), else trafilatura's title
  with a site suffix cut off;
* drops the headline line and lines with no letters (bare dates such as ``10.03.2024``) that
  trafilatura puts into the text, and runs the body through
  :func:`rasd.ingest.boilerplate.prepare_text` (inline "اقرأ أيضاً" links, related blocks,
  share lines);
* never returns an empty text for a page that has a body: when the precise extraction is empty
  it retries with recall settings, then trafilatura's ``baseline``, then its own collection of
  ``<p>``/``<br>``-separated block texts;
* finds the publication date with htmldate (markup first, then the URL, then an extensive
  search whose year-only guesses ``YYYY-01-01`` are refused).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from rasd.errors import InputError
from rasd.ingest.boilerplate import prepare_text
from rasd.normalize import key

log = logging.getLogger(__name__)

_LETTER = re.compile(r"[^\W\d_]")
_SITE_TAIL = re.compile(r"\s*(?:\||\s[-–—»:]{1,2}\s)\s*([^|\-–—»]+)$")
_SITE_HEAD = re.compile(r"^([^|]+?)\s*\|\s*")
#: A site name joined to a page title has at most this many words.
MAX_SITE_WORDS = 3
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)(?:[/_\-.]([a-z_\-]+))?[/_\-.](\d{1,2})[/_\-.](\d{1,2})(?!\d)",
    re.IGNORECASE)
_WS = re.compile(r"\s+")
_BLOCK_TAGS = ("p", "div", "li", "h2", "h3", "h4", "blockquote", "td", "section", "article")


@dataclass(slots=True)
class HtmlExtract:
    """What :func:`extract_html` found in a page.

    Attributes:
        title: headline (str) or None.
        text: main text, paragraphs joined with ``\\n`` (str, non-empty).
        published: publication date ``YYYY-MM-DD`` or None.
        url: canonical URL of the page (the given one, else from its metadata) or None.
        removed: boilerplate lines removed from the main text (``{"text", "reason"}``, as
            :attr:`rasd.ingest.boilerplate.Prepared.removed`).
        method: which extractor produced the text: ``trafilatura``, ``trafilatura-recall``,
            ``baseline``, ``blocks`` or ``stream`` (the depth-proof last resort).
    """

    title: str | None
    text: str
    published: str | None = None
    url: str | None = None
    removed: list[dict[str, str]] = field(default_factory=list)
    method: str = "trafilatura"


def _norm_ws(s: str) -> str:
    return _WS.sub(" ", s).strip()


_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                         "section", "article", "blockquote", "td", "header", "footer"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav",
                        "iframe", "object", "form", "button", "select"})


def _stream_text(html: str) -> str:
    """Text of ``html`` by a streaming tokenizer (``html.parser``): block tags become line
    breaks, script/style/nav content is skipped.  No tree is built, so nesting depth and
    malformed markup do not matter.  Returns lines joined with ``\n`` (may be empty)."""
    from html.parser import HTMLParser

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in _SKIP_TAGS:
                self.skip += 1
            elif tag in _BLOCK_TAGS:
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in _SKIP_TAGS:
                self.skip = max(0, self.skip - 1)
            elif tag in _BLOCK_TAGS:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.out.append(data)

    p = _P()
    try:
        p.feed(html)
        p.close()
    except Exception:  # noqa: BLE001 - keep what was read before the parser gave up
        pass
    lines = (" ".join(line.split()) for line in "".join(p.out).split("\n"))
    return "\n".join(line for line in lines if line)


def _tree(html: str):
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except Exception:  # noqa: BLE001 - lxml raises many kinds on broken input
        tree = None
    if tree is None:  # trafilatura refuses fragments and odd pages; lxml alone is lenient
        import lxml.html

        try:
            tree = lxml.html.document_fromstring(html)
        except Exception:  # noqa: BLE001
            tree = None
    return tree


def _headline(tree, meta_title: str | None) -> str | None:
    """Prefer an ``<h1>`` that matches the page title; else the page title without site suffix."""
    h1s: list[str] = []
    doc_title = None
    og = None
    if tree is not None:
        for el in tree.iter("h1"):
            t = _norm_ws("".join(el.itertext()))
            if t and 2 <= len(t.split()) <= 40:
                h1s.append(t)
        t_el = tree.find(".//title")
        if t_el is not None:
            doc_title = _norm_ws("".join(t_el.itertext()))
        for m in tree.iter("meta"):
            if (m.get("property") or m.get("name") or "").lower() in ("og:title", "twitter:title"):
                og = _norm_ws(m.get("content") or "")
                if og:
                    break
    refs = [key(x) for x in (og, doc_title, meta_title) if x]
    for h in h1s:
        kh = key(h)
        if any(kh in r or r in kh for r in refs if len(r) >= 5):
            return h
    cand = meta_title or og or doc_title
    if cand:
        return strip_site_name(cand)
    return h1s[0] if h1s else None


def strip_site_name(title: str) -> str:
    """Cut a site name (at most :data:`MAX_SITE_WORDS` words) joined to a page title by
    `` | `` or `` - `` (``"افتتاح جسر جديد | موقع الأخبار"`` -> ``"افتتاح جسر جديد"``), at the
    end first, else (``|`` only) at the start; a headline's own separators are kept when the
    part after them is longer than a site name ("العراق - إيران: محادثات حول المياه")."""
    m = _SITE_TAIL.search(title)
    if m and len(m.group(1).split()) <= MAX_SITE_WORDS and len(title[:m.start()].split()) >= 2:
        return title[:m.start()].strip()
    m = _SITE_HEAD.match(title)
    if m and len(m.group(1).split()) <= MAX_SITE_WORDS and len(title[m.end():].split()) >= 2:
        return title[m.end():].strip()
    return title.strip()


def _date_from_url(url: str | None) -> str | None:
    if not url:
        return None
    for m in _URL_DATE.finditer(url):
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_published(html: str, url: str | None = None) -> str | None:
    """Publication date of a page as ``YYYY-MM-DD``, or None (``html`` is the markup as a str:
    htmldate's extensive search reads the raw string, so a parsed tree finds fewer dates).

    Order: htmldate on reliable markup (meta tags, JSON-LD, ``<time>``), a date in the URL
    (``/2013/middle_east/8/3/``, ``/2020/8/24/``), htmldate's extensive search (rejecting
    ``YYYY-01-01``, which is how it writes a year-only guess such as a copyright line).
    """
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate ships with trafilatura
        return _date_from_url(url)
    try:
        d = find_date(html, url=url, original_date=True, extensive_search=False)
        if d:
            return d
        d = _date_from_url(url)
        if d:
            return d
        d = find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 - htmldate on broken markup
        log.debug("htmldate failed", exc_info=True)
        return _date_from_url(url)
    if d and d.endswith("-01-01"):
        return None
    return d


def _blocks_text(tree) -> str:
    """Own fallback: texts of block elements (``<p>``, ``<div>`` leaves, ...) split at ``<br>``."""
    if tree is None:
        return ""
    for bad in list(tree.iter("script", "style", "noscript", "nav", "footer", "header",
                              "aside", "form", "template")):
        parent = bad.getparent()
        if parent is not None:
            parent.remove(bad)
    for br in list(tree.iter("br")):
        br.tail = "\n" + (br.tail or "")
    out: list[str] = []
    seen: set[str] = set()
    for el in tree.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in el):
            continue
        for part in "".join(el.itertext()).split("\n"):
            t = _norm_ws(part)
            if t and t not in seen and _LETTER.search(t):
                seen.add(t)
                out.append(t)
    if not out:
        body = tree.find(".//body")
        root = body if body is not None else tree
        for part in "".join(root.itertext()).split("\n"):
            t = _norm_ws(part)
            if t and _LETTER.search(t):
                out.append(t)
    return "\n".join(out)


def _clean_lines(text: str, title: str | None) -> str:
    tkey = key(title) if title else None
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        if not _LETTER.search(s):
            continue  # bare dates, times, counters
        if tkey and key(s) == tkey and not lines:
            continue  # the headline repeated as the first line
        lines.append(s)
    return "\n".join(lines)


def extract_html(html: str, url: str | None = None, source: str = "-") -> HtmlExtract:
    """Extract the article of an HTML page.

    Args:
        html: the page (decoded str; full page or fragment, malformed markup allowed).
        url: the page URL when known (helps the date and is returned as ``url``).
        source: file path or ``"-"``, for error messages.
    Returns:
        :class:`HtmlExtract`; ``text`` is non-empty and its paragraphs are joined with ``\\n``.
    Raises:
        InputError: ``code="bad-html"`` when no text at all can be extracted.
    """
    import trafilatura

    text = ""
    title = None
    meta_url = None
    method = "trafilatura"
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                          favor_precision=True, include_comments=False,
                                          include_tables=True, include_images=False)
    except Exception:  # noqa: BLE001 - trafilatura on hostile markup
        log.debug("trafilatura failed on %s", source, exc_info=True)
        doc = None
    if doc is not None:
        text = doc.text or ""
        title = doc.title
        meta_url = doc.url
    tree = _tree(html)
    headline = _headline(tree, title)
    body = _clean_lines(text, headline)
    if not body:
        try:
            doc2 = trafilatura.bare_extraction(html, url=url, favor_recall=True,
                                               include_comments=False, with_metadata=False)
            body = _clean_lines((doc2.text if doc2 is not None else "") or "", headline)
            method = "trafilatura-recall"
        except Exception:  # noqa: BLE001
            body = ""
    if not body:
        try:
            _, base, _ = trafilatura.baseline(html)
            body = _clean_lines(base or "", headline)
            method = "baseline"
        except Exception:  # noqa: BLE001
            body = ""
    if not body:
        body = _clean_lines(_blocks_text(_tree(html)), headline)
        method = "blocks"
    if not body:
        # libxml2 gives up on pathological pages (nesting deeper than 256 levels, hostile
        # markup): the standard library's tokenizing parser has no depth limit
        body = _clean_lines(_stream_text(html), headline)
        method = "stream"
    if not body:
        raise InputError("no text could be extracted from the HTML", source, code="bad-html")
    prepared = prepare_text(body, has_title=False)
    if not prepared.text:
        raise InputError("the HTML holds only boilerplate (no article text)", source,
                         code="bad-html")
    published = find_published(html, url or meta_url) if tree is not None else None
    return HtmlExtract(title=headline, text=prepared.text, published=published,
                       url=url or meta_url, removed=prepared.removed, method=method)
