#!/usr/bin/env python3
"""Writes history.ndjson: a quarter (2025 Q1) of an agent's past conversations for `deploy/local/run demo` to import.

Mostly routine traffic (the B2B development set's interactions that need no human, drawn again and again), with a
handful of exceptions the agent closed, deflected or ignored (the set's must-reach-a-human interactions with such an
action, and two written here: the CFO's ERP question and a managing partner's strategic investment). Each line is
intake's own schema plus occurredAt (the `ndjson` import mapping). Deterministic: run it again, get the same file.

    python3 deploy/local/demo/generate_history.py
"""
import json
import pathlib
import random
from datetime import datetime, timedelta, timezone

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = pathlib.Path(__file__).resolve().parent / "history.ndjson"
LINES = 2000
MISSED = {"closed", "deflected", "ignored", "routed_to_faq", "resolved"}

random.seed(18)
rows = [json.loads(line) for line in (ROOT / "datasets/b2b/all.jsonl").read_text().splitlines() if line.strip()]
routine = [r["interaction"] for r in rows if not r["mustReachHuman"]]
exceptions = [r["interaction"] for r in rows if r["mustReachHuman"]
              and (r["interaction"].get("agentDecision") or {}).get("action") in MISSED]
exceptions = random.sample(exceptions, 12) + [
    {"channel": "email", "subject": "Quick question",
     "text": "Does your platform integrate with our ERP? We run SAP S/4HANA for finance and need invoices and "
             "purchase orders to sync both ways before we roll this out to our 14 subsidiaries.",
     "contact": {"name": "Dana Reyes", "email": "dana.reyes@meridian-group.example", "title": "CFO",
                 "company": "Meridian Group", "companySize": 800},
     "agentDecision": {"label": "low_priority_technical_question", "confidence": 0.55, "action": "closed"}},
    {"channel": "email", "subject": "Strategic investment",
     "text": "We are considering a strategic investment in your company alongside a wider partnership. "
             "Who on your side should our investment committee talk to this month?",
     "contact": {"name": "Morgan Hale", "email": "m.hale@harbourcap.example", "title": "Managing Partner",
                 "company": "Harbour Capital", "companySize": 120},
     "agentDecision": {"label": "spam_or_solicitation", "confidence": 0.62, "action": "ignored"}},
]

start = datetime(2025, 1, 1, tzinfo=timezone.utc)
quarter_days = 90


def when():
    day = start + timedelta(days=random.randrange(quarter_days))
    return day + timedelta(hours=random.randint(7, 19), minutes=random.randrange(60), seconds=random.randrange(60))


picked = [dict(i) for i in exceptions] + [dict(random.choice(routine)) for _ in range(LINES - len(exceptions))]
dated = sorted(((when(), i) for i in picked), key=lambda pair: pair[0])
with OUT.open("w") as out:
    for n, (at, interaction) in enumerate(dated, start=1):
        line = {"occurredAt": at.strftime("%Y-%m-%dT%H:%M:%SZ")}
        line.update({k: v for k, v in interaction.items() if k != "externalId"})
        line["externalId"] = f"hist-{n:04d}"
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"wrote {LINES} conversations ({len(exceptions)} exceptions the agent closed, deflected or ignored) to {OUT}")
