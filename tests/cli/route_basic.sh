# triage route: exact decisions for small fixtures, from files and stdin,
# in input order; nested, array, number, boolean and null fields.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX"

run file route --rules mini.yaml tickets.jsonl
expect_rc file 0
expect_out file tickets.expected
[ -s "$TMP/file.err" ] && fail "file: unexpected stderr: $(cat "$TMP/file.err")"

run_stdin stdin tickets.jsonl route --rules mini.yaml
expect_rc stdin 0
expect_out stdin tickets.expected

run_stdin dash tickets.jsonl route --rules=mini.yaml -
expect_rc dash 0
expect_out dash tickets.expected

# Several files are routed one after the other, in order.
cat tickets.expected tickets.expected >"$TMP/twice.expected"
run twice route --rules mini.yaml tickets.jsonl tickets.jsonl
expect_rc twice 0
expect_out twice "$TMP/twice.expected"

# Options may follow the file names; "--" ends the options.
run late route tickets.jsonl --rules mini.yaml
expect_rc late 0
expect_out late tickets.expected
cp tickets.jsonl "$TMP/--explain"
cd "$TMP"
run dashdash route --rules "$FIX/mini.yaml" -- --explain
cd "$FIX"
expect_rc dashdash 0
expect_out dashdash tickets.expected

# $TRIAGE_RULES stands in for --rules; --rules wins over it.
run_env env TRIAGE_RULES=mini.yaml route tickets.jsonl
expect_rc env 0
expect_out env tickets.expected
run_env env_over TRIAGE_RULES=/nonexistent.yaml route --rules mini.yaml tickets.jsonl
expect_rc env_over 0
expect_out env_over tickets.expected

# No input lines: no output, success. A last line without newline counts.
: >"$TMP/empty.jsonl"
run empty route --rules mini.yaml "$TMP/empty.jsonl"
expect_rc empty 0
[ -s "$TMP/empty.out" ] && fail "empty: output for no input"
printf '{"id": "N", "body": "refund"}' >"$TMP/nonl.jsonl"
run nonl route --rules mini.yaml "$TMP/nonl.jsonl"
expect_rc nonl 0
expect_grep nonl out '^\{"id": "N", "category": "billing"'
# CRLF line ends are accepted.
printf '{"id": "C", "body": "refund"}\r\n' >"$TMP/crlf.jsonl"
run crlf route --rules mini.yaml "$TMP/crlf.jsonl"
expect_rc crlf 0
expect_grep crlf out '^\{"id": "C", "category": "billing"'

# Booleans and numbers are their JSON text; a number id is kept a number.
printf '%s\n' '{"id": 7, "customer": {"vip": true}, "body": "x"}' \
    '{"id": "F", "customer": {"vip": false}, "body": "x"}' \
    '{"id": "A", "customer": [{"vip": true}], "body": "x"}' >"$TMP/bool.jsonl"
run bool route --rules mini.yaml "$TMP/bool.jsonl"
expect_rc bool 0
expect_grep bool out '^\{"id": 7, .*"rules": \["vip"\]'
expect_grep bool out '^\{"id": "F", .*"rules": \[\]'
expect_grep bool out '^\{"id": "A", .*"rules": \["vip"\]'

finish
