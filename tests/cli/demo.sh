#!/bin/sh
# The README's first command ends with `run.sh demo-steps`: it must run to
# the end with the built triage (lint, route, eval, sla on the bundled data).
set -eu
triage=$1
src=$2
out=$(sh "$src/run.sh" demo-steps "$triage" 2>&1) || {
    printf '%s\n' "$out" | tail -20
    echo "run.sh demo-steps failed"
    exit 1
}
for want in 'support.yaml: ok' '"id": "demo-001"' 'accuracy' '"event": "breach"'; do
    printf '%s\n' "$out" | grep -q -- "$want" || {
        echo "run.sh demo-steps: no '$want' in its output"
        exit 1
    }
done
echo "demo ok"
