#!/usr/bin/env python3
"""Figures of a drill run from what failover.sh or split.sh and FailoverDrill.java recorded in <out>:
phases.log (start/ready/kill/term/exited of members; split/heal), events.log (links, consoles, readiness), writes.jsonl
(REST writes), seconds.log (acks and writes per second), verify-*.json, views.json. Prints the summary."""
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
    print(f"drill summary ({o}, commit {open(f'{o}/commit').read().strip() if os.path.exists(f'{o}/commit') else '?'})")
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

    for t, what, m in phases:
        if what == "split":
            split_figures(o, phases, events, writes, secs, t, m)

    print("-" * 100)
    for path in sorted(glob.glob(f"{o}/verify-*.json")):
        v = json.load(open(path))
        print(f"verification {v['label']} (via {len(v['members'])} members): fixes acked {v['fixes_acked']}, lost (SQL) "
              f"{v['fixes_lost_sql']}, lost (REST tracks, {v.get('fixes_checked_rest', 0)} checked) "
              f"{v.get('fixes_lost_rest', v.get('fixes_rest_error'))}; writes acked {v['writes_acked']}, missing in SQL "
              f"{len(v['incidents_lost_sql']) + len(v['teams_behind_sql']) + len(v['teams_events_short_sql'])}, "
              f"missing over REST {len(v['rest_writes_missing'])} => LOST {v['lost_total']}")
    if os.path.exists(f"{o}/views.json"):
        v = json.load(open(f"{o}/views.json"))
        per = []
        for name, m in v["members"].items():
            d = sum(len(c.get("missing", [])) + len(c.get("extra", [])) + len(c.get("differ", {})) + (1 if "error" in c else 0)
                    for c in m.values())
            per.append(f"{name} {d}")
        print(f"views after the heal (teams, incidents: id, version, status) against the store "
              f"({v['store']['teams']} teams, {v['store']['incidents']} incidents): differences " + ", ".join(per))
    print("=" * 100)


