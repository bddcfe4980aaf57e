"""Writes the shipped taxonomy's B2B examples: the hand-written examples of each intent plus the scored text of every
labelled item (subject, text and the customer's earlier turns, as the classifier's ScoredText joins them) of the train
split and the fresh sets, the calibration items as the held-out set the novelty threshold is calibrated on, and every
such labelled item as a precedent (its text, intent, whether it must reach a human, its team and why: the
LIKE_PAST_EXCEPTIONS signal). Never reads val, calibration's labels beyond its intents, or dev-hard.

Run from the repository root: python3 datasets/b2b/taxonomy.py
"""
import json

TAXONOMY = "classifier-service/src/main/resources/taxonomy/default.json"
HAND_WRITTEN = "datasets/b2b/hand-written-examples.json"


def scored_text(interaction):
    parts = [interaction.get("subject"), interaction.get("text")]
    parts += [t.get("text") for t in interaction.get("turns") or [] if (t.get("role") or "").lower() in ("customer", "user")]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def rows(split):
    with open(f"datasets/b2b/{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


taxonomy = json.load(open(TAXONOMY, encoding="utf-8"))
hand_written = json.load(open(HAND_WRITTEN, encoding="utf-8"))
names = [i["name"] for i in taxonomy["intents"]]
# the fresh sets that teach, each once it had judged its step blind (datasets/b2b/README.md); fresh-10 is not one of
# them: it measures the taxonomy these made
TEACHING_FRESH_SETS = [f"fresh-{n}" for n in range(1, 10)]
labelled = rows("train") + [r for split in TEACHING_FRESH_SETS for r in rows(split)]
for intent in taxonomy["intents"]:
    learned = [scored_text(r["interaction"]) for r in labelled if r["intent"] == intent["name"]]
    intent["examples"] = hand_written[intent["name"]] + [t for t in learned if t not in hand_written[intent["name"]]]
taxonomy["calibration"] = [{"intent": r["intent"], "text": scored_text(r["interaction"])}
                           for r in rows("calibration") if r["intent"] in names]
# the signal's settings are kept as they are: neighbours and minWeight were chosen on train held out + calibration
precedents = taxonomy.get("precedents") or {"neighbours": 10, "minWeight": 0.82}
precedents["interactions"] = [{"intent": r["intent"], "text": scored_text(r["interaction"]),
                               "mustReachHuman": r["mustReachHuman"], "team": r["team"], "why": r["why"]}
                              for r in labelled if r["intent"] in names]
taxonomy["precedents"] = precedents
with open(TAXONOMY, "w", encoding="utf-8") as out:
    json.dump(taxonomy, out, ensure_ascii=False, indent=2)
    out.write("\n")
print({i["name"]: len(i["examples"]) for i in taxonomy["intents"]}, len(taxonomy["calibration"]), "calibration",
      len(precedents["interactions"]), "precedents")
