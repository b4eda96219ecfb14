"""Shared test helpers: source paths, sample rules and tickets."""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("TRIAGE_SOURCE_DIR") or os.path.abspath(
    os.path.join(HERE, "..", "..", ".."))
EXAMPLE_RULES = os.path.join(SOURCE_DIR, "examples", "rules", "support.yaml")
EXAMPLE_TICKETS = os.path.join(SOURCE_DIR, "examples", "data", "tickets.jsonl")
INCLUDE_DIR = os.path.join(SOURCE_DIR, "include", "triage")

# Small rules used across the tests (every route condition kind).
RULES = """\
triage: 1
name: test-rules
options:
  default_queue: general
  min_score: 3
  field_weights: {subject: 2, body: 1}
categories:
  - name: billing
    queue: billing
    keywords:
      invoice: 3
      "charged twice": 5
      newsletter: -4
    regex:
      - pattern: '\\bINV-\\d{6}\\b'
        weight: 2
  - name: outage
    queue: incident
    keywords: {down: 3, outage: 4}
routes:
  - name: outage-urgent
    when: {category: [outage], score: {outage: ">= 8"}}
    set: {priority: urgent, tier: 2, tags: [outage], sla: urgent}
    stop: true
  - name: vip
    when: {field: {customer.vip: ["true"]}}
    set: {priority: high, tags: [vip]}
  - name: enterprise
    when: {field: {customer.plan: [enterprise]}}
    set: {tier: 2}
  - name: chat-refund
    when: {field: {channel: [chat]}, contains: {body: refund please}}
    set: {tags: [refund-chat]}
  - name: order-number
    when: {match: {body: 'ORD-\\d+'}}
    set: {tags: [has-order]}
  - name: labelled
    when: {field: {labels: [billing-hold]}}
    set: {queue: holds}
  - name: big-amount
    when: {field: {amount: ["2.5"]}}
    set: {tags: [big]}
"""


def example_tickets():
    """The bundled Banking77 example tickets (label keys removed)."""
    out = []
    with open(EXAMPLE_TICKETS, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                t = json.loads(line)
                for k in list(t):
                    if k.startswith("label_"):
                        del t[k]
                out.append(t)
    return out


def find_cli():
    """The built `triage` program, when we can find it."""
    candidates = []
    if os.environ.get("TRIAGE_CLI"):
        candidates.append(os.environ["TRIAGE_CLI"])
    lib = os.environ.get("TRIAGE_LIBRARY")
    if lib:
        candidates.append(os.path.join(os.path.dirname(lib), "examples", "triage"))
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return shutil.which("triage") if os.environ.get("TRIAGE_CLI_FROM_PATH") else None
