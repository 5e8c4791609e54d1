#!/usr/bin/env bash
# bench_http.sh — HTTP throughput and latency of `mamoru serve` with wrk.
#
# Loads 100 000 phone indicators through POST /v1/indicators/bulk (100
# requests × 1000 lines, timed: that is the ingestion figure), then runs wrk
# (2 threads, 50 connections, 10 s each) against:
#   GET /healthz                     baseline: HTTP stack only, no store access
#   GET /v1/indicators/lookup (hit)  auth + normalise + indexed SQLite read, random listed numbers
#   GET /v1/indicators/lookup (miss) the same for numbers that are not listed
#   POST /v1/screen/email            a whole screening request: one Japanese e-mail
#                                    (tests/fixtures/email, raw message/rfc822 body)
#                                    parsed, screened, verdict written — over keep-alive
#                                    connections, so the gap to one connection per
#                                    message (bench_spam_peers.sh) is the TCP set-up cost
# and prints one table (requests/s, p50, p99, errors, share of the baseline).
# Timings are reported, never asserted.
#   BENCH_HTTP_N=100000 BENCH_HTTP_DURATION=10s BENCH_HTTP_THREADS=2 bash bench/bench_http.sh
set -u
cd "$(dirname "$0")/.." || exit 1
MAMORU=${MAMORU:-build/mamoru}
N=${BENCH_HTTP_N:-100000}
DUR=${BENCH_HTTP_DURATION:-10s}
SERVER_THREADS=${BENCH_HTTP_THREADS:-2}
BATCH=1000
command -v wrk >/dev/null || { echo "bench_http: wrk is not installed (apt-get install wrk)"; exit 0; }
[ -x "$MAMORU" ] || { echo "bench_http: $MAMORU not built (make build/mamoru)"; exit 0; }

TMP=$(mktemp -d /tmp/mamoru-bench.XXXXXX)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

DB=$TMP/bench.db
KEY=$("$MAMORU" org add bench-police --role police --db "$DB" 2>/dev/null | tail -n 1)
"$MAMORU" serve --db "$DB" --listen 127.0.0.1:0 --ready-file "$TMP/ready" \
    --threads "$SERVER_THREADS" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do [ -s "$TMP/ready" ] && break; sleep 0.05; done
[ -s "$TMP/ready" ] || { echo "bench_http: server did not start"; cat "$TMP/server.log"; exit 1; }
BASE="http://127.0.0.1:$(cat "$TMP/ready")"

# ---- load: listed numbers are 090-1000-0000 + i, i in [0, N) -------------------
start=$(date +%s.%N)
failed=0
for ((b = 0; b < N; b += BATCH)); do
    awk -v s="$b" -v n="$BATCH" -v max="$N" 'BEGIN {
        for (i = s; i < s + n && i < max; i++)
            printf "{\"kind\":\"phone\",\"value\":\"090%08d\",\"category\":\"refund\"}\n", 10000000 + i
    }' >"$TMP/batch.jsonl"
    code=$(curl -s -o "$TMP/batch.out" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
        --data-binary "@$TMP/batch.jsonl" "$BASE/v1/indicators/bulk")
    [ "$code" = 200 ] || failed=$((failed + 1))
done
end=$(date +%s.%N)
loaded=$(curl -s "$BASE/metrics" | awk '$1 == "mamoru_indicators" {print $2}')
load_s=$(echo "$end - $start" | bc -l)

# ---- wrk scripts --------------------------------------------------------------------------
cat >"$TMP/report.lua" <<'EOF'
done = function(summary, latency, requests)
    local errors = summary.errors.status + summary.errors.connect + summary.errors.read
                   + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT %.1f %.3f %.3f %d\n",
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
EOF
cat "$TMP/report.lua" >"$TMP/healthz.lua"
for mode in hit miss; do
    {
        echo "local n = $N"
        echo "local base = $([ $mode = hit ] && echo 10000000 || echo 30000000)"
        cat <<'EOF'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
init = function(args) math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end
request = function()
    local v = string.format("090%08d", base + math.random(0, n - 1))
    return wrk.format("GET", "/v1/indicators/lookup?kind=phone&value=" .. v)
end
EOF
        cat "$TMP/report.lua"
    } >"$TMP/lookup_$mode.lua"
done

{
    echo 'local f = io.open(os.getenv("BENCH_EML"), "rb")'
    cat <<'EOF'
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.headers["Content-Type"] = "message/rfc822"
EOF
    cat "$TMP/report.lua"
} >"$TMP/screen_email.lua"
EML=${BENCH_HTTP_EML:-tests/fixtures/email/delivery_lure_iso2022jp.eml}

# run NAME SCRIPT PATH : wrk, returns "rps p50 p99 errors"
run() {
    BENCH_KEY=$KEY BENCH_EML=$EML wrk -t2 -c50 -d"$DUR" -s "$2" "$BASE$3" >"$TMP/$1.wrk" 2>&1
    grep '^RESULT' "$TMP/$1.wrk" | cut -d' ' -f2-
}
# sanity: one lookup of each kind answers as expected
hit_code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    "$BASE/v1/indicators/lookup?kind=phone&value=09010000000")
miss_code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    "$BASE/v1/indicators/lookup?kind=phone&value=09030000000")

H=$(run healthz "$TMP/healthz.lua" /healthz)
LH=$(run lookup_hit "$TMP/lookup_hit.lua" /v1/indicators/lookup)
LM=$(run lookup_miss "$TMP/lookup_miss.lua" /v1/indicators/lookup)
SE=
[ -f "$EML" ] && SE=$(run screen_email "$TMP/screen_email.lua" /v1/screen/email)

printf '\nmamoru serve over HTTP: %s indicators loaded by bulk API in %.1f s (%.0f rows/s, %d failed requests)\n' \
    "${loaded:-?}" "$load_s" "$(echo "$N / $load_s" | bc -l)" "$failed"
printf 'wrk -t2 -c50 -d%s, server threads %s, %s cores; sanity: hit=%s miss=%s (expect 200 / 404)\n\n' \
    "$DUR" "$SERVER_THREADS" "$(nproc)" "$hit_code" "$miss_code"
base_rps=$(echo "$H" | awk '{print $1}')
printf '| %-34s | %12s | %8s | %8s | %7s | %11s |\n' endpoint "requests/s" "p50 ms" "p99 ms" "non-2xx" "vs healthz"
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..36})" "$(printf -- '-%.0s' {1..14})" \
    "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..9})" \
    "$(printf -- '-%.0s' {1..13})"
row() {
    local name=$1 r=$2
    if [ -z "$r" ]; then printf '| %-34s | %12s |\n' "$name" "wrk failed"; return; fi
    read -r rps p50 p99 errs <<<"$r"
    printf '| %-34s | %12.0f | %8.3f | %8.3f | %7s | %10.0f%% |\n' "$name" "$rps" "$p50" "$p99" \
        "$errs" "$(echo "100 * $rps / ${base_rps:-1}" | bc -l)"
}
row "GET /healthz (baseline, no store)" "$H"
row "GET /v1/indicators/lookup (hit)" "$LH"
row "GET /v1/indicators/lookup (miss)" "$LM"
row "POST /v1/screen/email (one e-mail)" "$SE"
echo
echo "(non-2xx counts responses that are not 2xx/3xx plus socket errors; a miss is a 404 by design)"
