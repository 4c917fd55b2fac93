#!/usr/bin/env python3
"""Figures of a failover drill run from what failover.sh and FailoverDrill.java recorded in <out>:
phases.log (start/ready/kill/term/exited of members), events.log (links, consoles), writes.jsonl (REST writes),
seconds.log (acks and writes per second), verify-*.json. Prints the summary."""
import argparse
import glob
import json
import os
import statistics


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def s(ms):
    return "-" if ms is None else f"{ms / 1000:.1f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    o = ap.parse_args().out

    phases = []
    with open(f"{o}/phases.log") as f:
        for line in f:
            p = line.split()
            phases.append((int(p[0]), p[1], p[2]))
    events = []
    with open(f"{o}/events.log") as f:
        for line in f:
            p = line.split()
            events.append((int(p[0]), p[1:]))
    writes = [json.loads(l) for l in open(f"{o}/writes.jsonl")]
    secs = []
    with open(f"{o}/seconds.log") as f:
        for line in f:
            p = line.split()
            secs.append((int(p[0]), {k: int(v) for k, v in (x.split("=") for x in p[1:])}))

    disruptions = [(t, what, m) for t, what, m in phases if what in ("kill", "term")]
    print("=" * 100)
    if os.path.exists(f"{o}/machine.txt"):
        print(open(f"{o}/machine.txt").read().rstrip())
    print(f"failover drill summary ({o}, commit {open(f'{o}/commit').read().strip() if os.path.exists(f'{o}/commit') else '?'})")
    ok = [w for w in writes if w.get("ok")]
    print(f"REST writes: {len(writes)} attempted, {len(ok)} acknowledged, {len(writes) - len(ok)} failed or timed out; "
          f"latency p50 {pct([w['t1'] - w['t0'] for w in ok], 50)} ms, p99 {pct([w['t1'] - w['t0'] for w in ok], 99)} ms, "
          f"max {max((w['t1'] - w['t0'] for w in writes), default=0)} ms")
    total_acked = sum(x["acked"] for _, x in secs)
    print(f"device fixes acknowledged durable: {total_acked} over {len(secs)} s "
          f"(median {statistics.median([x['acked'] for _, x in secs]) if secs else 0:.0f}/s); device errors "
          f"{sum(x['deviceErrors'] for _, x in secs)}")
    gaps = [e for e in events if len(e[1]) > 2 and e[1][0] == "console" and e[1][2] == "gap"]
    print(f"console seq gaps: {len(gaps)}")

    for i, (t, what, m) in enumerate(disruptions):
        # the window ends with the next disruption; for a kill, already with the victim's restart (its rejoin
        # migrates partitions back: a disruption of its own, measured under the first SIGTERM's window)
        nxt = [pt for pt, w, _ in phases if pt > t and (w in ("kill", "term") or (what == "kill" and w == "start"))]
        end = min(nxt) if nxt else t + 300_000
        member = int(m[1:]) - 1  # the driver numbers members from 0
        print("-" * 100)
        label = "kill -9" if what == "kill" else "SIGTERM"
        extra = ""
        exited = [pt for pt, w, mm in phases if w == "exited" and mm == m and pt >= t]
        if what == "term" and exited:
            extra = f" (process exited after {s(exited[0] - t)})"
        started = [pt for pt, w, mm in phases if w == "start" and mm == m and pt >= t]
        ready = [pt for pt, w, mm in phases if w == "ready" and mm == m and pt >= t]
        if started and ready:
            extra += f"; restarted, ready {s(ready[0] - started[0])} after start"
        print(f"{label} of {m} at {t}{extra}")

        # REST writes around the disruption
        win = [w for w in writes if w["t1"] >= t and w["t0"] < end]
        # a 4xx is the writer's own fault (e.g. a 409 on a toggle), not the cluster's: the failover is about the rest
        client = [w for w in win if not w.get("ok") and 400 <= w.get("status", 0) < 500]
        failed = [w for w in win if not w.get("ok") and w not in client]
        bad = failed + [w for w in win if w.get("ok") and w["t1"] - w["t0"] > 1000]
        inflight = [w for w in writes if w["t0"] < t < w["t1"]]
        on_victim = [w for w in win if w["member"] == member]
        print(f"  REST writes in window: {len(win)}, failed {sum(1 for w in win if not w.get('ok')) - len(client)} "
              f"(+{len(client)} answered 4xx), "
              f"slower than 1 s {sum(1 for w in win if w.get('ok') and w['t1'] - w['t0'] > 1000)}, "
              f"max latency {max((w['t1'] - w['t0'] for w in win), default=0)} ms; in flight at the moment: {len(inflight)} "
              f"({sum(1 for w in inflight if w.get('ok'))} acknowledged)")
        print(f"  last failed or timed-out write ended after: {s(max((w['t1'] for w in failed), default=t) - t)}; "
              f"last write slower than 1 s ended after: "
              f"{s(max((w['t1'] for w in win if w['t1'] - w['t0'] > 1000), default=t) - t)}")
        base = [w["t1"] - w["t0"] for w in writes if w.get("ok") and t - 30_000 <= w["t0"] < t]
        buckets = []
        for a_, b_ in ((0, 5), (5, 10), (10, 20), (20, 40), (40, 80)):
            lat = [w["t1"] - w["t0"] for w in win if t + a_ * 1000 <= w["t0"] < min(end, t + b_ * 1000)]
            if lat:
                buckets.append(f"{a_}-{b_} s: p50 {pct(lat, 50)} / max {max(lat)} ms")
        print(f"  write latency by start time: 30 s before: p50 {pct(base, 50)} / p99 {pct(base, 99)} / max "
              f"{max(base, default=0)} ms; after: " + "; ".join(buckets))
        surv_ok = [w["t1"] for w in win if w.get("ok") and w["member"] != member and w["t0"] >= t]
        print(f"  first acknowledged write started after it, through a surviving member: {s(min(surv_ok) - t) if surv_ok else '-'}")
        per_writer = {}
        for w in sorted(win, key=lambda w: w["t1"]):
            if w.get("ok") and w["t0"] >= t:
                per_writer.setdefault(w["writer"], w["t1"] - t)
        if per_writer:
            print(f"  every writer had an acknowledged write again after: {s(max(per_writer.values()))} "
                  f"(writers {len(per_writer)})")
        if bad:
            reasons = {}
            for w in bad:
                k = str(w.get("status", w.get("error", "slow")))[:60] if not w.get("ok") else "slow"
                reasons[k] = reasons.get(k, 0) + 1
            print(f"  failed/slow writes by reason: {reasons}")

        # consoles
        closed = {}
        for et, e in events:
            if t <= et < end and e[0] == "console" and e[2] in ("closed", "connect-failed") and e[4] == str(member):
                closed.setdefault(int(e[1]), et)
        recon = []
        for c, ct in closed.items():
            snaps = [et for et, e in events if et >= ct and e[0] == "console" and int(e[1]) == c and e[2] == "snapshot"]
            recon.append((c, ct - t, snaps[0] - t if snaps else None))
        if recon:
            done = [r[2] for r in recon if r[2] is not None]
            print(f"  consoles on {m}: {len(recon)}; link loss noticed after max {s(max(r[1] for r in recon))}; "
                  f"reconnected elsewhere with a snapshot after: median {s(statistics.median(done) if done else None)}, "
                  f"max {s(max(done) if done else None)}; without a new snapshot: {sum(1 for r in recon if r[2] is None)}")
        else:
            print(f"  consoles on {m}: none closed")

        # device links
        lclosed = {}
        for et, e in events:
            if t <= et < end and e[0] == "link" and e[2] in ("closed", "connect-failed") and e[4] == str(member):
                lclosed.setdefault(int(e[1]), et)
        lrec = []
        for l, lt in lclosed.items():
            acks = [et for et, e in events if et >= lt and e[0] == "link" and int(e[1]) == l and e[2] == "first-ack"]
            lrec.append((lt - t, acks[0] - t if acks else None, acks[0] - lt if acks else None))
        if lrec:
            done = [x[1] for x in lrec if x[1] is not None]
            print(f"  device links on {m}: {len(lrec)}; closed by the member after max {s(max(x[0] for x in lrec))}; "
                  f"acknowledged again through another member after: max {s(max(done) if done else None)} "
                  f"(max {s(max((x[2] for x in lrec if x[2] is not None), default=None))} after their close); "
                  f"never: {sum(1 for x in lrec if x[1] is None)}")
        rates = [x["acked"] for st, x in secs if t <= st < t + 30_000]
        before = [x["acked"] for st, x in secs if t - 10_000 <= st < t]
        lat = [x.get("ackMaxMs", 0) for st, x in secs if t <= st < t + 30_000]
        lat_before = [x.get("ackMaxMs", 0) for st, x in secs if t - 10_000 <= st < t]
        if lat:
            print(f"  device batch -> durable ack, worst per second: before {max(lat_before, default=0)} ms, "
                  f"in the 30 s after {max(lat)} ms")
        if rates:
            print(f"  fixes acked per second: before {statistics.median(before) if before else 0:.0f}/s (median of 10 s); "
                  f"in the 30 s after: min {min(rates)}/s, median {statistics.median(rates):.0f}/s; "
                  f"seconds with zero acks: {sum(1 for r in rates if r == 0)}")

    print("-" * 100)
    for path in sorted(glob.glob(f"{o}/verify-*.json")):
        v = json.load(open(path))
        print(f"verification {v['label']} (via {len(v['members'])} members): fixes acked {v['fixes_acked']}, lost (SQL) "
              f"{v['fixes_lost_sql']}, lost (REST tracks, {v.get('fixes_checked_rest', 0)} checked) "
              f"{v.get('fixes_lost_rest', v.get('fixes_rest_error'))}; writes acked {v['writes_acked']}, missing in SQL "
              f"{len(v['incidents_lost_sql']) + len(v['teams_behind_sql']) + len(v['teams_events_short_sql'])}, "
              f"missing over REST {len(v['rest_writes_missing'])} => LOST {v['lost_total']}")
    print("=" * 100)


if __name__ == "__main__":
    main()
