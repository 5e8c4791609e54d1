#!/usr/bin/env bash
# test_payments.sh — payment events end to end (issue 5): the CLI imports
# (JSONL with a bad line, a Zengin 総合振込 file built byte by byte in
# Shift_JIS with half-width kana and two bad records, an unusable file →
# exit 2), `mamoru screen payment` (one event, --jsonl with state, a bad
# event), and the API: POST /v1/payments (one, JSONL, duplicates, bad
# lines), POST /v1/screen/payment (listed payee after a report, ATM phone
# call, mule sequence), GET /v1/accounts/{id}/risk, roles, and bad input
# for every endpoint → 4xx naming the field.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh
export LC_ALL=C

DB=$T_TMP/pay.db

# ---- CLI: import payments ----------------------------------------------------------
cat >"$T_TMP/ev.jsonl" <<'EOF'
{"id":"c1","type":"transfer","time":"2025-06-01T09:30:00+09:00","amount":150000,"from":{"account":"0001 001 普通 1234567","name":"ヤマダ ハナコ","age":78},"to":{"account":"0036-251-1-7654321"},"channel":"ib"}
{"id":"c2","type":"transfer","time":"2025-06-01T09:31:00+09:00","amount":1,"from":{"account":"0001-001-1-1234567"}}
{"id":"c3","type":"atm_withdrawal","time":"2025-06-01T09:40:00+09:00","amount":500000,"from":{"account":"0036-251-1-7654321"},"channel":"atm"}
EOF
out=$("$MAMORU" import payments "$T_TMP/ev.jsonl" --db "$DB" 2>"$T_TMP/err"); rc=$?
check_eq "import payments: bad line → exit 2" 2 "$rc"
check "import payments: 2 kept" grep -q "2 kept, 0 already stored, 1 rejected" <<<"$out"
check "import payments: line 2 named with field to.account" grep -q "^line 2: to.account:" "$T_TMP/err"
out=$("$MAMORU" import payments "$T_TMP/ev.jsonl" --db "$DB" 2>/dev/null)
check "import payments again: duplicates counted, not stored twice" grep -q "0 kept, 2 already stored" <<<"$out"
check_eq "payments table has 2 rows" 2 "$(sqlite3 "$DB" 'select count(*) from payments')"
check_eq "payer stored canonical" "0001-001-1-1234567" "$(sqlite3 "$DB" "select from_account from payments where ext_id='c1'")"
check_eq "payer name not stored in clear" 0 "$(sqlite3 "$DB" "select count(*) from payments where from_name_hash like '%ヤマダ%'")"

# ---- CLI: import zengin ------------------------------------------------------------------
# rec FIELD... : one 120-byte record from "pos:bytes" pairs (bytes via printf %b)
rec() {
    local r
    r=$(printf '%120s' '')
    for f in "$@"; do
        local pos=${f%%:*} val
        val=$(printf '%b' "${f#*:}")
        r="${r:0:$((pos - 1))}${val}${r:$((pos - 1 + ${#val}))}"
    done
    printf '%s\r\n' "$r"
}
KANA='\xD4\xCF\xC0\xDE \xC0\xDB\xB3' # ﾔﾏﾀﾞ ﾀﾛｳ
{
    rec "1:1" "2:21" "4:0" "5:0000012345" '15:\xB6)\xC3\xBD\xC4' "55:0601" "59:0001" "78:001" "96:1" "97:1234567"
    rec "1:2" "2:0005" "21:001" "39:0000" "43:1" "44:7654321" "51:$KANA" "81:0000150000" "91:0"
    rec "1:2" "2:0005" "21:001" "39:0000" "43:1" "44:76X4321" "51:$KANA" "81:0000010000" "91:0"
    rec "1:2" "2:0009" "21:001" "39:0000" "43:7" "44:0000001" "51:$KANA" "81:0000020000" "91:0"
    rec "1:2" "2:0036" "21:251" "39:0000" "43:1" "44:0000002" "51:$KANA" "81:0000030000" "91:0"
    rec "1:8" "2:000004" "8:000000210000"
    rec "1:9"
} >"$T_TMP/zengin.txt"
check_eq "zengin fixture is 7 × 122 bytes" 854 "$(wc -c <"$T_TMP/zengin.txt")"
out=$("$MAMORU" import zengin "$T_TMP/zengin.txt" --ref-date 2025-05-20 --db "$DB" 2>"$T_TMP/err"); rc=$?
check_eq "import zengin: usable file → exit 0" 0 "$rc"
check "import zengin: 2 records kept, 2 rejected" grep -q "2 records kept, 0 already stored, 2 rejected" <<<"$out"
check "import zengin: record 3 named with field number" grep -q "^record 3: number: .*76X4321" "$T_TMP/err"
check "import zengin: record 4 named with field account_type" grep -q "^record 4: account_type:" "$T_TMP/err"
check "import zengin: no trailer complaint (count and total match)" test "$(grep -c '^record 6' "$T_TMP/err")" -eq 0
check_eq "zengin payee stored as a transfer from the header account" "0001-001-1-1234567|0005-001-1-7654321|150000" \
    "$(sqlite3 "$DB" "select from_account, to_account, amount from payments where ext_id like 'zengin-%:2'")"
