"""End to end in a real browser: `eventwire serve`'s app on 127.0.0.1, headless Chromium driven
by Playwright. Filters events, opens a document, checks a highlighted actor and an event's `why`,
checks that a hostile document shows its markup as text, and saves the screenshots of
docs/img/ (shown in the README).

Needs Debian's chromium (`apt-get install -y chromium chromium-driver`) and the `playwright`
Python package; never `playwright install`.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "img"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium chromium-driver): "
                "the browser test needs it", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs `pip install playwright`")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from eventwire.api import create_app
    from eventwire.ingest import iter_inputs
    from test_api import build_explorer_db
    from test_dedup import DEMO

    db = build_explorer_db(tmp_path_factory.mktemp("web"), iter_inputs([str(DEMO)]))
    app = create_app(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True, args=ARGS,
                                                   viewport={"width": 1440, "height": 900}, device_scale_factor=1)
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(browser, server):
    page = browser.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))

    def only_local(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:  # the explorer must work with no internet: nothing may be fetched elsewhere
            outside.append(route.request.url)
            route.abort()
    page.route("**/*", only_local)
    return page, problems, outside


def ready(page, view: str) -> None:
    page.wait_for_selector(f'body[data-ready="{view}"]', timeout=20_000)


def test_explore_filter_open_document_check_actor(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, problems, outside = open_page(browser, server)
    page.goto(server + "/")
    ready(page, "events")
    header = page.inner_text("#stats")
    assert "event reports" in header and "after deduplication" in header

    # filter through the form: consultations with the United States as actor
    page.select_option("#event-filters select[name=type]", "CONSULT")
    page.fill("#event-filters input[name=actor_country]", "usa")
    page.click("#event-filters button[type=submit]")
    page.wait_for_function("location.hash.includes('type=CONSULT')")
    ready(page, "events")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 3
    types = page.locator("#events-table tbody tr td:nth-child(2) .badge").all_inner_texts()
    assert types and set(types) == {"CONSULT"}
    who = page.locator("#events-table tbody tr td:nth-child(3)").all_inner_texts()
    assert all("USA" in w.split("→")[0] for w in who)
    reports = page.inner_text("#count-reports")
    clusters = page.inner_text("#count-clusters")
    assert int(reports.split()[0]) > int(clusters.split()[0])  # the Singapore summit, told more than once
    page.screenshot(path=str(SHOTS / "explorer-events.png"))

    # open a report of an event that several documents tell (the Singapore summit)
    multi = page.locator("#events-table tbody tr", has=page.locator("a.reports.multi"))
    assert multi.count() >= 1
    multi.first.locator("td.doc a").click()
    ready(page, "doc")
    assert page.locator("#doc-title").inner_text()
    american = page.locator('#doc-text mark.a-actor[data-country="USA"]').first
    american.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "USA (United States)" in tip.inner_text() and "resolved from" in tip.inner_text()
    trigger = page.locator("#doc-text mark.a-trigger").first
    trigger.hover()
    page.wait_for_function("document.querySelector('#tip').innerText.includes('why:')")
    assert ".yaml" in tip.inner_text()  # the lexicon entry the event was coded from
    assert page.locator("#doc-text mark.a-quote").count() >= 1
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / "explorer-document.png"))

    # one event told by several documents
    page.goto(server + "/#/clusters?min_documents=2")
    ready(page, "clusters")
    first = page.locator("#cluster-list .cluster").first
    assert int(first.locator(".big b").inner_text()) >= 2
    first.locator("button.linkish").click()
    first.locator("table.members tbody tr").first.wait_for()
    assert first.locator("table.members tbody tr").count() >= 2
    page.screenshot(path=str(SHOTS / "explorer-clusters.png"))

    # a country pair over time, and who acts on whom
    page.goto(server + "/#/timeline?a=USA&b=RUS&by=month")
    ready(page, "timeline")
    assert page.locator("#timeline-chart svg rect.bar-coop, #timeline-chart svg rect.bar-conf").count() >= 2
    page.screenshot(path=str(SHOTS / "explorer-timeline.png"))
    page.goto(server + "/#/network")
    ready(page, "network")
    assert page.locator("#network-chart g.net-node").count() >= 5
    assert page.locator('#network-chart g.net-node[data-country="USA"]').count() == 1
    page.screenshot(path=str(SHOTS / "explorer-network.png"))

    # who said what
    page.goto(server + "/#/quotes")
    ready(page, "quotes")
    page.fill("input[name=speaker]", "Putin")
    page.press("input[name=speaker]", "Enter")
    page.wait_for_function("location.hash.includes('speaker=Putin')")
    ready(page, "quotes")
    speakers = page.locator("#quote-list .quote .by").all_inner_texts()
    assert speakers and all("Putin" in s for s in speakers)
    page.screenshot(path=str(SHOTS / "explorer-quotes.png"))

    assert problems == []
    assert outside == []


def test_hostile_document_renders_as_text(browser, server):
    from urllib.parse import quote

    from test_api import IMG, SCRIPT, XSS_ID, XSS_TITLE
    page, problems, outside = open_page(browser, server)
    page.goto(server + "/#/doc?id=" + quote(XSS_ID, safe=""))
    ready(page, "doc")
    text = page.inner_text("#doc-text")
    assert SCRIPT in text and IMG in text
    assert page.inner_text("#doc-title") == XSS_TITLE
    assert page.locator("#main script, #main img, #doc-text b").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    # the actor whose words hold the markup is highlighted, as text
    actor = page.locator("#doc-text mark.a-actor").filter(has_text="onerror")
    assert actor.count() == 1 and actor.get_attribute("data-country") == "FRA"
    trigger = page.locator("#doc-text mark.a-trigger", has_text="condemned")
    trigger.hover()
    page.wait_for_function("document.querySelector('#tip').innerText.includes('why:')")
    assert SCRIPT in page.inner_text("#tip")  # the `why` shown as text
    # the events table and the quotes view show the hostile title and quote as text too
    page.goto(server + "/#/events?q=condemned%20the%20attack%20on%20the%20website")
    ready(page, "events")
    assert XSS_TITLE in page.inner_text("#events-table")
    page.goto(server + "/#/quotes?q=__xss")
    ready(page, "quotes")
    assert SCRIPT in page.inner_text("#quote-list")
    # the url `javascript:alert(1)` is shown, never linked
    page.goto(server + "/#/doc?id=" + quote(XSS_ID, safe=""))
    ready(page, "doc")
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert problems == [] and outside == []
