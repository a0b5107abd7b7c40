"""Scoring the coder on gold sentences (the format of ``plover_gsr/dev.jsonl``: one gold event a
line, ``text``, ``event_type``, ``actors``/``recipients`` with ``country`` or ``code``).

* type scores: per sentence, a system event of the gold type matches the gold event (one system
  event per gold event); precision = matched system events / all system events on the gold
  sentences; recall = matched gold events / gold events; F1 per type and macro-F1;
* actor-country and recipient-country accuracy among type-matched events: the gold countries
  (``IGO`` for international organizations) are among the system event's actor (recipient)
  countries;
* strict: type and both country sets right;
* actor resolution: every gold actor and recipient text, resolved in its sentence by the actor
  stage, compared with the gold country and sector;
* a confusion matrix of gold type -> system type, and the misses with their sentences.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .model import Event, RawInput

NONE = "NONE"


def _gold_code(a: dict) -> str | None:
    c = (a.get("country") or "").strip().upper()
    if c:
        return c
    code = (a.get("code") or "").strip().upper()
    return code or None


def _sys_codes(actors) -> set[str]:
    out = set()
    for a in actors:
        if a.country:
            out.add(a.country)
        # the gold codes international non-governmental organizations (Amnesty, the Red Cross)
        # as IGO too: both are "international organization, no country"
        if "IGO" in a.sectors or "NGO" in a.sectors:
            out.add("IGO")
    return out


def _gold_sector(a: dict) -> str | None:
    """The gold sector: CAMEO-style codes chain sectors and groups ("CVLALB" = civilians, Albanian;
    "REFTAM" = refugees, Tamil): the first three letters are the sector; "CIV" is civilians;
    "***" (unknown) is no sector."""
    s = (a.get("sector") or "").strip().upper()
    if not s or not s[:3].isalpha():
        return None
    s = s[:3]
    return {"CIV": "CVL"}.get(s, s)


def load_gold(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc})") from exc
    return rows


def evaluate_rows(rows: list[dict], pipeline) -> dict[str, Any]:
    by_text: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_text[r["text"]].append(r)
    texts = list(by_text)
    raws = [RawInput(doc_id=f"gold-{i}", text=t, pub_date=None) for i, t in enumerate(texts)]
    tp = Counter()
    n_gold = Counter()
    n_sys = Counter()
    actor_ok = actor_n = recip_ok = recip_n = strict = 0
    confusion: dict[str, Counter] = defaultdict(Counter)
    misses = []
    wrong_args = []  # matched events with a wrong actor or recipient country
    extras = []  # system events that match no gold event: the precision errors
    res_country = res_country_n = res_sector = res_sector_n = 0
    res_misses = []
    for raw, text in zip(raws, texts):
        golds = by_text[text]
        analysis = pipeline.analyse(raw)
        events: list[Event] = []
        mentions = []
        if analysis is not None:
            result = pipeline.annotate(analysis)
            events = result.events
            mentions = analysis.mentions
        for e in events:
            n_sys[e.event_type] += 1
        used: set[int] = set()
        for g in golds:
            gt = g["event_type"].upper()
            n_gold[gt] += 1
            ga = {c for c in map(_gold_code, g.get("actors") or []) if c}
            gr = {c for c in map(_gold_code, g.get("recipients") or []) if c}
            cands = [i for i, e in enumerate(events) if e.event_type == gt and i not in used]
            # prefer the candidate that also gets the countries right
            cands.sort(key=lambda i: -(len(ga & _sys_codes(events[i].actors)) +
                                       len(gr & _sys_codes(events[i].recipients))))
            if cands:
                i = cands[0]
                used.add(i)
                tp[gt] += 1
                e = events[i]
                confusion[gt][gt] += 1
                a_right = ga <= _sys_codes(e.actors) | (_sys_codes(e.recipients) if gt == "CONSULT" else set())
                if ga:
                    actor_n += 1
                    actor_ok += a_right
                r_right = gr <= _sys_codes(e.recipients) | (_sys_codes(e.actors) if gt == "CONSULT" else set())
                if gr:
                    recip_n += 1
                    recip_ok += r_right
                strict += a_right and r_right
                if not (a_right and r_right):
                    wrong_args.append({"id": g.get("id"), "text": text, "type": gt,
                                       "gold_actors": sorted(ga), "gold_recipients": sorted(gr),
                                       "system": f"{sorted(_sys_codes(e.actors))}->{sorted(_sys_codes(e.recipients))}",
                                       "actor_right": a_right, "recipient_right": r_right})
            else:
                best = max(events, key=lambda e: e.confidence) if events else None
                confusion[gt][best.event_type if best else NONE] += 1
                misses.append({"id": g.get("id"), "text": text, "gold": gt,
                               "gold_actors": sorted(ga), "gold_recipients": sorted(gr),
                               "system": [f"{e.event_type} {sorted(_sys_codes(e.actors))}->"
                                          f"{sorted(_sys_codes(e.recipients))} '{e.trigger.text}'" for e in events]})
            # actor resolution of the gold spans
            for role in ("actors", "recipients"):
                for ga_ in g.get(role) or []:
                    gold_c = _gold_code(ga_)
                    if not gold_c or not ga_.get("text"):
                        continue
                    m = _mention_for(text, ga_["text"], mentions, analysis)
                    got_c = None
                    got_s: list[str] = []
                    if m is not None:
                        got_c = "IGO" if {"IGO", "NGO"} & set(m.sectors) and not m.country else m.country
                        if m.members:
                            got_c = gold_c if gold_c in {x.country for x in m.members} else m.members[0].country
                        got_s = list(m.sectors)
                    res_country_n += 1
                    ok = got_c == gold_c
                    res_country += ok
                    gs = _gold_sector(ga_)
                    if gs and gs not in ("IGO",):
                        res_sector_n += 1
                        res_sector += gs in got_s
                    if not ok:
                        res_misses.append({"text": ga_["text"], "gold": gold_c, "got": got_c, "sentence": text})
        for i, e in enumerate(events):
            if i not in used:
                extras.append({"text": text, "gold": sorted({g["event_type"].upper() for g in golds}),
                               "system": f"{e.event_type} {sorted(_sys_codes(e.actors))}->"
                                         f"{sorted(_sys_codes(e.recipients))} '{e.trigger.text}'",
                               "context": list(e.context), "why": e.why})
    types = sorted(set(n_gold) | set(n_sys))
    per_type = {}
    for t in types:
        p = tp[t] / n_sys[t] if n_sys[t] else 0.0
        r = tp[t] / n_gold[t] if n_gold[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_type[t] = {"gold": n_gold[t], "system": n_sys[t], "matched": tp[t],
                       "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    gold_types = [t for t in types if n_gold[t]]
    total_tp, total_gold, total_sys = sum(tp.values()), sum(n_gold.values()), sum(n_sys.values())
    precision = total_tp / total_sys if total_sys else 0.0
    recall = total_tp / total_gold if total_gold else 0.0
    return {
        "sentences": len(texts),
        "gold_events": total_gold,
        "system_events": total_sys,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "macro_f1": round(sum(per_type[t]["f1"] for t in gold_types) / len(gold_types), 3) if gold_types else 0.0,
        "actor_country_accuracy": round(actor_ok / actor_n, 3) if actor_n else None,
        "recipient_country_accuracy": round(recip_ok / recip_n, 3) if recip_n else None,
        "strict_matched": strict,
        "per_type": per_type,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
        "actor_resolution": {
            "country_accuracy": round(res_country / res_country_n, 3) if res_country_n else None,
            "sector_accuracy": round(res_sector / res_sector_n, 3) if res_sector_n else None,
            "mentions": res_country_n, "with_gold_sector": res_sector_n,
            "misses": res_misses,
        },
        "misses": misses,
        "false_positives": extras,
        "wrong_arguments": wrong_args,
    }


def _mention_for(sentence: str, gold_text: str, mentions, analysis):
    """The actor mention that covers the gold text in the sentence (best overlap)."""
    if analysis is None:
        return None
    start = sentence.find(gold_text)
    if start < 0:
        start = sentence.lower().find(gold_text.lower())
    if start < 0:
        # the gold text is sometimes normalized ("Greek-Cypriot" for "Greek"): match its words
        words = [w for w in gold_text.replace("-", " ").split() if len(w) > 2]
        for w in words:
            start = sentence.find(w)
            if start >= 0:
                gold_text = w
                break
    if start < 0:
        return None
    end = start + len(gold_text)
    # the mention nearest the start of the gold phrase (its head usually comes first: "students
    # throughout Indonesia"), then the larger overlap
    cands = [(abs(m.char_start - start), -(min(end, m.char_end) - max(start, m.char_start)), i, m)
             for i, m in enumerate(mentions) if min(end, m.char_end) - max(start, m.char_start) > 0]
    return min(cands)[3] if cands else None


def evaluate_file(path: str | Path, pipeline) -> dict[str, Any]:
    report = evaluate_rows(load_gold(path), pipeline)
    report["gold_file"] = str(path)
    return report


def format_report(r: dict[str, Any], max_misses: int = 25) -> str:
    out = [f"Gold: {r.get('gold_file', '')}  ({r['sentences']} sentences, {r['gold_events']} gold events, "
           f"{r['system_events']} system events)",
           f"Event type: precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
           f"macro-F1 {r['macro_f1']:.3f}",
           f"Among matched events: actor-country accuracy {r['actor_country_accuracy']}  "
           f"recipient-country accuracy {r['recipient_country_accuracy']}  (type and both right: "
           f"{r['strict_matched']})"]
    ar = r["actor_resolution"]
    out.append(f"Actor resolution of gold spans: country {ar['country_accuracy']} of {ar['mentions']}, "
               f"sector {ar['sector_accuracy']} of {ar['with_gold_sector']}")
    out.append("")
    out.append(f"{'type':<10} {'gold':>5} {'sys':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for t, s in r["per_type"].items():
        out.append(f"{t:<10} {s['gold']:>5} {s['system']:>5} {s['matched']:>5} {s['precision']:>6.3f} "
                   f"{s['recall']:>6.3f} {s['f1']:>6.3f}")
    out.append("")
    out.append("Confusion (gold -> system type, for gold events; NONE = no event):")
    for g, row in r["confusion"].items():
        out.append(f"  {g:<10} " + ", ".join(f"{k} {v}" for k, v in sorted(row.items(), key=lambda kv: -kv[1])))
    if r["misses"]:
        out.append("")
        out.append(f"Misses ({len(r['misses'])}; first {min(max_misses, len(r['misses']))}):")
        for m in r["misses"][:max_misses]:
            out.append(f"  [{m['gold']} {m['gold_actors']}->{m['gold_recipients']}] {m['text']}")
            out.append(f"      system: {'; '.join(m['system']) or 'nothing'}")
    return "\n".join(out)
