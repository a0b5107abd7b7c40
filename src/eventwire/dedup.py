"""Deduplication across reports: one real-world event told by many articles becomes one cluster.

Each stored event is a *mention* (one report of an action). Two mentions belong to the same
cluster when they pass every hard rule and their evidence score reaches a threshold.

Hard rules (all must hold):

1. the same PLOVER type, and both negated or neither;
2. dates within a day (both day-precise); dates coarser than a day must be equal (a month with a
   month); an undated event goes with undated events published within a day of it;
3. compatible countries: for each role (actors, recipients) the known countries overlap, or one
   side does not know them; for the mutual types (CONSULT, COOPERATE, AGREE) actors and
   recipients are pooled, since "A met B" and "B met A" report one meeting;
4. compatible sectors: where both sides name sectors, they share one or a family (state:
   GOV/MIL/COP/SPY/LEG/JUD/ELI; armed non-state: REB/INS/PRM/CRM/UAF; ...);
5. compatible places: not two different countries, and not two points more than 150 km apart
   (a country-wide place is compatible with any place inside it).

Evidence score (0..1), ``0.40 * countries + 0.25 * trigger + 0.35 * sentence (+0.05 same place)``:

* countries: shared known countries over all known countries, role by role;
* trigger: 1 for the same word stem, 0.6 for the same PLOVER mode, 0.4 for the same CAMEO code;
* sentence: the mean of the Jaccard and overlap coefficients of the sentences' content words.

Mentions are taken in the order they were reported (publication date, document, position), and
each joins the cluster holding its best-scoring compatible mention when that score is at least
``THRESHOLD`` (hard rules are checked against every member, so clusters do not drift). Two events
from the *same* document join only at ``SAME_DOC_THRESHOLD``: the coder already merged repeats
within a story, so what is left there is usually a different action.

``rebuild_clusters(store)`` recomputes every cluster from the events table and replaces the
``event_clusters`` and ``event_cluster_members`` tables in one transaction; the same events give
the same clusters (ids included), so it is safe to call after every run.

    python -m eventwire.dedup --db eventwire.duckdb
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from .model import stable_id

THRESHOLD = 0.5
SAME_DOC_THRESHOLD = 0.8
MAX_KM = 150.0
MUTUAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})

SECTOR_FAMILIES = {
    "state": {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "ELI", "PRS"},
    "armed": {"REB", "INS", "PRM", "CRM", "UAF", "TER"},
    "civil": {"CVL", "OPP", "PTY", "LAB", "JRN", "MED", "BUS", "EDU", "HLH", "REL", "NGO", "REF", "AGR", "ACT"},
    "igo": {"IGO"},
}
_FAMILY = {s: fam for fam, members in SECTOR_FAMILIES.items() for s in members}

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my no nor not now of off on once only or other our ours out over own said same says
she should so some such than that the their theirs them then there these they this those through
to too under until up very was we were what when where which while who whom why will with would
you your mr mrs ms on monday tuesday wednesday thursday friday saturday sunday week today
yesterday told say saying according news reported report reports
""".split())
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?", re.UNICODE)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude English stem, enough to tell 'expelled' and 'expels' are 'expel'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace(".", "")
    for suffix, repl, min_len in (("ies", "y", 5), ("ing", "", 6), ("led", "l", 6), ("ed", "", 5),
                                  ("es", "", 6), ("s", "", 4)):
        if len(w) >= min_len and w.endswith(suffix) and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] in "lptdgmnr":  # expell -> expel, stopp -> stop
        w = w[:-1]
    return w


def content_words(text: str) -> frozenset[str]:
    return frozenset(stem(m) for m in _WORD.findall(text or "") if m.lower() not in _STOP and len(m) > 1)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, set[str]]:
    """Names of each country (to tell a country-wide place from a city)."""
    out: dict[str, set[str]] = {}
    try:
        path = resources.files("eventwire") / "data" / "actors" / "countries.tsv"
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
                names = {row.get("name") or ""} | set((row.get("names") or "").split("|"))
                out[row["iso3"]] = {n.lower() for n in names if n}
    except (OSError, KeyError):  # pragma: no cover - the package always ships the file
        pass
    return out


@dataclass
class Mention:
    """One stored event, as the clusterer sees it."""

    event_id: str
    doc_id: str
    pub_date: str | None
    event_type: str
    mode: str | None
    cameo: str | None
    negated: bool
    when: tuple[str, Any]  # (precision, ordinal day | value)
    date: str | None
    actor_countries: frozenset[str]
    recipient_countries: frozenset[str]
    actor_families: frozenset[str]
    recipient_families: frozenset[str]
    place: tuple[str | None, str | None, float | None, float | None] | None
    trigger_stem: str
    words: frozenset[str]
    order: tuple
    confidence: float = 0.0
    completeness: tuple = ()
    score: float = 0.0

    @property
    def mutual(self) -> bool:
        return self.event_type in MUTUAL_TYPES


