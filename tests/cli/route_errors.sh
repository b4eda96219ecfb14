# triage route: bad lines give error lines and routing goes on (exit 1);
# usage, rules and I/O problems exit 2.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX"

run bad route --rules mini.yaml bad.jsonl
expect_rc bad 1
expect_out bad bad.expected

# The same from stdin names the input <stdin>.
run_stdin bad_stdin bad.jsonl route --rules mini.yaml
expect_rc bad_stdin 1
expect_grep bad_stdin out '^\{"error": "<stdin>:3: invalid JSON at column 3: '

# An over-long line is skipped with an error; the next line is routed.
{
    printf '{"id": "L-1", "body": "%s"}\n' "this line is far longer than the limit"
    printf '{"id": "L-2"}\n'
} >"$TMP/long.jsonl"
run_env long TRIAGE_MAX_LINE=20 route --rules mini.yaml "$TMP/long.jsonl"
expect_rc long 1
expect_grep long out '^\{"error": ".*long\.jsonl:1: line longer than 20 bytes"\}$'
expect_grep long out '^\{"id": "L-2", "category": null'
[ "$(wc -l <"$TMP/long.out")" -eq 2 ] || fail "long: expected 2 output lines"

# The cap is inclusive: a line of exactly the cap routes, one byte more does not.
printf '{"id": "E"}\n' >"$TMP/edge.jsonl"
run_env edge_ok TRIAGE_MAX_LINE=11 route --rules mini.yaml "$TMP/edge.jsonl"
expect_rc edge_ok 0
run_env edge_over TRIAGE_MAX_LINE=10 route --rules mini.yaml "$TMP/edge.jsonl"
expect_rc edge_over 1
expect_grep edge_over out 'edge\.jsonl:1: line longer than 10 bytes'

# A directory is not a ticket file.
run dir route --rules mini.yaml "$TMP"
expect_rc dir 2
expect_grep dir err 'read error'

# A missing input file: message, the other files still routed, exit 2.
run missing route --rules mini.yaml /nonexistent/tickets.jsonl tickets.jsonl
expect_rc missing 2
expect_grep missing err 'cannot open /nonexistent/tickets\.jsonl'
expect_out missing tickets.expected

# Rules that do not load: errors on stderr with positions, nothing routed.
run badrules route --rules lint_bad.yaml tickets.jsonl
expect_rc badrules 2
expect_grep badrules err '^lint_bad\.yaml:[0-9]+:[0-9]+: '
[ -s "$TMP/badrules.out" ] && fail "badrules: decisions printed"
run norules route --rules /nonexistent/rules.yaml tickets.jsonl
expect_rc norules 2
expect_grep norules err 'rules\.yaml'

# Output that cannot be written is an error (exit 2), not a silent loss.
if [ -w /dev/full ]; then
    set +e
    "$TRIAGE" route --rules mini.yaml tickets.jsonl >/dev/full 2>"$TMP/full.err"
    RC=$?
    set -e
    expect_rc full 2
    expect_grep full err 'cannot write'
fi

# Usage errors.
run unknown route --rules mini.yaml --frobnicate tickets.jsonl
expect_rc unknown 2
expect_grep unknown err "unknown option '--frobnicate'"
expect_grep unknown err '^usage: triage route'
run novalue route --rules
expect_rc novalue 2
run help route --help
expect_rc help 0
expect_grep help out '^usage: triage route'

finish
