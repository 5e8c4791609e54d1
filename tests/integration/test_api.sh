#!/usr/bin/env bash
# test_api.sh — every HTTP endpoint's happy path against a real `mamoru
# serve`: report (201), sighting (200, sightings and reporters count),
# lookup of a differently written phone, get, PATCH (legal, illegal → 409,
# role → 403), list paging with a cursor, bulk JSONL, hash ranges, 401 and
# 403, healthz, metrics counters, snapshot refresh, 404 / 405, and the
# static console with its path-traversal guard.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

DB=$T_TMP/api.db
POLICE=$(new_org "$DB" police-hq police)
BANK=$(new_org "$DB" bank-a bank)
CARRIER=$(new_org "$DB" carrier-a carrier)
VENDOR=$(new_org "$DB" filter-a filtering_vendor)
check "org keys issued" test -n "$POLICE" -a -n "$BANK" -a -n "$CARRIER" -a -n "$VENDOR"

WEB=$T_TMP/web
mkdir -p "$WEB/css"
echo '<!doctype html><title>mamoru console</title>' >"$WEB/index.html"
echo 'body{}' >"$WEB/css/site.css"
echo 'secret' >"$T_TMP/outside.txt"
ln -s "$T_TMP/outside.txt" "$WEB/escape.txt"

start_server "$DB" --web "$WEB" || { finish; exit 1; }
KEY=$POLICE

# ---- healthz ------------------------------------------------------------------
api GET /healthz "" -
check_eq "healthz 200" 200 "$API_CODE"
check_eq "healthz status ok" ok "$(jqr .status)"
check "healthz schema >= 1" test "$(jqr .schema)" -ge 1
check_eq "healthz snapshot entries is a number" number "$(jqr '.snapshot.entries|type')"

# ---- 401 ------------------------------------------------------------------------
PHONE='{"kind":"phone","value":"090-1234-5678","category":"police_impersonation"}'
api POST /v1/indicators "$PHONE" -
check_eq "no key → 401" 401 "$API_CODE"
check_eq "no key → code unauthorized" unauthorized "$(jqr .error.code)"
check "no key → WWW-Authenticate: Bearer" grep -qi '^WWW-Authenticate: Bearer' "$T_TMP/api.headers"
api POST /v1/indicators "$PHONE" mm_notarealkey0000000000000000000000000000
check_eq "bad key → 401" 401 "$API_CODE"
check_eq "bad key → field authorization" authorization "$(jqr .error.field)"
api GET "/v1/indicators/lookup?kind=phone&value=0312345678" "" -
check_eq "lookup without key → 401" 401 "$API_CODE"

# ---- report, sighting -----------------------------------------------------------
api POST /v1/indicators "$PHONE"
check_eq "report phone → 201" 201 "$API_CODE"
PHONE_ID=$(jqr .id)
PHONE_HASH=$(jqr .hash)
check "report → numeric id" test "$PHONE_ID" -ge 1
check_eq "report → kind" phone "$(jqr .kind)"
check_eq "report → canonical E.164" "+819012345678" "$(jqr .canonical)"
check_eq "report → status reported" reported "$(jqr .status)"
check_eq "report → sightings 1" 1 "$(jqr .sightings)"
check_eq "report → reporters 1" 1 "$(jqr .reporters)"
check_eq "report → hashed false" false "$(jqr .hashed)"
check "report → hash is 64 hex" grep -Eq '^[0-9a-f]{64}$' <<<"$PHONE_HASH"
check "report → created is RFC 3339 UTC" \
    grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' <<<"$(jqr .created)"
check_eq "report → expires null" null "$(jqr .expires)"
check_eq "report → every documented field" \
    "canonical,category,confidence,created,display,distribution,expires,first_seen,hash,hashed,id,kind,last_seen,reporters,sightings,status,updated" \
    "$(jqr 'keys|join(",")')"

