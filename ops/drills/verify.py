#!/usr/bin/env python3
"""Checks that everything the failover drill's load driver saw acknowledged is in the cluster and in PostgreSQL.

Reads <out>/acked-<label>.txt (device fixes acknowledged durable, as seq ranges) and <out>/writes.jsonl (REST writes;
those answered 2xx before the dump of <label> count), then asks:
  - PostgreSQL (psql): positions (device_id, seq), incidents (id, version), teams (id, version), and the number of team
    events (a status PATCH is stored as TEAM_UPDATED) per team, which must be at least the number of distinct
    acknowledged versions;
  - the REST API of the live members: GET /api/v1/incidents/{id} and /api/v1/teams/{id} for every written one, and
    the tracks of the tracked teams (GET /api/v1/incidents/<prefix>-TRACK/export/tracks.csv).
Prints what is missing, writes <out>/verify-<label>.json; exit status 1 when anything acknowledged is missing.
"""
import argparse
import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def dump_time(out, label):
    t = None
    with open(f"{out}/events.log") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[1] == "dump" and parts[2] == label:
                t = int(parts[0])
    return t


def read_acked(path):
    acked = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            ranges = []
            for r in parts[1:]:
                a, b = r.split("-")
                ranges.append((int(a), int(b)))
            acked[parts[0]] = ranges
    return acked


def missing_from(ranges, present):
    lost = []
    for a, b in ranges:
        for s in range(a, b + 1):
            if s not in present:
                lost.append(s)
    return lost


def psql(cmd, sql):
    r = subprocess.run(cmd.split() + ["-c", sql], capture_output=True, text=True, check=True)
    return [line.split("|") for line in r.stdout.splitlines() if line]


