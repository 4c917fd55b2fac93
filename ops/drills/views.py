#!/usr/bin/env python3
"""Compares each member's live view of teams and incidents with the store (PostgreSQL), for split.sh.

Run when nothing writes any more. Reads every team and incident over REST from each member
(GET /api/v1/teams and /api/v1/incidents, paged; both are served from the member's replica of the live picture) and
the same rows from PostgreSQL (teams that are not deleted, all incidents), and compares id, version and status.
Writes <out>/views.json; prints one line per member; exit status 1 when any member differs from the store.
"""
import argparse
import json
import subprocess
import sys
import urllib.parse
import urllib.request


def get_json(url, token):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def view(base, kind, token):
    items, cursor = {}, None
    while True:
        url = f"{base}/api/v1/{kind}?limit=1000" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        page = get_json(url, token)
        for x in page["items"]:
            items[x["id"]] = (x.get("version"), x.get("status"))
        cursor = page.get("next")
        if not cursor:
            return items


def psql(cmd, sql):
    r = subprocess.run(cmd.split() + ["-c", sql], capture_output=True, text=True, check=True)
    return [line.split("|") for line in r.stdout.splitlines() if line]


def compare(seen, truth):
    missing = sorted(k for k in truth if k not in seen)
    extra = sorted(k for k in seen if k not in truth)
    differ = sorted(k for k in truth if k in seen and seen[k] != truth[k])
    return {"missing": missing, "extra": extra, "differ": {k: {"view": seen[k], "store": truth[k]} for k in differ}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--members", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--psql", required=True)
    a = ap.parse_args()
    store = {
        "teams": {r[0]: (int(r[1]), r[2]) for r in psql(a.psql, "SELECT id, version, status FROM teams WHERE NOT deleted")},
        "incidents": {r[0]: (int(r[1]), r[2]) for r in psql(a.psql, "SELECT id, version, status FROM incidents")},
    }
    report = {"store": {k: len(v) for k, v in store.items()}, "members": {}}
    bad = 0
    for n, base in enumerate(a.members.split(","), start=1):
        m = {}
        for kind in ("teams", "incidents"):
            try:
                seen = view(base, kind, a.token)
            except Exception as e:  # a member that does not answer differs
                m[kind] = {"error": str(e)}
                bad += 1
                continue
            # the store keeps the enum's full name (TEAM_STATUS_AVAILABLE), the API the name without its prefix
            c = compare({k: (v[0], v[1]) for k, v in seen.items()},
                        {k: (v[0], api_status(kind, v[1])) for k, v in store[kind].items()})
            c["count"] = len(seen)
            m[kind] = c
            bad += len(c["missing"]) + len(c["extra"]) + len(c["differ"])
        report["members"][f"m{n}"] = m
        print("views m%d (%s): " % (n, base) + "; ".join(
            f"{kind} {c.get('count', '?')} of {len(store[kind])} in the store, missing {len(c.get('missing', []))}, "
            f"extra {len(c.get('extra', []))}, version/status differs {len(c.get('differ', {}))}"
            + (f", error {c['error']}" if "error" in c else "") for kind, c in m.items()), flush=True)
    report["differences"] = bad
    with open(f"{a.out}/views.json", "w") as f:
        json.dump(report, f, indent=1)
    print(f"views: {'every member equals the store' if bad == 0 else f'{bad} differences (views.json)'}", flush=True)
    sys.exit(1 if bad else 0)


def api_status(kind, stored):
    prefix = "TEAM_STATUS_" if kind == "teams" else "INCIDENT_STATUS_"
    return stored[len(prefix):] if stored.startswith(prefix) else stored


if __name__ == "__main__":
    main()