api POST /v1/indicators '{"kind":"phone","value":"+81 90-1234-5678","category":"police_impersonation","confidence":80}' "$BANK"
check_eq "same phone by a second org → 200" 200 "$API_CODE"
check_eq "sighting → same id" "$PHONE_ID" "$(jqr .id)"
check_eq "sighting → sightings 2" 2 "$(jqr .sightings)"
check_eq "sighting → reporters 2" 2 "$(jqr .reporters)"
check_eq "sighting → confidence max" 80 "$(jqr .confidence)"

api POST /v1/indicators '{"kind":"url","value":"HTTP://Example.COM/login/../Login?x=1#frag","category":"phishing","status":"confirmed","confidence":90,"distribution":"public","evidence":"SMS 2025-04-01","expires":"2030-01-01T00:00:00+09:00"}'
check_eq "report url with every optional field → 201" 201 "$API_CODE"
check_eq "url → expires normalised to UTC" "2029-12-31T15:00:00Z" "$(jqr .expires)"
check_eq "url → status confirmed" confirmed "$(jqr .status)"
check_eq "url → distribution public" public "$(jqr .distribution)"
URL_ID=$(jqr .id)
api POST /v1/indicators '{"kind":"domain","value":"evil-example.jp","category":"phishing","expires":1893456000}'
check_eq "report domain with unix expires → 201" 201 "$API_CODE"
check_eq "unix expires → RFC 3339" "2030-01-01T00:00:00Z" "$(jqr .expires)"

# ---- personal data: hashed -------------------------------------------------------
api POST /v1/indicators '{"kind":"card","value":"4111 1111 1111 1111","category":"phishing"}' "$BANK"
check_eq "report card → 201" 201 "$API_CODE"
check_eq "card → canonical withheld" null "$(jqr .canonical)"
check_eq "card → hashed true" true "$(jqr .hashed)"
check "card → display does not show the full number" test "$(jqr .display)" != "4111111111111111"
check "card → display given" test -n "$(jqr .display)" -a "$(jqr .display)" != null
CARD_ID=$(jqr .id)

# ---- 403 -----------------------------------------------------------------------------
api POST /v1/indicators '{"kind":"bank_account","value":"0001-001-1-1234567","category":"refund"}' "$VENDOR"
check_eq "filtering_vendor reporting a bank_account → 403" 403 "$API_CODE"
check_eq "403 → code forbidden" forbidden "$(jqr .error.code)"
check_eq "403 → field kind" kind "$(jqr .error.field)"
api GET "/v1/indicators/lookup?kind=phone&value=09012345678" "" "$VENDOR"
check_eq "filtering_vendor phone lookup → 403" 403 "$API_CODE"
api GET "/v1/hashes/phone/${PHONE_HASH:0:4}" "" "$VENDOR"
check_eq "filtering_vendor phone hashes → 403" 403 "$API_CODE"

# ---- lookup ------------------------------------------------------------------------------
VAL=$(jq -rn --arg v '０９０（１２３４）５６７８' '$v|@uri')
api GET "/v1/indicators/lookup?kind=phone&value=$VAL" "" "$CARRIER"
check_eq "lookup full-width phone → 200" 200 "$API_CODE"
check_eq "lookup → same id" "$PHONE_ID" "$(jqr .id)"
api GET "/v1/indicators/lookup?kind=phone&value=%2B819012345678"
check_eq "lookup +81 form → 200" 200 "$API_CODE"
api GET "/v1/indicators/lookup?kind=phone&value=03-1234-5678"
check_eq "lookup unknown phone → 404" 404 "$API_CODE"
check_eq "404 → code not_found" not_found "$(jqr .error.code)"
api GET "/v1/indicators/lookup?kind=url&value=http%3A%2F%2Fexample.com%2FLogin%3Fx%3D1" "" "$VENDOR"
check_eq "vendor sees a public url → 200" 200 "$API_CODE"
api GET "/v1/indicators/lookup?kind=domain&value=evil-example.jp" "" "$VENDOR"
check_eq "vendor cannot see a members-only domain → 404" 404 "$API_CODE"
api GET "/v1/indicators/lookup?kind=card&value=4111111111111111" "" "$BANK"
check_eq "bank looks up the card → 200" 200 "$API_CODE"
check_eq "card lookup → canonical withheld" null "$(jqr .canonical)"

