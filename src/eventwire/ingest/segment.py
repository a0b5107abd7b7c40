"""Divide a clean text into article, teaser, boilerplate and comments segments.

Works on lines and blocks (runs of non-blank lines), so it serves text that was extracted from a
page long ago (a copied blog post) as well as what trafilatura returns for HTML.

Rules, in order:

* furniture lines ("Skip to main content", "Share this", "Advertisement", cookie notices,
  "Labels: ...") are ``boilerplate`` wherever they are;
* a teaser heading ("Popular posts from this blog", "Related articles", "Read more", "Most
  read", ...) opens a teaser block. The heading line itself is ``boilerplate``; every teaser
  after it is one ``teaser`` segment: a title-like block (one short line without closing
  punctuation) with what follows it up to the next title, i.e. its date line and at most one
  snippet block. Two substantial paragraphs in a row mean the article has resumed, so a
  misplaced heading cannot swallow the story; a block that opens the page before the story
  gives its last title (the headline) back to the article;
* a comments heading ("12 comments", "Leave a reply", "Comments") after article text opens a
  ``comments`` segment that runs to the next teaser heading (trailing furniture excepted);
* a one-line "READ MORE: other headline" inside the article is a one-line ``teaser``;
* runs of three or more menu-like lines (one to three words) before the first or after the
  last substantial paragraph, and breadcrumb/navigation lines ("Home | World | Europe"), are
  ``boilerplate``;
* everything else is ``article``.

Offsets are Python ``str`` indices into the text; segments are in order, never overlap and
every non-blank character is inside exactly one of them (blank lines between segments are not).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns
from .dates import find_date_in

_CLOSING = "\"'\u201d\u2019\u00bb)]*\u300d\u300f"
# the link that closes a teaser ("Read more", "Continue reading")
_READ_ON = re.compile(r"^\W{0,3}(read more|continue reading|read the full (story|article|post)|full story|"
                      r"more\s*(\u00bb|>|\u2192))\W{0,3}$", re.I)
_SENTENCE_END = ".!?\u3002\uff01\uff1f\u061f\u06d4\u2026;,:"
_NAV_SEP_RE = re.compile(r"\s(?:\||\u2022|\u00b7|/|\u00bb|\u203a|>)\s")
_META_RE = re.compile(r"\b(?:ago|min(?:ute)?s? read|comments?|posted|updated|published)\b|^by\s", re.I)
_BYLINE_RE = re.compile(r"^(?:by|written by|reported by|von|par|por|di)\s+\S", re.I)
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")

MIN_ARTICLE_WORDS_BEFORE = 30  # article words needed before a comments heading counts as one


@dataclass
class Line:
    index: int
    start: int
    end: int
    text: str
    words: int
    block: int


@dataclass
class Layout:
    """The segments of a text, without languages: ``(kind, start, end)`` triples in order."""

    spans: list[tuple[str, int, int]] = field(default_factory=list)
    headline: str | None = None  # the article's first line when it reads as a headline


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    block = 0
    prev_blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            if prev_blank and lines:
                block += 1
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(Line(len(lines), start, start + len(stripped), stripped, len(stripped.split()), block))
            prev_blank = False
        else:
            prev_blank = True
        pos += len(raw) + 1
    if len(lines) >= 4 and len(lines) >= 3 * (lines[-1].block + 1):
        # paragraphs separated by single line breaks: every line is a block of its own
        for k, line in enumerate(lines):
            line.block = k
    return lines


def ends_sentence(text: str) -> bool:
    t = text.rstrip(_CLOSING + " ")
    return bool(t) and t[-1] in _SENTENCE_END


def title_like(line: Line) -> bool:
    """A short line without closing punctuation: a headline or a link title."""
    return 1 <= line.words <= 20 and len(line.text) <= 160 and not ends_sentence(line.text)


def question_title(line: Line) -> bool:
    t = line.text.rstrip(_CLOSING + " ")
    return line.words <= 15 and bool(t) and t[-1] in "?!\uff1f\u061f"


def meta_like(line: Line) -> bool:
    """A teaser's date or byline line: "July 7, 2017", "3 hours ago", "By Jane Doe"."""
    if line.words > 8:
        return False
    return bool(find_date_in(line.text) or _TIME_RE.search(line.text) or _META_RE.search(line.text))


def substantial(line: Line) -> bool:
    """A line that reads like a paragraph of running text."""
    if line.words >= 25 or len(line.text) >= 200:
        return True
    if not ends_sentence(line.text):
        return False
    return line.words >= 12 or (len(line.text) >= 40 and line.words <= 3)  # scripts without spaces


def menu_like(line: Line) -> bool:
    return line.words <= 3 and len(line.text) <= 30 and not ends_sentence(line.text)


def nav_line(line: Line) -> bool:
    """Breadcrumbs and menus on one line: "Home | World | Europe", "News » Politics"."""
    seps = len(_NAV_SEP_RE.findall(line.text))
    return seps >= 2 and line.words <= 4 * (seps + 1) and not ends_sentence(line.text)


