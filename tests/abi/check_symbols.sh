#!/bin/sh
# ABI guard: the shared library exports exactly the functions declared with
# TRIAGE_API in include/triage/, all under the TRIAGE_1 version node, with
# SONAME libtriage.so.1; and nothing promised in tests/abi/TRIAGE_1.symbols
# has disappeared.
set -eu
lib=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

readelf -d "$lib" | grep -q 'SONAME.*\[libtriage\.so\.1\]' || { echo "SONAME is not libtriage.so.1"; exit 1; }

nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | grep -v '^TRIAGE_1$' \
    | sed 's/@.*//' | sort -u > "$tmp/exported"
python3 "$src/tests/abi/declared_symbols.py" "$src" | sort -u > "$tmp/declared"
if ! diff -u "$tmp/declared" "$tmp/exported"; then
    echo "exported symbols differ from the TRIAGE_API declarations (- declared only, + exported only)"
    exit 1
fi

unversioned=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' \
    | grep -v '^TRIAGE_1$' | grep -v '@@TRIAGE_1$' || true)
if [ -n "$unversioned" ]; then
    echo "symbols outside the TRIAGE_1 node: $unversioned"
    exit 1
fi

missing=$(grep -v "^#" "$src/tests/abi/TRIAGE_1.symbols" | sort -u | comm -23 - "$tmp/exported")
if [ -n "$missing" ]; then
    echo "promised symbols no longer exported: $missing"
    exit 1
fi
echo "ABI ok: $(wc -l < "$tmp/exported") symbols"
