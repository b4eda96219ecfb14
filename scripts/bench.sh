#!/bin/sh
# Builds libtriage in Release (its own build directory, build-bench) and runs
# the routing benchmark; the run ends with a Markdown table for the README.
#
#   scripts/bench.sh                 both workloads (1k and 10k keywords), 20,000 tickets
#   scripts/bench.sh --quick         a short run (2,000 tickets, 2 passes)
#   scripts/bench.sh --keywords 1000 --passes 9 ...   any bench_route flag
#
# Hyperscan (Debian package libhyperscan-dev) is optional: without it the
# Hyperscan columns stay empty. The full run takes a few minutes, most of
# it the naive baseline and the 10k-keyword Hyperscan compile.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DTRIAGE_BUILD_TESTS=OFF -DTRIAGE_BUILD_CLI=OFF -DTRIAGE_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target bench_route -j2 >/dev/null

echo "# $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "# $(${CC:-cc} --version | head -n1); Release build"
exec "$build/bench/bench_route" "$@"