check_eq "zengin date 0601 in the year nearest to --ref-date" "2025-06-01" \
    "$(sqlite3 "$DB" "select date(ts, 'unixepoch') from payments where ext_id like 'zengin-%:2'")"
out=$("$MAMORU" import zengin "$T_TMP/zengin.txt" --ref-date 2025-05-20 --db "$DB" 2>/dev/null)
check "import zengin again: already stored" grep -q "0 records kept, 2 already stored" <<<"$out"
sed 's/^8000004/8000005/' "$T_TMP/zengin.txt" >"$T_TMP/zengin_bad_trailer.txt"
"$MAMORU" import zengin "$T_TMP/zengin_bad_trailer.txt" --db "$DB" >/dev/null 2>"$T_TMP/err"
check "import zengin: trailer count mismatch named (record 6, field count)" grep -q "^record 6: count: .*says 5" "$T_TMP/err"
printf 'this is not a zengin file\n' >"$T_TMP/notzengin.txt"
"$MAMORU" import zengin "$T_TMP/notzengin.txt" --db "$DB" >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "import zengin: unusable file → exit 2" 2 "$rc"
check "import zengin: unusable file says why" grep -q "file unusable: record_type" "$T_TMP/err"

# ---- CLI: screen payment ---------------------------------------------------------------------
out=$("$MAMORU" screen payment '{"id":"s1","type":"atm_transfer","time":"2025-06-01T10:00:00+09:00","amount":99000,"from":{"account":"0001-001-1-1234567","age":81},"to":{"account":"0036-251-1-7654321"},"channel":"atm","flags":["on_phone_call"]}')
check_eq "screen payment: ATM phone call → hold" hold "$(jq -r .action <<<"$out")"
check_eq "screen payment: reason ATM_ON_PHONE_CALL" ATM_ON_PHONE_CALL "$(jq -r '.reasons[0].code' <<<"$out")"
check "screen payment: Japanese text for the clerk" test -n "$(jq -r '.reasons[0].text_ja // empty' <<<"$out")"
"$MAMORU" screen payment '{"id":"s1","type":"transfer","time":"yesterday"}' >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "screen payment: bad time → exit 2" 2 "$rc"
check "screen payment: bad time names the field" grep -q "time" "$T_TMP/err"
M='0036-251-1-0000777'
out=$(for i in 1 2 3; do
    printf '{"id":"v%d","type":"transfer","time":"2025-06-01T10:0%d:00Z","amount":300000,"from":{"account":"0001-001-1-000001%d"},"to":{"account":"%s"}}\n' "$i" "$i" "$i" "$M"
done
printf '{"id":"m1","type":"transfer","time":"2025-06-01T11:00:00Z","amount":870000,"from":{"account":"%s"},"to":{"account":"0038-106-1-0000888"}}\n' "$M" | cat
) 
out=$(printf '%s\n' "$out" | "$MAMORU" screen payment --jsonl)
check_eq "screen payment --jsonl: one verdict per event" 4 "$(wc -l <<<"$out")"
check "screen payment --jsonl: the pass-through is a mule" grep -q MULE_PASS_THROUGH <<<"$(tail -1 <<<"$out")"

