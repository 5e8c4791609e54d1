#!/usr/bin/env bash
# test_api_badinput.sh — every endpoint fed what a careless or hostile client
# sends: malformed JSON, wrong types, missing and unknown fields, unknown
# kinds, invalid values, oversized bodies and URLs, bad query parameters,
# bad ids and hex, broken auth headers, raw garbage on the socket and random
# bytes. Each must get a 4xx with a JSON error naming the field; afterwards
# the server must still answer /healthz.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

DB=$T_TMP/bad.db
KEY=$(new_org "$DB" police-hq police)
start_server "$DB" || { finish; exit 1; }

# bad NAME STATUS FIELD METHOD PATH [BODY] : expect STATUS and error.field == FIELD
bad() {
    local name=$1 want=$2 field=$3
    shift 3
    api "$@"
    check_eq "$name → $want" "$want" "$API_CODE"
    if [ -n "$field" ]; then
        check_eq "$name → field $field" "$field" "$(jqr .error.field)"
    fi
}

api POST /v1/indicators '{"kind":"phone","value":"090-1234-5678","category":"phishing"}'
check_eq "setup: one indicator" 201 "$API_CODE"
ID=$(jqr .id)

# ---- POST /v1/indicators ---------------------------------------------------------
P=/v1/indicators
bad "create: malformed JSON" 400 body POST $P '{"kind":"phone",'
bad "create: trailing garbage" 400 body POST $P '{"kind":"phone"} x'
bad "create: array instead of object" 400 body POST $P '[1,2]'
bad "create: bare string" 400 body POST $P '"phone"'
bad "create: empty body" 400 body POST $P ''
bad "create: duplicate key" 400 body POST $P '{"kind":"phone","kind":"url","value":"x","category":"phishing"}'
bad "create: invalid UTF-8" 400 body POST $P "$(printf '{"kind":"phone","value":"\xff\xfe","category":"phishing"}')"
bad "create: NUL escape" 400 body POST $P '{"kind":"phone","value":"090\u00001234","category":"phishing"}'
bad "create: deep nesting" 400 body POST $P "$(printf '%0.s[' $(seq 1 3000))"
bad "create: kind is a number" 400 kind POST $P '{"kind":1,"value":"x","category":"phishing"}'
bad "create: value is an object" 400 value POST $P '{"kind":"phone","value":{},"category":"phishing"}'
bad "create: category is a list" 400 category POST $P '{"kind":"phone","value":"0312345678","category":["phishing"]}'
bad "create: missing kind" 400 kind POST $P '{"value":"0312345678","category":"phishing"}'
bad "create: missing value" 400 value POST $P '{"kind":"phone","category":"phishing"}'
bad "create: missing category" 400 category POST $P '{"kind":"phone","value":"0312345678"}'
bad "create: empty value" 400 value POST $P '{"kind":"phone","value":"","category":"phishing"}'
bad "create: unknown kind" 400 kind POST $P '{"kind":"fax","value":"0312345678","category":"phishing"}'
bad "create: invalid phone abc" 400 value POST $P '{"kind":"phone","value":"abc","category":"phishing"}'
bad "create: phone too long" 400 value POST $P '{"kind":"phone","value":"090123456789012345","category":"phishing"}'
bad "create: invalid url" 400 value POST $P '{"kind":"url","value":"http://","category":"phishing"}'
bad "create: invalid ip" 400 value POST $P '{"kind":"ip","value":"300.1.1.1","category":"phishing"}'
bad "create: bad category syntax" 400 category POST $P '{"kind":"phone","value":"0312345678","category":"Phish-ing"}'
bad "create: confidence a string" 400 confidence POST $P '{"kind":"phone","value":"0312345678","category":"phishing","confidence":"high"}'
bad "create: confidence 101" 400 confidence POST $P '{"kind":"phone","value":"0312345678","category":"phishing","confidence":101}'
bad "create: confidence -1" 400 confidence POST $P '{"kind":"phone","value":"0312345678","category":"phishing","confidence":-1}'
bad "create: confidence 1.5" 400 confidence POST $P '{"kind":"phone","value":"0312345678","category":"phishing","confidence":1.5}'
bad "create: unknown status" 400 status POST $P '{"kind":"phone","value":"0312345678","category":"phishing","status":"bogus"}'
bad "create: status a number" 400 status POST $P '{"kind":"phone","value":"0312345678","category":"phishing","status":1}'
bad "create: unknown distribution" 400 distribution POST $P '{"kind":"phone","value":"0312345678","category":"phishing","distribution":"everyone"}'
bad "create: evidence a number" 400 evidence POST $P '{"kind":"phone","value":"0312345678","category":"phishing","evidence":5}'
bad "create: evidence over 4 KiB" 400 evidence POST $P "{\"kind\":\"phone\",\"value\":\"0312345678\",\"category\":\"phishing\",\"evidence\":\"$(head -c 5000 /dev/zero | tr '\0' x)\"}"
bad "create: expires not a time" 400 expires POST $P '{"kind":"phone","value":"0312345678","category":"phishing","expires":"tomorrow"}'
bad "create: expires a bool" 400 expires POST $P '{"kind":"phone","value":"0312345678","category":"phishing","expires":true}'
bad "create: expires negative" 400 expires POST $P '{"kind":"phone","value":"0312345678","category":"phishing","expires":-5}'
bad "create: expires Feb 30" 400 expires POST $P '{"kind":"phone","value":"0312345678","category":"phishing","expires":"2030-02-30T00:00:00Z"}'
bad "create: unknown field" 400 colour POST $P '{"kind":"phone","value":"0312345678","category":"phishing","colour":"red"}'
bad "create: unknown query parameter" 400 debug POST "$P?debug=1" '{"kind":"phone","value":"0312345678","category":"phishing"}'
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$T_TMP/huge.json"
bad "create: 9 MiB body" 413 body POST $P "@$T_TMP/huge.json"
check_eq "create: 413 code too_large" too_large "$(jqr .error.code)"
# the same without Content-Length (chunked): drained, then refused
CODE=$(curl -s -o "$T_TMP/chunked.out" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    -H 'Transfer-Encoding: chunked' --data-binary "@$T_TMP/huge.json" "$BASE$P")
check_eq "create: 9 MiB chunked body → 413" 413 "$CODE"
check_eq "create: chunked 413 names body" body "$(jq -r .error.field "$T_TMP/chunked.out" 2>/dev/null)"