def _day(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _families(actors: Iterable[dict]) -> frozenset[str]:
    out = set()
    for a in actors or []:
        for s in a.get("sectors") or []:
            out.add(_FAMILY.get(s, s))
    return frozenset(out)


def mention(rec: dict, pub_date: str | None = None) -> Mention:
    """A Mention from an event record (the contract's fields; ``pub_date`` of its document)."""
    pub_date = pub_date if pub_date is not None else rec.get("pub_date")
    date = rec.get("date")
    day = _day(date)
    if day is not None and len(date) == 10:
        when: tuple[str, Any] = ("day", day)
    elif date:
        when = ("month" if len(date) == 7 else "year", date)
    else:
        when = ("undated", _day(pub_date))
    actors = rec.get("actors") or []
    recipients = rec.get("recipients") or []
    loc = rec.get("location")
    place = (loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon")) if loc else None
    trig = (rec.get("trigger") or {}).get("text") or ""
    sent = rec.get("sentence") or {}
    a_c = frozenset(a["country"] for a in actors if a.get("country"))
    r_c = frozenset(a["country"] for a in recipients if a.get("country"))
    resolved = len(a_c) + len(r_c) + sum(1 for a in actors + recipients if a.get("sectors"))
    completeness = (resolved, loc is not None, when[0] == "day", rec.get("date_source") == "text",
                    float(rec.get("confidence") or 0.0))
    return Mention(
        event_id=rec["event_id"], doc_id=rec["doc_id"], pub_date=pub_date, event_type=rec["event_type"],
        mode=rec.get("mode"), cameo=rec.get("cameo"), negated="negated" in (rec.get("context") or []),
        when=when, date=date, actor_countries=a_c, recipient_countries=r_c,
        actor_families=_families(actors), recipient_families=_families(recipients), place=place,
        trigger_stem=" ".join(stem(w) for w in trig.split()), words=content_words(sent.get("text") or ""),
        order=(pub_date or "9999-99-99", rec["doc_id"], sent.get("index") or 0,
               (rec.get("trigger") or {}).get("start") or 0, rec["event_id"]),
        confidence=float(rec.get("confidence") or 0.0), completeness=completeness,
        score=float(rec.get("score") or 0.0))


# -- the rules ---------------------------------------------------------------------------------
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _country_wide(place: tuple) -> bool:
    name, country = place[0], place[1]
    return bool(name and country and name.lower() in _country_names().get(country, ()))


def _sides(m: Mention) -> list[tuple[frozenset[str], frozenset[str]]]:
    if m.mutual:
        return [(m.actor_countries | m.recipient_countries, m.actor_families | m.recipient_families)]
    return [(m.actor_countries, m.actor_families), (m.recipient_countries, m.recipient_families)]


def incompatible(a: Mention, b: Mention) -> str | None:
    """Why two mentions cannot report the same event, or None when the hard rules allow it."""
    if a.event_type != b.event_type:
        return "different types"
    if a.negated != b.negated:
        return "one is negated"
    if a.when[0] != b.when[0]:
        return "dates of different precision"
    if a.when[0] in ("day", "undated"):
        if a.when[1] is None or b.when[1] is None or abs(a.when[1] - b.when[1]) > 1:
            return "dates more than a day apart"
    elif a.when[1] != b.when[1]:
        return "different dates"
    for (ca, fa), (cb, fb) in zip(_sides(a), _sides(b)):
        if ca and cb and not (ca & cb):
            return "different countries"
        if fa and fb and not (fa & fb):
            return "different sectors"
    if a.place and b.place:
        if a.place[1] and b.place[1] and a.place[1] != b.place[1]:
            return "places in different countries"
        if (a.place[2] is not None and b.place[2] is not None and not _country_wide(a.place)
                and not _country_wide(b.place)
                and _km(a.place[2], a.place[3], b.place[2], b.place[3]) > MAX_KM):
            return "places far apart"
    return None


def _country_score(a: Mention, b: Mention) -> float:
    if a.mutual:
        sa = {("*", c) for c in a.actor_countries | a.recipient_countries}
        sb = {("*", c) for c in b.actor_countries | b.recipient_countries}
    else:
        sa = {("a", c) for c in a.actor_countries} | {("r", c) for c in a.recipient_countries}
        sb = {("a", c) for c in b.actor_countries} | {("r", c) for c in b.recipient_countries}
    union = sa | sb
    return len(sa & sb) / len(union) if union else 0.0


def _trigger_score(a: Mention, b: Mention) -> tuple[float, str]:
    if a.trigger_stem and a.trigger_stem == b.trigger_stem:
        return 1.0, f"same trigger '{a.trigger_stem}'"
    if a.mode and a.mode == b.mode:
        return 0.6, f"same mode '{a.mode}'"
    if a.cameo and a.cameo == b.cameo:
        return 0.4, f"same CAMEO {a.cameo}"
    return 0.0, "different triggers"


def _sentence_score(a: Mention, b: Mention) -> float:
    if not a.words or not b.words:
        return 0.0
    inter = len(a.words & b.words)
    return 0.5 * inter / len(a.words | b.words) + 0.5 * inter / min(len(a.words), len(b.words))


def similarity(a: Mention, b: Mention) -> tuple[float, str]:
    """Evidence that two compatible mentions report one event (0..1), with the reason."""
    c = _country_score(a, b)
    t, t_why = _trigger_score(a, b)
    s = _sentence_score(a, b)
    same_place = bool(a.place and b.place and a.place[0] and a.place[0] == b.place[0])
    score = min(1.0, 0.40 * c + 0.25 * t + 0.35 * s + (0.05 if same_place else 0.0))
    why = f"countries {c:.2f}, {t_why}, sentence {s:.2f}" + (f", same place {a.place[0]}" if same_place else "")
    return round(score, 4), why


# -- clustering ----------------------------------------------------------------------------------
@dataclass
class Cluster:
    members: list[Mention] = field(default_factory=list)
    links: dict[str, tuple[str | None, float, str]] = field(default_factory=dict)  # event -> (matched, score, why)

    @property
    def cluster_id(self) -> str:
        return stable_id("cluster", self.members[0].event_id)

    @property
    def representative(self) -> Mention:
        """The most complete report: most resolved participants, a place, a day, a date from the
        text, the highest confidence; then the earliest."""
        return sorted(self.members, key=lambda m: (tuple(-float(x) for x in m.completeness), m.order))[0]

    def row(self) -> dict[str, Any]:
        rep = self.representative
        by_report = sorted(self.members, key=lambda m: m.order)
        docs = list(dict.fromkeys(m.doc_id for m in by_report))
        first, last = by_report[0], by_report[-1]
        actor_c = sorted(set().union(*(m.actor_countries for m in self.members)))
        recip_c = sorted(set().union(*(m.recipient_countries for m in self.members)))
        return {
            "cluster_id": self.cluster_id, "event_type": rep.event_type, "mode": rep.mode,
            "negated": rep.negated, "date": rep.date, "actor_countries": actor_c,
            "recipient_countries": recip_c,
            "location_name": rep.place[0] if rep.place else None,
            "location_country": rep.place[1] if rep.place else None,
            "score": rep.score, "mean_score": round(sum(m.score for m in self.members) / len(self.members), 3),
            "representative_event_id": rep.event_id,
            "num_mentions": len(self.members), "num_documents": len(docs),
            "first_doc_id": first.doc_id, "first_pub_date": first.pub_date,
            "last_doc_id": last.doc_id, "last_pub_date": last.pub_date,
            "event_ids": [m.event_id for m in by_report], "doc_ids": docs,
        }


def _block_keys(m: Mention) -> list[tuple]:
    base = (m.event_type, m.negated, m.when[0])
    if m.when[0] in ("day", "undated"):
        if m.when[1] is None:
            return [base + (None, m.event_id)]  # nothing to compare with
        return [base + (m.when[1] + d,) for d in (-1, 0, 1)]
    return [base + (m.when[1],)]


def _home_key(m: Mention) -> tuple:
    base = (m.event_type, m.negated, m.when[0])
    if m.when[0] in ("day", "undated"):
        return base + ((m.when[1],) if m.when[1] is not None else (None, m.event_id))
    return base + (m.when[1],)


def _compared_fields(m: Mention) -> tuple:
    """Everything ``incompatible`` and ``similarity`` read of a mention."""
    return (m.event_type, m.negated, m.when, m.mode, m.cameo, m.actor_countries, m.recipient_countries,
            m.actor_families, m.recipient_families, m.place, m.trigger_stem, m.words)


def cluster_mentions(mentions: Iterable[Mention], threshold: float = THRESHOLD,
                     same_doc_threshold: float = SAME_DOC_THRESHOLD) -> list[Cluster]:
    """Group mentions into clusters (deterministic: the same mentions give the same clusters)."""
    ordered = sorted(mentions, key=lambda m: m.order)
    clusters: list[Cluster] = []
    blocks: dict[tuple, list[int]] = {}
    # mentions that agree on every field the two tests read (reports copied from one another) are
    # compared once: the tests' results are memoized per pair of such field sets
    kinds: dict[tuple, int] = {}
    kind = {id(m): kinds.setdefault(_compared_fields(m), len(kinds)) for m in ordered}
    memo_inc: dict[tuple[int, int], str | None] = {}
    memo_sim: dict[tuple[int, int], tuple[float, str]] = {}

    def incompatible_(a: Mention, b: Mention) -> str | None:
        key = (kind[id(a)], kind[id(b)])
        if key not in memo_inc:
            memo_inc[key] = incompatible(a, b)
        return memo_inc[key]

    def similarity_(a: Mention, b: Mention) -> tuple[float, str]:
        key = (kind[id(a)], kind[id(b)])
        hit = memo_sim.get(key)
        if hit is None:
            hit = memo_sim[key] = similarity(a, b)
        return hit

    for m in ordered:
        best: tuple[float, int, str, str] | None = None  # score, cluster index, matched id, why
        seen: set[int] = set()
        for key in _block_keys(m):
            for ci in blocks.get(key, ()):
                if ci in seen:
                    continue
                seen.add(ci)
                c = clusters[ci]
                if any(incompatible_(m, o) for o in c.members):
                    continue
                top: tuple[float, str, str] | None = None
                ok = True
                for o in c.members:
                    s, why = similarity_(m, o)
                    if o.doc_id == m.doc_id and s < same_doc_threshold:
                        ok = False
                        break
                    if top is None or s > top[0]:
                        top = (s, o.event_id, why)
                if not ok or top is None or top[0] < threshold:
                    continue
                if best is None or top[0] > best[0] or (top[0] == best[0] and ci < best[1]):
                    best = (top[0], ci, top[1], top[2])
        if best is None:
            clusters.append(Cluster([m], {m.event_id: (None, 1.0, "first report")}))
            blocks.setdefault(_home_key(m), []).append(len(clusters) - 1)
        else:
            c = clusters[best[1]]
            c.members.append(m)
            c.links[m.event_id] = (best[2], best[0], best[3])
            home = _home_key(m)
            if best[1] not in blocks.setdefault(home, []):
                blocks[home].append(best[1])
    return clusters


# -- the database ----------------------------------------------------------------------------------
def load_mentions(con, events: str = "events", documents: str = "documents") -> list[Mention]:
    """Every stored event as a Mention (one query on ``con``, a DuckDB connection or cursor)."""
    rows = con.execute(f"""
        SELECT e.event_id, e.doc_id, coalesce(e.pub_date, d.pub_date), e.event_type, e.mode, e.cameo,
               e.context, [{{'country': a.country, 'sectors': a.sectors}} for a in e.actors],
               [{{'country': a.country, 'sectors': a.sectors}} for a in e.recipients],
               e.date, e.date_source, e.location, e."trigger".text, e."trigger".start,
               e.sentence.text, e.sentence."index", e.confidence, e.score
        FROM {events} e LEFT JOIN {documents} d ON d.doc_id = e.doc_id""").fetchall()
    out = []
    for (eid, doc, pub, typ, mode, cameo, ctx, actors, recips, date, dsrc, loc, ttext, tstart, stext, sidx,
         conf, score) in rows:
        rec = {"event_id": eid, "doc_id": doc, "event_type": typ, "mode": mode, "cameo": cameo,
               "context": ctx, "actors": actors, "recipients": recips, "date": date, "date_source": dsrc,
               "location": loc, "trigger": {"text": ttext, "start": tstart},
               "sentence": {"text": stext, "index": sidx}, "confidence": conf, "score": score}
        out.append(mention(rec, pub))
    return out


def rebuild_clusters(store) -> dict[str, int]:
    """Recompute every cluster of the database's events and store them (idempotent).

    ``store`` is an ``eventwire.store.Store`` opened for writing. Returns counts:
    ``{"events": ..., "clusters": ..., "multi_report_clusters": ...}``.
    """
    from .store import write_clusters
    mentions = load_mentions(store.con)
    clusters = cluster_mentions(mentions)
    write_clusters(store, clusters)
    return {"events": len(mentions), "clusters": len(clusters),
            "multi_report_clusters": sum(1 for c in clusters if len({m.doc_id for m in c.members}) > 1)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eventwire.dedup",
                                 description="Recompute the clusters of reports of one event in a database.")
    ap.add_argument("--db", default="eventwire.duckdb")
    args = ap.parse_args(argv)
    from .store import Store
    with Store(args.db) as store:
        stats = rebuild_clusters(store)
    print(f"{args.db}: {stats['events']} event reports in {stats['clusters']} clusters "
          f"({stats['multi_report_clusters']} told by more than one document)")


if __name__ == "__main__":  # pragma: no cover
    main()