# ---- CLI: import dic (frozen-account notices) -------------------------------------------------
out=$("$MAMORU" import dic tests/fixtures/dic_notices_sample.tsv --db "$DB" 2>"$T_TMP/err"); rc=$?
check_eq "import dic: bad lines → exit 2" 2 "$rc"
check "import dic: 3 listed, 1 retracted, 2 edges" grep -q "3 accounts listed, 1 retracted, 2 upstream edges" <<<"$out"
check "import dic: bad branch code named with its line" grep -q "^line 9: branch_code:" "$T_TMP/err"
check_eq "import dic: frozen account listed and actioned" "frozen_account|2" \
    "$(sqlite3 "$DB" "select category, status from indicators where canonical='0036-251-1-9100002'")"
check_eq "import dic: retracted account is false_positive" 4 \
    "$(sqlite3 "$DB" "select status from indicators where canonical='0005-001-1-9100001'")"
check_eq "import dic: upstream edges stored with the flag dic_upstream" 2 \
    "$(sqlite3 "$DB" "select count(*) from payments where flags='dic_upstream' and to_account='0036-251-1-9100002'")"
out=$("$MAMORU" import dic tests/fixtures/dic_notices_sample.tsv --db "$DB" 2>/dev/null)
check "import dic again: nothing new" grep -q "0 accounts listed, 0 retracted, 0 upstream edges, 4 already applied" <<<"$out"
out=$("$MAMORU" screen payment '{"id":"f1","type":"transfer","time":"2025-08-01T10:00:00Z","amount":50000,"from":{"account":"0001-001-1-1234567"},"to":{"account":"0036-251-1-9100002"}}' --db "$DB")
check_eq "screen with --db: payee in a DIC notice → block" "block ACCOUNT_FROZEN" "$(jq -r '.action + " " + .reasons[0].code' <<<"$out")"
out=$("$MAMORU" screen payment '{"id":"f2","type":"transfer","time":"2025-08-01T10:00:00Z","amount":50000,"from":{"account":"0001-001-1-1234567"},"to":{"account":"0005-001-1-9100001"}}' --db "$DB")
check_eq "screen with --db: retracted account → allow" allow "$(jq -r .action <<<"$out")"

# ---- API ---------------------------------------------------------------------------------------
BANK=$(new_org "$DB" bank-a bank)
POLICE=$(new_org "$DB" police-a police)
CARRIER=$(new_org "$DB" carrier-a carrier)
# the server's data directory holds only what these endpoints read: loading
# every detector's model takes seconds under ASan on a busy machine
mkdir -p "$T_TMP/data"
cp data/warnings.tsv data/payment_rules.tsv data/exchange_accounts.tsv "$T_TMP/data/"
echo "data_dir = $T_TMP/data" >"$T_TMP/serve.conf"
start_server "$DB" --config "$T_TMP/serve.conf" || { finish; exit 1; }
KEY=$BANK
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

api POST /v1/payments "{\"id\":\"a1\",\"type\":\"transfer\",\"time\":\"$NOW\",\"amount\":200000,\"from\":{\"account\":\"0001-001-1-2000001\"},\"to\":{\"account\":\"0005-001-1-2000002\"}}"
check_eq "POST /v1/payments one → 201" 201 "$API_CODE"
check_eq "POST /v1/payments one → kept 1" 1 "$(jqr .kept)"
api POST /v1/payments "{\"id\":\"a1\",\"type\":\"transfer\",\"time\":\"$NOW\",\"amount\":200000,\"from\":{\"account\":\"0001-001-1-2000001\"},\"to\":{\"account\":\"0005-001-1-2000002\"}}"
check_eq "POST /v1/payments same id → 200 duplicate" "200 1" "$API_CODE $(jqr .duplicate)"
BODY=$(printf '%s\n' \
    "{\"id\":\"a2\",\"type\":\"transfer\",\"time\":\"$NOW\",\"amount\":100000,\"from\":{\"account\":\"0009-001-1-2000003\"},\"to\":{\"account\":\"0005-001-1-2000002\"}}" \
    '{"id":"a3","type":"transfer","time":"2025-01-01T00:00:00Z","amount":-5}' \
    "{\"id\":\"a4\",\"type\":\"atm_withdrawal\",\"time\":\"$NOW\",\"amount\":290000,\"from\":{\"account\":\"0005-001-1-2000002\"}}")
