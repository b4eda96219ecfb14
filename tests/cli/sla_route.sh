# triage route: the decision's "sla" object (policy and due instants from
# the ticket's created_at), as in the decision example of rules-format.md.
. "$(dirname "$0")/lib/common.sh"

cat >"$TMP/rules.yaml" <<'YAML'
triage: 1
categories:
  - name: billing
    keywords: {invoice: 3, "charged twice": 5}
routes:
  - name: vip
    when: {field: {customer.vip: ["true"]}}
    set: {sla: urgent}
calendars:
  emea:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["09:00-12:30", "13:30-17:00"]
      sat: "10:00-14:00"
    holidays: [2026-12-25, 2026-12-26]
  always: 24x7
sla:
  default: standard
  by_priority: {urgent: urgent, high: standard}
  policies:
    - name: urgent
      calendar: always
      first_response: 30m
      resolution: 8h
    - name: standard
      calendar: emea
      first_response: 4h
      resolution: 3d
YAML

# T-1001: standard (the default). Created Monday 2026-03-02 09:15 CET:
# first response 4h of emea = 09:15-12:30 and 13:30-14:15 CET (13:15Z);
# resolution 3 business days (7 h each) = Thursday 09:15 CET (08:15Z).
# T-1002: a rule sets urgent (24x7): +30m and +8h.
# T-1003: no created_at: the policy only.
cat >"$TMP/t.jsonl" <<'JSON'
{"id": "T-1001", "subject": "Charged twice", "body": "invoice", "created_at": "2026-03-02T08:15:00Z"}
{"id": "T-1002", "subject": "hi", "customer": {"vip": true}, "created_at": "2026-03-02T08:15:00Z"}
{"id": "T-1003", "subject": "hi"}
JSON
run_stdin ok "$TMP/t.jsonl" route --rules "$TMP/rules.yaml"
expect_rc ok 0
expect_grep ok out '"id": "T-1001".*"sla": \{"policy": "standard", "first_response_due": "2026-03-02T13:15:00Z", "resolution_due": "2026-03-05T08:15:00Z"\}'
expect_grep ok out '"id": "T-1002".*"sla": \{"policy": "urgent", "first_response_due": "2026-03-02T08:45:00Z", "resolution_due": "2026-03-02T16:15:00Z"\}'
expect_grep ok out '"id": "T-1003".*"sla": \{"policy": "standard"\}\}$'
finish