def get(url, token):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except Exception as e:  # connection refused, timeout
        return 0, str(e).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--members", required=True, help="comma-separated base URLs of live members")
    ap.add_argument("--token", required=True)
    ap.add_argument("--psql", required=True, help="psql command line with -At, connected to the muster database")
    ap.add_argument("--prefix", default="dr")
    a = ap.parse_args()
    members = a.members.split(",")
    cutoff = dump_time(a.out, a.label)
    acked = read_acked(f"{a.out}/acked-{a.label}.txt")
    report = {"label": a.label, "members": members, "cutoff_ms": cutoff}

    # ---- positions
    present = {}
    for dev, seq in psql(a.psql, f"SELECT device_id, seq FROM positions WHERE device_id LIKE '{a.prefix}-D%'"):
        present.setdefault(dev, set()).add(int(seq))
    acked_fixes = sum(b - a_ + 1 for rs in acked.values() for a_, b in rs)
    lost_sql = {}
    for dev, rs in acked.items():
        lost = missing_from(rs, present.get(dev, set()))
        if lost:
            lost_sql[dev] = lost
    report["fixes_acked"] = acked_fixes
    report["fixes_lost_sql"] = sum(len(v) for v in lost_sql.values())
    report["fixes_lost_sql_sample"] = {k: v[:10] for k, v in list(lost_sql.items())[:10]}

    # the tracked teams' tracks over REST, from the first live member
    # from: the export starts at the incident's report by default, and a batch's first fix may be older than that
    status, body = get(f"{members[0]}/api/v1/incidents/{a.prefix}-TRACK/export/tracks.csv"
                       f"?limit=1000000&from=2000-01-01T00:00:00Z", a.token)
    rest_present = {}
    if status == 200:
        for row in csv.DictReader(io.StringIO(body.decode())):
            rest_present.setdefault(row["device_id"], set()).add(int(row["seq"]))
        tracked = [d for d in acked if d in rest_present]
        checked = sum(b - a_ + 1 for d in tracked for a_, b in acked[d])
        lost_rest = {d: missing_from(acked[d], rest_present[d]) for d in tracked}
        lost_rest = {k: v for k, v in lost_rest.items() if v}
        report["fixes_checked_rest"] = checked
        report["fixes_checked_rest_devices"] = len(tracked)
        report["fixes_lost_rest"] = sum(len(v) for v in lost_rest.values())
        report["fixes_lost_rest_sample"] = {k: v[:10] for k, v in list(lost_rest.items())[:10]}
    else:
        report["fixes_rest_error"] = f"tracks.csv answered {status}: {body[:200]!r}"

    # ---- REST writes acknowledged before the cutoff
    writes = []
    with open(f"{a.out}/writes.jsonl") as f:
        for line in f:
            w = json.loads(line)
            if w.get("ok") and (cutoff is None or w["t1"] <= cutoff):
                writes.append(w)
    incidents = {w["id"]: w["version"] for w in writes if w["kind"] == "incident"}
    teams = {}
    team_count = {}
    for w in writes:
        if w["kind"] == "team":
            teams[w["id"]] = max(teams.get(w["id"], 0), w["version"])
            team_count.setdefault(w["id"], set()).add(w["version"])
    report["writes_acked"] = len(writes)
    report["incidents_acked"] = len(incidents)
    report["team_patches_acked"] = sum(1 for w in writes if w["kind"] == "team")
    team_count = {t: len(vs) for t, vs in team_count.items()}  # each new version is one status change event

    sql_inc = {r[0]: int(r[1]) for r in psql(a.psql, f"SELECT id, version FROM incidents WHERE id LIKE '{a.prefix}-W%'")}
    sql_team = {r[0]: int(r[1]) for r in psql(a.psql, f"SELECT id, version FROM teams WHERE id LIKE '{a.prefix}-T%'")}
    sql_events = {r[0]: int(r[1]) for r in psql(a.psql,
        f"SELECT team_id, count(*) FROM events WHERE type IN ('TEAM_STATUS_CHANGED', 'TEAM_UPDATED') "
        f"AND team_id LIKE '{a.prefix}-T%' GROUP BY team_id")}
    report["incidents_lost_sql"] = sorted(i for i, v in incidents.items() if sql_inc.get(i, -1) < v)
    report["teams_behind_sql"] = sorted(t for t, v in teams.items() if sql_team.get(t, -1) < v)
    report["teams_events_short_sql"] = sorted(t for t, n in team_count.items() if sql_events.get(t, 0) < n)

    def rest_check(item):
        kind, i, version, n = item
        url = f"{members[n % len(members)]}/api/v1/{kind}/{i}"
        status, body = get(url, a.token)
        if status != 200:
            return (i, f"{status}")
        v = json.loads(body).get("version", -1)
        return None if v >= version else (i, f"version {v} < {version}")

    items = [("incidents", i, v, n) for n, (i, v) in enumerate(incidents.items())]
    items += [("teams", t, v, n) for n, (t, v) in enumerate(teams.items())]
    with ThreadPoolExecutor(8) as ex:
        bad = [r for r in ex.map(rest_check, items) if r]
    report["rest_writes_checked"] = len(items)
    report["rest_writes_missing"] = bad

    lost = (report["fixes_lost_sql"] + report.get("fixes_lost_rest", 0) + len(report["incidents_lost_sql"])
            + len(report["teams_behind_sql"]) + len(report["teams_events_short_sql"]) + len(bad))
    report["lost_total"] = lost
    with open(f"{a.out}/verify-{a.label}.json", "w") as f:
        json.dump(report, f, indent=1)
    print(f"verify {a.label}: fixes acked {acked_fixes}, lost in PostgreSQL {report['fixes_lost_sql']}; "
          f"REST tracks checked {report.get('fixes_checked_rest', 0)} fixes of {report.get('fixes_checked_rest_devices', 0)} "
          f"devices, lost {report.get('fixes_lost_rest', report.get('fixes_rest_error'))}; "
          f"REST writes acked {len(writes)} ({len(incidents)} incidents, {report['team_patches_acked']} team PATCHes): "
          f"missing in PostgreSQL {len(report['incidents_lost_sql']) + len(report['teams_behind_sql'])}, "
          f"status events short {len(report['teams_events_short_sql'])}, missing over REST {len(bad)} "
          f"(checked {len(items)} ids via {len(members)} members) => lost {lost}", flush=True)
    if lost:
        print(json.dumps({k: v for k, v in report.items() if "lost" in k or "missing" in k or "short" in k or "behind" in k},
                         indent=1)[:4000])
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