api POST /v1/payments "$BODY"
check_eq "POST /v1/payments JSONL → 201" 201 "$API_CODE"
check_eq "JSONL: 2 kept, 1 rejected" "2 1" "$(jqr '.kept') $(jqr '.rejected_count')"
check_eq "JSONL: rejected line 2 names amount" "2 amount" "$(jqr '.rejected[0].line') $(jqr '.rejected[0].field')"

check_eq "POST /v1/payments audited under the sending organisation" 2 \
    "$(sqlite3 "$DB" "select count(*) from audit a join orgs o on o.id = a.org_id where a.action = 'payments.post' and o.name = 'bank-a'")"
api GET "/v1/accounts/0005-001-1-2000002/risk"
check_eq "risk → 200" 200 "$API_CODE"
check_eq "risk: recorded inflows from 2 senders" "2 2" "$(jqr .recorded.in_count) $(jqr .recorded.senders)"
check_eq "risk: recorded outflow" 290000 "$(jqr .recorded.out_amount)"
check_eq "risk: not listed" null "$(jqr .listed)"
api GET "/v1/accounts/0005%20001%20%E6%99%AE%E9%80%9A%202000002/risk"
check_eq "risk: any writing of the account (URL-encoded)" "200 0005-001-1-2000002" "$API_CODE $(jqr .account)"

# listed payee: police reports it, the bank's screen sees it
api POST /v1/indicators '{"kind":"bank_account","value":"0005-001-1-2000002","category":"police_impersonation","status":"confirmed"}' "$POLICE"
check_eq "police reports the account" 201 "$API_CODE"
sleep 0.5
SCR="{\"id\":\"q1\",\"type\":\"transfer\",\"time\":\"$NOW\",\"amount\":500000,\"from\":{\"account\":\"0001-001-1-2000009\",\"age\":79},\"to\":{\"account\":\"0005-001-1-2000002\"},\"channel\":\"ib\"}"
api POST /v1/screen/payment "$SCR"
check_eq "screen listed payee → 200" 200 "$API_CODE"
check_eq "screen listed payee (80) + elderly (45) → block" block "$(jqr .action)"
check "screen: ACCOUNT_LISTED and ELDERLY_LARGE_TRANSFER" test "$(jqr '[.reasons[].code]|sort|join(",")')" = "ACCOUNT_LISTED,ELDERLY_LARGE_TRANSFER"
check_eq "screen: category from the indicator" police_impersonation "$(jqr .category)"
api GET "/v1/accounts/0005-001-1-2000002/risk"
check_eq "risk: listed now" confirmed "$(jqr .listed.status)"
check "risk: signals include listed" grep -q listed <<<"$(jqr '.signals|join(",")')"

# 名義照会 against the holder kept (hashed) for a listed account
api POST /v1/indicators '{"kind":"bank_account","value":"0009-001-1-2000077 カ）サギショウジ","category":"investment"}' "$POLICE"
check_eq "police reports an account with its holder" 201 "$API_CODE"
api GET "/v1/accounts/0009-001-1-2000077/risk?name=%EF%BD%B6%29%EF%BD%BB%EF%BD%B7%EF%BE%9E%EF%BD%BC%EF%BD%AE%EF%BD%B3%EF%BD%BC%EF%BE%9E"
check_eq "holder check: half-width ｶ)ｻｷﾞｼｮｳｼﾞ matches カ）サギショウジ" true "$(jqr .holder_match)"
api GET "/v1/accounts/0009-001-1-2000077/risk?name=%E3%83%A4%E3%83%9E%E3%83%80"
check_eq "holder check: another name does not match" "false holder_mismatch" "$(jqr .holder_match) $(jqr '.signals|join(",")' | grep -o holder_mismatch)"
api GET "/v1/accounts/0005-001-1-2000002/risk?name=%E3%83%A4%E3%83%9E%E3%83%80"
check_eq "holder check: no holder on file → null" null "$(jqr .holder_match)"