def split_figures(o, phases, events, writes, secs, t, m):
    """The split of member m (phase "split mN") and its heal."""
    iso = int(m[1:]) - 1  # the driver numbers members from 0
    heal = min((pt for pt, w, _ in phases if w == "heal" and pt > t), default=None)
    end = heal or t + 600_000
    after_heal = heal + 120_000 if heal else end
    print("-" * 100)
    print(f"network split: {m} cut off at {t}, healed after {s(heal - t) if heal else '-'}")

    # readiness as the driver saw it (GET /health/ready every 250 ms per member)
    def first_state(member, pred, since, until):
        for et, e in events:
            if since <= et < until and e[:2] == ["member", str(member)] and pred(e):
                return et
        return None
    unready = first_state(iso, lambda e: e[2] == "unready", t, end)
    print(f"  {m} not ready (/health/ready 503) after: {s(unready - t) if unready else '-'}"
          + (" (" + " ".join(next(e for et, e in events if et == unready and e[:2] == ["member", str(iso)])[2:]) + ")"
             if unready else ""))
    for j in range(3):
        if j != iso:
            shrunk = first_state(j, lambda e: "members" in e and e[e.index("members") + 1] == "2", t, end)
            print(f"  m{j + 1} reports cluster size 2 after: {s(shrunk - t) if shrunk else '-'}")
    for pt, w, pm in phases:
        if pt >= t and w in ("minority-unready", "majority-shrunk") and pt < end:
            print(f"  (shell poll, 250 ms) {w} {pm}: {s(pt - t)}")

    # the probe: writes sent to the isolated member whatever its readiness
    probe = [w for w in writes if w.get("probe") and w["t0"] >= t and w["t0"] < end]
    if probe:
        acked = [w for w in probe if w.get("ok")]
        refused = [w for w in probe if not w.get("ok")]
        reasons = {}
        for w in refused:
            k = str(w.get("status", w.get("error", "?")))[:50]
            reasons[k] = reasons.get(k, 0) + 1
        first_ref = min((w["t1"] for w in refused if w.get("status") == 503), default=None)
        late = [w for w in acked if unready and w["t0"] >= unready]
        print(f"  probe writes to {m} during the split: {len(probe)}, acknowledged {len(acked)} (last ended after "
              f"{s(max(w['t1'] for w in acked) - t) if acked else '-'}), refused or failed {len(refused)} {reasons}; "
              f"first 503 after {s(first_ref - t) if first_ref else '-'}; acknowledged although started after {m} "
              f"was not ready: {len(late)}")
    hprobe = [w for w in writes if w.get("probe") and heal and w["t0"] >= heal]
    if hprobe:
        ok_after = min((w["t1"] for w in hprobe if w.get("ok")), default=None)
        print(f"  probe writes to {m} after the heal: {len(hprobe)}, acknowledged {sum(1 for w in hprobe if w.get('ok'))}; "
              f"first acknowledged after the heal: {s(ok_after - heal) if ok_after else '-'}")

    # the writers (not the probe)
    reg = [w for w in writes if not w.get("probe")]
    win = [w for w in reg if w["t1"] >= t and w["t0"] < end]
    failed = [w for w in win if not w.get("ok") and not (400 <= w.get("status", 0) < 500)]
    slow = [w for w in win if w.get("ok") and w["t1"] - w["t0"] > 1000]
    on_iso = [w for w in win if w["member"] == iso and w.get("ok") and w["t0"] >= t]
    print(f"  REST writes during the split: {len(win)}, acknowledged {sum(1 for w in win if w.get('ok'))}, failed "
          f"{len(failed)}, slower than 1 s {len(slow)} (last ended after {s(max((w['t1'] for w in slow), default=t) - t)}), "
          f"max latency {max((w['t1'] - w['t0'] for w in win), default=0)} ms; acknowledged by {m} after the split: "
          f"{len(on_iso)} (last ended after {s(max((w['t1'] for w in on_iso), default=t) - t)})")
    if failed:
        reasons = {}
        for w in failed:
            k = str(w.get("status", w.get("error", "?")))[:50]
            reasons[k] = reasons.get(k, 0) + 1
        print(f"    failed writes by reason: {reasons}; last ended after {s(max(w['t1'] for w in failed) - t)}")
    base = [w["t1"] - w["t0"] for w in reg if w.get("ok") and t - 30_000 <= w["t0"] < t]
    buckets = []
    for a_, b_ in ((0, 5), (5, 10), (10, 15), (15, 20), (20, 40), (40, 80)):
        lat = [w["t1"] - w["t0"] for w in win if w.get("ok") and t + a_ * 1000 <= w["t0"] < min(end, t + b_ * 1000)]
        if lat:
            buckets.append(f"{a_}-{b_} s: n {len(lat)}, p50 {pct(lat, 50)} / max {max(lat)} ms")
    print(f"  write latency by start time: 30 s before: p50 {pct(base, 50)} / p99 {pct(base, 99)} ms; after the split: "
          + "; ".join(buckets))
    gaps = []
    for wr in sorted({w["writer"] for w in reg}):
        oks = sorted(w["t1"] for w in reg if w["writer"] == wr and w.get("ok") and t - 5000 <= w["t1"] < end)
        prev = max((w["t1"] for w in reg if w["writer"] == wr and w.get("ok") and w["t1"] < t), default=t)
        g = 0
        for x in oks:
            if x >= t:
                g = max(g, x - prev)
            prev = max(prev, x)
        gaps.append(g)
    if gaps:
        print(f"  longest time without an acknowledged write, per writer (from its last before the split): "
              f"{', '.join(f'{g / 1000:.1f}' for g in gaps)} s")

    # clients of the isolated member moved by the driver when its readiness failed
    for kind, again in (("console", "snapshot"), ("link", "first-ack")):
        left = {}
        for et, e in events:
            if t <= et < end and e[0] == kind and e[2] in ("leaving", "closed", "connect-failed") and e[-1 if e[2] == "leaving" else 4] == str(iso):
                left.setdefault(int(e[1]), et)
        rec = []
        for c, ct in left.items():
            nxt = [et for et, e in events if et >= ct and e[0] == kind and int(e[1]) == c and e[2] == again]
            rec.append((ct - t, nxt[0] - t if nxt else None))
        if rec:
            done = [r[1] for r in rec if r[1] is not None]
            print(f"  {kind}s on {m}: {len(rec)}; left it after max {s(max(r[0] for r in rec))}; "
                  f"{'new snapshot' if kind == 'console' else 'acknowledged again'} elsewhere after: "
                  f"max {s(max(done) if done else None)}; never: {sum(1 for r in rec if r[1] is None)}")
        else:
            print(f"  {kind}s on {m}: none left it")

    # throughput
    before = [x["acked"] for st, x in secs if t - 10_000 <= st < t]
    during = [x["acked"] for st, x in secs if t <= st < end]
    healw = [x["acked"] for st, x in secs if heal and heal <= st < after_heal]
    if during:
        print(f"  fixes acked per second: before {statistics.median(before) if before else 0:.0f}/s (median of 10 s); "
              f"during the split min {min(during)}, median {statistics.median(during):.0f}, seconds with zero acks "
              f"{sum(1 for r in during if r == 0)}; after the heal min {min(healw) if healw else '-'}, median "
              f"{statistics.median(healw) if healw else 0:.0f}")
    wps = [sum(1 for w in reg if w.get("ok") and sec <= w["t1"] < sec + 1000) for sec in range(t, end - 999, 1000)]
    if wps:
        print(f"  acknowledged REST writes per second during the split: min {min(wps)}, median {statistics.median(wps):.0f}")

    if heal:
        hw = [w for w in reg if w["t1"] >= heal and w["t0"] < after_heal]
        hfailed = [w for w in hw if not w.get("ok") and not (400 <= w.get("status", 0) < 500)]
        hslow = [w for w in hw if w.get("ok") and w["t1"] - w["t0"] > 1000]
        print(f"  after the heal (120 s): writes {len(hw)}, failed {len(hfailed)}, slower than 1 s {len(hslow)}, max latency "
              f"{max((w['t1'] - w['t0'] for w in hw), default=0)} ms")
        for pt, w, pm in phases:
            if pt >= heal and w in ("merged", "ready"):
                print(f"  (shell poll) {w} {pm}: {s(pt - heal)} after the heal")
        back = first_state(iso, lambda e: e[2] == "ready", heal, after_heal + 600_000)
        print(f"  {m} ready again (driver's poll) after: {s(back - heal) if back else '-'}")
    for n in (1, 2, 3):
        path = f"{o}/member{n}.log"
        if not os.path.exists(path):
            continue
        counts = {}
        keys = {"merged": "cluster merged after a split", "corrected": "live picture corrected from the store",
                "member left": "member left; reconciling", "not applied": "committed events not applied",
                "split-brain refusals": "SplitBrainProtectionException", "live position not advanced": "live position not advanced"}
        for line in open(path, errors="replace"):
            for k, needle in keys.items():
                if needle in line:
                    counts[k] = counts.get(k, 0) + 1
        print(f"  member{n}.log: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
