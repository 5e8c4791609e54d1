#!/usr/bin/env bash
# run.sh — `make fuzz`: build each fuzz/fuzz_*.c with clang's libFuzzer
# (+ASan+UBSan) and run it for FUZZ_SECONDS (default 120) each, corpus kept
# in build/fuzz/corpus-NAME. `make soak`: bench/soak.sh (long server load).
# Neither runs in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-fuzz}
if [ "$mode" = soak ]; then exec bash bench/soak.sh; fi
PKGS="libmicrohttpd jansson libutf8proc libxxhash libpsl libidn2 libcrypto sqlite3 libhs"
secs=${FUZZ_SECONDS:-120}
mkdir -p build/fuzz
lib_src=$(ls src/core/*.c src/norm/*.c)
# the e-mail parser and the verdict helpers it uses (not email_screen.c: it needs the screener)
lib_src="$lib_src $(ls src/ingest/email*.c | grep -v email_screen) src/screen/verdict.c"
lib_src="$lib_src $(ls src/trace/*.c)" # the trace graph (fuzz_trace_csv)
# payments (fuzz_payments): Zengin, event JSON, DIC notices, screening against a snapshot
lib_src="$lib_src src/ingest/zengin.c src/ingest/payment_json.c src/ingest/dic.c $(ls src/screen/payment_*.c)"
lib_src="$lib_src src/intel/snapshot.c src/intel/model.c src/intel/hash.c"
# message, post and call screening (fuzz_message; the URL detector links but is not loaded)
lib_src="$lib_src $(ls src/screen/message*.c src/screen/url_*.c) src/screen/post.c src/screen/call.c"
for t in fuzz/fuzz_*.c; do
    name=$(basename "$t" .c)
    clang -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -g -O1 -fsanitize=fuzzer,address,undefined \
        $(pkg-config --cflags $PKGS) -o "build/fuzz/$name" "$t" $lib_src \
        $(pkg-config --libs $PKGS) -lpthread -lm
    mkdir -p "build/fuzz/corpus-$name"
    echo "== $name for ${secs}s"
    dict=(); [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
    "build/fuzz/$name" -max_total_time="$secs" -max_len=4096 "${dict[@]}" "build/fuzz/corpus-$name"
done
