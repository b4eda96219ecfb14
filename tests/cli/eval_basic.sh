# triage eval: metrics checked by hand on a tiny confusion matrix (see
# fixtures/issue4/eval.expected: 7 scored rows, 3 unlabelled), the queue
# comparison, label maps, JSON, and errors.
. "$(dirname "$0")/lib/common.sh"
cd "$FIX/issue4"

# By hand: classes (none), access, billing, outage; correct 4 of 7.
# access P 1/2 R 1/2; billing P 2/2 R 2/3 F1 0.8; outage P 1/2 R 1/2;
# (none) P 0 R 0 (never a label); macro-F1 over the 3 labelled classes
# (0.5 + 0.8 + 0.5) / 3 = 0.6.
run text eval --rules rules.yaml --label label labelled.jsonl
expect_rc text 0
expect_out text eval.expected
[ -s "$TMP/text.err" ] && fail "text: unexpected stderr: $(cat "$TMP/text.err")"

# --progress: a bar and a summary table on stderr, the same results on stdout.
run progress eval --rules rules.yaml --label label --progress labelled.jsonl
expect_rc progress 0
expect_out progress eval.expected
expect_grep progress err '100% 10 tickets'
expect_grep progress err 'eval summary$'
expect_grep progress err '^  scored +7$'
run noprogress eval --rules rules.yaml --label label --no-progress labelled.jsonl
[ -s "$TMP/noprogress.err" ] && fail "noprogress: output on stderr"

run json eval --rules rules.yaml --label label --json labelled.jsonl
expect_rc json 0
expect_out json eval.json.expected

# label_queue compares with the queue by default; --compare overrides.
run queue eval --rules rules.yaml --label label_queue labelled.jsonl
expect_rc queue 0
expect_grep queue out '^label       label_queue, compared with the queue$'
expect_grep queue out '^accuracy    0\.5714 \(4/7\)$'
expect_grep queue out '^  inbox  *0\.0000  *0\.0000  *0\.0000  *0$'
run queue_cat eval --rules rules.yaml --label label_queue --compare category labelled.jsonl
expect_rc queue_cat 0
expect_grep queue_cat out '^accuracy    0\.2857 \(2/7\)$'

# A label map turns categories into queues before comparing.
printf 'billing\tmoney\n# comment\n\noutage\toutage\n' >"$TMP/map.tsv"
run mapped eval --rules rules.yaml --label label --map "$TMP/map.tsv" --compare queue labelled.jsonl
expect_rc mapped 0
expect_grep mapped out '^label       label \(mapped\), compared with the queue$'
expect_grep mapped out '^accuracy    0\.5714 \(4/7\)$'

# --top limits the confused pairs; stdin works.
run_stdin top labelled.jsonl eval --rules rules.yaml --label label --top 1 -
expect_rc top 0
[ "$(sed -n '/^most confused/,/^$/p' "$TMP/top.out" | grep -Ec '^ +[0-9]+  ')" -eq 1 ] || fail "top: one pair expected"

# A bad line is reported and counted; the rest is scored; exit 1.
{ cat labelled.jsonl; printf 'not json\n{"body": "no id", "label": "x"}\n'; } >"$TMP/bad.jsonl"
run bad eval --rules rules.yaml --label label "$TMP/bad.jsonl"
expect_rc bad 1
expect_grep bad err 'bad.jsonl:11: invalid JSON'
expect_grep bad err 'bad.jsonl:12: the ticket needs an "id"'
expect_grep bad out '^tickets     12: 7 scored, 3 without a label, 2 errors$'

# No ticket at all: zero everywhere, no crash.
: >"$TMP/empty.jsonl"
run empty eval --rules rules.yaml --label label "$TMP/empty.jsonl"
expect_rc empty 0
expect_grep empty out '^accuracy    0\.0000 \(0/0\)$'

# Usage and I/O errors exit 2.
run nolabel eval --rules rules.yaml labelled.jsonl
expect_rc nolabel 2
expect_grep nolabel err 'label FIELD is required'
run badcmp eval --rules rules.yaml --label label --compare tier labelled.jsonl
expect_rc badcmp 2
run badtop eval --rules rules.yaml --label label --top x labelled.jsonl
expect_rc badtop 2
run nofile eval --rules rules.yaml --label label /nonexistent.jsonl
expect_rc nofile 2
run noinput eval --rules rules.yaml --label label
expect_rc noinput 2
printf 'one column\n' >"$TMP/badmap.tsv"
run badmap eval --rules rules.yaml --label label --map "$TMP/badmap.tsv" labelled.jsonl
expect_rc badmap 2
expect_grep badmap err 'badmap.tsv:1: expected two columns'
printf 'a\tb\na\tc\n' >"$TMP/twice.tsv"
run twicemap eval --rules rules.yaml --label label --map "$TMP/twice.tsv" labelled.jsonl
expect_rc twicemap 2
expect_grep twicemap err "label 'a' is mapped twice"

finish
