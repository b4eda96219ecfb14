# triage calendar: due instants and elapsed business time, one answer a
# line; bad queries get {"error": ...} and exit code 1. Expected instants
# are derived in the comments.
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
      sat: "10:00-14:00"
    holidays: [2026-12-25, 2026-12-26]
  always: 24x7
YAML

# 1. Thu 2026-12-24 16:00 CET + 4h: 16-17 on Thursday, the 25th and 26th
#    are holidays, Sunday closed, Monday 09:00-12:00 -> 12:00 CET = 11:00Z.
# 2. The same start as Unix seconds (15:00Z) and a zero budget: in hours,
#    so due at once, answered as Unix seconds.
# 3. Monday 2026-03-02 09:00-09:00 CET next day minus a pause of an hour:
#    7h of hours - 1h = 21600 s.
# 4. 24x7: 90 minutes are 90 minutes.
# 5. A budget ending at the 12:30 close is due at the 13:30 opening
#    (Monday 11:30 CET + 60 min).
# 6. Spring forward (2026-03-29, Sunday) on 24x7: 00:00 CET to 00:00 CEST
#    is 23 hours.
cat >"$TMP/q.jsonl" <<'JSON'
{"calendar": "emea", "start": "2026-12-24T16:00:00+01:00", "minutes": 240}
{"calendar": "emea", "start": 1798124400, "seconds": 0}
{"calendar": "emea", "start": "2026-03-02T08:00:00Z", "end": "2026-03-03T08:00:00Z", "pauses": [["2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"]]}
{"calendar": "always", "start": "2026-03-02T08:00:00Z", "minutes": 90}
{"calendar": "emea", "start": "2026-03-02T11:30:00+01:00", "minutes": 60}

{"calendar": "always", "start": "2026-03-28T23:00:00Z", "end": "2026-03-29T22:00:00Z"}
JSON
run_stdin ok "$TMP/q.jsonl" calendar --rules "$TMP/rules.yaml"
expect_rc ok 0
cat >"$TMP/ok.expected" <<'JSON'
{"due": "2026-12-28T11:00:00Z"}
{"due": 1798124400}
{"seconds": 21600}
{"due": "2026-03-02T09:30:00Z"}
{"due": "2026-03-02T12:30:00Z"}
{"seconds": 82800}
JSON
expect_out ok "$TMP/ok.expected"

# Bad queries: each answered with an error, the others still answered.
cat >"$TMP/bad.jsonl" <<'JSON'
{"calendar": "apac", "start": 0, "minutes": 1}
not json
{"calendar": "emea", "start": "2026-03-02 08:00", "minutes": 1}
{"calendar": "emea", "start": "2026-03-02T08:00:00Z"}
{"calendar": "emea", "start": "2026-03-02T08:00:00Z", "minutes": -5}
{"calendar": "emea", "start": "2026-03-02T08:00:00Z", "minutes": 5, "pauses": [["2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z"]]}
{"calendar": "emea", "start": "2026-03-02T08:00:00Z", "minutes": 5, "colour": "red"}
{"calendar": "emea", "start": "9999-12-31T12:00:00Z", "minutes": 6000}
{"calendar": "always", "start": 0, "seconds": 1}
JSON
run_stdin bad "$TMP/bad.jsonl" calendar --rules "$TMP/rules.yaml"
expect_rc bad 1
[ "$(grep -c '"error"' "$TMP/bad.out")" -eq 8 ] || fail "bad: eight errors expected"
expect_grep bad out '"error": "no calendar \\"apac\\" in the rules"'
expect_grep bad out 'RFC 3339'
expect_grep bad out 'ends before it starts'
expect_grep bad out 'unknown key \\"colour\\"'
expect_grep bad out 'no answer before year 10000'
expect_grep bad out '^\{"due": 1\}$'

# Usage and rules errors.
run usage calendar --bogus
expect_rc usage 2
printf 'triage: 1\ncalendars:\n  x:\n    timezone: Mars/Base\n    hours: {mon: "09:00-17:00"}\n' >"$TMP/badzone.yaml"
run_stdin zone "$TMP/q.jsonl" calendar --rules "$TMP/badzone.yaml"
expect_rc zone 2
expect_grep zone err 'badzone\.yaml:4:[0-9]+: .*Mars/Base'
run help calendar --help
expect_rc help 0
finish
