"""Checks of the bundled demo corpus files (src/eventwire/data/demo/), not of the product.

They make sure the corpus stays usable for `eventwire demo`: valid inputs in every supported
format, full PLOVER coverage in expected.tsv, a group of reports of one event for the
deduplication demo, a blog page with teasers and one non-English story.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "demo"

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
EXPECTED_COLUMNS = ["doc_id", "main_type", "actor_country", "recipient_country",
                    "same_event_as", "note"]
BLOG_MARKER = "Popular posts from this blog"
MONTHS = ("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|"
          "June|July|August|September|October|November|December")
DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]*?, (?P<date>(?:%s)\.? \d{1,2}, \d{4}) — " % MONTHS)


# ---------------------------------------------------------------- loading helpers

def _jsonl_records() -> list[dict]:
    lines = (DEMO / "stories.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _expected() -> list[dict]:
    with open(DEMO / "expected.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header, body = rows[0], rows[1:]
    assert header == EXPECTED_COLUMNS
    return [dict(zip(header, row)) for row in body]


def _story_files() -> list[Path]:
    return sorted(p for p in DEMO.iterdir()
                  if p.suffix in {".txt", ".html", ".htm"} and p.is_file())


def _is_blog(path: Path) -> bool:
    return path.suffix == ".txt" and BLOG_MARKER in path.read_text(encoding="utf-8")


class _TextOfHtml(HTMLParser):
    """Collects the text of <title>, <article> and the published_time meta tag."""

    def __init__(self) -> None:
        super().__init__()
        self.in_article = 0
        self.in_title = False
        self.title = ""
        self.article = []
        self.published = None
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag == "article":
            self.in_article += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta" and attrs.get("property") == "article:published_time":
            self.published = attrs.get("content")

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.in_article:
            self.article.append(data)


def _parse_html(path: Path) -> _TextOfHtml:
    parser = _TextOfHtml()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _blog_post_text(path: Path) -> str:
    """The post of a blog page: after the navigation line, before the teaser block."""
    text = path.read_text(encoding="utf-8")
    body = text.split(BLOG_MARKER, 1)[0]
    return body.split("\n", 1)[1]


def _all_story_texts() -> dict[str, str]:
    """doc_id -> main text, for every story of the corpus (expected.tsv naming)."""
    texts = {rec["id"]: rec["text"] for rec in _jsonl_records()}
    for path in _story_files():
        if path.suffix in {".html", ".htm"}:
            texts[path.name] = " ".join(_parse_html(path).article)
        elif _is_blog(path):
            texts[path.name] = _blog_post_text(path)
        else:
            texts[path.name] = path.read_text(encoding="utf-8")
    return texts


# ---------------------------------------------------------------- the corpus as a whole

def test_at_least_30_stories():
    assert len(_all_story_texts()) >= 30


def test_readme_present():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "own words" in readme
    assert "expected.tsv" in readme


def test_expected_and_corpus_match():
    listed = [row["doc_id"] for row in _expected()]
    assert len(listed) == len(set(listed)), "duplicate doc_id in expected.tsv"
    assert set(listed) == set(_all_story_texts())


# ---------------------------------------------------------------- stories.jsonl

def test_jsonl_lines_follow_the_contract():
    ids = []
    for n, line in enumerate((DEMO / "stories.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"blank line {n}"
        rec = json.loads(line)
        assert set(rec) == {"id", "title", "pub_date", "url", "text"}, n
        for key in rec:
            assert isinstance(rec[key], str) and rec[key].strip(), (n, key)
        assert re.fullmatch(r"demo-\d{3}", rec["id"]), rec["id"]
        assert rec["url"].startswith("https://news.example.org/"), rec["url"]
        assert "\n\n" in rec["text"], f"{rec['id']}: paragraphs must be separated by a blank line"
        ids.append(rec["id"])
    assert len(ids) == len(set(ids))


def test_jsonl_pub_dates_are_valid_and_in_range():
    for rec in _jsonl_records():
        day = dt.date.fromisoformat(rec["pub_date"])
        assert dt.date(2001, 1, 1) <= day <= dt.date(2024, 12, 31), rec["id"]


def test_story_lengths():
    for doc_id, text in _all_story_texts().items():
        words = len(text.split())
        assert 120 <= words <= 400, (doc_id, words)


# ---------------------------------------------------------------- files

def _month_number(word: str) -> int:
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return names.index(word.rstrip(".").lower()[:3]) + 1


def test_plain_text_stories_have_headline_and_dateline():
    plain = [p for p in _story_files() if p.suffix == ".txt" and not _is_blog(p)]
    assert len(plain) >= 3
    for path in plain:
        lines = path.read_text(encoding="utf-8").split("\n")
        assert lines[0].strip() and not lines[1].strip(), path.name
        match = DATELINE.match(lines[2])
        assert match, f"{path.name}: no dateline"
        month, day_of_month, year = match["date"].replace(",", "").split()
        day = dt.date(int(year), _month_number(month), int(day_of_month))
        assert dt.date(2001, 1, 1) <= day <= dt.date(2024, 12, 31), path.name


def test_html_page():
    pages = [p for p in _story_files() if p.suffix in {".html", ".htm"}]
    assert pages
    for path in pages:
        page = _parse_html(path)
        assert page.title.strip(), path.name
        assert page.published and dt.date.fromisoformat(page.published[:10]), path.name
        assert {"html", "head", "nav", "article", "h1", "p", "footer"} <= page.tags, path.name
        raw = path.read_text(encoding="utf-8")
        assert "Related stories" in raw and "<a href=" in raw, path.name


def test_blog_page_with_teasers():
    blogs = [p for p in _story_files() if _is_blog(p)]
    assert blogs
    for path in blogs:
        text = path.read_text(encoding="utf-8")
        nav, post = text.split("\n", 1)
        assert "|" in nav or "·" in nav, "first line should be a navigation line"
        teasers = [b for b in text.split(BLOG_MARKER, 1)[1].split("\n\n") if b.strip()]
        # three teasers (title line + a few lines), possibly followed by a footer line
        assert len([b for b in teasers if len(b.strip().split("\n")) >= 3]) == 3, path.name
        assert len(post.split(BLOG_MARKER, 1)[0].split()) >= 120


# ---------------------------------------------------------------- expected.tsv

def test_every_plover_type_is_a_main_type():
    types = {row["main_type"] for row in _expected()}
    assert PLOVER_TYPES <= types
    assert types <= PLOVER_TYPES | {"-"}


def test_expected_country_codes():
    for row in _expected():
        for key in ("actor_country", "recipient_country"):
            assert re.fullmatch(r"[A-Z]{3}|-", row[key]), (row["doc_id"], key, row[key])


def _same_event_groups() -> list[set[str]]:
    rows = _expected()
    ids = {row["doc_id"] for row in rows}
    parent = {i: i for i in ids}

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for row in rows:
        other = row["same_event_as"]
        if other != "-":
            assert other in ids, (row["doc_id"], other)
            assert other != row["doc_id"]
            parent[find(row["doc_id"])] = find(other)
    groups: dict[str, set[str]] = {}
    for i in ids:
        groups.setdefault(find(i), set()).add(i)
    return [g for g in groups.values() if len(g) > 1]


def test_same_event_groups():
    groups = _same_event_groups()
    sizes = sorted(len(g) for g in groups)
    assert sizes and sizes[-1] >= 3, "need one event reported by at least three stories"
    assert len(groups) >= 2, "need a second event reported more than once"
    by_id = {row["doc_id"]: row for row in _expected()}
    for group in groups:
        assert len({by_id[d]["main_type"] for d in group}) == 1, group


# ---------------------------------------------------------------- language and speech

def test_one_non_english_story_marked_as_such():
    langid = pytest.importorskip("langid")
    texts = _all_story_texts()
    marked = {row["doc_id"] for row in _expected() if row["main_type"] == "-"}
    detected = {doc_id for doc_id, text in texts.items() if langid.classify(text)[0] != "en"}
    assert marked, "no story is marked as foreign-language in expected.tsv"
    assert detected == marked
    for doc_id in detected:
        assert langid.classify(texts[doc_id])[0] in {"es", "fr"}


QUOTE_PAIRS = [('"', '"'), ("“", "”"), ("«", "»")]
SPEECH_CUE = re.compile(r"\b(said|says|told|dijo|afirmó|declaró)\b", re.IGNORECASE)


def test_every_story_reports_speech():
    for doc_id, text in _all_story_texts().items():
        quoted = any(re.search(re.escape(a) + r"[^\n]+?" + re.escape(b), text)
                     for a, b in QUOTE_PAIRS)
        assert quoted or SPEECH_CUE.search(text), doc_id
