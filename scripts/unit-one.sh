#!/usr/bin/env bash
# Compile and run one Criterion test file against a chosen set of sources,
# under ASan+UBSan, without building the whole tree. For working on one
# module while other modules are mid-change:
#   scripts/unit-one.sh tests/unit/norm/test_phone.c src/norm/phone.c
# src/core/*.c is always added. Extra Criterion flags go after "--".
set -euo pipefail
cd "$(dirname "$0")/.."
test=$1; shift
srcs=(); args=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; args=("$@"); break; fi
    srcs+=("$1"); shift
done
PKGS="libmicrohttpd jansson libutf8proc libxxhash libpsl libidn2 libcrypto sqlite3 libhs"
out=$(mktemp -d)/t
cc -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Wall -Wextra -Werror -Wno-unused-parameter \
   -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
   $(pkg-config --cflags $PKGS) -o "$out" "$test" "${srcs[@]}" src/core/*.c \
   $(pkg-config --libs $PKGS) -lcriterion -lpthread -lm
exec "$out" "${args[@]}"
