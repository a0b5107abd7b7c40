"""Ingest: reading inputs (files, folders, stdin, JSONL, WARC, feeds, URLs, bad inputs) and
preparing documents (clean text, segments, languages, title, dates, status).

Real text comes from ../shared (the seed page, VOA stories) and is read at test time; tests that
need it skip with a message when it is absent. Every other fixture is written here.
"""
from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import threading
import time
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.ingest import iter_inputs, prepare
from eventwire.ingest.dates import dateline_date, normalize_date, url_date
from eventwire.model import SEGMENT_KINDS, Document, RawInput

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "g20_hamburg_blog_page.txt"
SEED_EXPECTED = SHARED / "acceptance" / "seed_expected.json"
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared material not available: {path} (tests on real text need ../shared)")
    return path


def check_segments(doc: Document) -> None:
    """Segments are in order, do not overlap, start and end on non-blank characters, and every
    non-blank character of the text is inside one of them."""
    text = doc.text
    pos = 0
    for seg in doc.segments:
        assert seg.kind in SEGMENT_KINDS
        assert pos <= seg.start < seg.end <= len(text), (seg, pos, len(text))
        assert not text[seg.start].isspace() and not text[seg.end - 1].isspace()
        assert not text[pos: seg.start].strip(), f"text outside any segment: {text[pos: seg.start]!r}"
        pos = seg.end
    assert not text[pos:].strip(), f"text outside any segment: {text[pos:][:80]!r}"


def one(paths, settings: Settings | None = None, **kw) -> Document:
    raws = list(iter_inputs(paths, **kw))
    assert len(raws) == 1, [r.doc_id for r in raws]
    doc = prepare(raws[0], settings or Settings())
    check_segments(doc)
    return doc


def seg_texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start: s.end] for s in doc.segments if s.kind == kind]


# --- fixtures written for these tests ----------------------------------------------------------

STORY_PARAS = [
    "The foreign ministers of Aldoria and Brevnia signed a treaty on Friday that divides the waters "
    "of the Serin river, ending a dispute that had simmered for a decade.",
    '"This is a day for farmers on both banks," the Aldorian minister told reporters after the '
    "ceremony in the border town of Kesh.",
    "Under the agreement, a joint commission will measure the flow of the river every month and "
    "publish its figures for both governments.",
    "Brevnia had accused its neighbour of building dams upstream without consultation, a charge "
    "that Aldoria has always denied.",
]

STORY_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers agree on river treaty | The Valley Courier</title>
<meta property="og:title" content="Ministers agree on river treaty">
<meta property="article:published_time" content="2021-04-09T08:30:00+02:00">
<link rel="canonical" href="https://courier.example/world/2020/01/01/river-treaty">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>Ministers agree on river treaty</h1>
""" + "\n".join(f"<p>{p}</p>" for p in STORY_PARAS) + """
</article>
<section class="related"><h2>Related articles</h2><ul>
<li><a href="/a">Drought hits northern farms</a></li>
<li><a href="/b">Dam project stalls after protests</a></li></ul></section>
<section id="comments" class="comments"><h3>2 comments</h3>
<div class="comment"><p class="author">riverwatcher</p><p>About time the two governments sat down
together, but I doubt the commission will be independent of either side.</p></div>
<div class="comment"><p class="author">kesh_local</p><p>Farmers here have waited years for this news
and many of them will celebrate in the square tonight.</p></div>
</section></main>
<footer><p>&copy; 2021 The Valley Courier. All rights reserved.</p></footer>
</body></html>
"""

PAGE_TEXT = """Skip to content
Home | World | Business | Sport

Coastal states sign fishing pact

PORT ALBA, March 3, 2022 \u2014 Five coastal states signed a pact on Thursday that limits trawling in their shared waters, after two years of talks hosted by the regional council.

The agreement sets yearly catch quotas for cod and herring and creates a patrol service that will inspect boats at sea.

"We have chosen cooperation over a race to the last fish," the council's chairwoman said at the signing ceremony.

Share this article

Related stories

Storm damages harbour in Port Alba
Waves destroyed part of the old sea wall on Sunday night and flooded the fish market\u2026

Fishermen protest new fuel tax
Hundreds of boats blocked the harbour entrance on Monday to protest against the tax, which\u2026

3 comments

Marta: Good news for the small boats at last, if the quotas are really enforced this time.
Reply

