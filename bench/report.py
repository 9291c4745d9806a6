#!/usr/bin/python3
"""Helpers for bench/run.sh (Python 3 stdlib, plus feedparser for the `feedparser` command).

  report.py feedparser --dir FARM [--sample K]   parse K farm files from disk, print JSON
  report.py sample --dir FARM [--sample K]       the paths of those same K files, one a line
                                                  (Tributary's `parse` reads exactly these)
  report.py wrk FILE                              wrk --latency output -> "rps p50_ms p99_ms bad"
  report.py prom FILE NAME                        sum of a Prometheus metric's samples
  report.py poll FILE                             a `poll` summary -> "total_ms new failed 304s"
  report.py sfeed-items DIR                       items (lines) in sfeed's feed files
  report.py status-counts FILE FROM               HTTP statuses in the farm's access log
                                                  after line FROM -> "200:n 304:n ..."
  report.py round-medians FILE RUN VARIANT SERVER
                                                  one server's medians over a run's rounds of
                                                  a variant -> "rps cpu_us p50_ms p99_ms"
  report.py table --results TSV --manifest M --machine TXT [--scale TSV2 --manifest2 M2]
      the Markdown results table (median [min-max] over runs, ratio to the peer, target)

results.tsv has one measurement a line: key, run number, value. rounds.tsv, beside it, has
one `/feed.atom` load a line: run, variant, round, server, req/s, server CPU µs per response,
p50 ms, p99 ms.
"""
import json
import os
import re
import statistics
import sys
import time


def sample_args(argv):
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--sample", type=int, default=100)
    p.add_argument("--rounds", type=int, default=1)
    return p.parse_args(argv)


