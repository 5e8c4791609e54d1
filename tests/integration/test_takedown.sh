#!/usr/bin/env bash
# test_takedown.sh — phishing reports and takedowns end to end:
# `mamoru import phish-reports` (JPCERT/CC list shape: new vs duplicate by
# canonical URL, bad rows named with line and field, evidence brand=…, into
# the public feed), `mamoru takedown request|update|stats` (illegal move exit
# 2, stats median/p90) and the API (POST /v1/takedowns 201/409/400, PATCH
# 200/409/404, GET stats), audit chain intact. When the real JPCERT/CC files
# are present, one month is imported as well.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh
DB=$T_TMP/td.db
M=$MAMORU

POLICE=$(new_org "$DB" npa police)
BANK=$(new_org "$DB" card-co bank)
OTHER=$(new_org "$DB" other-bank bank)

# ---- phish-reports import ------------------------------------------------------------
cat >"$T_TMP/reports.csv" <<'EOF'
date,URL,description
2024/01/04 10:02:00,https://dyxdjxx.example/,国税庁
2024/01/04 10:02:00,https://nuwagems.example/,国税庁
2024/01/04 11:05:00,HTTPS://UBXZET.example/./,Apple ID
2024/01/05 09:00:00,https://smbc-card-verify.example/login?id=1,三井住友カード
2024/13/05 09:00:00,https://bad-date.example/,Amazon
2024/01/05 09:30:00,http://bad-port.example:99999/,Amazon
2024/01/05 09:31:00,"https://quoted.example/a,b",Amazon
2024/01/05 09:32:00,https://too-many.example/,Amazon,extra
2024/01/05 10:00:00,https://DYXDJXX.example,国税庁
EOF
$M import phish-reports "$T_TMP/reports.csv" --db "$DB" --org npa >"$T_TMP/out" 2>"$T_TMP/err"
check_eq "import with bad rows exits 2" 2 $?
check "summary counts new and rejected" grep -q "9 records, 5 new, 1 duplicates, 3 rejected" "$T_TMP/out"
check "bad date named with line and field" grep -q "reports.csv:6: date: '2024/13/05 09:00:00'" "$T_TMP/err"
check "bad URL named with line and field" grep -q "reports.csv:7: URL: .*99999" "$T_TMP/err"
check "wrong field count named with line" grep -q "reports.csv:9: record: has 4 fields" "$T_TMP/err"
check_eq "first seen is the list's JST date" "2024-01-04T01:02:00Z" "$($M lookup --db "$DB" --kind url --value https://dyxdjxx.example/ | jq -r .first_seen)"
check_eq "reports are confirmed public phishing" "confirmed public phishing" "$($M lookup --db "$DB" --kind url --value https://ubxzet.example/ | jq -r '"\(.status) \(.distribution) \(.category)"')"
$M import phish-reports "$T_TMP/reports.csv" --db "$DB" --org npa >"$T_TMP/out" 2>/dev/null
check "re-import says 0 new" grep -q " 0 new, 6 duplicates" "$T_TMP/out"
check "imported URLs reach the rpz feed" bash -c "$M export rpz --db '$DB' 2>/dev/null | grep -qx 'dyxdjxx.example CNAME .'"
printf 'when,where\n1,2\n' >"$T_TMP/badhdr.csv"
$M import phish-reports "$T_TMP/badhdr.csv" --db "$DB" >/dev/null 2>"$T_TMP/err"
check_eq "bad header exits 2" 2 $?
check "bad header names the column" grep -q "unknown column 'when'" "$T_TMP/err"
$M import phish-reports "$T_TMP/nope.csv" --db "$DB" >/dev/null 2>&1
check_eq "missing file exits 2" 2 $?

REAL=$SHARED_DATA/jpcert-phishurl/2024/202401.csv
if [ -r "$REAL" ]; then
    rows=$(($(wc -l <"$REAL") - 1))
    $M import phish-reports "$REAL" --db "$T_TMP/real.db" >"$T_TMP/out" 2>"$T_TMP/err"
    rc=$?
    check "real JPCERT/CC month imports (rc $rc)" test $rc -le 2
    new=$(sed -n 's/.* \([0-9]*\) new, \([0-9]*\) duplicates, \([0-9]*\) rejected.*/\1 \2 \3/p' "$T_TMP/out")
    read -r n d r <<<"$new"
    check_eq "every real row is new, duplicate or rejected" "$rows" "$((n + d + r))"
    check "real rows almost all accepted (rejected $r of $rows)" test "$r" -le $((rows / 100))
