# The bundled example: the default rules route every example ticket, and a
# few hand-written tickets land where the rules promise.
. "$(dirname "$0")/lib/common.sh"
cd "$SRC"

run all route examples/data/tickets.jsonl
expect_rc all 0
[ "$(wc -l <"$TMP/all.out")" -eq "$(wc -l <examples/data/tickets.jsonl)" ] ||
    fail "all: one decision per ticket expected"
if grep -q '"error"' "$TMP/all.out"; then fail "all: error lines"; fi
# Decisions come in input order.
sed -n 's/^{"id": "\([^"]*\)".*/\1/p' examples/data/tickets.jsonl >"$TMP/ids.in"
sed -n 's/^{"id": "\([^"]*\)".*/\1/p' "$TMP/all.out" >"$TMP/ids.out"
cmp -s "$TMP/ids.in" "$TMP/ids.out" || fail "all: decisions not in input order"

# The same rules named explicitly give the same decisions.
run explicit route --rules examples/rules/support.yaml examples/data/tickets.jsonl
cmp -s "$TMP/all.out" "$TMP/explicit.out" || fail "explicit: differs from the default rules"

# The hand-written tickets.
expect_grep all out '^\{"id": "demo-001", "category": "lost_or_stolen", "queue": "account-security", "priority": "urgent", "tier": 2, .*"block-card".*"callback"'
expect_grep all out '^\{"id": "demo-002", "category": "refunds", "queue": "fees-refunds", '
expect_grep all out '^\{"id": "demo-003", "category": "card_problems", "queue": "cards", .*"translate"'
expect_grep all out '^\{"id": "demo-004", "category": "transfers", "queue": "transfers", .*"translate"'
expect_grep all out '^\{"id": "demo-005", "category": "top_ups", "queue": "cash", "priority": "high", .*"vip".*"pan-redact"'
expect_grep all out '^\{"id": "demo-006", "category": null, "queue": "general", .*"no_category"'
expect_grep all out '^\{"id": "demo-007", "category": "unrecognised_payment", "queue": "account-security", "priority": "high", "tier": 2'
expect_grep all out '^\{"id": "demo-008", "category": "virtual_and_wallets", "queue": "cards", '

# --explain names the terms behind a decision.
grep '"demo-001"' examples/data/tickets.jsonl >"$TMP/one.jsonl"
run explain route --explain "$TMP/one.jsonl"
expect_rc explain 0
expect_grep explain out '"hits": \[.*\{"category": "lost_or_stolen", "term": "stolen", "field": "subject", "value_index": 0, "offset": 13, "length": 6, "weight": 6\}'

# The bundled calendars and SLA policies: the replay of the example events.
run sla sla examples/data/events.jsonl
expect_rc sla 0
expect_out sla "$FIX/example_events.expected"

finish
