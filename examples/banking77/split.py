#!/usr/bin/env python3
"""Splits ../shared/data/banking77/dev.jsonl into a learning part (80%) and a
held-out part (20%) by a hash of each ticket's id, and fills in label_queue
from queues.tsv.

    h = int(sha256(("banking77-learn:" + id).encode("utf-8")).hexdigest()[:8], 16)
    learn     if h < 0.8 * 2**32
    held-out  otherwise

The salt matters: dev.jsonl itself was cut from the pooled data by the
unsalted sha256 of the id (h / 2**32 < 0.70), so the unsalted hash would put
every dev ticket on the same side. The split depends on nothing but the id,
so it does not change when the file is reordered.

usage: split.py DEV.jsonl QUEUES.tsv OUTDIR   (writes OUTDIR/learn.jsonl and
OUTDIR/heldout.jsonl)"""
import hashlib
import json
import os
import sys


def part(ticket_id):
    h = int(hashlib.sha256(("banking77-learn:" + ticket_id).encode("utf-8")).hexdigest()[:8], 16)
    return "learn" if h < 0.8 * 2**32 else "heldout"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    dev, queues_path, outdir = sys.argv[1:]
    queues = {}
    with open(queues_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                intent, queue = line.split("\t")
                queues[intent] = queue
    os.makedirs(outdir, exist_ok=True)
    out = {p: open(os.path.join(outdir, p + ".jsonl"), "w", encoding="utf-8")
           for p in ("learn", "heldout")}
    counts = {"learn": 0, "heldout": 0}
    with open(dev, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            t["label_queue"] = queues[t["label_category"]]
            p = part(t["id"])
            out[p].write(json.dumps(t, ensure_ascii=False) + "\n")
            counts[p] += 1
    for f in out.values():
        f.close()
    print("learn %d, heldout %d" % (counts["learn"], counts["heldout"]))


if __name__ == "__main__":
    main()
