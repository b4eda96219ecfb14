#!/bin/sh
# Installs the built library into a temporary prefix, then builds and runs a
# small outside project against it twice: with CMake's find_package (shared
# and static) and with pkg-config (shared and static).
set -eu
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
test -f "$prefix/include/triage/triage.h"
libdir=$(ls -d "$prefix"/lib*/ | head -1)
test -L "$libdir/libtriage.so.1"
test -f "$libdir/libtriage.a"

cmake -S "$src/tests/install/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" > "$tmp/cmake.log"
cmake --build "$tmp/consumer" > "$tmp/build.log"
test "$(LD_LIBRARY_PATH=$libdir "$tmp/consumer/consumer_shared")" = finance
test "$("$tmp/consumer/consumer_static")" = finance

export PKG_CONFIG_PATH="$libdir/pkgconfig"
test "$(pkg-config --modversion triage)" = "$(sed -n 's/^project(triage VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
cc -o "$tmp/pc_shared" "$src/tests/install/consumer/consumer.c" $(pkg-config --cflags --libs triage)
test "$(LD_LIBRARY_PATH=$libdir "$tmp/pc_shared")" = finance
cc -static-libgcc -o "$tmp/pc_static" "$src/tests/install/consumer/consumer.c" \
    $(pkg-config --cflags triage) "$libdir/libtriage.a" $(pkg-config --libs --static triage | sed 's/-ltriage//')
test "$("$tmp/pc_static")" = finance
echo "install ok: find_package and pkg-config, shared and static"