else
    echo "SKIP: $REAL not found (set MAMORU_SHARED_DATA)"
fi

# ---- takedowns by CLI ------------------------------------------------------------------
out=$($M takedown request --db "$DB" --org card-co --url 'https://SMBC-card-verify.example/login?id=1' \
    --provider 'Example Hosting' --at 2024-01-05T01:00:00Z)
check_eq "request exits 0" 0 $?
ID1=$(jq -r .id <<<"$out")
check_eq "request normalises the URL" "https://smbc-card-verify.example/login?id=1" "$(jq -r .url <<<"$out")"
check_eq "brand comes from the report's evidence" "三井住友カード" "$(jq -r .brand <<<"$out")"
check_eq "state requested" requested "$(jq -r .state <<<"$out")"
$M takedown request --db "$DB" --org card-co --url 'https://smbc-card-verify.example/login?id=1' \
    --provider 'Example Hosting' >/dev/null 2>"$T_TMP/err"
check_eq "duplicate open request exits 2" 2 $?
check "duplicate names the url" grep -q "url: .*already has an open takedown request" "$T_TMP/err"
check "ack" $M takedown update "$ID1" --state acknowledged --at 2024-01-05T02:00:00Z --db "$DB" --org card-co
out=$($M takedown update "$ID1" --state taken_down --at 2024-01-05T07:00:00Z --db "$DB" --org card-co)
check_eq "taken down after 6 h" 21600 "$(jq -r .time_to_takedown_s <<<"$out")"
$M takedown update "$ID1" --state acknowledged --db "$DB" --org card-co >/dev/null 2>"$T_TMP/err"
check_eq "illegal transition exits 2" 2 $?
check "illegal transition names both states" grep -q "state: takedown $ID1 cannot go from taken_down to acknowledged" "$T_TMP/err"
$M takedown update "$ID1" --state gone --db "$DB" >/dev/null 2>"$T_TMP/err"
check_eq "unknown state exits 2" 2 $?
check "unknown state named" grep -q "state: unknown takedown state 'gone'" "$T_TMP/err"
$M takedown update 999 --state refused --db "$DB" >/dev/null 2>&1
check_eq "unknown id exits 3" 3 $?
$M takedown update "$ID1" --state refused --at yesterday --db "$DB" >/dev/null 2>"$T_TMP/err"
check_eq "bad --at exits 2" 2 $?
check "bad --at named" grep -q "at: 'yesterday'" "$T_TMP/err"
$M takedown request --db "$DB" --url 'https://x.example/' >/dev/null 2>"$T_TMP/err"
check_eq "request without provider exits 2" 2 $?
$M takedown request --db "$DB" --org other-bank --url 'https://dyxdjxx.example/' --provider 'Other Host' \
    --brand 'NTA' --at 2024-01-04T02:00:00Z >/dev/null
ID2=$($M takedown request --db "$DB" --org card-co --url 'https://nuwagems.example/' --provider 'Example Hosting' \
    --at 2024-01-04T02:00:00Z | jq -r .id)
$M takedown update "$ID2" --state taken_down --at 2024-01-04T04:00:00Z --db "$DB" --org card-co >/dev/null
$M takedown update 2 --state refused --db "$DB" --org card-co >/dev/null 2>"$T_TMP/err"
check_eq "another organisation's request: exit 2" 2 $?
$M takedown stats --json --db "$DB" >"$T_TMP/stats.json"
check_eq "stats overall" "3 2 0 1" "$(jq -r '.overall | "\(.requested) \(.taken_down) \(.refused) \(.open)"' "$T_TMP/stats.json")"
check_eq "median per provider (2 h, 6 h → 2 h)" 7200 "$(jq -r '.by_provider[] | select(.provider == "Example Hosting") | .median_seconds' "$T_TMP/stats.json")"
check_eq "p90 per provider" 21600 "$(jq -r '.by_provider[] | select(.provider == "Example Hosting") | .p90_seconds' "$T_TMP/stats.json")"
check_eq "per brand" 21600 "$(jq -r '.by_brand[] | select(.brand == "三井住友カード") | .median_seconds' "$T_TMP/stats.json")"
check_eq "open request has no median" null "$(jq -r '.by_provider[] | select(.provider == "Other Host") | .median_seconds' "$T_TMP/stats.json")"
check "stats table" bash -c "$M takedown stats --db '$DB' | grep -q 'Example Hosting'"

