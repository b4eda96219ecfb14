# triage diff: exact reports, exit 0 when nothing changes, 1 when something
# does, 2 on errors.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX/issue4"

run same diff --rules rules.yaml --against rules.yaml diff.jsonl
expect_rc same 0
expect_out same diff_same.expected

run changed diff --rules rules.yaml --against rules_new.yaml diff.jsonl
expect_rc changed 1
expect_out changed diff.expected

run json diff --rules rules.yaml --against rules_new.yaml --json diff.jsonl
expect_rc json 1
expect_out json diff.json.expected

run one diff --rules rules.yaml --against rules_new.yaml --examples 1 diff.jsonl
expect_rc one 1
expect_grep one out '^       2  money -> billing  \(D1, \.\.\.\)$'

# Errors: a bad line, bad rules, missing options (2).
{ cat diff.jsonl; printf '{"id": \n'; } >"$TMP/bad.jsonl"
run bad diff --rules rules.yaml --against rules.yaml "$TMP/bad.jsonl"
expect_rc bad 2
expect_grep bad err 'bad.jsonl:8: invalid JSON'
run badrules diff --rules rules.yaml --against "$FIX/lint_bad.yaml" diff.jsonl
expect_rc badrules 2
run noagainst diff --rules rules.yaml diff.jsonl
expect_rc noagainst 2
expect_grep noagainst err 'both --rules OLD and --against NEW are needed'
run nofile diff --rules rules.yaml --against rules.yaml /nonexistent.jsonl
expect_rc nofile 2
run badex diff --rules rules.yaml --against rules.yaml --examples -1 diff.jsonl
expect_rc badex 2

finish
