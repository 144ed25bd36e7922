"""Temporal expressions on TempEval-3 platinum: recognition and value F1 of the dates stage.

usage: .venv/bin/python benchmarks/tempeval_eval.py [--show] [--data ../shared/data/tempeval3]

Each ``*.tml`` file is read as plain text (the TEXT element, tags removed) with its DCT as the
publication date, parsed by the pipeline's spaCy model and passed to ``dates.extract``.
Gold: TIMEX3 of type DATE, and TIME (compared at day granularity). Our expressions are matched to
gold ones by character overlap (one to one, TE3 "relaxed" matching); expressions that overlap a
gold DURATION or SET, or nothing, count against precision.
- recognition P / R / F1 : matched / ours, matched / gold
- value accuracy         : right value / matched (TimeML value with the ``mod`` ignored)
- value P / R / F1       : right value / ours, right value / gold (HeidelTime's TE3 "value F1" is
                           this figure over all four timex types: 77.6)
Our intervals become TimeML values by their precision: day YYYY-MM-DD, week YYYY-Www, month YYYY-MM,
year YYYY, decade YYY, century YY, season YYYY-SU, present words PRESENT_REF; other ranges by the
calendar unit they start ("earlier this year" -> the year, "since 2014" -> 2014, "this week" clipped
at publication -> that ISO week).
Also: for TE3 events that a TLINK places inside a DATE/TIME timex of their own sentence, how often
``event_date`` returns that expression (the clause-governance rule, measured).
The second row: the same on the gold subset whose values are calendar dates (no PRESENT_REF,
PAST_REF or unresolvable XXXX values), the part an event coder can use.
"""

from __future__ import annotations

import argparse
import re
import time
from datetime import date, timedelta
from pathlib import Path