# ---- get by id --------------------------------------------------------------------------------
api GET "/v1/indicators/$PHONE_ID"
check_eq "get by id → 200" 200 "$API_CODE"
check_eq "get by id → same indicator" "$PHONE_ID" "$(jqr .id)"
api GET /v1/indicators/99999999
check_eq "get unknown id → 404" 404 "$API_CODE"

# ---- PATCH ---------------------------------------------------------------------------------------
api PATCH "/v1/indicators/$PHONE_ID" '{"status":"confirmed"}'
check_eq "PATCH reported → confirmed → 200" 200 "$API_CODE"
check_eq "PATCH → status confirmed" confirmed "$(jqr .status)"
api PATCH "/v1/indicators/$PHONE_ID" '{"status":"actioned"}' "$CARRIER"
check_eq "carrier PATCH confirmed → actioned (carrier may update phones) → 200" 200 "$API_CODE"
api PATCH "/v1/indicators/$PHONE_ID" '{"status":"reported"}'
check_eq "PATCH actioned → reported (illegal) → 409" 409 "$API_CODE"
check_eq "409 → code conflict" conflict "$(jqr .error.code)"
check_eq "409 → field status" status "$(jqr .error.field)"
api PATCH "/v1/indicators/$PHONE_ID" '{"status":"false_positive"}' "$BANK"
check_eq "bank PATCH on a phone → 403" 403 "$API_CODE"
api PATCH "/v1/indicators/$PHONE_ID" '{"status":"false_positive"}'
check_eq "PATCH → false_positive → 200" 200 "$API_CODE"
api PATCH /v1/indicators/99999999 '{"status":"confirmed"}'
check_eq "PATCH unknown id → 404" 404 "$API_CODE"

# ---- list with cursor ----------------------------------------------------------------------------
for i in 1 2 3 4 5; do
    api POST /v1/indicators "{\"kind\":\"url\",\"value\":\"http://page$i.example.net/p\",\"category\":\"delivery_lure\"}" "$CARRIER"
done
check_eq "5 more urls reported" 201 "$API_CODE"
ids=()
cursor=""
pages=0
while :; do
    api GET "/v1/indicators?kind=url&category=delivery_lure&limit=2${cursor:+&cursor=$cursor}"
    [ "$API_CODE" = 200 ] || break
    pages=$((pages + 1))
    while read -r id; do [ -n "$id" ] && ids+=("$id"); done < <(jqr '.items[].id')
    cursor=$(jqr .next_cursor)
    [ "$cursor" = null ] && break
    [ $pages -gt 10 ] && break
done
check_eq "list paging → 200 throughout" 200 "$API_CODE"
check_eq "list paging → 5 delivery_lure urls" 5 "${#ids[@]}"
check "list paging → at least 3 pages of 2" test "$pages" -ge 3
check_eq "list paging → ids increasing, no repeats" "$(printf '%s\n' "${ids[@]}" | sort -n -u | tr '\n' ' ')" \
    "$(printf '%s\n' "${ids[@]}" | tr '\n' ' ')"
api GET "/v1/indicators?limit=1000"
check "list all → at least 9 items" test "$(jqr '.items|length')" -ge 9
check_eq "list last page → next_cursor null" null "$(jqr .next_cursor)"
api GET "/v1/indicators?status=confirmed&kind=url"
check_eq "list status filter → only confirmed" confirmed "$(jqr '[.items[].status]|unique|join(",")')"
api GET "/v1/indicators?since=2000-01-01T00:00:00Z&limit=1"
check_eq "list since (RFC 3339) → 1 item" 1 "$(jqr '.items|length')"
api GET "/v1/indicators?since=4102444800"
check_eq "list since the future → empty" 0 "$(jqr '.items|length')"
api GET "/v1/indicators?kind=card" "" "$VENDOR"
check_eq "vendor list cards → 403" 403 "$API_CODE"
api GET "/v1/indicators?kind=url" "" "$VENDOR"
check_eq "vendor list urls → only the public one" "$URL_ID" "$(jqr '[.items[].id]|join(",")')"