# ---- POST /v1/indicators/bulk ----------------------------------------------------
B=/v1/indicators/bulk
bad "bulk: empty body" 400 body POST $B ''
bad "bulk: only blank lines" 400 body POST $B "$(printf '\n\n  \n')"
bad "bulk: 9 MiB body" 413 body POST $B "@$T_TMP/huge.json"
for i in $(seq 1 10001); do echo '{}'; done >"$T_TMP/many.jsonl"
bad "bulk: 10001 lines" 413 body POST $B "@$T_TMP/many.jsonl"
printf '%s\n' '{"kind":"phone",' '[1]' '{"kind":"fax","value":"1","category":"phishing"}' \
    '{"kind":"phone","value":"abc","category":"phishing"}' '{"value":"0312345678","category":"phishing"}' \
    '{"kind":"phone","value":"0312345678","category":"phishing","confidence":"x"}' \
    '{"kind":"phone","value":"0312345678","category":"phishing","extra":1}' >"$T_TMP/badlines.jsonl"
api POST $B "@$T_TMP/badlines.jsonl"
check_eq "bulk: all-bad lines → 200 with per-line errors" 200 "$API_CODE"
check_eq "bulk: every line 400" "400 400 400 400 400 400 400" \
    "$(printf '%s\n' "$API_BODY" | jq -r .status | tr '\n' ' ' | sed 's/ $//')"
check_eq "bulk: fields named per line" "body body kind value kind confidence extra" \
    "$(printf '%s\n' "$API_BODY" | jq -r .error.field | tr '\n' ' ' | sed 's/ $//')"
printf '{"kind":"phone","value":"0312345678","category":"phishing"}\n\0\n' >"$T_TMP/nul.jsonl"
bad "bulk: NUL byte" 400 body POST $B "@$T_TMP/nul.jsonl"
bad "bulk: unknown query parameter" 400 x POST "$B?x=1" '{}'