from eventwire import dates, timex
from eventwire.mentions import TimeExpr

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path, events: list[dict] | None = None) -> tuple[str, str, list[dict]]:
    """(text, dct, timexes) with timex char offsets into the returned text; EVENT spans go to ``events``."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S).group(1)[:10]
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
    out, found, pos, opened = [], {"TIMEX3": [], "EVENT": []}, 0, {}
    for m in _TAG.finditer(body):
        out.append(body[pos:m.start()])
        pos = m.end()
        if m.group(2) not in found:
            continue
        here = sum(len(s) for s in out)
        if m.group(1) == "":
            opened[m.group(2)] = dict(_ATTR.findall(m.group(3)), start=here)
        elif m.group(2) in opened:
            found[m.group(2)].append(dict(opened.pop(m.group(2)), end=here))
    out.append(body[pos:])
    text = "".join(out)
    for t in found["TIMEX3"] + found["EVENT"]:
        t["text"] = text[t["start"]:t["end"]]
    if events is not None:
        events += found["EVENT"]
    return text, dct, found["TIMEX3"]


_INSIDE = {"IS_INCLUDED", "DURING", "SIMULTANEOUS", "INCLUDES", "DURING_INV"}
_OUTSIDE = {"BEFORE", "AFTER", "IBEFORE", "IAFTER"}


def _time_links(raw: str, kinds: set[str]) -> dict[str, str]:
    """eventID -> timex id for TLINKs of the given relTypes (event inside / outside the timex)."""
    inst = {a["eiid"]: a["eventID"] for a in (dict(_ATTR.findall(m)) for m in re.findall(r"<MAKEINSTANCE([^>]*)>", raw))}
    links: dict[str, str] = {}
    for m in re.findall(r"<TLINK([^>]*)>", raw):
        a = dict(_ATTR.findall(m))
        if a.get("relType") not in kinds:
            continue
        if "eventInstanceID" in a and "relatedToTime" in a and a["relType"] != "INCLUDES":
            links[inst.get(a["eventInstanceID"], "")] = a["relatedToTime"]
        elif "timeID" in a and "relatedToEventInstance" in a and a["relType"] != "IS_INCLUDED":
            links[inst.get(a["relatedToEventInstance"], "")] = a["timeID"]
    return links


def event_links(files: list[Path], nlp, show: bool = False) -> dict:
    """Does ``event_date`` give an event the expression TimeML links it to? Only events linked to a
    DATE/TIME timex of their own sentence count (TE3 also links events to the DCT and across sentences)."""
    t = {"linked": 0, "picked": 0, "other": 0, "none": 0, "outside": 0, "wrong": 0}
    for f in files:
        evs: list[dict] = []
        text, dct, timexes = read_tml(f, evs)
        raw = f.read_text(encoding="utf-8")
        links, outside = _time_links(raw, _INSIDE), _time_links(raw, _OUTSIDE)
        tx = {x["tid"]: x for x in timexes if x.get("type") in ("DATE", "TIME")}
        doc = nlp(text)
        ours = dates.extract(doc, dct)
        for e in evs:
            y = tx.get(outside.get(e["eid"], ""))
            if y is not None and e["eid"] not in links:  # TimeML: the event is before/after this timex
                got = dates.event_date(doc, e["start"], e["end"], ours, dct)
                sp = doc.char_span(e["start"], e["end"], alignment_mode="expand")
                if sp is not None and sp.sent.start_char <= y["start"] < sp.sent.end_char:
                    t["outside"] += 1
                    bad = any(o.date == got and o.start < y["end"] and y["start"] < o.end for o in ours)
                    t["wrong"] += bad
                    if show and bad:
                        print(f"  EW {f.stem:28} {e['text']!r:16} is outside {y['text']!r} but got it")
            x = tx.get(links.get(e["eid"], ""))
            sp = doc.char_span(e["start"], e["end"], alignment_mode="expand")
            if x is None or sp is None or not (sp.sent.start_char <= x["start"] < sp.sent.end_char):
                continue
            got = dates.event_date(doc, e["start"], e["end"], ours, dct)
            hit = next((o for o in ours if o.date == got and o.start < x["end"] and x["start"] < o.end), None)
            t["linked"] += 1
            key = "picked" if hit else ("none" if got.precision == "publication" else "other")
            t[key] += 1
            if show and not hit:
                print(f"  EV {f.stem:28} {e['text']!r:16} gold {x['text']!r:18} ours {got.text!r}")
    return t


def timeml_value(expr: TimeExpr) -> str | None:
    d = expr.date
    if d.start is None:
        return None
    if timex.normalise(expr.text) in timex.tables()["present"]:
        return "PRESENT_REF"
    s = date.fromisoformat(d.start)
    e = date.fromisoformat(d.end) if d.end else s
    if d.precision == "day":
        return d.start
    if d.precision == "week":
        y, w, _ = s.isocalendar()
        return f"{y}-W{w:02d}"
    if d.precision == "month":
        return d.start[:7]
    if d.precision == "year":
        return d.start[:4]
    return _range_value(s, e)


def _range_value(s: date, e: date) -> str:
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        if s.year % 100 == 0 and e.year == s.year + 99:
            return f"{s.year // 100:02d}"
        if s.year % 10 == 0 and e.year == s.year + 9:
            return str(s.year // 10)
    for _, (first, last, code) in timex.tables()["seasons"].items():
        if s.month == first and s.day == 1 and e.month == last:
            return f"{s.year}-{code}"
    # a unit clipped at the publication day ("this week" said of the past) keeps the unit's value
    if s.month == 1 and s.day == 1 and (e.year > s.year or e.month > 1):
        return str(s.year)
    if s.day == 1 and (e.month != s.month or e.year != s.year or e.day > 20):
        return s.isoformat()[:7]
    if s.weekday() == 0 and s.isocalendar()[:2] == e.isocalendar()[:2] and e > s:
        y, w, _ = s.isocalendar()
        return f"{y}-W{w:02d}"
    if e.year == s.year and e > s:  # clipped from the other side (future): ends where the unit ends
        if (e.month, e.day) == (12, 31):
            return str(s.year)
        if e.month == s.month and (e + timedelta(days=1)).month != e.month:
            return s.isoformat()[:7]
        if e.weekday() == 6 and s.isocalendar()[:2] == e.isocalendar()[:2]:
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}"
    return s.isoformat()


def _gold_value(g: dict) -> str:
    v = g.get("value", "")
    return v[:10] if g.get("type") == "TIME" else v


def _calendar(v: str) -> bool:
    return bool(re.fullmatch(r"\d{2,4}(-\d{2}(-\d{2})?|-W\d{2}|-(SP|SU|FA|WI))?", v))


def evaluate(files: list[Path], nlp, show: bool = False) -> tuple[dict, dict, float, float]:
    tot = {k: 0 for k in ("gold", "ours", "match", "right")}
    cal = {k: 0 for k in ("gold", "ours", "match", "right")}
    spent = parse = 0.0
    dates.extract(nlp("He left on 5/1/2015."), "2015-01-07")  # load dateparser outside the clock
    for f in files:
        text, dct, timexes = read_tml(f)
        t0 = time.perf_counter()
        doc = nlp(text)
        parse += time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = dates.extract(doc, dct)
        spent += time.perf_counter() - t0
        gold = [g for g in timexes if g.get("type") in ("DATE", "TIME")]
        other = [g for g in timexes if g.get("type") not in ("DATE", "TIME")]
        used: set[int] = set()
        tot["gold"] += len(gold)
        cal["gold"] += sum(_calendar(_gold_value(g)) for g in gold)
        for x in ours:
            hit = next((i for i, g in enumerate(gold) if i not in used and g["start"] < x.end and x.start < g["end"]),
                       None)
            value = timeml_value(x)
            tot["ours"] += 1
            if hit is None:
                if value and re.match(r"\d", value) and not any(g["start"] < x.end and x.start < g["end"]
                                                                  for g in other):
                    cal["ours"] += 1
                if show:
                    print(f"  FP {f.stem:28} {x.text!r:30} -> {value}")
                continue
            used.add(hit)
            g = gold[hit]
            ok = value == _gold_value(g)
            tot["match"] += 1
            tot["right"] += ok
            if _calendar(_gold_value(g)):
                cal["ours"] += 1
                cal["match"] += 1
                cal["right"] += ok
            if show and not ok:
                print(f"  XX {f.stem:28} {x.text!r:30} -> {value}  gold {g['text']!r} {_gold_value(g)}")
        if show:
            for i, g in enumerate(gold):
                if i not in used:
                    print(f"  FN {f.stem:28} {g['text']!r:30} gold {_gold_value(g)}")
    return tot, cal, spent, parse


def re3d_recognition(root: Path, nlp, show: bool = False) -> dict:
    """Our expressions against re3d 'Temporal' annotations (no publication dates: recognition only;
    re3d also marks durations such as 'two years', which we leave out on purpose, so recall is low-biased)."""
    import json

    t = {"gold": 0, "ours": 0, "match": 0, "right": 0}
    for sub in sorted(p for p in root.iterdir() if (p / "documents.json").exists()):
        gold: dict[str, list[tuple[int, int, str]]] = {}
        for line in open(sub / "entities.json", encoding="utf-8"):
            if line.strip() and (e := json.loads(line))["type"] == "Temporal":
                gold.setdefault(e["documentId"], []).append((e["begin"], e["end"], e["value"]))
        for line in open(sub / "documents.json", encoding="utf-8"):
            if not line.strip():
                continue
            d = json.loads(line)
            ours = dates.extract(nlp(d["text"]), None)
            g = gold.get(d["_id"], [])
            t["gold"] += len(g)
            t["ours"] += len(ours)
            hit = sum(any(b < x.end and x.start < e for b, e, _ in g) for x in ours)
            t["match"] += hit
            if show:
                for x in ours:
                    if not any(b < x.end and x.start < e for b, e, _ in g):
                        print(f"  FP re3d {sub.name[:12]:12} {x.text!r}")
                for b, e, v in g:
                    if not any(b < x.end and x.start < e for x in ours):
                        print(f"  FN re3d {sub.name[:12]:12} {v!r}")
    t["right"] = t["match"]
    return t


def _row(name: str, t: dict) -> str:
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0
    rp, rr = t["match"] / max(t["ours"], 1), t["match"] / max(t["gold"], 1)
    vp, vr = t["right"] / max(t["ours"], 1), t["right"] / max(t["gold"], 1)
    acc = t["right"] / max(t["match"], 1)
    return (f"{name:34} {t['gold']:5} {t['ours']:5} {rp:6.3f} {rr:6.3f} {f1(rp, rr):6.3f} {acc:7.3f} "
            f"{vp:6.3f} {vr:6.3f} {f1(vp, vr):6.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/tempeval3"))
    ap.add_argument("--re3d", default=str(Path(__file__).resolve().parents[2] / "shared/data/re3d"))
    ap.add_argument("--show", action="store_true", help="print misses, false alarms and wrong values")
    args = ap.parse_args()
    from eventwire.pipeline import default_pipeline

    nlp = default_pipeline().nlp
    files = sorted(Path(args.data).glob("*.tml"))
    tot, cal, spent, parse = evaluate(files, nlp, args.show)
    print(f"TempEval-3 platinum, {len(files)} documents, DCT as the publication date")
    print(f"{'set':34} {'gold':>5} {'ours':>5} {'recP':>6} {'recR':>6} {'recF1':>6} {'valAcc':>7} "
          f"{'valP':>6} {'valR':>6} {'valF1':>6}")
    print(_row("DATE + TIME (all values)", tot))
    print(_row("DATE + TIME, calendar values only", cal))
    lk = event_links(files, nlp, args.show)
    r3 = re3d_recognition(Path(args.re3d), nlp, args.show)
    rp, rr = r3["match"] / max(r3["ours"], 1), r3["match"] / max(r3["gold"], 1)
    print(f"{'re3d Temporal (recognition only)':34} {r3['gold']:5} {r3['ours']:5} {rp:6.3f} {rr:6.3f} "
          f"{2 * rp * rr / max(rp + rr, 1e-9):6.3f}")
    print(f"TE3 events linked (IS_INCLUDED/SIMULTANEOUS) to a DATE/TIME of their sentence: {lk['linked']}; "
          f"event_date picks that expression for {lk['picked']} ({lk['picked'] / max(lk['linked'], 1):.3f}), "
          f"another for {lk['other']}, none (publication) for {lk['none']}")
    print(f"TE3 events TimeML places before/after a DATE/TIME of their sentence: {lk['outside']}; "
          f"event_date wrongly gives them that expression: {lk['wrong']}")
    print(f"dates.extract: {spent * 1000:.0f} ms, {100 * spent / parse:.1f}% of the spaCy parse ({parse * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
