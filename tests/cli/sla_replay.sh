# triage sla: replays ticket events and prints warnings, breaches and
# escalations in time order; bad events are reported on stderr. Expected
# instants are derived in the comments.
. "$(dirname "$0")/lib/common.sh"

cat >"$TMP/rules.yaml" <<'YAML'
triage: 1
categories:
  - name: billing
    keywords: {invoice: 3}
calendars:
  emea:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["09:00-12:30", "13:30-17:00"]
    holidays: [2026-12-25]
  always: 24x7
sla:
  default: standard
  by_priority: {urgent: urgent}
  policies:
    - name: urgent
      calendar: always
      first_response: 30m
      resolution: 8h
      pause_on: [pending]
      warn_at: [0.75]
      escalate:
        - {after: 0m, set: {tier: +1}}
        - {after: 1h, set: {tier: +1, priority: urgent}}
    - name: standard
      calendar: emea
      first_response: 4h
      next_response: 2h
      pause_on: [pending]
YAML

# A (standard, business hours Berlin): created Mon 2026-03-02 08:15Z
# (09:15 CET); replied 09:00Z (met); pending 09:30Z to Tue 08:00Z (paused);
# customer message Tue 08:30Z (09:30 CET): next response 2h -> 11:30 CET =
# 10:30Z, unanswered: breach at 10:30Z.
# B (urgent, 24x7): created Mon 08:00Z. Warning at 22m30s (08:22:30Z),
# breach at 08:30Z with tier 2, escalation 2 at 09:30Z (tier 3, urgent);
# the reply at 10:00Z ends the first response; resolution 8h warns at 6h
# (14:00Z) and breaches at 16:00Z (tier 4); solved at 15:00Z stops it
# before the breach.
cat >"$TMP/events.jsonl" <<'JSON'
{"ticket": "B", "at": "2026-03-02T08:00:00Z", "type": "created", "priority": "urgent"}
{"ticket": "A", "at": "2026-03-02T08:15:00Z", "type": "created", "priority": "high"}
{"ticket": "A", "at": "2026-03-02T09:00:00Z", "type": "agent_reply"}
{"ticket": "A", "at": "2026-03-02T09:30:00Z", "type": "status", "status": "pending"}
{"ticket": "B", "at": "2026-03-02T10:00:00Z", "type": "agent_reply"}
{"ticket": "B", "at": "2026-03-02T15:00:00Z", "type": "solved"}
{"ticket": "A", "at": "2026-03-03T08:00:00Z", "type": "status", "status": "open"}
{"ticket": "A", "at": "2026-03-03T08:30:00Z", "type": "customer_message"}
{"ticket": "A", "at": "2026-03-03T12:00:00Z", "type": "agent_reply"}
JSON
run_stdin ok "$TMP/events.jsonl" sla --rules "$TMP/rules.yaml"
expect_rc ok 0
cat >"$TMP/ok.expected" <<'JSON'
{"ticket": "B", "at": "2026-03-02T08:22:30Z", "event": "warning", "metric": "first_response", "due": "2026-03-02T08:30:00Z", "tier": 1, "priority": "urgent", "fraction": 0.75}
{"ticket": "B", "at": "2026-03-02T08:30:00Z", "event": "breach", "metric": "first_response", "due": "2026-03-02T08:30:00Z", "tier": 1, "priority": "urgent"}
{"ticket": "B", "at": "2026-03-02T08:30:00Z", "event": "escalation", "metric": "first_response", "due": "2026-03-02T08:30:00Z", "tier": 2, "priority": "urgent", "level": 1}
{"ticket": "B", "at": "2026-03-02T09:30:00Z", "event": "escalation", "metric": "first_response", "due": "2026-03-02T08:30:00Z", "tier": 3, "priority": "urgent", "level": 2}
{"ticket": "B", "at": "2026-03-02T14:00:00Z", "event": "warning", "metric": "resolution", "due": "2026-03-02T16:00:00Z", "tier": 3, "priority": "urgent", "fraction": 0.75}
{"ticket": "A", "at": "2026-03-03T10:30:00Z", "event": "breach", "metric": "next_response", "due": "2026-03-03T10:30:00Z", "tier": 1, "priority": "high"}
JSON
expect_out ok "$TMP/ok.expected"

# --until shows what fires after the last event: without the solve, B's
# resolution breaches at 16:00Z (tier 4) and escalates at 17:00Z (tier 5).
grep -v solved "$TMP/events.jsonl" >"$TMP/open.jsonl"
run_stdin until "$TMP/open.jsonl" sla --rules "$TMP/rules.yaml" --until 2026-03-02T17:00:00Z
expect_rc until 0
expect_grep until out '"ticket": "B", "at": "2026-03-02T16:00:00Z", "event": "breach", "metric": "resolution".*"tier": 3'
expect_grep until out '"at": "2026-03-02T17:00:00Z", "event": "escalation", "metric": "resolution".*"tier": 5'
if grep -q '2026-03-03' "$TMP/until.out"; then fail "until: fires after --until"; fi

# Bad events are reported with their line and skipped; the rest replays.
cat >"$TMP/bad.jsonl" <<'JSON'
{"ticket": "C", "at": "2026-03-02T08:00:00Z", "type": "created", "priority": "urgent"}
{"ticket": "C", "at": "2026-03-02T07:00:00Z", "type": "agent_reply"}
{"ticket": "D", "at": "2026-03-02T08:00:00Z", "type": "agent_reply"}
{"ticket": "C", "at": "2026-03-02T08:01:00Z", "type": "teleport"}
{"ticket": "C", "at": "2026-03-02T08:02:00Z", "type": "created"}
{"ticket": "E", "at": "2026-03-02T08:00:00Z", "type": "created", "sla": "gold"}
{"ticket": "C", "at": "yesterday", "type": "solved"}
{"ticket": "C", "at": "2026-03-02T08:40:00Z", "type": "solved"}
JSON
run_stdin bad "$TMP/bad.jsonl" sla --rules "$TMP/rules.yaml"
expect_rc bad 1
[ "$(wc -l <"$TMP/bad.err")" -eq 6 ] || fail "bad: six errors expected"
expect_grep bad err '^triage sla: <stdin>:2: .*out of order'
expect_grep bad err '^triage sla: <stdin>:3: .*no created event'
expect_grep bad err '^triage sla: <stdin>:4: .*unknown event type'
expect_grep bad err '^triage sla: <stdin>:6: .*unknown SLA policy'
expect_grep bad err '^triage sla: <stdin>:7: .*RFC 3339'
# C: warning 08:22:30, breach and escalation 08:30; solved 08:40.
[ "$(wc -l <"$TMP/bad.out")" -eq 3 ] || fail "bad: three fires expected"

run usage sla --until tomorrow
expect_rc usage 2
run help sla --help
expect_rc help 0
finish
