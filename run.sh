#!/bin/sh
# libtriage: one entry point for a fresh Debian machine.
#
#   ./run.sh demo   build (Release), route the example tickets, score them
#                   against their queue labels, replay example SLA events
#   ./run.sh test   build and run every test with gcc, clang, and gcc with
#                   AddressSanitizer + UndefinedBehaviorSanitizer
#
# Both first install the Debian packages the build needs (as root; with sudo
# when not root). A machine that has them all installs nothing.
# Environment: JOBS (parallel build jobs, default 2), BUILD_ROOT (where the
# build directories go, default ./build-run).
set -eu

cd "$(dirname "$0")"
JOBS=${JOBS:-2}
BUILD_ROOT=${BUILD_ROOT:-build-run}
PACKAGES="build-essential cmake pkg-config clang libpcre2-dev libsodium-dev libyaml-dev
libcmocka-dev libjansson-dev libutf8proc-dev minisign tzdata python3"

say() { printf '==> %s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }

install_packages() {
    command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script expects Debian (or install: $PACKAGES)"
    missing=""
    for p in $PACKAGES; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing="$missing $p"
        fi
    done
    [ -z "$missing" ] && return 0
    say "installing:$missing"
    if [ "$(id -u)" -eq 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        die "missing packages:$missing (run as root, or install them)"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
}

# build DIR [cmake options...]: configure and build one configuration.
build() {
    dir=$1
    shift
    cmake -S . -B "$dir" "$@" >"$dir.configure.log" 2>&1 || {
        cat "$dir.configure.log"
        return 1
    }
    cmake --build "$dir" -j "$JOBS"
}

# demo_steps TRIAGE: what the demo shows, with a built triage program (the
# test suite runs this too, so the README's first command stays working).
demo_steps() {
    triage=$1
    say "$triage lint examples/rules/support.yaml"
    "$triage" lint examples/rules/support.yaml
    say "$triage route examples/data/tickets.jsonl"
    "$triage" route examples/data/tickets.jsonl
    say "$triage eval --label label_queue examples/data/tickets.jsonl"
    "$triage" eval --label label_queue --no-progress examples/data/tickets.jsonl
    say "$triage sla examples/data/events.jsonl   (SLA warnings, breaches, escalations)"
    "$triage" sla examples/data/events.jsonl
}

demo() {
    install_packages
    mkdir -p "$BUILD_ROOT"
    say "building (Release) in $BUILD_ROOT/release"
    build "$BUILD_ROOT/release" -DCMAKE_BUILD_TYPE=Release -DTRIAGE_BUILD_TESTS=OFF \
        -DTRIAGE_BUILD_BENCH=OFF >/dev/null
    demo_steps "$BUILD_ROOT/release/examples/triage"
}

# run_config NAME [cmake options...]: build and ctest; records failures.
run_config() {
    name=$1
    shift
    dir="$BUILD_ROOT/$name"
    say "[$name] configure and build in $dir"
    if ! build "$dir" "$@"; then
        failed="$failed $name(build)"
        return 0
    fi
    say "[$name] ctest"
    if ! ctest --test-dir "$dir" --output-on-failure -j "$JOBS"; then
        failed="$failed $name(tests)"
    fi
}

test_all() {
    install_packages
    mkdir -p "$BUILD_ROOT"
    failed=""
    run_config gcc -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo
    run_config clang -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
    run_config gcc-sanitize -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DTRIAGE_SANITIZE=ON
    if [ -n "$failed" ]; then
        say "FAILED:$failed"
        exit 1
    fi
    say "all three configurations passed (gcc, clang, gcc + ASan/UBSan)"
}

case "${1:-}" in
demo) demo ;;
demo-steps) shift; demo_steps "$@" ;;
test) test_all ;;
*)
    echo "usage: ./run.sh demo | test" >&2
    exit 2
    ;;
esac
