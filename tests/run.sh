#!/usr/bin/env bash
# run.sh — runs every test: the Criterion unit tests (built under
# ASan+UBSan) and each tests/integration/test_*.sh against real mamoru
# processes, then prints one closing line "N passed, N failed, N skipped".
# Exit status is non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."
export MAMORU=${MAMORU:-build/asan/mamoru}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
pass=0; fail=0; skip=0
log=$(mktemp -d /tmp/mamoru-tests.XXXXXX)

# The peer kit's generated e-mail corpus (fictitious brands, fraud and genuine
# mail) is a test set our rules were not written from; make it once when the
# kit and python3 are here, so its floors run instead of skipping.
kit=../shared/peers/spam-filters/gen_corpus.py
pc=${TMPDIR:-/tmp}/mamoru-peer-corpus-$(id -u)
if [ -z "${MAMORU_PEER_CORPUS:-}" ] && [ -f "$kit" ] && command -v python3 >/dev/null; then
    if [ ! -f "$pc/index.tsv" ]; then
        echo "== generating the peer kit's e-mail corpus into $pc"
        rm -rf "$pc.tmp" && python3 "$kit" "$pc.tmp" >/dev/null && mv "$pc.tmp" "$pc"
    fi
    [ -f "$pc/index.tsv" ] && export MAMORU_PEER_CORPUS=$pc
fi

echo "== unit tests (Criterion, ASan+UBSan)"
build/asan/unit_tests --jobs 2 --short-filename --verbose >"$log/unit.out" 2>&1
unit_rc=$?
grep -E "^\[(FAIL|SKIP|----)\]|CRASH|Warning|Synthesis|ERROR|runtime error" "$log/unit.out" | grep -v "^\[----\] Criterion" | head -60
syn=$(grep -E "Synthesis: Tested" "$log/unit.out" | tail -1)
if [ -n "$syn" ]; then
    tested=$(sed -E 's/.*Tested: ([0-9]+).*/\1/' <<<"$syn")
    passing=$(sed -E 's/.*Passing: ([0-9]+).*/\1/' <<<"$syn")
    failing=$(sed -E 's/.*Failing: ([0-9]+).*/\1/' <<<"$syn")
    crashing=$(sed -E 's/.*Crashing: ([0-9]+).*/\1/' <<<"$syn")
    skipped=$(grep -c "^\[SKIP\]" "$log/unit.out")
    pass=$((pass + passing)); fail=$((fail + failing)); skip=$((skip + skipped))
    [ "$crashing" -gt "$failing" ] && fail=$((fail + crashing - failing))
else
    echo "unit tests produced no synthesis line (rc=$unit_rc):"; tail -30 "$log/unit.out"
    fail=$((fail + 1))
fi
[ $unit_rc -ne 0 ] && [ "$fail" -eq 0 ] && { echo "unit test binary exited $unit_rc"; fail=$((fail + 1)); }

for t in tests/integration/test_*.sh; do
    echo "== $t"
    start=$(date +%s)
    timeout 600 bash "$t" >"$log/it.out" 2>&1
    rc=$?
    grep -E "^(FAIL|SKIP)" -A6 "$log/it.out" | head -80
    last=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$log/it.out" | tail -1)
    if [ -z "$last" ]; then
        echo "   no result line (exit $rc); output tail:"; tail -20 "$log/it.out" | sed 's/^/   /'
        fail=$((fail + 1)); continue
    fi
    p=${last%% passed*}; f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$last")
    s=$(grep -c "^SKIP" "$log/it.out")
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    [ $rc -ne 0 ] && [ "$f" -eq 0 ] && { echo "   exited $rc"; fail=$((fail + 1)); }
    echo "   $last ($(( $(date +%s) - start )) s)"
done
rm -rf "$log"
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
