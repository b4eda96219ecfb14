# Shared helpers of the CLI tests; sourced by tests/cli/*.sh, which ctest
# runs as `sh tests/cli/<name>.sh <path-to-triage> <source-dir>`.
# (This file lives one level down so that the tests' glob does not run it.)
set -eu

TRIAGE=$1
SRC=$2
FIX="$SRC/tests/cli/fixtures"
if [ ! -x "$TRIAGE" ]; then
    echo "FAIL: $TRIAGE is not built"
    exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILURES=0
# The tests must not pick up the caller's rules.
unset TRIAGE_RULES TRIAGE_MAX_LINE 2>/dev/null || true

fail() {
    printf 'FAIL: %s\n' "$*"
    FAILURES=$((FAILURES + 1))
}

# run NAME ARGS...: runs triage, keeping stdout, stderr and the exit code in
# $TMP/NAME.out, $TMP/NAME.err and $RC.
run() {
    name=$1
    shift
    set +e
    "$TRIAGE" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    RC=$?
    set -e
}

# run_stdin NAME INPUT-FILE ARGS...: like run, with stdin from a file.
run_stdin() {
    name=$1
    input=$2
    shift 2
    set +e
    "$TRIAGE" "$@" <"$input" >"$TMP/$name.out" 2>"$TMP/$name.err"
    RC=$?
    set -e
}

# run_env NAME VAR=VALUE ARGS...: like run, with one variable set.
run_env() {
    name=$1
    assignment=$2
    shift 2
    set +e
    env "$assignment" "$TRIAGE" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    RC=$?
    set -e
}

expect_rc() {
    if [ "$RC" -ne "$2" ]; then
        fail "$1: exit code $RC, expected $2"
        sed 's/^/    stderr: /' "$TMP/$1.err"
    fi
}

# expect_out NAME EXPECTED-FILE: stdout equals the file, with every
# rules_hash replaced by HASH (tests/cli/hash.sh checks the hash itself).
expect_out() {
    sed 's/"rules_hash": "[0-9a-f]*"/"rules_hash": "HASH"/' "$TMP/$1.out" >"$TMP/$1.norm"
    if ! diff -u "$2" "$TMP/$1.norm" >"$TMP/$1.diff"; then
        fail "$1: output differs from $2"
        cat "$TMP/$1.diff"
    fi
}

# expect_text NAME STREAM TEXT: out or err equals TEXT (a trailing newline added).
expect_text() {
    printf '%s\n' "$3" >"$TMP/$1.expected"
    if ! diff -u "$TMP/$1.expected" "$TMP/$1.$2" >"$TMP/$1.diff"; then
        fail "$1: $2 differs"
        cat "$TMP/$1.diff"
    fi
}

# expect_grep NAME STREAM PATTERN: some line of out or err matches (grep -E).
expect_grep() {
    if ! grep -Eq -- "$3" "$TMP/$1.$2"; then
        fail "$1: no line of $2 matches /$3/"
        sed 's/^/    /' "$TMP/$1.$2"
    fi
}

finish() {
    if [ "$FAILURES" -ne 0 ]; then
        printf '%d check(s) failed\n' "$FAILURES"
        exit 1
    fi
    echo "ok"
}
