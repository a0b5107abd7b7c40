"""Latency of the REST API on a database of generated documents.

    .venv/bin/python bench/api_latency.py [--docs 10000] [--rounds 30] [--db FILE] [--write]

1. Generates --docs documents programmatically (no language model: the records are made here,
   with exact spans) and writes them through ``store.Store.write``, in batches, as ``run`` does:
   three to seven events and one to three quotes a document, between about forty countries,
   dated 2015-2024; a fifth of the documents retell an event of an earlier one (the same action
   told in other words a day or two later), so there is something to deduplicate. Then
   ``dedup.rebuild_clusters``.
2. Starts ``eventwire serve --db FILE --port P`` (the real command, uvicorn on 127.0.0.1) and
   sends, over HTTP with one keep-alive connection, --rounds rounds of a mix of ``/api/events``
   queries with filters (type, countries, sectors, dates, text search, one row per cluster,
   sort and deep offsets, one cluster), one request at a time; reports p50/p95/max per query and
   over all of them. The target is p95 < 200 ms. A few other endpoints are timed for reference.

``--db FILE`` keeps the generated database (re-used when it exists); ``--write`` puts the table
into docs/BENCHMARKS.md between the ``api_latency`` markers.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
MARK = "api_latency"

# (iso3, name, adjective, capital, lat, lon)
COUNTRIES = [
    ("USA", "United States", "American", "Washington", 38.9, -77.0), ("RUS", "Russia", "Russian", "Moscow", 55.8, 37.6),
    ("CHN", "China", "Chinese", "Beijing", 39.9, 116.4), ("UKR", "Ukraine", "Ukrainian", "Kyiv", 50.5, 30.5),
    ("GBR", "Britain", "British", "London", 51.5, -0.1), ("FRA", "France", "French", "Paris", 48.9, 2.4),
    ("DEU", "Germany", "German", "Berlin", 52.5, 13.4), ("IRN", "Iran", "Iranian", "Tehran", 35.7, 51.4),
    ("ISR", "Israel", "Israeli", "Jerusalem", 31.8, 35.2), ("PSE", "Palestine", "Palestinian", "Ramallah", 31.9, 35.2),
    ("SYR", "Syria", "Syrian", "Damascus", 33.5, 36.3), ("TUR", "Turkey", "Turkish", "Ankara", 39.9, 32.9),
    ("IND", "India", "Indian", "New Delhi", 28.6, 77.2), ("PAK", "Pakistan", "Pakistani", "Islamabad", 33.7, 73.1),
    ("PRK", "North Korea", "North Korean", "Pyongyang", 39.0, 125.8), ("KOR", "South Korea", "South Korean", "Seoul", 37.6, 127.0),
    ("JPN", "Japan", "Japanese", "Tokyo", 35.7, 139.7), ("TWN", "Taiwan", "Taiwanese", "Taipei", 25.0, 121.6),
    ("SAU", "Saudi Arabia", "Saudi", "Riyadh", 24.7, 46.7), ("QAT", "Qatar", "Qatari", "Doha", 25.3, 51.5),
    ("EGY", "Egypt", "Egyptian", "Cairo", 30.0, 31.2), ("LBY", "Libya", "Libyan", "Tripoli", 32.9, 13.2),
    ("SDN", "Sudan", "Sudanese", "Khartoum", 15.6, 32.5), ("ETH", "Ethiopia", "Ethiopian", "Addis Ababa", 9.0, 38.7),
    ("NGA", "Nigeria", "Nigerian", "Abuja", 9.1, 7.5), ("NER", "Niger", "Nigerien", "Niamey", 13.5, 2.1),
    ("MLI", "Mali", "Malian", "Bamako", 12.6, -8.0), ("COD", "Congo", "Congolese", "Kinshasa", -4.3, 15.3),
    ("VEN", "Venezuela", "Venezuelan", "Caracas", 10.5, -66.9), ("COL", "Colombia", "Colombian", "Bogota", 4.7, -74.1),
    ("BRA", "Brazil", "Brazilian", "Brasilia", -15.8, -47.9), ("MEX", "Mexico", "Mexican", "Mexico City", 19.4, -99.1),
    ("AFG", "Afghanistan", "Afghan", "Kabul", 34.5, 69.2), ("IRQ", "Iraq", "Iraqi", "Baghdad", 33.3, 44.4),
    ("ARM", "Armenia", "Armenian", "Yerevan", 40.2, 44.5), ("AZE", "Azerbaijan", "Azerbaijani", "Baku", 40.4, 49.9),
    ("POL", "Poland", "Polish", "Warsaw", 52.2, 21.0), ("BLR", "Belarus", "Belarusian", "Minsk", 53.9, 27.6),
    ("SRB", "Serbia", "Serbian", "Belgrade", 44.8, 20.5), ("MMR", "Myanmar", "Burmese", "Naypyidaw", 19.8, 96.1),
]
# pairs that interact often (rivals and allies), so the network and timelines have structure
PAIRS = [("USA", "CHN"), ("USA", "RUS"), ("RUS", "UKR"), ("ISR", "PSE"), ("ISR", "IRN"), ("IND", "PAK"),
         ("PRK", "KOR"), ("CHN", "TWN"), ("SAU", "QAT"), ("ARM", "AZE"), ("USA", "IRN"), ("TUR", "SYR"),
         ("POL", "BLR"), ("EGY", "ETH"), ("USA", "JPN"), ("FRA", "MLI"), ("GBR", "RUS"), ("DEU", "FRA")]
# (type, mode, cameo, score, verb phrase)
ACTIONS = [
    ("AGREE", None, "030", 3.0, "agreed to work with"), ("CONSULT", None, "040", 1.0, "held talks with"),
    ("CONSULT", "visit", "043", 1.9, "received a delegation from"), ("SUPPORT", None, "051", 3.4, "praised"),
    ("CONCEDE", None, "080", 5.0, "eased restrictions on"), ("COOPERATE", None, "062", 6.0, "signed a security pact with"),
    ("AID", None, "070", 7.0, "sent humanitarian aid to"), ("RETREAT", "withdraw", "0872", 7.4, "withdrew troops from the border with"),
    ("REQUEST", None, "100", -0.1, "urged"), ("ACCUSE", "allege", "112", -2.0, "accused"),
    ("REJECT", None, "120", -4.0, "rejected demands from"), ("THREATEN", None, "130", -4.4, "threatened"),
    ("PROTEST", "demo", "141", -6.5, "staged protests against"), ("SANCTION", "expel", "166", -5.0, "expelled diplomats of"),
    ("MOBILIZE", "troops", "154", -7.2, "massed troops near"), ("COERCE", "arrest", "173", -7.0, "detained citizens of"),
    ("ASSAULT", None, "190", -10.0, "attacked"),
]
SECTORS = [("", []), ("government", ["GOV"]), ("forces", ["MIL"]), ("police", ["COP"]), ("lawmakers", ["LEG"]),
           ("protesters", ["CVL"]), ("rebels", ["REB"])]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SPEAKERS = ["the foreign minister", "the prime minister", "a government spokesman", "the defence minister",
            "the president", "an opposition leader"]
QUOTES = ["the talks had been useful", "the country would defend itself", "there was no alternative to dialogue",
          "the accusations were baseless", "more sanctions would follow", "aid would arrive within days",
          "the border would stay closed", "both sides wanted peace"]


def generate(n_docs: int, seed: int = 7):
    """Yield Results of generated documents (deterministic for a seed)."""
    import datetime as dt

    from eventwire.model import Actor, Document, Event, Place, Quote, Result, Segment, Sentence, Span

    rng = random.Random(seed)
    by_code = {c[0]: c for c in COUNTRIES}
    start = dt.date(2015, 1, 1).toordinal()
    span_days = dt.date(2024, 12, 31).toordinal() - start
    told: list[tuple] = []  # earlier events a later document may retell

    for i in range(n_docs):
        retell = rng.choice(told) if told and rng.random() < 0.2 else None
        if retell:  # a later report of an earlier event, published within two days of it
            pub = dt.date.fromordinal(retell[5] + rng.randint(0, 2))
        else:
            pub = dt.date.fromordinal(start + rng.randrange(span_days))
        doc_id = f"gen-{i:05d}"
        parts: list[str] = []
        pieces: list[tuple] = []  # (event spec, unused)
        n_events = rng.randint(3, 7)
        for k in range(n_events):
            if retell and k == 0:
                a, r, action, (aw, asec), (rw, rsec), day, place = retell
                retold = True
            else:
                if rng.random() < 0.7:
                    a, r = rng.choice(PAIRS)
                    if rng.random() < 0.5:
                        a, r = r, a
                else:
                    a, r = rng.sample([c[0] for c in COUNTRIES], 2)
                action = rng.choice(ACTIONS)
                aw, asec = rng.choice(SECTORS)
                rw, rsec = rng.choice(SECTORS[:3])
                day = pub.toordinal() - rng.choice([0, 0, 0, 1, 1, 2, 3, 6])
                place = rng.random() < 0.3
                retold = False
                told.append((a, r, action, (aw, asec), (rw, rsec), day, place))
            pieces.append(((a, r, action, (aw, asec), (rw, rsec), day, place, retold), None))
        title = f"{by_code[pieces[0][0][0]][1]} and {by_code[pieces[0][0][1]][1]}: news of {pub.isoformat()}"
        text = title + "\n\n"
        events, quotes = [], []
        offset = len(text)
        for idx, ((a, r, action, (aw, asec), (rw, rsec), day, place, retold), _) in enumerate(pieces, start=1):
            ca, cr = by_code[a], by_code[r]
            typ, mode, cameo, score, verb = action
            actor_text = f"{ca[2]} {aw}".strip() if aw else ca[1]
            recip_text = f"{cr[2]} {rw}".strip() if rw else cr[1]
            when = WEEKDAYS[dt.date.fromordinal(day).weekday()]
            where = f" in {cr[3]}" if place else ""
            if retold:
                sent = f"Earlier this week {actor_text} {verb} {recip_text}{where} on {when}, reports said."
            else:
                sent = f"{actor_text} {verb} {recip_text}{where} on {when}, officials said."
            sent = sent[0].upper() + sent[1:]
            s0 = offset
            a0 = s0 + sent.lower().index(actor_text.lower())
            t0 = s0 + sent.index(verb.split()[0], a0 - s0 + len(actor_text))
            r0 = s0 + sent.index(recip_text, t0 - s0)
            trig = verb.split()[0]
            date = dt.date.fromordinal(day).isoformat()
            why = [f"trigger '{trig}': {typ} verb '{trig}' (generated)",
                   f"actor '{actor_text}' -> {a} {' '.join(asec) or '-'} (generated)",
                   f"recipient '{recip_text}' -> {r} {' '.join(rsec) or '-'} (generated)",
                   f"date {date} from '{when}'"]
            loc = None
            if place:
                loc = Place(cr[3], r, cr[4], cr[5])
                why.append(f"place '{cr[3]}' -> {cr[3]}, {r}")
            events.append(Event(
                doc_id=doc_id, event_type=typ, trigger=Span(trig, t0, t0 + len(trig)),
                sentence=Sentence(idx, sent, s0, s0 + len(sent)),
                actors=[Actor(actor_text, a0, a0 + len(actor_text), ca[1] if not aw else None, a, list(asec), "generated")],
                recipients=[Actor(recip_text, r0, r0 + len(recip_text), cr[1] if not rw else None, r, list(rsec), "generated")],
                mode=mode, context=["negated"] if rng.random() < 0.03 else [], date=date, date_source="text",
                location=loc, cameo=cameo, score=score, confidence=round(rng.uniform(0.5, 0.99), 3), why=why))
            parts.append(sent)
            offset += len(sent) + 2
            if rng.random() < 0.45:
                speaker = rng.choice(SPEAKERS)
                said = rng.choice(QUOTES)
                qs = f"{ca[2]} {speaker} said {said}."
                q_sent0 = offset
                sp0 = q_sent0 + len(ca[2]) + 1
                cue0 = q_sent0 + qs.index(" said ") + 1
                qt0 = cue0 + 5
                quotes.append(Quote(doc_id, "indirect", said, qt0, qt0 + len(said), idx,
                                    speaker=Actor(speaker, sp0, sp0 + len(speaker), None, a, ["GOV"], "generated"),
                                    cue=Span("said", cue0, cue0 + 4)))
                parts.append(qs)
                offset += len(qs) + 2
        text += "\n\n".join(parts)
        doc = Document(doc_id=doc_id, text=text, title=title, pub_date=pub.isoformat(), language="en",
                       url=f"https://news.example.org/{doc_id}", source="generated",
                       segments=[Segment("article", 0, len(text), "en")])
        yield Result(doc, events, quotes)


def build(db: Path, n_docs: int) -> dict:
    from eventwire.dedup import rebuild_clusters
    from eventwire.store import Store
    t0 = time.perf_counter()
    batch = []
    with Store(db) as store:
        for res in generate(n_docs):
            batch.append(res)
            if len(batch) >= 500:
                store.write(batch)
                batch = []
        store.write(batch)
        t1 = time.perf_counter()
        stats = rebuild_clusters(store)
        t2 = time.perf_counter()
    stats.update(write_s=t1 - t0, cluster_s=t2 - t1)
    return stats


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queries(cluster_id: str, doc_id: str) -> list[tuple[str, str, dict]]:
    """(name, path, params): the /api/events mix, then other endpoints for reference."""
    ev = "/api/events"
    return [
        ("events: no filter (newest first)", ev, {}),
        ("events: type", ev, {"type": "ASSAULT"}),
        ("events: actor country + type", ev, {"actor_country": "RUS", "type": "ASSAULT"}),
        ("events: actor + recipient country", ev, {"actor_country": "USA", "recipient_country": "CHN"}),
        ("events: actor country + sector", ev, {"actor_country": "ISR", "actor_sector": "MIL"}),
        ("events: recipient sector + date range", ev, {"recipient_sector": "GOV", "date_from": "2019-03-01",
                                                       "date_to": "2019-06-30"}),
        ("events: text search", ev, {"q": "humanitarian aid"}),
        ("events: one row per cluster + country", ev, {"unique": "true", "country": "UKR"}),
        ("events: sort by score, offset 5000", ev, {"sort": "score", "order": "asc", "offset": 5000}),
        ("events: 500 rows by reports", ev, {"sort": "reports", "limit": 500}),
        ("events: all filters", ev, {"actor_country": "CHN", "recipient_country": "TWN", "type": "MOBILIZE",
                                     "date_from": "2016", "date_to": "2023", "q": "troops", "negated": "exclude"}),
        ("events: one cluster", ev, {"cluster": cluster_id}),
        ("other: /api/clusters (>= 2 documents)", "/api/clusters", {"min_documents": 2}),
        ("other: /api/dyads USA-CHN by month", "/api/dyads", {"a": "USA", "b": "CHN"}),
        ("other: /api/network", "/api/network", {}),
        ("other: /api/actors", "/api/actors", {}),
        ("other: /api/documents/{id}", f"/api/documents/{doc_id}", {}),
        ("other: /api/quotes (speaker)", "/api/quotes", {"speaker": "minister"}),
    ]


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100 * (len(v) - 1)))))
    return v[k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--db", help="keep the generated database here (re-used when it exists)")
    ap.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = ap.parse_args()
    import duckdb
    import httpx

    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="ew-api-bench-"))
        db = tmp / "bench.duckdb"
    build_stats = None
    if not db.exists():
        print(f"generating {args.docs:,} documents into {db} ...", file=sys.stderr)
        build_stats = build(db, args.docs)
    con = duckdb.connect(str(db), read_only=True)
    n_docs, n_events, n_quotes = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM quotes)").fetchone()
    n_clusters, cluster_id = con.execute(
        "SELECT count(*), arg_max(cluster_id, num_documents) FROM event_clusters").fetchone()
    doc_id = con.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1 OFFSET 4321").fetchone()[0]
    con.close()

    port = free_port()
    exe = Path(sys.executable).with_name("eventwire")
    cmd = [str(exe), "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        t_start = time.perf_counter()
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                try:
                    if client.get("/api/meta").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None:
                    sys.exit("eventwire serve stopped: " + (proc.stderr.read() if proc.stderr else ""))
                time.sleep(0.1)
            startup = time.perf_counter() - t_start
            load_before = os.getloadavg()[0]
            mix = queries(cluster_id, doc_id)
            for _name, path, params in mix:  # warm-up: one of each
                assert client.get(path, params=params).status_code == 200, path
            times: dict[str, list[float]] = {name: [] for name, _, _ in mix}
            rng = random.Random(1)
            for _ in range(args.rounds):
                order = list(mix)
                rng.shuffle(order)
                for name, path, params in order:
                    t0 = time.perf_counter()
                    r = client.get(path, params=params)
                    times[name].append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200, (path, r.status_code, r.text[:200])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    load_after = os.getloadavg()[0]
    all_events = [t for name, ts in times.items() if name.startswith("events:") for t in ts]
    p95 = pct(all_events, 95)
    lines = [
        f"Database: {n_docs:,} generated documents, {n_events:,} event reports in {n_clusters:,} clusters, "
        f"{n_quotes:,} quotes (`bench/api_latency.py`: records made programmatically and written with "
        f"`Store.write`, no language model). Server: `eventwire serve` (uvicorn, one process) on 127.0.0.1; "
        f"client: httpx, one keep-alive connection, one request at a time; {args.rounds} rounds of the mix "
        f"below in random order after one warm-up request each; {os.cpu_count()} CPU cores, load average "
        f"{load_before:.1f} before and {load_after:.1f} after the requests (other work on the machine).",
        "",
        f"**`/api/events` with filters: p50 {statistics.median(all_events):.1f} ms, p95 {p95:.1f} ms over "
        f"{len(all_events):,} requests (target p95 < 200 ms: {'met' if p95 < 200 else 'NOT met'}).**",
        "",
        "| query | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|",
    ]
    for name, ts in times.items():
        lines.append(f"| {name} | {statistics.median(ts):.1f} | {pct(ts, 95):.1f} | {max(ts):.1f} |")
    lines.append("")
    if build_stats:
        lines.append(f"Building the database: writing {n_docs:,} documents with `Store.write` "
                     f"{build_stats['write_s']:.1f} s; `dedup.rebuild_clusters` on {build_stats['events']:,} "
                     f"events {build_stats['cluster_s']:.1f} s ({build_stats['multi_report_clusters']:,} clusters "
                     f"told by more than one document). Server start-up to first answer: {startup:.1f} s.")
    else:
        lines.append(f"Server start-up to first answer: {startup:.1f} s (database re-used).")
    lines += ["", f"Command: `.venv/bin/python bench/api_latency.py --docs {args.docs} --rounds {args.rounds} --write`"]
    table = "\n".join(lines)
    print(table)
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from throughput_code import write_section
        path = ROOT / "docs" / "BENCHMARKS.md"
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
        if f"<!-- {MARK}:start -->" not in text:
            path.write_text(text.rstrip() + "\n\n## REST API latency: `/api/events` on 10,000 documents\n",
                            encoding="utf-8")
        write_section(path, MARK, table)
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