# ---- bulk --------------------------------------------------------------------------------------------
printf '%s\n' \
    '{"kind":"url","value":"http://bulk1.example.org/","category":"phishing"}' \
    '' \
    '{"kind":"ip","value":"999.999.1.1","category":"phishing"}' \
    '{"kind":"url","value":"http://bulk1.example.org/","category":"phishing"}' \
    'not json' \
    '{"kind":"bank_account","value":"0001-001-1-7654321","category":"refund"}' \
    '{"kind":"domain","value":"bulk2.example.org","category":"phishing"}' >"$T_TMP/bulk.jsonl"
api POST /v1/indicators/bulk "@$T_TMP/bulk.jsonl" "$VENDOR"
check_eq "bulk → 200" 200 "$API_CODE"
check_eq "bulk → content type x-ndjson" application/x-ndjson "$(api_header Content-Type)"
check_eq "bulk → one line per non-blank input line" 6 "$(printf '%s\n' "$API_BODY" | grep -c .)"
check_eq "bulk → line numbers are physical lines" "1 3 4 5 6 7" \
    "$(printf '%s\n' "$API_BODY" | jq -r .line | tr '\n' ' ' | sed 's/ $//')"
check_eq "bulk → statuses" "201 400 200 400 403 201" \
    "$(printf '%s\n' "$API_BODY" | jq -r .status | tr '\n' ' ' | sed 's/ $//')"
check_eq "bulk → bad ip names field value" value \
    "$(printf '%s\n' "$API_BODY" | jq -r 'select(.line==3).error.field')"
check_eq "bulk → bad JSON names field body" body \
    "$(printf '%s\n' "$API_BODY" | jq -r 'select(.line==5).error.field')"
check_eq "bulk → repeated value is a sighting" 2 \
    "$(printf '%s\n' "$API_BODY" | jq -r 'select(.line==4).indicator.sightings')"
api GET "/v1/indicators/lookup?kind=domain&value=bulk2.example.org"
check_eq "bulk rows are committed (lookup) → 200" 200 "$API_CODE"

# ---- hashes -------------------------------------------------------------------------------------------
api POST /v1/indicators '{"kind":"phone","value":"080-2345-6789","category":"refund"}'
H=$(jqr .hash)
api GET "/v1/hashes/phone/${H:0:4}" "" "$BANK"
check_eq "hashes → 200" 200 "$API_CODE"
check_eq "hashes → prefix echoed" "${H:0:4}" "$(jqr .prefix)"
check_eq "hashes → kind echoed" phone "$(jqr .kind)"
check_eq "hashes → contains the reported phone's HMAC" true \
    "$(printf '%s' "$API_BODY" | jq --arg h "$H" 'any(.hashes[]; . == $h)')"
check_eq "hashes → every hash has the prefix" true \
    "$(printf '%s' "$API_BODY" | jq --arg p "${H:0:4}" 'all(.hashes[]; startswith($p))')"
UPPER=$(tr a-f A-F <<<"${H:0:4}")
api GET "/v1/hashes/phone/$UPPER" "" "$BANK"
check_eq "hashes → upper-case hex accepted" 200 "$API_CODE"

# ---- 404 / 405 -------------------------------------------------------------------------------------------
api GET /v1/nothing
check_eq "unknown route → 404" 404 "$API_CODE"
check_eq "unknown route → JSON error" not_found "$(jqr .error.code)"
api DELETE /v1/indicators
check_eq "DELETE /v1/indicators → 405" 405 "$API_CODE"
check_eq "405 → Allow header" "POST, GET, HEAD" "$(api_header Allow)"
api GET /v1/indicators/bulk
check_eq "GET /v1/indicators/bulk → 405 (not a bad id)" 405 "$API_CODE"
check_eq "405 bulk → Allow: POST" POST "$(api_header Allow)"
api POST /healthz '{}' -
check_eq "POST /healthz → 405" 405 "$API_CODE"

