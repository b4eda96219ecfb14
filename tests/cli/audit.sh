# triage audit, lint --pubkey, route --pubkey / --audit: signed rules are
# required when asked for, decisions reach a verifiable audit log, and
# tampering, cuts and torn tails are reported with the right exit codes.
. "$(dirname "$0")/lib/common.sh"
INT="$SRC/tests/data/integrity"
cd "$TMP"

# ---- keys ----
run keygen audit keygen --public audit.pub --secret audit.key
expect_rc keygen 0
[ -s audit.pub ] && [ -s audit.key ] || fail "keygen: key files missing"
case "$(ls -l audit.key)" in -rw-------*) ;; *) fail "keygen: secret key is not mode 0600" ;; esac
expect_grep keygen out '^public key: audit\.pub$'
run keygen_again audit keygen --public audit.pub --secret audit.key
expect_rc keygen_again 2
expect_grep keygen_again err 'use --force'
run keygen_other audit keygen --public other.pub --secret other.key
expect_rc keygen_other 0

# ---- signed rules: lint ----
cp "$INT/rules.yaml" "$INT/rules.yaml.minisig" "$INT/rules.yaml.legacy.minisig" .
run lint_signed lint --pubkey "$INT/key.pub" rules.yaml
expect_rc lint_signed 0
expect_grep lint_signed out '^rules\.yaml: ok '
run lint_legacy lint --pubkey "$INT/key.pub" --sig rules.yaml.legacy.minisig rules.yaml
expect_rc lint_legacy 0
run lint_wrong_key lint --pubkey "$INT/other.pub" rules.yaml
expect_rc lint_wrong_key 1
expect_grep lint_wrong_key out '^rules\.yaml: .*not a trusted key'
sed 's/refund: 3/refund: 9/' rules.yaml > changed.yaml
cp rules.yaml.minisig changed.yaml.minisig
run lint_changed lint --pubkey "$INT/key.pub" changed.yaml
expect_rc lint_changed 1
expect_grep lint_changed out '^changed\.yaml: .*does not match the data'
cp "$FIX/mini.yaml" unsigned.yaml
run lint_unsigned lint --pubkey "$INT/key.pub" unsigned.yaml
expect_rc lint_unsigned 1
expect_grep lint_unsigned out 'no signature file unsigned\.yaml\.minisig'
run lint_bad_key lint --pubkey "$INT/data.txt" rules.yaml
expect_rc lint_bad_key 2
run lint_sig_alone lint --sig rules.yaml.minisig rules.yaml
expect_rc lint_sig_alone 2

# ---- signed rules: route ----
run_stdin route_signed "$FIX/tickets.jsonl" route --rules rules.yaml --pubkey "$INT/key.pub"
expect_rc route_signed 0
expect_grep route_signed out '"rules_hash": "[0-9a-f]{64}"'
run_stdin route_changed "$FIX/tickets.jsonl" route --rules changed.yaml --pubkey "$INT/key.pub"
expect_rc route_changed 2
expect_grep route_changed err 'changed\.yaml: .*does not match'
[ ! -s "$TMP/route_changed.out" ] || fail "route_changed: decisions were printed"

# ---- audit log ----
run_stdin route_audit "$FIX/tickets.jsonl" route --rules "$FIX/mini.yaml" \
    --audit decisions.log --sign-key audit.key
expect_rc route_audit 0
ntickets=$(grep -c . "$TMP/route_audit.out")
run verify audit verify decisions.log --pubkey audit.pub
expect_rc verify 0
# one ruleset record, one record per decision, the closing checkpoint
expect_grep verify out "^decisions\.log: ok: $((ntickets + 2)) entries intact, 1 checkpoints verified"
# A second run appends to the same chain.
run_stdin route_audit2 "$FIX/tickets.jsonl" route --rules "$FIX/mini.yaml" \
    --audit decisions.log --sign-key audit.key
expect_rc route_audit2 0
run verify2 audit verify decisions.log --pubkey audit.pub
expect_rc verify2 0
expect_grep verify2 out "ok: $((2 * ntickets + 4)) entries intact, 2 checkpoints verified"
# The decisions are in the log as JSON, rules_hash included.
grep -aq '"rules_hash":"[0-9a-f]\{64\}"' decisions.log || fail "log: no rules_hash in the records"

# Export the last checkpoint; it anchors later verifications.
run cp audit checkpoint decisions.log --pubkey audit.pub
expect_rc cp 0
expect_grep cp out '^triage-audit-v1 checkpoint count=[0-9]+ head=[0-9a-f]{64} key=[0-9A-F]{16} sig='
cp "$TMP/cp.out" anchor.txt
run anchored audit verify decisions.log --pubkey audit.pub --checkpoint anchor.txt
expect_rc anchored 0

# Another key: the checkpoints do not verify.
run other_key audit verify decisions.log --pubkey other.pub
expect_rc other_key 1
expect_grep other_key out '^decisions\.log: bad_checkpoint: checkpoint at entry [0-9]+ \(offset [0-9]+\): .*not a trusted key'

# One changed byte in the middle (the log differs between runs: its byte
# there may already be an 'X').
size=$(wc -c < decisions.log)
cp decisions.log tampered.log
was=$(dd if=decisions.log bs=1 skip=$((size / 2)) count=1 2>/dev/null)
if [ "$was" = X ]; then now=Y; else now=X; fi
printf '%s' "$now" | dd of=tampered.log bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
run tampered audit verify tampered.log --pubkey audit.pub
expect_rc tampered 1
expect_grep tampered out '^tampered\.log: changed: entry [0-9]+ \(offset [0-9]+\) was changed'

# Cut inside the last frame: a torn tail alone is a crash, not tampering ...
head -c $((size - 10)) decisions.log > torn.log
run torn audit verify torn.log --pubkey audit.pub
expect_rc torn 0
expect_grep torn out '^torn\.log: torn_tail: .*not tampering'
# ... but with the exported checkpoint the missing entries are found.
run torn_anchored audit verify torn.log --pubkey audit.pub --checkpoint anchor.txt
expect_rc torn_anchored 1
expect_grep torn_anchored out '^torn\.log: cut: the log ends after [0-9]+ entries'
# Appending to a torn log repairs it and goes on.
run_stdin route_torn "$FIX/tickets.jsonl" route --rules "$FIX/mini.yaml" \
    --audit torn.log --sign-key audit.key
expect_rc route_torn 0
expect_grep route_torn err 'removed a torn tail of [0-9]+ bytes'
run torn_fixed audit verify torn.log --pubkey audit.pub
expect_rc torn_fixed 0
# A damaged log is never appended to.
run_stdin route_tampered "$FIX/tickets.jsonl" route --rules "$FIX/mini.yaml" \
    --audit tampered.log --sign-key audit.key
expect_rc route_tampered 2
expect_grep route_tampered err 'refusing to append to a damaged log'

# ---- usage ----
run no_key audit verify decisions.log
expect_rc no_key 2
run no_log audit verify --pubkey audit.pub
expect_rc no_log 2
run missing audit verify nonexistent.log --pubkey audit.pub
expect_rc missing 2
run half_audit route --rules "$FIX/mini.yaml" --audit x.log
expect_rc half_audit 2
run sub audit frobnicate
expect_rc sub 2
run help audit --help
expect_rc help 0

finish