Jon: The pact says nothing about the factory ships that come from outside the region every summer.
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Valley Courier</title><link>https://courier.example/</link><description>News</description>
<item><title>Ministers agree on river treaty</title>
<link>https://courier.example/world/river-treaty</link>
<pubDate>Fri, 09 Apr 2021 23:30:00 -0500</pubDate>
<description>&lt;p&gt;""" + STORY_PARAS[0] + """&lt;/p&gt;</description></item>
<item><title>Border crossing reopens</title>
<link>https://courier.example/world/border-crossing</link>
<pubDate>Sat, 10 Apr 2021 07:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The crossing at Kesh reopened on Saturday after a week of closure ordered by the interior ministry.</p><p>Trucks waited in a line several kilometres long.</p>]]></content:encoded></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour news</title><id>urn:example:feed</id>
<updated>2022-01-05T10:00:00Z</updated>
<entry><title>Coastal states sign fishing pact</title>
<link href="https://harbour.example/pact"/><id>urn:example:1</id>
<updated>2022-01-05T10:00:00Z</updated><published>2022-01-04T22:15:00-05:00</published>
<content type="html">&lt;p&gt;Five coastal states signed a pact on Thursday that limits trawling in their shared waters.&lt;/p&gt;</content>
</entry></feed>
"""

GERMAN = ("Die Regierung hat am Montag neue Hilfen für die Landwirte beschlossen. Der Minister sagte, "
          "man werde die Betriebe im Norden des Landes weiter unterstützen, bis die Dürre vorbei ist.")


# --- the seed page ---------------------------------------------------------------------------------

def test_seed_page_structure_as_a_careful_reader_sees_it():
    path = need(SEED)
    expected = json.loads(need(SEED_EXPECTED).read_text(encoding="utf-8"))["structure"]
    doc = one([str(path)], Settings(pub_date="2017-07-07"))
    file_lines = path.read_text(encoding="utf-8").split("\n")
    text_lines = doc.text.split("\n")
    # plain text keeps its lines: line numbers of the file are line numbers of the text
    assert [ln.rstrip() for ln in text_lines] == [ln.rstrip() for ln in file_lines[: len(text_lines)]]

    def lines_of(seg):  # noqa: ANN001, ANN202
        return doc.text.count("\n", 0, seg.start), doc.text.count("\n", 0, seg.end)

    kinds = [(s.kind, lines_of(s), s.language) for s in doc.segments]
    main = expected["main_article"]
    block = expected["teaser_block"]
    assert kinds[0] == ("boilerplate", (0, 0), "en")
    assert expected["boilerplate_lines"] == [0]
    articles = [k for k in kinds if k[0] == "article"]
    assert articles == [("article", (main["title_line"], main["last_line"]), main["language"])]
    assert ("boilerplate", (block["heading_line"], block["heading_line"]), "en") in kinds
    teasers = [k for k in kinds if k[0] == "teaser"]
    assert [t[2] for t in teasers] == ["en", "fa", "fa"]
    assert teasers[0][1] == tuple(block["english_lines"])
    assert teasers[1][1][0] == block["persian_lines"][0] and teasers[-1][1][1] == block["persian_lines"][1]
    assert teasers[0][1][0] == block["first_line"] and teasers[-1][1][1] == block["last_line"]
    assert doc.title == file_lines[main["title_line"]].strip()
    assert doc.language == "en" and doc.status == "coded" and doc.reason is None
    assert doc.pub_date == "2017-07-07"  # no date in the page: the --pub-date setting


def test_seed_page_without_pub_date_setting_has_no_date():
    doc = one([str(need(SEED))])
    assert doc.pub_date is None


# --- plain text segmentation --------------------------------------------------------------------------

def test_text_page_with_menus_teasers_and_comments(tmp_path):
    p = tmp_path / "pact.txt"
    p.write_text(PAGE_TEXT, encoding="utf-8")
    doc = one([str(p)])
    article = "\n".join(seg_texts(doc, "article"))
    assert article.startswith("Coastal states sign fishing pact")
    assert article.rstrip().endswith("at the signing ceremony.")
    for furniture in ("Skip to content", "Home | World", "Share this article", "Related stories", "Marta"):
        assert furniture not in article
    bp = "\n".join(seg_texts(doc, "boilerplate"))
    assert "Skip to content" in bp and "Home | World | Business | Sport" in bp and "Share this article" in bp
    teasers = seg_texts(doc, "teaser")
    assert teasers == ["Storm damages harbour in Port Alba\nWaves destroyed part of the old sea wall on Sunday "
                       "night and flooded the fish market\u2026",
                       "Fishermen protest new fuel tax\nHundreds of boats blocked the harbour entrance on "
                       "Monday to protest against the tax, which\u2026"]
    comments = seg_texts(doc, "comments")
    assert len(comments) == 1 and comments[0].startswith("3 comments") and "factory ships" in comments[0]
    assert doc.title == "Coastal states sign fishing pact"
    assert doc.pub_date == "2022-03-03"  # from the dateline


def test_misplaced_teaser_heading_does_not_swallow_the_story():
    body = ("Negotiators from the two parties met again on Tuesday in the capital and agreed to extend "
            "the ceasefire by another month, officials said.")
    later = ("The talks will resume next week, when both delegations are expected to present their "
             "proposals for the disputed border districts.")
    last = ("Observers from the regional bloc will monitor the ceasefire line and report to the council "
            "every two weeks, the statement said.")
    text = f"Ceasefire extended\n\n{body}\n\nRelated\n\nPrisoner exchange delayed again\n\n{later}\n\n{last}\n"
    doc = prepare(RawInput(doc_id="t", text=text), Settings())
    check_segments(doc)
    article = "\n".join(seg_texts(doc, "article"))
    assert body in article and later in article and last in article
    assert seg_texts(doc, "teaser") == ["Prisoner exchange delayed again"]


def test_inline_read_more_line_is_a_teaser_and_story_goes_on():
    text = ("Rebels shelled the airport on Sunday, the army said in a statement released in the evening.\n\n"
            "READ MORE: Army recaptures two villages in the east\n\n"
            "The government said it would ask the United Nations for an urgent meeting of the council.")
    doc = prepare(RawInput(doc_id="t", text=text), Settings())
    check_segments(doc)
    assert seg_texts(doc, "teaser") == ["READ MORE: Army recaptures two villages in the east"]
    assert len(seg_texts(doc, "article")) == 2


def test_single_newline_paragraphs_and_cookie_notice():
    text = ("We use cookies to improve your experience on our site. By continuing you accept our cookie policy.\n"
            "Floods force thousands from their homes\n"
            "Heavy rain caused rivers to burst their banks across the south of the country on Wednesday.\n"
            "The interior ministry said that more than four thousand people had been moved to shelters.\n"
            "Advertisement\n"
            "Rescue teams from neighbouring countries arrived on Thursday morning to help with the effort.\n")
    doc = prepare(RawInput(doc_id="t", text=text), Settings())
    check_segments(doc)
    assert [s.kind for s in doc.segments] == ["boilerplate", "article", "boilerplate", "article"]
    assert doc.title == "Floods force thousands from their homes"


def test_byline_stays_in_the_article_but_is_not_the_title():
    text = ("By Jane Doe, Staff Reporter\n\nMinister dismissed\n\n"
            "KYIV, Feb. 3, 2023 \u2014 Parliament voted on Friday to dismiss the defence minister, two "
            "lawmakers said.\n\nThe vote followed weeks of reports about procurement abuses.")
    doc = prepare(RawInput(doc_id="b", text=text), Settings())
    check_segments(doc)
    assert [s.kind for s in doc.segments] == ["article"]
    assert doc.title == "Minister dismissed" and doc.pub_date == "2023-02-03"


def test_hard_wrapped_paragraphs_are_joined_without_moving_offsets():
    para = ("The committee voted on Monday to send the bill back to the lower house, where the governing\n"
            "coalition holds a narrow majority and where the opposition has promised to delay the vote\n"
            "for as long as the rules of procedure allow it, according to several members.")
    doc = prepare(RawInput(doc_id="t", text=para), Settings())
    assert doc.text == para.replace("\n", " ")
    assert len(doc.text) == len(para)


# --- HTML ------------------------------------------------------------------------------------------

def test_html_page_article_without_nav_related_or_comments(tmp_path):
    p = tmp_path / "treaty.html"
    p.write_text(STORY_HTML, encoding="utf-8")
    doc = one([str(p)])
    article = "\n".join(seg_texts(doc, "article"))
    for para in STORY_PARAS:
        assert para in article
    for furniture in ("Home", "Weather", "Drought hits northern farms", "riverwatcher", "celebrate",
                      "All rights reserved"):
        assert furniture not in article
    # paragraphs are kept, separated by blank lines
    assert STORY_PARAS[0] + "\n\n" + STORY_PARAS[1] in doc.text
    comments = seg_texts(doc, "comments")
    assert comments and "independent of either side" in "\n".join(comments)
    assert doc.title == "Ministers agree on river treaty"
    assert doc.pub_date == "2021-04-09"  # HTML metadata wins over the date in the canonical URL
    assert doc.language == "en" and doc.status == "coded"
    assert doc.doc_id == str(p)


def test_html_without_text_is_skipped_with_a_reason(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>Courier</title><script>var x = 1;</script></head>"
                 "<body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>")
    doc = one([str(p)])
    assert doc.status == "skipped"
    assert doc.reason == "no article text found in the HTML"
    assert not doc.segments_of("article")


def test_html_fragment_falls_back_to_plain_walk():
    doc = prepare(RawInput(doc_id="f", html="<p>" + STORY_PARAS[0] + "</p><p>" + STORY_PARAS[2] + "</p>"),
                  Settings())
    check_segments(doc)
    assert doc.status == "coded"
    assert doc.text == STORY_PARAS[0] + "\n\n" + STORY_PARAS[2]


def test_unsupported_language_is_reported_not_hidden(tmp_path):
    p = tmp_path / "hilfe.html"
    p.write_text(f"<html><body><article><h1>Hilfen für Landwirte</h1><p>{GERMAN}</p></article></body></html>",
                 encoding="utf-8")
    doc = one([str(p)])
    assert doc.language == "de"
    assert all(s.language == "de" for s in doc.segments_of("article"))
    assert doc.status == "coded"  # the pipeline decides what it can code; ingest reports the language


# --- JSONL -----------------------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": STORY_PARAS[0], "pub_date": "2021-05-02T23:10:00-04:00",
                    "url": "https://courier.example/a1", "title": "Treaty signed"}),
        json.dumps({"id": "a2", "html": STORY_HTML}),
        '{"id": "a3", "text": "unterminated',
        "",
        json.dumps({"text": "a record without an id"}),
        json.dumps({"id": "a6"}),
        "[1, 2, 3]",
        json.dumps({"id": 8, "text": STORY_PARAS[1], "published": "2019-01-02 03:04:05Z"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raws = list(iter_inputs([str(p)]))
    assert [r.doc_id for r in raws] == ["a1", "a2", f"{p}:3", f"{p}:5", f"{p}:6", f"{p}:7", "8"]
    docs = {r.doc_id: prepare(r, Settings()) for r in raws}
    assert docs["a1"].pub_date == "2021-05-02" and docs["a1"].title == "Treaty signed"
    assert docs["a1"].url == "https://courier.example/a1" and docs["a1"].status == "coded"
    assert docs["a2"].pub_date == "2021-04-09" and STORY_PARAS[3] in docs["a2"].text
    assert docs["8"].pub_date == "2019-01-02"
    for bad, words in ((f"{p}:3", "malformed JSON"), (f"{p}:5", "no \"id\""), (f"{p}:6", "neither"),
                       (f"{p}:7", "not a JSON object")):
        assert docs[bad].status == "failed" and words in docs[bad].reason, docs[bad].reason
        assert docs[bad].text == "" and docs[bad].segments == []


def test_gzipped_jsonl_and_truncated_gzip(tmp_path):
    records = b"".join(json.dumps({"id": f"n{i}", "text": f"Story {i}: the council met on Monday."}).encode()
                       + b"\n" for i in range(3000))
    good = tmp_path / "ok.jsonl.gz"
    good.write_bytes(gzip.compress(records))
    assert [r.doc_id for r in iter_inputs([str(good)])][:3] == ["n0", "n1", "n2"]
    bad = tmp_path / "cut.jsonl.gz"
    bad.write_bytes(gzip.compress(records)[:4000])
    raws = list(iter_inputs([str(bad)]))
    assert raws[-1].error and "truncated gzip" in raws[-1].error and raws[-1].doc_id == str(bad)
    assert all(r.error is None for r in raws[:-1]) and len(raws) > 1


# --- stdin -----------------------------------------------------------------------------------------

def test_stdin_text_jsonl_html_and_bytes():
    doc = one(["-"], stdin=io.StringIO(PAGE_TEXT))
    assert doc.doc_id == "<stdin>" and doc.title == "Coastal states sign fishing pact"
    raws = list(iter_inputs([], stdin=io.StringIO(
        json.dumps({"id": "s1", "text": STORY_PARAS[0]}) + "\n{broken\n" + json.dumps({"id": "s2", "text": "x"}))))
    assert [r.doc_id for r in raws] == ["s1", "<stdin>:2", "s2"] and raws[1].error
    doc = one(["-"], stdin=io.StringIO(STORY_HTML))
    assert STORY_PARAS[2] in doc.text and "Weather" not in "\n".join(seg_texts(doc, "article"))
    latin = io.TextIOWrapper(io.BytesIO(("Le ministre a déclaré à la presse que l'accord était "
                                         "très important pour les deux pays.").encode("latin-1")))
    doc = one(["-"], stdin=latin)
    assert "déclaré" in doc.text and doc.language == "fr"
    doc = one(["-"], stdin=io.StringIO("  \n "))
    assert doc.status == "skipped"


# --- folders ---------------------------------------------------------------------------------------

def test_folder_recursive_sorted_known_types_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "z").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text(STORY_PARAS[0])
    (tmp_path / "sub" / "a.html").write_text(STORY_HTML)
    (tmp_path / "sub" / "c.jsonl").write_text(json.dumps({"id": "j1", "text": STORY_PARAS[1]}) + "\n")
    (tmp_path / "z" / "d.txt.gz").write_bytes(gzip.compress(STORY_PARAS[2].encode()))
    (tmp_path / "notes").write_text("no extension: not read in a folder")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / ".git" / "x.txt").write_text("hidden folder")
    raws = list(iter_inputs([str(tmp_path)]))
    assert [r.doc_id for r in raws] == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.html"), "j1",
                                        str(tmp_path / "z" / "d.txt.gz")]
    assert all(r.error is None for r in raws)
    assert prepare(raws[-1], Settings()).text == STORY_PARAS[2]


def test_folder_skips_settings_json_and_non_feed_xml(tmp_path):
    (tmp_path / "settings.json").write_text('{"theme": "dark"}')
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    (tmp_path / "news.xml").write_text(RSS, encoding="utf-8")
    raws = list(iter_inputs([str(tmp_path)]))
    assert [r.doc_id for r in raws] == ["https://courier.example/world/river-treaty",
                                        "https://courier.example/world/border-crossing"]


def test_empty_folder_and_unreadable_file(tmp_path):
    raws = list(iter_inputs([str(tmp_path)]))
    assert len(raws) == 1 and raws[0].status_if_error == "skipped" and "no readable files" in raws[0].error
    locked = tmp_path / "locked.txt"
    locked.write_text(STORY_PARAS[0])
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with permissions that can read any file (root)")
        doc = one([str(locked)])
        assert doc.status == "failed" and "permission" in doc.reason
    finally:
        locked.chmod(0o644)


def test_html_given_as_text_is_read_as_html():
    doc = prepare(RawInput(doc_id="j", text=STORY_HTML), Settings())
    check_segments(doc)
    assert STORY_PARAS[0] in doc.text and "<p>" not in doc.text and doc.title == "Ministers agree on river treaty"


def test_file_without_extension_is_sniffed(tmp_path):
    p = tmp_path / "story"
    p.write_text(STORY_HTML)
    doc = one([str(p)])
    assert STORY_PARAS[1] in doc.text and "<p>" not in doc.text


# --- WARC ------------------------------------------------------------------------------------------

def _write_warc(path: Path, records, gz: bool = True) -> None:  # noqa: ANN001
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, status, ctype, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc_html_responses_become_inputs(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    _write_warc(p, [
        ("https://courier.example/world/river-treaty", "200 OK", "text/html; charset=utf-8", STORY_HTML.encode()),
        ("https://courier.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("https://courier.example/old", "301 Moved Permanently", "text/html", b"<html>moved</html>"),
        ("https://courier.example/harbour", "200 OK", "text/html; charset=iso-8859-1",
         f"<html><body><article><p>{STORY_PARAS[2]} Caf\u00e9 owners welcomed it.</p></article></body></html>"
         .encode("latin-1")),
    ])
    raws = list(iter_inputs([str(p)]))
    assert [r.doc_id for r in raws] == [f"{p}#1", f"{p}#4"]
    assert [r.url for r in raws] == ["https://courier.example/world/river-treaty", "https://courier.example/harbour"]
    docs = [prepare(r, Settings()) for r in raws]
    assert STORY_PARAS[0] in docs[0].text and docs[0].title == "Ministers agree on river treaty"
    assert "Caf\u00e9 owners" in docs[1].text


def test_truncated_warc_keeps_earlier_pages_and_reports(tmp_path):
    p = tmp_path / "cut.warc.gz"
    _write_warc(p, [(f"https://courier.example/{i}", "200 OK", "text/html", STORY_HTML.encode())
                    for i in range(3)])
    data = p.read_bytes()
    p.write_bytes(data[: len(data) - 700])
    raws = list(iter_inputs([str(p)]))
    assert raws[-1].error and "WARC" in raws[-1].error
    assert all(r.error is None and r.html for r in raws[:-1])


# --- feeds -----------------------------------------------------------------------------------------

def test_rss_and_atom_entries(tmp_path):
    rss = tmp_path / "courier.rss"
    rss.write_text(RSS, encoding="utf-8")
    atom = tmp_path / "harbour.xml"
    atom.write_text(ATOM, encoding="utf-8")
    raws = list(iter_inputs([str(rss), str(atom)]))
    assert [r.doc_id for r in raws] == ["https://courier.example/world/river-treaty",
                                        "https://courier.example/world/border-crossing",
                                        "https://harbour.example/pact"]
    docs = [prepare(r, Settings()) for r in raws]
    assert [d.title for d in docs] == ["Ministers agree on river treaty", "Border crossing reopens",
                                       "Coastal states sign fishing pact"]
    # feed dates keep the day they were written with
    assert [d.pub_date for d in docs] == ["2021-04-09", "2021-04-10", "2022-01-04"]
    assert docs[0].text == STORY_PARAS[0]
    assert docs[1].text.split("\n\n") == ["The crossing at Kesh reopened on Saturday after a week of closure "
                                          "ordered by the interior ministry.",
                                          "Trucks waited in a line several kilometres long."]
    assert all(d.status == "coded" and d.language == "en" for d in docs)


# --- http(s) ---------------------------------------------------------------------------------------

@pytest.fixture()
def local_server():
    routes = {
        "/story": ("text/html; charset=utf-8", STORY_HTML.encode("utf-8")),
        "/feed": ("application/rss+xml", RSS.encode("utf-8")),
        "/plain": ("text/plain; charset=utf-8", PAGE_TEXT.encode("utf-8")),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path not in routes:
                self.send_error(404, "Not Found")
                return
            ctype, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_urls_of_pages_feeds_and_errors(local_server):
    base = local_server
    raws = list(iter_inputs([f"{base}/story", f"{base}/feed", f"{base}/plain", f"{base}/missing"]))
    ids = [r.doc_id for r in raws]
    assert ids == [f"{base}/story", "https://courier.example/world/river-treaty",
                   "https://courier.example/world/border-crossing", f"{base}/plain", f"{base}/missing"]
    story = prepare(raws[0], Settings())
    assert story.url == f"{base}/story" and STORY_PARAS[3] in story.text and story.status == "coded"
    assert prepare(raws[3], Settings()).title == "Coastal states sign fishing pact"
    missing = prepare(raws[4], Settings())
    assert missing.status == "failed" and "404" in missing.reason


# --- bad inputs ------------------------------------------------------------------------------------

def test_missing_binary_empty_truncated_and_undecodable_files(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "random.txt").write_bytes(bytes((i * 73 + 11) % 256 for i in range(4096)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    whole = gzip.compress(("The council met on Monday. " * 500).encode())
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "mojibake.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    cases = {
        "missing.txt": ("failed", "no such file"),
        "image.txt": ("failed", "binary file"),
        "random.txt": ("failed", "binary file"),
        "empty.txt": ("skipped", "empty"),
        "blank.txt": ("skipped", "empty"),
        "cut.txt.gz": ("failed", "truncated gzip"),
        "mojibake.txt": ("failed", "cannot decode"),
    }
    paths = [str(tmp_path / name) for name in cases]
    raws = list(iter_inputs(paths))
    assert [r.doc_id for r in raws] == paths
    for raw, (name, (status, words)) in zip(raws, cases.items()):
        doc = prepare(raw, Settings())
        assert (doc.status, words in (doc.reason or "")) == (status, True), (name, doc.status, doc.reason)


def test_legacy_encodings_and_byte_order_marks(tmp_path):
    (tmp_path / "fr.txt").write_bytes("Le président a rencontré le chancelier à Berlin mercredi pour parler "
                                      "de l'énergie et des frontières.".encode("latin-1"))
    (tmp_path / "ru.txt").write_bytes("Президент заявил журналистам, что переговоры продолжатся на следующей "
                                      "неделе в столице.".encode("cp1251"))
    (tmp_path / "bom.txt").write_bytes("\ufeffThe minister resigned on Friday.".encode("utf-8"))
    (tmp_path / "u16.txt").write_bytes("The minister resigned on Friday.".encode("utf-16"))
    (tmp_path / "ctl.txt").write_bytes(b"The minister\x00 resigned\x07 on Friday.\r\nHe denied it.")
    docs = {Path(r.doc_id).name: prepare(r, Settings()) for r in iter_inputs([str(tmp_path)])}
    assert "président" in docs["fr.txt"].text and docs["fr.txt"].language == "fr"
    assert "Президент" in docs["ru.txt"].text and docs["ru.txt"].language == "ru"
    assert docs["bom.txt"].text == "The minister resigned on Friday."
    assert docs["u16.txt"].text == "The minister resigned on Friday."
    # a stray NUL or bell in otherwise good text does not make a binary file: they are removed
    assert docs["ctl.txt"].text == "The minister resigned on Friday.\nHe denied it."


def test_fifty_megabyte_text_is_cut_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    para = ("The regional assembly debated the budget for the coming year late into the night, and the "
            "opposition walked out before the final vote was taken by the remaining members.\n\n")
    with open(p, "w", encoding="utf-8") as fh:
        fh.write(para * (50_000_000 // len(para) + 1))
    assert p.stat().st_size >= 50_000_000
    settings = Settings()
    t0 = time.perf_counter()
    doc = one([str(p)], settings)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, f"50 MB took {elapsed:.1f} s"
    assert doc.status == "coded" and len(doc.text) <= settings.max_chars
    assert doc.reason is None and any("cut" in n for n in doc.notes)
    assert doc.text.endswith("remaining members.")  # cut at a paragraph boundary


def test_max_chars_setting_cuts_and_says_so():
    text = "\n\n".join(STORY_PARAS)
    doc = prepare(RawInput(doc_id="m", text=text), Settings(max_chars=300))
    check_segments(doc)
    assert len(doc.text) <= 300 and doc.text == "\n\n".join(STORY_PARAS[:2])
    assert doc.status == "coded" and doc.reason is None and any("cut" in n for n in doc.notes)


def test_prepare_never_raises_on_odd_raw_inputs():
    odd = [RawInput(doc_id="n"), RawInput(doc_id="e", text=""), RawInput(doc_id="h", html="   "),
           RawInput(doc_id="c", text="\x00\x01\x02"), RawInput(doc_id="x", html="<<<>>>"),
           RawInput(doc_id="d", text="Talks ended.", pub_date="not a date at all")]
    docs = [prepare(r, Settings()) for r in odd]
    assert [d.status for d in docs] == ["skipped", "skipped", "skipped", "skipped", "skipped", "coded"]
    assert all(d.reason for d in docs[:5]) and docs[5].pub_date is None


# --- dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("2025-03-14 20:30:26Z", "2025-03-14"),
    ("2021-05-02T23:10:00-04:00", "2021-05-02"),
    ("Fri, 09 Apr 2021 23:30:00 -0500", "2021-04-09"),
    ("20190102", "2019-01-02"),
    (1618000000, "2021-04-09"),
    ("June 12, 2018", "2018-06-12"),
    ("12 June 2018", "2018-06-12"),
    ("2018-02-30", None),
    ("yesterday-ish", None),
    ("", None),
])
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_url_and_dateline_dates():
    assert url_date("https://news.example/world/2017/07/07/g20-meeting") == "2017-07-07"
    assert url_date("https://news.example/2018-06-12-talks-resume") == "2018-06-12"
    assert url_date("https://news.example/a/8011115.html") is None
    assert dateline_date(["WASHINGTON, June 12, 2018 \u2014 The Senate voted on Tuesday."]) == "2018-06-12"
    assert dateline_date(["June 12, 2018 (Reuters) - Ministers met in Vienna."]) == "2018-06-12"
    assert dateline_date(["Published: 3 March 2022", "The council met."]) == "2022-03-03"
    assert dateline_date(["The accord signed on June 12, 2018 - a Tuesday - held."]) is None
    assert dateline_date(["Talks resumed on June 12, 2018, the ministry said."]) is None


def test_pub_date_order_field_then_metadata_then_url_then_dateline_then_setting():
    s = Settings(pub_date="2000-01-01")
    dated = "BERLIN, May 5, 2020 \u2014 The talks ended without an agreement, officials said."
    assert prepare(RawInput("a", text=dated, pub_date="2020-05-06T01:00:00Z"), s).pub_date == "2020-05-06"
    assert prepare(RawInput("b", text=dated, url="https://x.example/2020/05/04/talks"), s).pub_date == "2020-05-04"
    assert prepare(RawInput("c", text=dated), s).pub_date == "2020-05-05"
    assert prepare(RawInput("d", text="The talks ended without an agreement."), s).pub_date == "2000-01-01"


# --- real stories ----------------------------------------------------------------------------------

def test_voa_stories_are_one_english_article_each():
    path = need(VOA)
    stories = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = list(iter_inputs([str(path)]))
    assert [r.doc_id for r in raws] == [str(s["id"]) for s in stories]
    for story, raw in zip(stories, raws):
        doc = prepare(raw, Settings())
        check_segments(doc)
        assert [(s.kind, s.language) for s in doc.segments] == [("article", "en")], story["id"]
        assert doc.text[doc.segments[0].start: doc.segments[0].end] == doc.text
        assert doc.pub_date == story["published"][:10]
        assert doc.title == story["title"] and doc.url == story["url"]
        assert doc.status == "coded" and doc.language == "en"


# --- properties ------------------------------------------------------------------------------------

def test_random_text_and_html_files_property(tmp_path_factory):
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

    words = st.sampled_from(["Skip to main content", "Related articles", "3 comments", "Share this",
                             "Read more", "Advertisement", "\u2026", "The minister said on Monday.",
                             "\u0648\u0632\u06cc\u0631 \u06af\u0641\u062a", "\n", "\n\n", " ", "\t", "\r\n",
                             "<p>", "</p>", "<div>", "<script>", "&amp;", "\x00", "\ufeff", "\u2028"])
    pieces = st.lists(st.one_of(words, st.text(max_size=40)), max_size=30).map("".join)
    tags = st.sampled_from(["p", "div", "article", "nav", "li", "h1", "section", "footer", "span"])
    html = st.lists(st.tuples(tags, pieces), max_size=12).map(
        lambda items: "<html><body>" + "".join(f"<{t}>{x}</{t}>" for t, x in items) + "</body></html>")
    base = tmp_path_factory.mktemp("prop")
    counter = iter(range(10 ** 6))

    @hsettings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(files=st.lists(st.one_of(st.tuples(st.just(".txt"), pieces), st.tuples(st.just(".html"), html),
                                    st.tuples(st.just(".txt"), st.binary(max_size=200))), min_size=1, max_size=4))
    def check(files):  # noqa: ANN001, ANN202
        paths = []
        for ext, content in files:
            p = base / f"f{next(counter)}{ext}"
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8")
            paths.append(str(p))
        raws = list(iter_inputs(paths))
        assert [r.doc_id for r in raws] == paths
        for raw in raws:
            doc = prepare(raw, Settings())
            assert doc.doc_id == raw.doc_id
            assert doc.status in ("coded", "skipped", "failed")
            assert not (doc.reason or "").startswith("internal error"), doc.reason
            assert (doc.status == "coded") == bool(doc.segments_of("article"))
            check_segments(doc)

    check()


def test_long_texts_in_latin_script_are_told_apart():
    from eventwire.ingest.language import detect_language
    english = ("The government said on Monday that it would send more troops to the border region after "
               "a week of clashes, and the opposition said the decision had been taken without a vote. "
               "Officials from both countries have met twice since the fighting began, but they have not "
               "agreed on a ceasefire, which the United Nations has called for. ") * 3
    dutch = ("De regering heeft maandag gezegd dat zij meer troepen naar de grens stuurt na een week van "
             "gevechten, en de oppositie zei dat het besluit is genomen zonder stemming in het parlement. "
             "Ambtenaren uit beide landen hebben twee keer vergaderd sinds de strijd begon, maar zij zijn "
             "het nog niet eens over een staakt-het-vuren, waar de Verenigde Naties om hebben gevraagd. ") * 3
    german = ("Die Regierung hat am Montag erklärt, dass sie mehr Soldaten in die Grenzregion schicken wird, "
              "nachdem es eine Woche lang Kämpfe gab, und die Opposition sagte, die Entscheidung sei ohne "
              "Abstimmung getroffen worden. Beamte beider Länder haben sich seit Beginn der Kämpfe zweimal "
              "getroffen, aber sie haben sich nicht auf eine Waffenruhe geeinigt. ") * 3
    assert detect_language(english) == "en"
    assert detect_language(dutch) == "nl"
    assert detect_language(german) == "de"
