# The minimal host program of the README builds, runs and prints the
# expected decision, and the README still quotes it word for word.
. "$(dirname "$0")/lib/common.sh"

host="$(dirname "$TRIAGE")/triage-host-example"
if [ ! -x "$host" ]; then
    fail "no host example at $host"
else
    set +e
    "$host" >"$TMP/host.out" 2>"$TMP/host.err"
    RC=$?
    set -e
    expect_rc host 0
    expect_text host out 'category billing, queue billing, priority high, tier 1
score billing = 8
rule vip'
fi

# The README's C block is examples/host/minimal.c.
awk '/^```c$/ {inside = 1; next} /^```$/ {if (inside) exit} inside' "$SRC/README.md" >"$TMP/readme.c"
if ! diff -u "$SRC/examples/host/minimal.c" "$TMP/readme.c" >"$TMP/readme.diff"; then
    fail "README's C example differs from examples/host/minimal.c"
    cat "$TMP/readme.diff"
fi

finish