# ---- API ---------------------------------------------------------------------------------
# the server's data directory holds only what these endpoints read: loading
# every detector's model takes seconds under ASan and is not tested here
mkdir -p "$T_TMP/data"
echo "data_dir = $T_TMP/data" >"$T_TMP/serve.conf"
start_server "$DB" --config "$T_TMP/serve.conf" || { finish; exit 1; }
KEY=$BANK
api POST /v1/takedowns '{"url":"https://ubxzet.example/","provider":"Cloud Host","requested_at":"2024-01-04T12:00:00+09:00"}'
check_eq "POST takedown 201" 201 "$API_CODE"
TID=$(jqr .id)
check_eq "brand from evidence over HTTP" "Apple ID" "$(jqr .brand)"
check_eq "requested_at with offset" "2024-01-04T03:00:00Z" "$(jqr .requested)"
api POST /v1/takedowns '{"url":"https://ubxzet.example/","provider":"Cloud Host"}'
check_eq "duplicate 409" 409 "$API_CODE"
check_eq "duplicate names url" url "$(jqr .error.field)"
api POST /v1/takedowns '{"url":"http://x.example:99999/","provider":"P"}'
check_eq "bad url 400" 400 "$API_CODE"
check_eq "bad url field" url "$(jqr .error.field)"
check "bad url message quotes it" grep -q 99999 <<<"$(jqr .error.message)"
api POST /v1/takedowns '{"url":"http://x.example/"}'
check_eq "missing provider 400" 400 "$API_CODE"
check_eq "missing provider field" provider "$(jqr .error.field)"
api POST /v1/takedowns '{"url":"http://x.example/","provider":"P","colour":"red"}'
check_eq "unknown field 400" colour "$(jqr .error.field)"
api POST /v1/takedowns '{"url":"http://x.example/","provider":"P","requested_at":"soon"}'
check_eq "bad time names requested_at" requested_at "$(jqr .error.field)"
api PATCH "/v1/takedowns/$TID" '{"state":"acknowledged","at":"2024-01-04T04:00:00Z","note":"ticket 7"}'
check_eq "PATCH acknowledged 200" 200 "$API_CODE"
check_eq "note kept" "ticket 7" "$(jqr .note)"
api PATCH "/v1/takedowns/$TID" '{"state":"requested"}'
check_eq "illegal PATCH 409" 409 "$API_CODE"
check_eq "illegal PATCH names state" state "$(jqr .error.field)"
api PATCH "/v1/takedowns/$TID" '{"state":"taken_down","at":"2024-01-04T01:00:00Z"}'
check_eq "time before the request 400" 400 "$API_CODE"
check_eq "time before the request names at" at "$(jqr .error.field)"
api PATCH "/v1/takedowns/$TID" '{"state":"taken_down","at":"2024-01-04T06:00:00Z"}'
check_eq "PATCH taken_down 200" 200 "$API_CODE"
check_eq "time to takedown 3 h" 10800 "$(jqr .time_to_takedown_s)"
api PATCH "/v1/takedowns/$TID" '{"state":"taken_down"}' "$OTHER"
check_eq "another bank's request: 404" 404 "$API_CODE"
api PATCH "/v1/takedowns/$TID" '{"state":"taken_down"}' "$POLICE"
check_eq "police may update any: same state is a no-op 200" 200 "$API_CODE"
api GET "/v1/takedowns/$TID" "" "$OTHER"
check_eq "GET another's takedown 404" 404 "$API_CODE"
api GET "/v1/takedowns/$TID"
check_eq "GET own takedown 200" taken_down "$(jqr .state)"
api PATCH /v1/takedowns/99999 '{"state":"refused"}' "$POLICE"
check_eq "unknown id 404" 404 "$API_CODE"
api PATCH /v1/takedowns/abc '{"state":"refused"}'
check_eq "bad id 400" 400 "$API_CODE"
api PATCH "/v1/takedowns/$TID" '{"state":"vanished"}'
check_eq "unknown state 400" state "$(jqr .error.field)"
api GET /v1/takedowns/stats
check_eq "stats 200" 200 "$API_CODE"
check_eq "stats over HTTP count the new one" 3 "$(jqr '.overall.taken_down')"
check_eq "Cloud Host median 3 h" 10800 "$(jqr '.by_provider[] | select(.provider == "Cloud Host") | .median_seconds')"
api GET /v1/takedowns/stats "" -
check_eq "no key 401" 401 "$API_CODE"
check "audit chain verifies" $M audit verify --db "$DB"
check "takedown writes are audited" bash -c "[ \$(sqlite3 '$DB' \"SELECT count(*) FROM audit WHERE action LIKE 'takedown.%'\") -ge 9 ]"

finish
