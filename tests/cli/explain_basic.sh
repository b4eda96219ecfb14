# triage explain: the exact report and JSON for one ticket that shows every
# kind of route condition, near misses, a stop and a rule not reached; input
# from a file, stdin or a JSON Lines file; errors.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX/issue4"

run text explain --rules rules.yaml ticket.json
expect_rc text 0
expect_out text explain.expected
[ -s "$TMP/text.err" ] && fail "text: unexpected stderr: $(cat "$TMP/text.err")"

run_stdin stdin ticket.json explain --rules rules.yaml
expect_rc stdin 0
expect_out stdin explain.expected

run json explain --rules rules.yaml --json ticket.json
expect_rc json 0
expect_out json explain.json.expected

# A JSON Lines file: each ticket in turn, separated by a blank line.
run lines explain --rules rules.yaml labelled.jsonl
expect_rc lines 0
[ "$(grep -c '^ticket ' "$TMP/lines.out")" -eq 10 ] || fail "lines: expected 10 reports"
[ "$(grep -c '^$' "$TMP/lines.out")" -eq 9 ] || fail "lines: expected 9 blank separators"
run_stdin lines_stdin labelled.jsonl explain --rules rules.yaml
expect_rc lines_stdin 0
cmp -s "$TMP/lines.out" "$TMP/lines_stdin.out" || fail "lines_stdin: differs from the file"
run lines_json explain --rules rules.yaml --json labelled.jsonl
expect_rc lines_json 0
[ "$(wc -l <"$TMP/lines_json.out")" -eq 10 ] || fail "lines_json: expected 10 lines"

# A ticket without rules that route: no route rules, no hits.
printf '{"id": "E", "body": "nothing to see"}\n' >"$TMP/plain.json"
run plain explain --rules "$FIX/mini.yaml" "$TMP/plain.json"
expect_rc plain 0
expect_grep plain out '^hits: none$'
expect_grep plain out '^  category  \(none\)$'
expect_grep plain out '^  queue     inbox$'

# Errors: unreadable input (1), a missing file, bad rules, bad usage (2).
printf '{"id": "B", "body": \n' >"$TMP/bad.json"
run bad explain --rules rules.yaml "$TMP/bad.json"
expect_rc bad 1
expect_grep bad err 'invalid JSON'
printf '[1, 2]' >"$TMP/array.json"
run_stdin array "$TMP/array.json" explain --rules rules.yaml
expect_rc array 1
expect_grep array err '<stdin>:1: a ticket must be a JSON object'
: >"$TMP/empty.json"
run empty explain --rules rules.yaml "$TMP/empty.json"
expect_rc empty 1
expect_grep empty err 'no ticket'
run missing explain --rules rules.yaml /nonexistent/t.json
expect_rc missing 2
expect_grep missing err 'cannot open /nonexistent/t.json'
run norules explain --rules /nonexistent.yaml ticket.json
expect_rc norules 2
run unknown explain --rules rules.yaml --bogus ticket.json
expect_rc unknown 2
expect_grep unknown err "unknown option '--bogus'"
run two explain --rules rules.yaml ticket.json ticket.json
expect_rc two 2
run help explain --help
expect_rc help 0
expect_grep help out '^usage: triage explain'

finish