# ---- static console --------------------------------------------------------------------------------------
api GET / "" -
check_eq "GET / → 200" 200 "$API_CODE"
check "GET / → index.html" grep -q "mamoru console" <<<"$API_BODY"
check_eq "GET / → text/html" "text/html; charset=utf-8" "$(api_header Content-Type)"
api GET /console/ "" -
check_eq "GET /console/ → 200" 200 "$API_CODE"
api GET /console/css/site.css "" -
check_eq "GET /console/css/site.css → 200" 200 "$API_CODE"
check_eq "css content type" "text/css; charset=utf-8" "$(api_header Content-Type)"
api GET /console "" -
check_eq "GET /console → 301 to /console/" 301 "$API_CODE"
api GET /missing.js "" -
check_eq "missing file → 404" 404 "$API_CODE"
check_eq "traversal (..) → 404" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$BASE/console/../../../etc/passwd")"
check_eq "traversal (%2e%2e) → 404" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$BASE/%2e%2e/%2e%2e/etc/passwd")"
check_eq "symlink out of the web root → 404" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/escape.txt")"

# ---- snapshot refresh and metrics ----------------------------------------------------------------------------
sleep 0.5
api GET /healthz "" -
check "snapshot refreshed after writes (entries >= 8)" test "$(jqr .snapshot.entries)" -ge 8

metric() { # metric NAME_WITH_LABELS : value or 0
    curl -s "$BASE/metrics" | awk -v m="$1" '$1 == m {print $2; found=1} END {if (!found) print 0}'
}
BEFORE=$(metric 'mamoru_http_requests_total{route="indicator_create",code="201"}')
api POST /v1/indicators '{"kind":"phone","value":"070-1111-2222","category":"refund"}'
AFTER=$(metric 'mamoru_http_requests_total{route="indicator_create",code="201"}')
check_eq "metrics → create counter +1" $((BEFORE + 1)) "$AFTER"
M=$(curl -s -D "$T_TMP/m.h" "$BASE/metrics")
check "metrics → text/plain" grep -qi '^Content-Type: text/plain' "$T_TMP/m.h"
check "metrics → 401 counted" grep -q 'mamoru_http_requests_total{route="indicator_create",code="401"} 2' <<<"$M"
check "metrics → histogram +Inf bucket" grep -q 'mamoru_http_request_duration_seconds_bucket{route="indicator_lookup",le="+Inf"}' <<<"$M"
check "metrics → histogram count" grep -q 'mamoru_http_request_duration_seconds_count{route="indicator_create"}' <<<"$M"
check "metrics → mamoru_indicators gauge" grep -Eq '^mamoru_indicators [0-9]+$' <<<"$M"
check "metrics → mamoru_snapshot_entries" grep -Eq '^mamoru_snapshot_entries [0-9]+$' <<<"$M"
check "metrics → mamoru_snapshot_age_seconds" grep -Eq '^mamoru_snapshot_age_seconds [0-9.]+$' <<<"$M"
check_eq "metrics → indicators gauge matches the store" \
    "$(curl -s -H "Authorization: Bearer $POLICE" "$BASE/v1/indicators?limit=1000" | jq '.items|length')" \
    "$(awk '$1=="mamoru_indicators"{print $2}' <<<"$M")"

# ---- graceful stop ----------------------------------------------------------------------------------------
kill -TERM "$SERVER_PID"
for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
check "SIGTERM stops the server" bash -c "! kill -0 $SERVER_PID 2>/dev/null"
check "server logged its address and stop" grep -q "listening on http://127.0.0.1:" "$T_TMP/server.log"
# personal-data reads leave an audit entry; the chain stays intact
reads=$(sqlite3 "$DB" "select count(*) from audit where action='indicator.read' and object='indicator:$CARD_ID'" 2>/dev/null)
check "card lookup wrote an indicator.read audit entry" test "${reads:-0}" -ge 1
check "audit chain verifies after the API session" "$MAMORU" audit verify --db "$DB"
check "no sanitizer report (leaks, UB) after the stop" \
    bash -c "! grep -Eq 'Sanitizer|runtime error' '$T_TMP/server.log'"

finish
