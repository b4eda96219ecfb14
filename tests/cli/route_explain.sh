# triage route --explain: every hit with its field, value index, byte offset,
# length and weight (offsets checked by hand against tickets.jsonl).
. "$(dirname "$0")/lib/common.sh"
cd "$FIX"

run explain route --rules mini.yaml --explain tickets.jsonl
expect_rc explain 0
expect_out explain tickets_explain.expected

# Without --explain there is no "hits" key at all.
run plain route --rules mini.yaml tickets.jsonl
if grep -q '"hits"' "$TMP/plain.out"; then fail "plain: hits without --explain"; fi

# Offsets are bytes: a multi-byte character before the term shifts it.
printf '%s\n' '{"id": "M", "body": "Grüße, refund"}' >"$TMP/bytes.jsonl"
run bytes route --rules mini.yaml --explain "$TMP/bytes.jsonl"
expect_rc bytes 0
expect_grep bytes out '"term": "refund", "field": "body", "value_index": 0, "offset": 9, "length": 6'

finish
