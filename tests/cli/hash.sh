# rules_hash is the BLAKE2b-256 of the rules file's bytes, the same on every
# decision, and changes with the file.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX"

expected=$(b2sum -l 256 mini.yaml | cut -d' ' -f1)
run one route --rules mini.yaml tickets.jsonl
expect_rc one 0
sed -n 's/.*"rules_hash": "\([0-9a-f]*\)".*/\1/p' "$TMP/one.out" | sort -u >"$TMP/hashes"
[ "$(wc -l <"$TMP/hashes")" -eq 1 ] || fail "one: not one hash for all decisions"
[ "$(cat "$TMP/hashes")" = "$expected" ] || fail "one: hash $(cat "$TMP/hashes") is not b2sum's $expected"

{ cat mini.yaml; echo "# one more comment"; } >"$TMP/mini2.yaml"
run two route --rules "$TMP/mini2.yaml" tickets.jsonl
expect_rc two 0
if grep -q "$expected" "$TMP/two.out"; then fail "two: hash did not change with the file"; fi

finish