# roles
api POST /v1/screen/payment "$SCR" "$CARRIER"
check_eq "carrier may not screen payments → 403" "403 role" "$API_CODE $(jqr .error.field)"
api POST /v1/payments "$SCR" "$CARRIER"
check_eq "carrier may not send payments → 403" 403 "$API_CODE"
api GET "/v1/accounts/0005-001-1-2000002/risk" "" "$CARRIER"
check_eq "carrier may not look up bank accounts → 403" 403 "$API_CODE"
api POST /v1/screen/payment "$SCR" -
check_eq "no key → 401" 401 "$API_CODE"

# bad input: every endpoint → 4xx naming the field
bad() { # bad NAME METHOD PATH BODY CODE FIELD
    api "$2" "$3" "$4"
    check_eq "$1 → $5 field $6" "$5 $6" "$API_CODE $(jqr .error.field)"
}
bad "screen: not JSON" POST /v1/screen/payment 'nope' 400 body
bad "screen: array" POST /v1/screen/payment '[1]' 400 body
bad "screen: unknown type" POST /v1/screen/payment '{"id":"x","type":"wire","time":1,"amount":1}' 400 type
bad "screen: bad time" POST /v1/screen/payment '{"id":"x","type":"transfer","time":"2025-13-01T00:00:00Z"}' 400 time
bad "screen: amount string" POST /v1/screen/payment '{"id":"x","type":"transfer","time":1,"amount":"5"}' 400 amount
bad "screen: bad payee account" POST /v1/screen/payment '{"id":"x","type":"transfer","time":1,"amount":5,"from":{"account":"0001-001-1-1"},"to":{"account":"12-3"}}' 400 to.account
bad "screen: unknown field" POST /v1/screen/payment '{"id":"x","type":"transfer","time":1,"amount":5,"color":"red"}' 400 color
bad "screen: age out of range" POST /v1/screen/payment '{"id":"x","type":"transfer","time":1,"amount":5,"from":{"age":-1}}' 400 from.age
bad "screen: flags not array" POST /v1/screen/payment '{"id":"x","type":"transfer","time":1,"amount":5,"flags":"a"}' 400 flags
bad "screen: missing id" POST /v1/screen/payment '{"type":"transfer","time":1,"amount":5}' 400 id
bad "screen: query parameter" POST "/v1/screen/payment?x=1" "$SCR" 400 x
bad "payments: empty" POST /v1/payments '' 400 body
bad "payments: bad channel" POST /v1/payments '{"id":"x","type":"transfer","time":1,"amount":5,"channel":"fax","from":{"account":"0001-001-1-1"},"to":{"account":"0001-001-1-2"}}' 400 channel
bad "payments: all lines bad" POST /v1/payments $'{"id":"x"}\n{"id":"y"}' 400 body
bad "payments: bad name (too long)" POST /v1/payments "{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":5,\"from\":{\"account\":\"0001-001-1-1\",\"name\":\"$(printf 'A%.0s' $(seq 1 250))\"},\"to\":{\"account\":\"0001-001-1-2\"}}" 400 from.name
bad "risk: not an account" GET "/v1/accounts/hello/risk" '' 400 id
bad "risk: bad days" GET "/v1/accounts/0005-001-1-2000002/risk?days=0" '' 400 days
bad "risk: unknown parameter" GET "/v1/accounts/0005-001-1-2000002/risk?x=1" '' 400 x
bad "risk: empty name" GET "/v1/accounts/0005-001-1-2000002/risk?name=" '' 400 name
api GET /metrics "" -
check "metrics count the payment routes" grep -q 'route="screen_payment"' <<<"$API_BODY"

finish
