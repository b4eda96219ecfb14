# triage learn: the exact file for a small labelled set, the same bytes on
# every run, a file that lints and routes its own training tickets far
# better than chance (3 classes: 1/3), options, and errors.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX/issue4"

run first learn --label label --map map.tsv -o "$TMP/a.yaml" train.jsonl
expect_rc first 0
[ -s "$TMP/first.out" ] && fail "first: output on stdout with -o"
if ! diff -u learned.expected "$TMP/a.yaml" >"$TMP/first.diff"; then
    fail "first: learned rules differ from learned.expected"
    cat "$TMP/first.diff"
fi
# Reproducible: a second run (to stdout) gives the same bytes.
run second learn --label label --map map.tsv train.jsonl
expect_rc second 0
cmp -s "$TMP/a.yaml" "$TMP/second.out" || fail "second: not the same bytes"
# Input order is part of the input, but stdin and a file read alike.
run_stdin third train.jsonl learn --label label --map map.tsv --output="$TMP/c.yaml" -
expect_rc third 0
sed 's/ from <stdin>:$/ from train.jsonl:/' "$TMP/c.yaml" | cmp -s "$TMP/a.yaml" - ||
    fail "third: stdin gives other rules"

# An ordinary rules file: it lints, and routes its own tickets well.
run lint lint "$TMP/a.yaml"
expect_rc lint 0
run own eval --rules "$TMP/a.yaml" --label label train.jsonl
expect_rc own 0
expect_grep own out '^accuracy    (0\.9[0-9]*|1\.0000) '
expect_grep own out '^tickets     31: 30 scored, 1 without a label, 0 errors$'
# The map sets queues; unmapped categories keep their name.
printf '{"id": "n1", "body": "I forgot my password"}\n{"id": "n2", "body": "the site is down"}\n' \
    >"$TMP/new.jsonl"
run routed route --rules "$TMP/a.yaml" "$TMP/new.jsonl"
expect_rc routed 0
expect_grep routed out '^\{"id": "n1", "category": "access", "queue": "it"'
expect_grep routed out '^\{"id": "n2", "category": "outage", "queue": "outage"'

# --progress: epochs and a summary table on stderr, the same rules.
run progress learn --label label --map map.tsv --progress train.jsonl
expect_rc progress 0
cmp -s "$TMP/a.yaml" "$TMP/progress.out" || fail "progress: other rules"
expect_grep progress err '30 epochs'
expect_grep progress err '^  terms kept +[0-9]+$'

# Phrases: quoted two-word keys that lint and match.
run phrases learn --label label --phrases train.jsonl
expect_rc phrases 0
expect_grep phrases out '^      "log in": -?[0-9]+$'
cp "$TMP/phrases.out" "$TMP/p.yaml"
run plint lint "$TMP/p.yaml"
expect_rc plint 0
run pown eval --rules "$TMP/p.yaml" --label label train.jsonl
expect_grep pown out '^accuracy    (0\.9[0-9]*|1\.0000) '

# Phrases in scripts without spaces and with accents: the learned terms
# match the tickets they came from.
printf '%s\n' '{"id": 1, "body": "密码 忘记了", "label": "access"}' \
    '{"id": 2, "body": "忘记了 密码!", "label": "access"}' \
    '{"id": 3, "body": "Café FERMÉ", "label": "closed"}' \
    '{"id": 4, "body": "le café est fermé", "label": "closed"}' >"$TMP/intl.jsonl"
run intl learn --label label --phrases "$TMP/intl.jsonl"
expect_rc intl 0
expect_grep intl out '^      "密码": [0-9]+$'
expect_grep intl out '^      "忘记": [0-9]+$'
# (folded words are written decomposed: é as e + U+0301)
expect_grep intl out '^      "ferm[^"]+": [0-9]+$'
cp "$TMP/intl.out" "$TMP/intl.yaml"
run intl_own eval --rules "$TMP/intl.yaml" --label label "$TMP/intl.jsonl"
expect_grep intl_own out '^accuracy    1\.0000 \(4/4\)$'

# --max-terms keeps the heaviest terms only.
run short learn --label label --max-terms 3 train.jsonl
expect_rc short 0
awk '/^  - name:/ {n = 0} /^      / {n++; if (n > 3) bad = 1} END {exit bad}' "$TMP/short.out" ||
    fail "short: more than 3 terms in a category"

# A bad line is reported, the rest learned from: exit 1.
{ cat train.jsonl; printf '{"id": 5, "body": \n'; } >"$TMP/bad.jsonl"
run bad learn --label label -o "$TMP/b.yaml" "$TMP/bad.jsonl"
expect_rc bad 1
expect_grep bad err 'bad.jsonl:32: invalid JSON'
[ -s "$TMP/b.yaml" ] || fail "bad: no rules written"

# Errors (2): no label option, no labelled ticket, bad numbers, no file.
run nolabel learn train.jsonl
expect_rc nolabel 2
run nolabels learn --label nosuchfield train.jsonl
expect_rc nolabels 2
expect_grep nolabels err 'no ticket has a "nosuchfield" label'
run badnum learn --label label --epochs 0 train.jsonl
expect_rc badnum 2
expect_grep badnum err "bad value '0' for --epochs"
run badl2 learn --label label --l2 x train.jsonl
expect_rc badl2 2
run nofile learn --label label /nonexistent.jsonl
expect_rc nofile 2
run noout learn --label label -o /nonexistent/dir/x.yaml train.jsonl
expect_rc noout 2
run help learn --help
expect_rc help 0

finish
