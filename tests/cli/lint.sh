# triage lint: ok lines, every error as file:line:column: message sorted by
# position, and the exit codes.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX"

run ok lint mini.yaml
expect_rc ok 0
expect_text ok out 'mini.yaml: ok (2 categories, 4 terms, 2 routes)'

run bundled lint "$SRC/examples/rules/support.yaml"
expect_rc bundled 0
expect_grep bundled out 'support\.yaml: ok \(12 categories, [0-9]+ terms, [0-9]+ routes\)$'

# Every problem of the file is reported, in file order, with its position.
run bad lint lint_bad.yaml
expect_rc bad 1
expect_grep bad out "^lint_bad\.yaml:7:5: .*'keyword'.*did you mean 'keywords'"
expect_grep bad out "^lint_bad\.yaml:15:[0-9]+: .*no_such_category"
[ "$(wc -l <"$TMP/bad.out")" -eq 2 ] || fail "bad: two errors expected"
if ! cut -d: -f2,3 "$TMP/bad.out" | sort -t: -c -k1,1n -k2,2n; then
    fail "bad: errors are not sorted by position"
fi
if grep -v '^lint_bad\.yaml:[0-9]*:[0-9]*: ' "$TMP/bad.out"; then
    fail "bad: a line is not file:line:column: message"
fi

# A file that loads but does not compile (a bad regex) is reported too.
run regex lint lint_regex.yaml
expect_rc regex 1
expect_grep regex out '^lint_regex\.yaml:5:[0-9]+: '

run syntax lint lint_syntax.yaml
expect_rc syntax 1
expect_grep syntax out '^lint_syntax\.yaml:[0-9]+:[0-9]+: '

# Several files: each is reported; one bad file makes the exit code 1.
run several lint mini.yaml lint_bad.yaml mini.yaml
expect_rc several 1
[ "$(grep -c '^mini\.yaml: ok' "$TMP/several.out")" -eq 2 ] || fail "several: two ok lines expected"
expect_grep several out '^lint_bad\.yaml:'

run missing lint /nonexistent/rules.yaml
expect_rc missing 1
expect_grep missing out '^/nonexistent/rules\.yaml'

run none lint
expect_rc none 2
expect_grep none err '^usage: triage lint'
run opt lint --bogus mini.yaml
expect_rc opt 2

finish