def sample_paths(farm, k):
    """K farm files evenly spread over the manifest: feedparser and Tributary's `parse` both
    read exactly this list, so their items/s compare the same documents."""
    with open(os.path.join(farm, "manifest.json")) as fh:
        feeds = json.load(fh)["feeds_list"]
    step = max(1, len(feeds) // k)
    return [os.path.join(farm, "www") + f["path"] for f in feeds[::step][:k]]


def sample_cmd(argv):
    a = sample_args(argv)
    for path in sample_paths(a.dir, a.sample):
        print(path)


def feedparser_cmd(argv):
    import feedparser  # Debian's python3-feedparser: run with /usr/bin/python3
    a = sample_args(argv)
    blobs = []
    for path in sample_paths(a.dir, a.sample):  # read first: the figure is parsing, not disk
        with open(path, "rb") as fh:
            blobs.append(fh.read())

    def one_pass():
        started = time.perf_counter()
        n = sum(len(feedparser.parse(b).entries) for b in blobs)
        return n, time.perf_counter() - started

    # With rounds: an untimed pass first (feedparser's lazy imports and first-use regex
    # compiles), then the median round, as Tributary's `parse --rounds` reports.
    if a.rounds > 1:
        one_pass()
    passes = [one_pass() for _ in range(max(1, a.rounds))]
    items = passes[0][0]
    secs = sorted(s for _, s in passes)[len(passes) // 2]
    print(json.dumps({"feeds": len(blobs), "items": items, "seconds": round(secs, 3),
                      "rounds": len(passes), "bytes": sum(map(len, blobs)),
                      "version": feedparser.__version__}))


def read_text(path):
    """A missing or unreadable file reads as empty: the caller reports 'nan', the harness
    goes on and says so, rather than dying half-way with servers to stop."""
    try:
        with open(path, errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def wrk_cmd(argv):
    text = read_text(argv[0])
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", text, re.M))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errs = re.search(r"Socket errors:.*", text)

    def ms(v):
        if v is None:
            return "nan"
        n, unit = re.match(r"([\d.]+)(\w+)", v).groups()
        return "%.3f" % (float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit])
    print(rps.group(1) if rps else "nan", ms(lat.get("50")), ms(lat.get("99")),
          int(bad.group(1)) if bad else 0, "errors" if errs else "ok")


def prom_cmd(argv):
    path, name = argv
    total = 0.0
    found = False
    for line in read_text(path).splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
            found = True
    print(total if found else "nan")


def poll_cmd(argv):
    text = read_text(argv[0])
    m = re.search(r"^total: (\d+) sources?, (\d+) new, (\d+) updated, (\d+) failed, (\d+) ms",
                  text, re.M)
    n304 = len(re.findall(r"^\S+\s+304\s", text, re.M))
    per = [int(x) for x in re.findall(r"\((\d+) ms\)$", text, re.M)]
    if not m:
        print("nan nan nan", n304, "nan nan")
        return
    per.sort()
    print(m.group(5), m.group(2), m.group(4), n304,
          per[len(per) // 2] if per else "nan", per[-1] if per else "nan")


CPU_PARTS = ("fetch", "hash", "parse", "normalise", "encode", "store", "publish", "other")


def cpu_cmd(argv):
    """The `cpu:` line of a poll's output as "name seconds" lines: all, then each part."""
    m = re.search(r"^cpu: ([0-9.]+) s = (.*)$", read_text(argv[0]), re.M)
    parts = dict(re.findall(r"([a-z]+) ([0-9.]+)", m.group(2))) if m else {}
    print("all", m.group(1) if m else "nan")
    for name in CPU_PARTS:
        print(name, parts.get(name, "nan"))


def validators_cmd(argv):
    """Each source's URL, ETag and Last-Modified from a poll's database, tab-separated."""
    import sqlite3
    db = sqlite3.connect("file:%s?mode=ro" % argv[0], uri=True)
    rows = db.execute("SELECT COALESCE(effective_url, configured_url), etag, last_modified"
                      " FROM source_state WHERE disabled_reason IS NULL ORDER BY source_id")
    for url, etag, modified in rows:
        print("%s\t%s\t%s" % (url, etag or "", modified or ""))
    db.close()


def sfeed_items_cmd(argv):
    d = argv[0]
    n = 0
    if os.path.isdir(d):
        for name in os.listdir(d):
            with open(os.path.join(d, name), "rb") as fh:
                n += sum(1 for _ in fh)
    print(n)


def status_counts_cmd(argv):
    path, start = argv[0], int(argv[1])
    counts = {}
    for i, line in enumerate(read_text(path).splitlines()):
        if i >= start:
            s = line.split(" ", 1)[0]
            counts[s] = counts.get(s, 0) + 1
    print(" ".join("%s:%d" % kv for kv in sorted(counts.items())) or "none")


# -- /feed.atom loads, round by round ---------------------------------------------------------

ROUND_FIELDS = ("rps", "cpu_us", "p50_ms", "p99_ms")
# /feed.atom variants as run.sh names them, and as the tables say them
VARIANTS = (("plain", "200 plain"), ("gzip", "200 gzip"), ("304", "304 If-None-Match"))


def load_rounds(path):
    """[{run, variant, round, server, rps, cpu_us, p50_ms, p99_ms}], NaN figures as None."""
    rows = []
    if path and os.path.exists(path):
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 8:
                continue
            row = dict(zip(("run", "variant", "round", "server"), parts[:4]))
            for name, text in zip(ROUND_FIELDS, parts[4:8]):
                try:
                    x = float(text)
                except ValueError:
                    x = None
                row[name] = x if x == x else None
            rows.append(row)
    return rows


def round_medians_cmd(argv):
    path, run, variant, server = argv
    rows = [r for r in load_rounds(path)
            if (r["run"], r["variant"], r["server"]) == (run, variant, server)]
    out = []
    for name in ROUND_FIELDS:
        vals = [r[name] for r in rows if r[name] is not None]
        out.append("%.2f" % statistics.median(vals) if vals else "nan")
    print(" ".join(out))


def round_ratios(rows, variant, mine, theirs, field="rps"):
    """Each round's mine/theirs ratio of a field: the two loads of a round are seconds apart."""
    by_round = {}
    for r in rows:
        if r["variant"] == variant and r[field] is not None:
            by_round.setdefault((r["run"], r["round"]), {})[r["server"]] = r[field]
    return [v[mine] / v[theirs] for _, v in sorted(by_round.items())
            if mine in v and v.get(theirs)]


def rounds_section(rows):
    """Markdown: per variant, the median of the rounds' req/s ratios, with how many reach 1,
    and each server's median CPU per response over all rounds."""
    pairs = (("Tributary / nginx", "trib", "nginx"), ("Jetty floor / nginx", "floor", "nginx"),
             ("Tributary / Jetty floor", "trib", "floor"))
    if not rows:
        return []
    out = []
    for variant, label in VARIANTS:
        cells = []
        for _, mine, theirs in pairs:
            r = round_ratios(rows, variant, mine, theirs)
            cells.append("n/a" if not r else "%s [%s–%s], %d of %d ≥ 1" % (
                fmt(statistics.median(r), 3), fmt(min(r), 3), fmt(max(r), 3),
                sum(1 for x in r if x >= 1), len(r)))
        cpu = []
        for server in ("trib", "floor", "nginx"):
            v = [x["cpu_us"] for x in rows
                 if x["variant"] == variant and x["server"] == server and x["cpu_us"] is not None]
            cpu.append(fmt(statistics.median(v), 1) if v else "n/a")
        out.append("| %s | %s | %s |" % (label, " | ".join(cells), " / ".join(cpu)))
    return ["", "`/feed.atom`, round by round: in each round every server is loaded once, "
            "seconds apart, so each ratio is taken on the same machine at the same time "
            "(median over rounds [min–max], and how many rounds reach 1):", "",
            "| Variant | %s | server CPU µs per response, Tributary / floor / nginx |"
            % " | ".join(p[0] + ", req/s" for p in pairs), "|---" * 5 + "|"] + out


# -- the table ---------------------------------------------------------------------------------

def load_by_run(path):
    """{key: {run: value}}, NaN left out: to pair each run's figure with its peer's."""
    runs = {}
    if path and os.path.exists(path):
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                try:
                    x = float(parts[2])
                except ValueError:
                    continue
                if x == x:
                    runs.setdefault(parts[0], {})[parts[1]] = x
    return runs


def load(path):
    """{key: [value of each run, in run order]}, NaN left out."""
    return {k: [by_run[r] for r in sorted(by_run, key=int)]
            for k, by_run in load_by_run(path).items()}


def run_ratios(runs, key, pkey):
    """Each run's Tributary/peer ratio, in run order; empty when fewer than two runs pair."""
    mine, theirs = runs.get(key, {}), runs.get(pkey, {})
    both = sorted((r for r in mine if r in theirs and theirs[r]), key=lambda r: int(r))
    return [mine[r] / theirs[r] for r in both] if len(both) > 1 else []


def med(vals, key):
    v = vals.get(key)
    return statistics.median(v) if v else None


def fmt(x, digits=None):
    if x is None:
        return "n/a"
    if digits is None and x == int(x) and abs(x) < 1e15:
        return "{:,}".format(int(x))
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2 if abs(x) >= 1 else 3
    return "{:,.{}f}".format(x, digits)


def spread(vals, key):
    v = vals.get(key)
    if not v:
        return "n/a"
    if len(v) == 1:
        return fmt(v[0])
    return "%s [%s–%s]" % (fmt(statistics.median(v)), fmt(min(v)), fmt(max(v)))


# (label, tributary key, peer label, peer key, ratio target, lower_is_better)
ROWS = [
    ("Cold ingest: `poll`, empty db (s)", "trib.cold_s", "sfeed_update cold",
     "sfeed.cold_s", 0.1, True),
    ("Warm poll: same db, all 304 (s)", "trib.warm_s", "sfeed_update + ETag fetch(), warm",
     "sfeed.warm_etag_s", 0.05, True),
    ("Cold ingest CPU, user + system, all processes (s)", "trib.cold_cpu_s",
     "sfeed_update cold", "sfeed.cold_cpu_s", None, True),
    ("Warm poll CPU, user + system, all processes (s)", "trib.warm_cpu_s",
     "sfeed_update + ETag fetch(), warm", "sfeed.warm_etag_cpu_s", None, True),
    ("Warm poll vs sfeed default (no conditional GET) (s)", "trib.warm_s",
     "sfeed_update default, warm", "sfeed.warm_s", None, True),
    ("Warm poll floor: a JVM and OkHttp sending the same conditional GETs, nothing else (s)",
     "floor.warm_s", "sfeed_update + ETag fetch(), warm", "sfeed.warm_etag_s", None, True),
    ("Warm poll floor CPU, user + system (s)", "floor.warm_cpu_s",
     "sfeed_update + ETag fetch(), warm", "sfeed.warm_etag_cpu_s", None, True),
    ("Ingest throughput (items/s, end to end)", "trib.items_per_s", "sfeed_update cold",
     "sfeed.items_per_s", None, False),
    ("Ingest throughput (MB/s of feed XML)", "trib.mb_per_s", "sfeed_update cold",
     "sfeed.mb_per_s", None, False),
    ("Parse only (items/s, one thread, same files)", "trib.parse_items_per_s",
     "python3-feedparser parse-only", "feedparser.items_per_s", 20, False),
    ("Parse + normalise (sanitise) (items/s, one thread)", "trib.parse_norm_items_per_s",
     "python3-feedparser parse-only", "feedparser.items_per_s", None, False),
] + [
    (f"`/feed.atom` {label}{what} ({unit})", f"{server}.http_{variant}_{key}", peer,
     f"nginx.http_{variant}_{key}", target, lower)
    for server, what, key, unit, peer, target, lower in (
        ("trib", "", "rps", "req/s", "nginx, same bytes", 1.0, False),
        ("floor", ", Jetty floor", "rps", "req/s", "nginx, same bytes", None, False),
        ("trib", " p99 latency", "p99_ms", "ms", "nginx", None, True),
        ("trib", ": server CPU per response", "cpu_us", "µs", "nginx", None, True),
        ("floor", ": Jetty floor's CPU per response", "cpu_us", "µs", "nginx", None, True))
    for variant, label in VARIANTS
]
CPU_NOTES = {
    "hash": " (the body's hash)",
    "normalise": " (sanitise, canonical links, identity keys)",
    "encode": " (stored JSON, content hash)",
    "store": " (SQLite: items, links, keys, state)",
    "other": ": start-up, JIT, GC",
}
# (label, key, absolute target text, check)
ABS_ROWS = [
    ("Peak RSS of cold `poll` (MB)", "trib.poll_rss_mb", "< 512", lambda x: x < 512),
    ("Peak RSS (VmHWM) of `run` after first round + load (MB)", "trib.run_hwm_mb", "< 256",
     lambda x: x < 256),
    ("RSS (VmRSS) of `run` at the end (MB)", "trib.run_rss_mb", "", None),
    ("`run` stop on SIGTERM (s)", "trib.stop_s", "", None),
    ("`run` start to first byte of /health (ms)", "trib.first_byte_ms", "< 1500",
     lambda x: x < 1500),
    ("`run` start to first 200 of /feed.atom (ms)", "trib.first_feed_ms", "", None),
    ("`run` first round: all sources polled (s from start)", "trib.run_round_s", "", None),
    ("`run` per-source poll time, mean of tributary_fetch_duration_seconds (ms)",
     "trib.run_fetch_mean_ms", "", None),
    ("JVM + setup: `poll` of 1 source, empty db (s)", "trib.startup_s", "", None),
    ("Cold `poll` minus that (s): the cost of the other sources", "trib.cold_net_s", "", None),
    ("Ingest items/s on that net time (fetch, parse, sanitise, dedupe, store, publish)",
     "trib.net_items_per_s", "", None),
    ("`parse` sample: MB/s parse only, one thread", "trib.parse_mb_per_s", "", None),
    ("`parse` sample: MB/s parse + normalise, one thread", "trib.parse_norm_mb_per_s", "",
     None),
    ("`parse` sample: items/s parse only by the thread's CPU time (less swayed by load)",
     "trib.parse_cpu_items_per_s", "", None),
    ("`parse` sample: items/s parse + normalise by the thread's CPU time",
     "trib.parse_norm_cpu_items_per_s", "", None),
    ("Cold `poll` time the app reports (`total:` line, ms)", "trib.cold_app_ms", "", None),
    ("Cold `poll` CPU time, whole process (s, `cpu:` line)", "trib.cold_cpu_all", "", None),
] + [
    (f"Cold `poll` CPU: {name}{CPU_NOTES.get(name, '')} (s)", f"trib.cold_cpu_{name}", "", None)
    for name in CPU_PARTS
] + [
    ("Warm `poll` CPU time, whole process (s)", "trib.warm_cpu_all", "", None),
    ("Warm `poll` CPU: fetch (s)", "trib.warm_cpu_fetch", "", None),
    ("Warm `poll` CPU: other: start-up, JIT, GC (s)", "trib.warm_cpu_other", "", None),
    ("Warm `poll` over its floor (Tributary's time / the floor's)", "trib.warm_over_floor", "",
     None),
    ("Cold `poll` per-source time, median (ms)", "trib.cold_src_p50_ms", "", None),
    ("Cold `poll` per-source time, max (ms)", "trib.cold_src_max_ms", "", None),
    ("Cold `poll` new entries (expected: distinct stories)", "trib.cold_new", "", None),
    ("Cold `poll` failed sources", "trib.cold_failed", "0", lambda x: x == 0),
    ("Warm `poll` sources answered 304", "trib.warm_304", "", None),
    ("Warm `poll` failed sources", "trib.warm_failed", "0", lambda x: x == 0),
    ("sfeed_update cold: feeds OK", "sfeed.cold_ok", "", None),
    ("sfeed_update cold: items stored", "sfeed.items", "", None),
    ("sfeed_update cold with the ETag fetch() and --compressed (s)", "sfeed.cold_etag_s", "",
     None),
    ("sfeed_update ETag warm: 304s seen by the farm", "sfeed.warm_etag_304", "", None),
    ("sfeed merge of newest 100 with sfeed_atom (ms)", "sfeed.atom_merge_ms", "", None),
    ("Farm raw transfer: all feeds with curl -P16, plain (s)", "farm.curl_plain_s", "", None),
    ("Farm raw transfer: all feeds with curl -P16, gzip (s)", "farm.curl_gzip_s", "", None),
]


def table_cmd(argv):
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--scale")
    p.add_argument("--manifest2")
    a = p.parse_args(argv)
    vals = load(a.results)
    man = json.load(open(a.manifest))
    out = ["# Tributary benchmark", ""]
    out += [line.rstrip("\n") for line in open(a.machine)]
    out += ["", "Farm: %d feeds × %d items (%d RSS blogs, %d podcasts, %d Atom), %.1f MB XML, "
            "%.1f MB gzip, %d repeated items → %d distinct stories. Runs: %d (median [min–max])."
            % (man["feeds"], man["items"], man["formats"]["rss"], man["formats"]["podcast"],
               man["formats"]["atom"], man["bytes"] / 1e6, man["gz_bytes"] / 1e6, man["copies"],
               man["expected_unique"], max((len(v) for v in vals.values()), default=0)), ""]
    out += ["| Measure | Tributary | Peer | Peer value | Ratio (Tributary/peer) | Target | Met |",
            "|---|---|---|---|---|---|---|"]
    for label, key, peer, pkey, target, lower in ROWS:
        if key.startswith("floor.") and key not in vals:
            continue  # run without the Jetty floor
        t, pv = med(vals, key), med(vals, pkey)
        ratio = t / pv if t is not None and pv else None
        tgt, met = "", ""
        if target is not None:
            tgt = ("≤ %g×" if lower else "≥ %g×") % target
            met = "n/a" if ratio is None else \
                ("yes" if (ratio <= target if lower else ratio >= target) else "**no**")
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, spread(vals, key), peer, spread(vals, pkey),
            fmt(ratio, 3) if ratio is not None else "n/a", tgt, met))
    runs = load_by_run(a.results)
    paired = [(label, run_ratios(runs, key, pkey)) for label, key, _, pkey, target, _ in ROWS
              if target is not None]
    if any(r for _, r in paired):
        out += ["", "Each run's own ratio (its Tributary figure over its peer's, in run order):",
                ""]
        out += ["- %s: %s" % (label, " / ".join(fmt(x, 3 if x < 10 else 1) for x in r))
                for label, r in paired if r]
    out += rounds_section(load_rounds(os.path.join(os.path.dirname(a.results), "rounds.tsv")))
    out += ["", "| Measure | Value | Target | Met |", "|---|---|---|---|"]
    for label, key, tgt, check in ABS_ROWS:
        v = med(vals, key)
        met = "" if check is None else ("n/a" if v is None else "yes" if check(v) else "**no**")
        if key == "trib.cold_new" and v is not None:
            tgt = "= %d" % man["expected_unique"]
            met = "yes" if v == man["expected_unique"] else "**no**"
        out.append("| %s | %s | %s | %s |" % (label, spread(vals, key), tgt, met))
    if a.scale:
        big = load(a.scale)
        man2 = json.load(open(a.manifest2))
        n_ratio = man2["total_items"] / man["total_items"]
        out += ["", "## Scale: %d → %d feeds (%g× the items)" % (man["feeds"], man2["feeds"],
                                                                n_ratio),
                "", "Growth = (cost ratio) / (N ratio): ≤ 1 is linear or better.", "",
                "| Cost | %d feeds | %d feeds | Ratio | Growth | Linear or better |"
                % (man["feeds"], man2["feeds"]), "|---|---|---|---|---|---|"]
        for label, key in (("Cold poll (s)", "trib.cold_s"), ("Warm poll (s)", "trib.warm_s"),
                           ("Cold poll peak RSS (MB)", "trib.poll_rss_mb"),
                           ("run VmHWM (MB)", "trib.run_hwm_mb"),
                           ("run first round (s)", "trib.run_round_s"),
                           ("sfeed cold (s)", "sfeed.cold_s"),
                           ("sfeed ETag warm (s)", "sfeed.warm_etag_s"),
                           ("Farm curl transfer (s)", "farm.curl_plain_s")):
            x, y = med(vals, key), med(big, key)
            r = y / x if x and y is not None else None
            g = r / n_ratio if r is not None else None
            out.append("| %s | %s | %s | %s | %s | %s |" % (
                label, fmt(x), fmt(y), fmt(r, 2) if r else "n/a", fmt(g, 2) if g else "n/a",
                "n/a" if g is None else "yes" if g <= 1.05 else "**no**"))
    notes = os.path.join(os.path.dirname(a.results), "notes.txt")
    if os.path.exists(notes):
        out += ["", "## Notes", ""] + ["- " + l.rstrip("\n") for l in open(notes) if l.strip()]
    print("\n".join(out))


def main():
    cmd, argv = sys.argv[1], sys.argv[2:]
    {"feedparser": feedparser_cmd, "sample": sample_cmd, "wrk": wrk_cmd, "prom": prom_cmd, "poll": poll_cmd,
     "cpu": cpu_cmd, "validators": validators_cmd, "sfeed-items": sfeed_items_cmd, "status-counts": status_counts_cmd,
     "round-medians": round_medians_cmd, "table": table_cmd}[cmd](argv)


if __name__ == "__main__":
    main()