# ---- GET /v1/indicators/lookup ----------------------------------------------------
L=/v1/indicators/lookup
bad "lookup: no parameters" 400 kind GET $L
bad "lookup: missing kind" 400 kind GET "$L?value=0312345678"
bad "lookup: empty kind" 400 kind GET "$L?kind=&value=0312345678"
bad "lookup: unknown kind" 400 kind GET "$L?kind=fax&value=0312345678"
bad "lookup: missing value" 400 value GET "$L?kind=phone"
bad "lookup: empty value" 400 value GET "$L?kind=phone&value="
bad "lookup: invalid phone abc" 400 value GET "$L?kind=phone&value=abc"
bad "lookup: invalid url" 400 value GET "$L?kind=url&value=http%3A%2F%2F"
bad "lookup: unknown parameter" 400 limit GET "$L?kind=phone&value=0312345678&limit=5"
bad "lookup: bad percent escape" 400 value GET "$L?kind=phone&value=%zz03"
bad "lookup: not listed" 404 value GET "$L?kind=phone&value=0312345678"

# ---- GET/PATCH /v1/indicators/{id} ---------------------------------------------------
bad "get: id abc" 400 id GET /v1/indicators/abc
bad "get: id 0" 400 id GET /v1/indicators/0
bad "get: id -1" 400 id GET /v1/indicators/-1
bad "get: id overflow" 400 id GET /v1/indicators/99999999999999999999
bad "get: id 1.5" 400 id GET /v1/indicators/1.5
bad "get: unknown id" 404 id GET /v1/indicators/424242
bad "get: trailing segment" 404 "" GET "/v1/indicators/$ID/extra"
bad "patch: id abc" 400 id PATCH /v1/indicators/abc '{"status":"confirmed"}'
bad "patch: malformed JSON" 400 body PATCH "/v1/indicators/$ID" '{"status":'
bad "patch: empty body" 400 body PATCH "/v1/indicators/$ID" ''
bad "patch: array body" 400 body PATCH "/v1/indicators/$ID" '["confirmed"]'
bad "patch: missing status" 400 status PATCH "/v1/indicators/$ID" '{}'
bad "patch: status a number" 400 status PATCH "/v1/indicators/$ID" '{"status":2}'
bad "patch: unknown status" 400 status PATCH "/v1/indicators/$ID" '{"status":"gone"}'
bad "patch: unknown field" 400 confidence PATCH "/v1/indicators/$ID" '{"status":"confirmed","confidence":5}'
bad "patch: unknown id" 404 id PATCH /v1/indicators/424242 '{"status":"confirmed"}'
bad "patch: 9 MiB body" 413 body PATCH "/v1/indicators/$ID" "@$T_TMP/huge.json"
api PATCH "/v1/indicators/$ID" '{"status":"false_positive"}'
check_eq "patch: → false_positive" 200 "$API_CODE"
bad "patch: false_positive → confirmed" 409 status PATCH "/v1/indicators/$ID" '{"status":"confirmed"}'
bad "patch: false_positive → reported" 409 status PATCH "/v1/indicators/$ID" '{"status":"reported"}'

# ---- GET /v1/indicators (list) ------------------------------------------------------------
bad "list: limit 0" 400 limit GET "/v1/indicators?limit=0"
bad "list: limit 1001" 400 limit GET "/v1/indicators?limit=1001"
bad "list: limit abc" 400 limit GET "/v1/indicators?limit=abc"
bad "list: limit empty" 400 limit GET "/v1/indicators?limit="
bad "list: cursor -1" 400 cursor GET "/v1/indicators?cursor=-1"
bad "list: cursor x" 400 cursor GET "/v1/indicators?cursor=x"
bad "list: since yesterday" 400 since GET "/v1/indicators?since=yesterday"
bad "list: since 2025-13-01" 400 since GET "/v1/indicators?since=2025-13-01T00:00:00Z"
bad "list: unknown kind" 400 kind GET "/v1/indicators?kind=fax"
bad "list: unknown status" 400 status GET "/v1/indicators?status=bogus"
bad "list: bad category" 400 category GET "/v1/indicators?category=Bad%20Cat"
bad "list: unknown parameter" 400 foo GET "/v1/indicators?foo=bar"

