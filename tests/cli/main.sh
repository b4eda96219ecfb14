# The triage front door: --version, help, usage and unknown commands.
. "$(dirname "$0")/lib/common.sh"

run version --version
expect_rc version 0
expect_grep version out '^triage [0-9]+\.[0-9]+\.[0-9]+ \(libtriage [0-9]+\.[0-9]+\.[0-9]+\)$'

run help help
expect_rc help 0
expect_grep help out '^usage: triage <command>'
expect_grep help out '^  route +route JSON Lines tickets'
expect_grep help out '^  lint +check rules files'

run help_route help route
expect_rc help_route 0
expect_grep help_route out '^usage: triage route'

run help_bad help frobnicate
expect_rc help_bad 2

run noargs
expect_rc noargs 2
expect_grep noargs err '^usage: triage <command>'
[ -s "$TMP/noargs.out" ] && fail "noargs: usage must go to stderr"

run unknown frobnicate
expect_rc unknown 2
expect_grep unknown err "unknown command 'frobnicate'"

finish
