# triage route: NUL bytes in strings reach the library; invalid UTF-8 (raw
# bytes that jansson refuses, or escaped unpaired surrogates) reads as U+FFFD
# with the invalid_utf8 flag, and --strict rejects the line with its id.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX"

# \u0000 is kept: the word after it matches, at its true byte offset.
printf '%s\n' '{"id": "Z", "body": "abc\u0000 refund"}' >"$TMP/nul.jsonl"
run nul route --rules mini.yaml --explain "$TMP/nul.jsonl"
expect_rc nul 0
expect_text nul out '{"id": "Z", "category": "billing", "queue": "money", "priority": "normal", "tier": 1, "scores": {"billing": 3, "access": 0}, "rules": [], "tags": [], "flags": [], "rules_hash": "'"$(sed -n 's/.*"rules_hash": "\([0-9a-f]*\)".*/\1/p' "$TMP/nul.out")"'", "hits": [{"category": "billing", "term": "refund", "field": "body", "value_index": 0, "offset": 5, "length": 6, "weight": 3}]}'
# A NUL between the words of a phrase breaks the phrase.
printf '%s\n' '{"id": "Z2", "body": "right\u0000now"}' >"$TMP/nul2.jsonl"
run nul2 route --rules mini.yaml "$TMP/nul2.jsonl"
expect_rc nul2 0
expect_grep nul2 out '"rules": \[\]'

# Raw invalid bytes: \377 alone, a truncated sequence, an overlong '/'.
printf '{"id": "U1", "body": "refund \377 please"}\n' >"$TMP/raw.jsonl"
printf '{"id": "U2", "body": "refund \342\202"}\n' >>"$TMP/raw.jsonl"
printf '{"id": "U3", "body": "\300\257 refund"}\n' >>"$TMP/raw.jsonl"
# Escaped unpaired surrogates (low alone, high alone); a valid pair is fine.
printf '%s\n' '{"id": "S1", "body": "refund \udcff"}' \
    '{"id": "S2", "body": "\ud800 refund"}' \
    '{"id": "S3", "body": "refund \ud83d\ude00"}' >>"$TMP/raw.jsonl"

run lenient route --rules mini.yaml "$TMP/raw.jsonl"
expect_rc lenient 0
for id in U1 U2 U3 S1 S2; do
    expect_grep lenient out '^\{"id": "'$id'", "category": "billing", .*"flags": \["invalid_utf8"\]'
done
expect_grep lenient out '^\{"id": "S3", "category": "billing", .*"flags": \[\]'

run strict route --rules mini.yaml --strict "$TMP/raw.jsonl"
expect_rc strict 1
n=0
for id in U1 U2 U3 S1 S2; do
    n=$((n + 1))
    expect_grep strict out '^\{"id": "'$id'", "error": ".*raw\.jsonl:'$n': invalid UTF-8 \(rejected by --strict\)"\}$'
done
expect_grep strict out '^\{"id": "S3", "category": "billing", .*"flags": \[\]'

# The replacement is U+FFFD: offsets count its three bytes.
printf '{"id": "O", "body": "\377 refund"}\n' >"$TMP/offset.jsonl"
run offset route --rules mini.yaml --explain "$TMP/offset.jsonl"
expect_rc offset 0
expect_grep offset out '"term": "refund", "field": "body", "value_index": 0, "offset": 4, "length": 6'

# A bad byte in the id: the strict error still names the (repaired) id.
printf '{"id": "I\377", "body": "x"}\n' >"$TMP/id.jsonl"
run badid route --rules mini.yaml --strict "$TMP/id.jsonl"
expect_rc badid 1
expect_grep badid out "$(printf '^\\{"id": "I\357\277\275", "error": ')"

finish