# ---- GET /v1/hashes/{kind}/{prefix} -----------------------------------------------------------
bad "hashes: non-hex" 400 prefix GET /v1/hashes/phone/zzzz
bad "hashes: 3 digits" 400 prefix GET /v1/hashes/phone/abc
bad "hashes: 5 digits" 400 prefix GET /v1/hashes/phone/abcde
bad "hashes: 0x prefix" 400 prefix GET /v1/hashes/phone/0x12
bad "hashes: unknown kind" 400 kind GET /v1/hashes/fax/abcd
bad "hashes: missing prefix" 404 "" GET /v1/hashes/phone
bad "hashes: extra segment" 404 "" GET /v1/hashes/phone/abcd/x
bad "hashes: unknown parameter" 400 n GET "/v1/hashes/phone/abcd?n=1"

# ---- auth ---------------------------------------------------------------------------------------
for hdr in "Basic dXNlcjpwYXNz" "Bearer" "Bearer " "bearer mm_x" "Bearer $(head -c 10000 /dev/zero | tr '\0' k)" "Token $KEY"; do
    CODE=$(curl -s -o "$T_TMP/auth.out" -w '%{http_code}' -H "Authorization: $hdr" \
        "$BASE/v1/indicators?limit=1")
    check_eq "auth: '${hdr:0:20}' → 401" 401 "$CODE"
done

# ---- URL, method, protocol -----------------------------------------------------------------------
LONG=$(head -c 9000 /dev/zero | tr '\0' a)
bad "URL over 8 KiB" 414 url GET "/v1/indicators/lookup?kind=phone&value=$LONG"
CODE=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/v1/$(head -c 70000 /dev/zero | tr '\0' a)")
check "request line over the memory limit → 4xx" test "$CODE" -ge 400 -a "$CODE" -lt 500
bad "DELETE an indicator" 405 method DELETE "/v1/indicators/$ID"
bad "PUT /v1/indicators" 405 method PUT /v1/indicators '{}'
bad "unknown route" 404 "" GET /v1/screen
bad "/v1 alone" 404 "" GET /v1

# raw garbage straight onto the socket
PORT=${BASE##*:}
for junk in 'GARBAGE\r\n\r\n' 'GET\r\n\r\n' 'GET / HTTP/9.9\r\n\r\n' \
    'POST /v1/indicators HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n' \
    'POST /v1/indicators HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n' \
    'POST /v1/indicators HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' \
    '\x00\x01\x02\xff\xfe\r\n\r\n'; do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf "$junk" >&3 && timeout 1 cat <&3 >/dev/null) 2>/dev/null
done
# a client that connects and goes away mid-body
(exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'POST /v1/indicators HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"kind"' >&3) 2>/dev/null
api GET /healthz "" -
check_eq "alive after socket garbage" 200 "$API_CODE"

# random bytes as bodies for every body-taking endpoint
fails=0
for i in $(seq 1 25); do
    head -c $((RANDOM % 2000 + 1)) /dev/urandom >"$T_TMP/rand.bin"
    for ep in "POST /v1/indicators" "POST /v1/indicators/bulk" "PATCH /v1/indicators/$ID"; do
        api ${ep% *} ${ep#* } "@$T_TMP/rand.bin"
        case $API_CODE in
        4??) ;;
        200) [ "${ep#* }" = /v1/indicators/bulk ] || fails=$((fails + 1)) ;; # bulk: per-line errors
        *) fails=$((fails + 1)); echo "    $ep → $API_CODE" ;;
        esac
    done
done
check_eq "random bodies → never 5xx or a dropped connection" 0 "$fails"

api GET /healthz "" -
check_eq "server still alive at the end (healthz 200)" 200 "$API_CODE"
check "server process still running" kill -0 "$SERVER_PID"
check "no sanitizer or crash report in the log" bash -c "! grep -Eq 'AddressSanitizer|runtime error|Segmentation' '$T_TMP/server.log'"

finish
