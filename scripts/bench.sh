#!/bin/sh
# Builds libtriage in Release (its own build directory, build-bench) and runs
# the routing benchmark; the run ends with a Markdown table for the README.
#
#   scripts/bench.sh                 both workloads (1k and 10k keywords), 20,000 tickets
#   scripts/bench.sh --quick         a short run (2,000 tickets, 2 passes)
#   scripts/bench.sh --keywords 1000 --passes 9 ...   any bench_route flag
#   scripts/bench.sh --all [flags]   bench_route with the flags, then every
#                                    other bench/bench_*.c program with its defaults
#
# Hyperscan (Debian package libhyperscan-dev) is optional: without it the
# Hyperscan columns stay empty. The full run takes a few minutes, most of
# it the naive baseline and the 10k-keyword Hyperscan compile.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
all=0
if [ "${1:-}" = "--all" ]; then
    all=1
    shift
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DTRIAGE_BUILD_TESTS=OFF -DTRIAGE_BUILD_CLI=OFF -DTRIAGE_BUILD_BENCH=ON >/dev/null
if [ "$all" = 1 ]; then
    cmake --build "$build" -j2 >/dev/null
else
    cmake --build "$build" --target bench_route -j2 >/dev/null
fi

echo "# $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "# $(${CC:-cc} --version | head -n1); Release build"
status=0
"$build/bench/bench_route" "$@" || status=$?
if [ "$all" = 1 ]; then
    for prog in "$build"/bench/bench_*; do
        [ -x "$prog" ] && [ "$(basename "$prog")" != bench_route ] || continue
        echo
        echo "## $(basename "$prog")"
        "$prog" || status=$?
    done
fi
exit "$status"