def _label(line: Line) -> str:
    t, w = line.text, line.words
    if patterns.is_comments_heading(t, w):
        return "ch"
    if patterns.is_teaser_heading(t, w):
        return "th"
    if patterns.is_boilerplate(t, w):
        return "bp"
    if patterns.is_inline_teaser(t, w):
        return "it"
    return ""


@dataclass
class _Unit:
    kind: str  # bp, meta, title, para, titled_para
    lines: list[int]
    substantial: bool = False


class _Segmenter:
    def __init__(self, text: str, comments_from: int | None, page: bool = False) -> None:
        self.text = text
        self.page = page
        self.lines = split_lines(text)
        n = len(self.lines)
        self.labels = [_label(ln) for ln in self.lines]
        self.kinds: list[str] = ["article"] * n
        self.items: list[int] = [0] * n
        self.next_item = 1
        self.article_words = 0
        self.story_seen = False
        self.end = n
        if comments_from is not None:
            first = next((ln.index for ln in self.lines if ln.start >= comments_from), n)
            item = self._new_item()
            for i in range(first, n):
                self.kinds[i] = "comments"
                self.items[i] = item
            self.end = first

    def _new_item(self) -> int:
        self.next_item += 1
        return self.next_item

    # --- main walk ------------------------------------------------------------------------
    def run(self) -> Layout:
        i = 0
        while i < self.end:
            label = self.labels[i]
            if label == "ch" and self._after_story():
                i = self._comments_zone(i)
                continue
            if label == "th":
                i = self._teaser_zone(i)
                continue
            if label in ("bp", "ch"):
                self.kinds[i] = "boilerplate"
            elif label == "it":
                self.kinds[i] = "teaser"
                self.items[i] = self._new_item()
            else:
                self._article(i)
            i += 1
        self._menus()
        if self.page:
            self._stray_words()
        return self._layout()

    def _stray_words(self) -> None:
        """On a web page, an "article" made only of menu-like scraps is no article."""
        arts = [i for i in range(self.end) if self.kinds[i] == "article"]
        if arts and all(menu_like(self.lines[i]) for i in arts):
            for i in arts:
                self.kinds[i] = "boilerplate"

    def _article(self, i: int) -> None:
        self.kinds[i] = "article"
        self.items[i] = 0
        self.article_words += self.lines[i].words
        self.story_seen = self.story_seen or substantial(self.lines[i])

    def _after_story(self) -> bool:
        """Some article text came before: a paragraph, or a few lines of it."""
        return self.story_seen or self.article_words >= MIN_ARTICLE_WORDS_BEFORE

    # --- comments -------------------------------------------------------------------------
    def _comments_zone(self, h: int) -> int:
        j = h + 1
        while j < self.end and self.labels[j] != "th":
            j += 1
        body = [k for k in range(h + 1, j) if self.labels[k] != "bp" and self.lines[k].words >= 5]
        if not body:  # a heading over an empty thread or a bare comment form
            for k in range(h, j):
                self.kinds[k] = "boilerplate"
            return j
        last = body[-1]
        item = self._new_item()
        for k in range(h, j):
            if k > last and self.labels[k] == "bp":
                self.kinds[k] = "boilerplate"
            else:
                self.kinds[k] = "comments"
                self.items[k] = item
        return j

    # --- teasers --------------------------------------------------------------------------
    def _units(self, start: int) -> tuple[list[_Unit], int]:
        """Units of a teaser block from line ``start`` up to a comments heading or the end."""
        units: list[_Unit] = []
        i = start
        stop = self.end
        while i < self.end:
            if self.labels[i] == "ch" and self._after_story():
                stop = i
                break
            block = self.lines[i].block
            j = i
            while j < self.end and self.lines[j].block == block and not (
                    self.labels[j] == "ch" and self._after_story()):
                j += 1
            rest: list[int] = []
            for k in range(i, j):
                if self.labels[k] in ("bp", "th"):
                    units.append(_Unit("bp", [k]))
                elif self.labels[k] == "it":
                    units.append(_Unit("title", [k]))
                else:
                    rest.append(k)
            if rest:
                units.extend(self._block_units(rest))
            i = j
        return units, stop

    def _block_units(self, idx: list[int]) -> list[_Unit]:
        lines = [self.lines[k] for k in idx]
        if len(lines) == 1:
            ln = lines[0]
            if meta_like(ln) and not substantial(ln):
                return [_Unit("meta", idx)]
            if title_like(ln) or question_title(ln):
                return [_Unit("title", idx)]
            return [_Unit("para", idx, substantial(ln))]
        if all(title_like(ln) or question_title(ln) or meta_like(ln) for ln in lines):
            return [_Unit("meta" if meta_like(ln) else "title", [ln.index]) for ln in lines]
        big = any(substantial(ln) for ln in lines) or sum(ln.words for ln in lines) >= 25
        kind = "titled_para" if title_like(lines[0]) else "para"
        return [_Unit(kind, idx, big)]

    def _teaser_zone(self, h: int) -> int:
        """Mark the teaser block opened by the heading on line ``h``; return where it ends."""
        before_article = not self._after_story()
        self.kinds[h] = "boilerplate"
        units, stop = self._units(h + 1)

        def mark(u: _Unit, kind: str, item: int = 0) -> None:
            for k in u.lines:
                self.kinds[k] = kind
                self.items[k] = item

        def body_run(p: int, titled: bool) -> int:
            """End (exclusive) of the body that starts at unit ``p``: up to the next title, or
            the next title-led block once the body has a paragraph."""
            q, has_para = p, not titled
            while q < len(units):
                kind = units[q].kind
                if kind == "title" or (kind == "titled_para" and has_para):
                    break
                has_para = has_para or kind in ("para", "titled_para")
                q += 1
            return q

        def resumes(run: list[_Unit]) -> bool:
            """Real paragraphs that are not a cut-off snippet: the article goes on here."""
            paras = [u for u in run if u.kind in ("para", "titled_para")]
            big = sum(u.substantial for u in paras)
            return big >= 1 and not self._snippet(paras[-1])

        p = 0
        while p < len(units):
            u = units[p]
            if u.kind == "bp":
                mark(u, "boilerplate")
                p += 1
                continue
            if u.kind == "title":
                q = body_run(p + 1, titled=True)
                run = units[p + 1: q]
                paras = [v for v in run if v.kind in ("para", "titled_para")]
                # after a title, two real paragraphs (one, before any story) mean the article
                # goes on: a snippet is one paragraph, or ends cut short
                if sum(v.substantial for v in paras) >= (1 if before_article else 2) and resumes(run):
                    if before_article:  # the last title before the story is its headline
                        return u.lines[0]
                    mark(u, "teaser", self._new_item())
                    return self._resume(units, p + 1)
            else:  # a body without a title of its own (or a block led by its title)
                q = body_run(p + 1, titled=False) if u.kind != "meta" else body_run(p + 1, titled=True)
                run = units[p: q]
                if resumes(run):
                    return u.lines[0]
                run = run[1:]
            item = self._new_item()
            mark(u, "teaser", item)
            for v in run:
                mark(v, "boilerplate" if v.kind == "bp" else "teaser", 0 if v.kind == "bp" else item)
            p = q
        return stop

    def _resume(self, units: list[_Unit], p: int) -> int:
        for u in units[p:]:
            if u.kind not in ("bp", "meta"):
                return u.lines[0]
        return self.end

    def _snippet(self, u: _Unit) -> bool:
        """A teaser snippet is cut short: it ends with an ellipsis, or a "Read more" link follows it."""
        last = self.lines[u.lines[-1]].text.rstrip(_CLOSING + " ")
        if last.endswith(("\u2026", "...")):
            return True
        nxt = u.lines[-1] + 1
        return nxt < self.end and bool(_READ_ON.match(self.lines[nxt].text.strip()))

    # --- menus ----------------------------------------------------------------------------
    def _menus(self) -> None:
        art = [ln.index for ln in self.lines[: self.end] if self.kinds[ln.index] == "article" and substantial(ln)]
        if not art:
            return
        first, last = art[0], art[-1]
        for lo, hi in ((0, first), (last + 1, self.end)):
            run: list[int] = []
            for i in list(range(lo, hi)) + [None]:  # type: ignore[list-item]
                if i is not None and self.kinds[i] == "article" and nav_line(self.lines[i]):
                    self.kinds[i] = "boilerplate"
                    continue
                if i is not None and self.kinds[i] == "article" and menu_like(self.lines[i]):
                    run.append(i)
                    continue
                if len(run) >= 3:
                    for k in run:
                        self.kinds[k] = "boilerplate"
                run = []

    # --- output ---------------------------------------------------------------------------
    def _layout(self) -> Layout:
        layout = Layout()
        cur: tuple[str, int] | None = None
        start = end = 0
        for ln in self.lines:
            key = (self.kinds[ln.index], self.items[ln.index])
            if key != cur:
                if cur is not None:
                    layout.spans.append((cur[0], start, end))
                cur, start = key, ln.start
            end = ln.end
        if cur is not None:
            layout.spans.append((cur[0], start, end))
        layout.headline = self._headline()
        return layout

    def _headline(self) -> str | None:
        arts = [ln for ln in self.lines if self.kinds[ln.index] == "article"]
        while arts and (_BYLINE_RE.match(arts[0].text) or meta_like(arts[0])):
            arts = arts[1:]  # a byline or a date line above the headline
        if len(arts) < 2:
            return None
        first, second = arts[0], arts[1]
        if first.block == second.block or not title_like(first) or first.words < 2:
            return None
        return first.text


def segment_text(text: str, comments_from: int | None = None, page: bool = False) -> Layout:
    """Segments of ``text``; lines starting at or after ``comments_from`` are one comments segment.

    ``page``: the text was extracted from a web page, where an "article" made only of a few
    menu-like words (nothing but "Home", "World") is taken for furniture.
    """
    return _Segmenter(text, comments_from, page).run()
