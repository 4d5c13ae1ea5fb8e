#!/usr/bin/env python3
"""Turns hyperfine's JSON exports (and peak-RSS files) into one JSON file and a Markdown table."""
import json
import pathlib
import platform
import statistics
import subprocess
import sys

results, json_out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rows = {}
for path in sorted(results.glob("*.json")):
    result = json.loads(path.read_text())["results"][0]
    times = result["times"]
    rss = results / (path.stem + ".rss")
    rows[path.stem] = {
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "max_ms": max(times) * 1000,
        "stddev_ms": statistics.pstdev(times) * 1000,
        "runs": len(times),
        # CPU time of the measured process and its children: its own work, not time spent waiting.
        "cpu_ms": (result["user"] + result["system"]) * 1000,
        "peak_rss_kib": int(rss.read_text()) if rss.exists() else None,
    }

def ratio(a, b):
    return rows[a]["median_ms"] / rows[b]["median_ms"] if a in rows and b in rows else None

derived = {
    "post_over_curl_floor": ratio("post", "floor_post"),
    "extra_ms_100_plugins_on_post": rows["post_plugins_100"]["median_ms"] - rows["post_plugins_1"]["median_ms"],
    "vault_writes_per_s": 1000 / rows["vault_write"]["median_ms"],
    "vault_reads_per_s": 1000 / rows["vault_read"]["median_ms"],
}
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
json_out.write_text(json.dumps({"machine": {"cpu": cpu, "cores": __import__("os").cpu_count(),
                                            "kernel": platform.release()},
                                "commands": rows, "derived": derived}, indent=2) + "\n")

print(f"Machine: {cpu}, {__import__('os').cpu_count()} cores, Linux {platform.release()}\n")
print("| benchmark | median ms | min–max ms | σ ms | CPU ms | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|")
for name, r in rows.items():
    rss = f"{r['peak_rss_kib'] / 1024:.1f}" if r["peak_rss_kib"] else ""
    print(f"| {name} | {r['median_ms']:.2f} | {r['min_ms']:.2f}–{r['max_ms']:.2f} | {r['stddev_ms']:.2f} "
          f"| {r['cpu_ms']:.1f} | {rss} |")
print()
print(f"* post / curl floor (medians): **{derived['post_over_curl_floor']:.2f}×**")
print(f"* 100 extra plugins add **{derived['extra_ms_100_plugins_on_post']:.2f} ms** to a post (vs 1 extra)")
print(f"* vault, one process per operation: **{derived['vault_writes_per_s']:.0f} writes/s**, "
      f"**{derived['vault_reads_per_s']:.0f} reads/s**")
