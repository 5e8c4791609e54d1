#!/usr/bin/env bash
# test_kill9.sh — an acknowledged write survives kill -9. A client streams
# bulk requests (up to 200 × 100 lines) and records the values of every
# batch whose response came back with all lines 201/200; the server is
# killed with SIGKILL while requests are still in flight, restarted on the
# same database, and every recorded value must be found by lookup. Two
# rounds, so the second also covers a database that was already killed once.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

DB=$T_TMP/k9.db
KEY=$(new_org "$DB" police-hq police)
BATCHES=${KILL9_BATCHES:-200}
LINES=${KILL9_LINES:-100}
ACK=$T_TMP/acked.txt
: >"$ACK"

# stream ROUND : send batches until the server stops answering
stream() {
    local round=$1 i f code ok
    for i in $(seq 1 "$BATCHES"); do
        f=$T_TMP/batch.$round.$i
        seq 1 "$LINES" | sed "s|.*|http://k9-$round-$i.example.jp/item/&|" >"$f.values"
        sed 's|.*|{"kind":"url","value":"&","category":"phishing"}|' "$f.values" >"$f.jsonl"
        code=$(curl -s -o "$f.out" -w '%{http_code}' --max-time 10 \
            -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-ndjson' \
            --data-binary "@$f.jsonl" "$BASE/v1/indicators/bulk") || break
        [ "$code" = 200 ] || break
        ok=$(grep -Ec '"status":20[01],' "$f.out")
        [ "$ok" = "$LINES" ] && cat "$f.values" >>"$ACK"
        echo "$i" >"$T_TMP/progress.$round"
    done
}

for round in 1 2; do
    start_server "$DB" || { finish; exit 1; }
    before=$(wc -l <"$ACK")
    stream "$round" &
    STREAM=$!
    # let at least 15 batches be acknowledged, then kill while the stream runs
    for _ in $(seq 1 400); do
        [ "$(wc -l <"$ACK")" -ge $((before + LINES * 15)) ] && break
        sleep 0.02
    done
    { kill -9 "$SERVER_PID"; wait "$SERVER_PID"; } 2>/dev/null
    wait "$STREAM"
    sent=$(cat "$T_TMP/progress.$round" 2>/dev/null || echo 0)
    check "round $round: batches were acknowledged before the kill" \
        test "$(wc -l <"$ACK")" -ge $((before + LINES * 15))
    check "round $round: killed mid-stream (not after the last batch)" test "$sent" -lt "$BATCHES"
done

start_server "$DB" || { finish; exit 1; }
api GET /healthz "" -
check_eq "restarted server is healthy" 200 "$API_CODE"

# one curl process, one connection, a lookup per acknowledged value
{
    echo "header = \"Authorization: Bearer $KEY\""
    echo 'write-out = "%{http_code}\n"'
    sed 's|:|%3A|g; s|/|%2F|g' "$ACK" | while read -r v; do
        echo "url = \"$BASE/v1/indicators/lookup?kind=url&value=$v\""
        echo 'output = "/dev/null"'
    done
} >"$T_TMP/lookups.cfg"
curl -s -K "$T_TMP/lookups.cfg" >"$T_TMP/lookups.out"
total=$(wc -l <"$ACK")
found=$(grep -c '^200$' "$T_TMP/lookups.out")
echo "    acknowledged rows: $total, found after kill -9 and restart: $found"
check "some rows were acknowledged" test "$total" -ge $((LINES * 30))
check_eq "every acknowledged row survived kill -9" "$total" "$found"

api GET "/v1/indicators/lookup?kind=url&value=http%3A%2F%2Fk9-1-1.example.jp%2Fitem%2F1"
check_eq "first acknowledged value has one sighting" 1 "$(jqr .sightings)"

finish
