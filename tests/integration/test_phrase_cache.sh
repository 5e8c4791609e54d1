#!/usr/bin/env bash
# test_phrase_cache.sh — the compiled phrase database cache stays bounded:
# each edit of a phrase file compiles a new database under a new name, so
# after writing one mamoru keeps the 8 newest phrases-*.hsdb files of its
# cache directory and removes the older ones (src/ingest/load_message.c).
# A compile runs in a child process, so a server that had to compile keeps
# no more memory than one that found the database cached.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

CACHE=$T_TMP/cache
DATA=$T_TMP/data
mkdir -p "$CACHE"
cp -r data "$DATA"
# a phrase set no earlier run compiled (its own cache key)
printf 'zz%s\t0\turgency\ttest phrase\n' "$$" >>"$DATA/phrases/common.tsv"
printf 'data_dir = %s\n' "$DATA" >"$T_TMP/mamoru.conf"
# twelve older databases of other phrase sets
for i in $(seq -w 1 12); do
    printf 'old' >"$CACHE/phrases-0000000000000000000000000000$i.hsdb"
    touch -d "2026-01-$i 00:00" "$CACHE/phrases-0000000000000000000000000000$i.hsdb"
done
printf 'keep' >"$CACHE/notes.txt"

# a server on that fresh phrase set compiles it (in a child process)
mem() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }
export MAMORU_CACHE_DIR=$CACHE MAMORU_CONFIG=$T_TMP/mamoru.conf
START_WAIT=600 start_server "$T_TMP/cold.db" || exit 1
cold_rss=$(mem VmRSS) cold_hwm=$(mem VmHWM)
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
n=$(ls "$CACHE"/phrases-*.hsdb | wc -l)
check_eq "the cache keeps the 8 newest databases" "8" "$n"
new=$(ls -t "$CACHE"/phrases-*.hsdb | head -1)
check "the database just compiled is kept" test "$(stat -c %s "$new")" -gt 100
check "the oldest databases are removed" test ! -e "$CACHE/phrases-000000000000000000000000000001.hsdb"
check "the newest old database is kept" test -e "$CACHE/phrases-000000000000000000000000000012.hsdb"
check "other files in the cache directory are left alone" test -e "$CACHE/notes.txt"
# runs after it read the cached copy and write nothing new
"$MAMORU" screen sms "再配達のお知らせ" >"$T_TMP/out.json"
check "screen sms on the cached phrase set exits 0" test $? -eq 0
"$MAMORU" screen sms "再配達のお知らせ" >"$T_TMP/out2.json"
check_eq "a second run gives the same verdict" "$(cat "$T_TMP/out.json")" "$(cat "$T_TMP/out2.json")"
check_eq "and the cache still holds 8" "8" "$(ls "$CACHE"/phrases-*.hsdb | wc -l)"
# the server that compiled holds what one that found the copy cached
# holds, not the compile's heap
start_server "$T_TMP/warm.db" || exit 1
warm_rss=$(mem VmRSS) warm_hwm=$(mem VmHWM)
echo "resident KiB after start: compiled $cold_rss (peak $cold_hwm), cached $warm_rss (peak $warm_hwm)"
check "a server that compiled holds at most 1.25x the memory of one that loaded the cache" \
    test "$cold_rss" -le $((warm_rss * 5 / 4))
check "and its peak is at most 1.25x too" test "$cold_hwm" -le $((warm_hwm * 5 / 4))
finish
