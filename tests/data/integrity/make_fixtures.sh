#!/bin/sh
# Regenerates the minisign fixtures of the integrity tests with Debian's
# minisign (0.11): two unencrypted key pairs, a rules file and a small data
# file, each signed in the prehashed (default, "ED") and legacy ("Ed") forms.
# Keys are random, so every run gives new files; the tests only rely on
# their relations, never on their bytes. Run from anywhere:
#     sh tests/data/integrity/make_fixtures.sh
set -eu
cd "$(dirname "$0")"
command -v minisign >/dev/null || { echo "minisign is not installed" >&2; exit 1; }

rm -f key.pub key.sec other.pub other.sec ./*.minisig

minisign -G -f -W -p key.pub -s key.sec >/dev/null
minisign -G -f -W -p other.pub -s other.sec >/dev/null

cat > rules.yaml <<'YAML'
# Rules signed for the integrity tests.
triage: 1
name: signed-mini
options:
  default_queue: inbox
  min_score: 2
categories:
  - name: billing
    queue: money
    keywords:
      invoice: 2
      refund: 3
YAML
printf 'hello, signed world\n' > data.txt

comment="triage integrity fixture"
minisign -S -s key.sec -m rules.yaml -t "$comment" >/dev/null
minisign -S -l -s key.sec -m rules.yaml -x rules.yaml.legacy.minisig -t "$comment" >/dev/null
minisign -S -s key.sec -m data.txt -t "$comment" >/dev/null
minisign -S -l -s key.sec -m data.txt -x data.txt.legacy.minisig -t "$comment" >/dev/null
minisign -S -s other.sec -m data.txt -x data.txt.other.minisig -t "$comment" >/dev/null

# Check with minisign itself that every fixture verifies as intended.
minisign -V -q -p key.pub -m rules.yaml
minisign -V -q -p key.pub -m rules.yaml -x rules.yaml.legacy.minisig
minisign -V -q -p key.pub -m data.txt
minisign -V -q -p key.pub -m data.txt -x data.txt.legacy.minisig
minisign -V -q -p other.pub -m data.txt -x data.txt.other.minisig
echo "fixtures written to $(pwd)"
