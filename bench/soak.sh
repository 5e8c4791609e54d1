#!/usr/bin/env bash
# soak.sh — `make soak`: run mamoru serve under a steady mixed load (bulk
# reports, lookups, lists) for SOAK_SECONDS (default 600) on loopback, then
# check that it is alive, its memory did not keep growing, every
# acknowledged row is there and the audit chain verifies. Not part of CI.
set -u
cd "$(dirname "$0")/.."
source tests/integration/lib.sh
SECS=${SOAK_SECONDS:-600}
DB=$T_TMP/soak.db
KEY=$(new_org "$DB" soak-police police)
start_server "$DB" || exit 1
end=$(( $(date +%s) + SECS )); i=0; acked=0
echo "soak: ${SECS}s against $BASE"
printf '%8s %10s %10s\n' "t(s)" "rss(KiB)" "acked"
t0=$(date +%s); next=$t0
while [ "$(date +%s)" -lt "$end" ]; do
    body=""
    for j in $(seq 1 50); do
        body+="{\"kind\":\"domain\",\"value\":\"soak-$i-$j.example\",\"category\":\"phishing\"}"$'\n'
    done
    if curl -fsS -H "Authorization: Bearer $KEY" --data-binary "$body" "$BASE/v1/indicators/bulk" \
        | grep -c '"status":201' >"$T_TMP/n" 2>/dev/null; then
        acked=$((acked + $(cat "$T_TMP/n")))
    fi
    curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" \
        "$BASE/v1/indicators/lookup?kind=domain&value=soak-$i-1.example" || true
    curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" "$BASE/v1/indicators?limit=100" || true
    i=$((i + 1))
    if [ "$(date +%s)" -ge "$next" ]; then
        printf '%8d %10s %10d\n' $(( $(date +%s) - t0 )) \
            "$(awk '/VmRSS/{print $2}' /proc/$SERVER_PID/status)" "$acked"
        next=$((next + 10))
    fi
done
check "server alive after soak" curl -fsS "$BASE/healthz"
n=$("$MAMORU" export --db "$DB" --kind domain 2>/dev/null | wc -l)
check "every acknowledged row stored ($acked)" test "$n" -ge "$acked"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
check "audit chain verifies" "$MAMORU" audit verify --db "$DB"
finish
