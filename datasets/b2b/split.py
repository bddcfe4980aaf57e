"""Splits all.jsonl into train (50%), calibration (20%) and val (30%), stratified by intent and mustReachHuman.

Deterministic: within each stratum the items are ordered by the SHA-256 of their id, then dealt out in that order,
so the split never depends on the order of the file or on a random generator. Run: python3 split.py
"""
import hashlib
import json
from collections import defaultdict

SHARES = [("val", 0.3), ("calibration", 0.2), ("train", 0.5)]

items = [json.loads(line) for line in open("all.jsonl", encoding="utf-8") if line.strip()]
strata = defaultdict(list)
for item in items:
    strata[(item["intent"], item["mustReachHuman"])].append(item)

splits = {name: [] for name, _ in SHARES}
for key in sorted(strata, key=str):
    members = sorted(strata[key], key=lambda i: hashlib.sha256(i["id"].encode()).hexdigest())
    start = 0
    for n, (name, share) in enumerate(SHARES):
        # round the running total, so every stratum's shares add up to its size
        end = len(members) if n == len(SHARES) - 1 else round(sum(s for _, s in SHARES[:n + 1]) * len(members))
        splits[name].extend(members[start:end])
        start = end

for name, rows in splits.items():
    rows.sort(key=lambda i: i["id"])
    with open(f"{name}.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    exceptions = sum(r["mustReachHuman"] for r in rows)
    print(f"{name}: {len(rows)} items, {exceptions} must reach a human, {len(rows) - exceptions} routine, "
          f"{sum(r['hard'] for r in rows)} hard")
