#!/usr/bin/env bash
# test_requests.sh — requests between organisations (issue 5 §4) through
# the API and the CLI: the police send a freeze and an inquiry, the bank
# lists what is addressed to it, acknowledges and answers; the wrong party
# gets 403, an illegal transition 409, a stranger 404; SLA figures; every
# change in the audit chain; bad input for every endpoint → 4xx naming the
# field.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

DB=$T_TMP/req.db
POLICE=$(new_org "$DB" police-hq police)
BANK=$(new_org "$DB" bank-a bank)
BANK2=$(new_org "$DB" bank-b bank)
SHOP=$(new_org "$DB" shop-a retailer)
# the server's data directory holds only what these endpoints read: loading
# every detector's model takes seconds under ASan on a busy machine
mkdir -p "$T_TMP/data"
echo "data_dir = $T_TMP/data" >"$T_TMP/serve.conf"
start_server "$DB" --config "$T_TMP/serve.conf" || { finish; exit 1; }
KEY=$POLICE

# ---- send ---------------------------------------------------------------------------
api POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005 002 普通 1234567","amount":1200000,"case_ref":"MPD-2025-0042","note":"victim transfer 2025-06-01 10:02"}'
check_eq "police send freeze → 201" 201 "$API_CODE"
FREEZE=$(jqr .id)
check_eq "state sent" sent "$(jqr .state)"
check_eq "subject canonical" "0005-002-1-1234567" "$(jqr .subject.value)"
check_eq "addressee named" bank-a "$(jqr .to.name)"
check "default freeze deadline 1 h after creation" test \
    "$(( $(date -d "$(jqr .deadline)" +%s) - $(date -d "$(jqr .created)" +%s) ))" -eq 3600
api POST /v1/requests '{"type":"inquiry","to":"bank-a","kind":"bank_account","value":"0005-002-1-7654321","deadline":"2099-01-01T00:00:00Z"}'
check_eq "police send inquiry → 201" 201 "$API_CODE"
INQ=$(jqr .id)
api POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005-002-1-1111111"}' "$SHOP"
check_eq "retailer may not send freeze → 403 field type" "403 type" "$API_CODE $(jqr .error.field)"
api POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005-002-1-2222222"}' "$BANK2"
check_eq "bank → bank freeze → 201" 201 "$API_CODE"
B2B=$(jqr .id)

# ---- list, get -----------------------------------------------------------------------
api GET "/v1/requests?to=me&state=sent" "" "$BANK"
check_eq "bank lists 3 sent to it" 3 "$(jqr '.requests|length')"
api GET "/v1/requests?from=me" "" "$POLICE"
check_eq "police lists 2 it sent" 2 "$(jqr '.requests|length')"
api GET "/v1/requests?to=me" "" "$SHOP"
check_eq "a stranger sees none" 0 "$(jqr '.requests|length')"
api GET "/v1/requests/$FREEZE" "" "$BANK2"
check_eq "a stranger gets 404 for one" 404 "$API_CODE"
api GET "/v1/requests?to=me&limit=2" "" "$BANK"
check_eq "paging: 2 and a cursor" "2 true" "$(jqr '.requests|length') $(jqr '.next_cursor != null')"

# ---- answer ---------------------------------------------------------------------------
api PATCH "/v1/requests/$FREEZE" '{"state":"done","answer":"x"}' "$POLICE"
check_eq "the sender may not answer → 403" "403 state" "$API_CODE $(jqr .error.field)"
api PATCH "/v1/requests/$FREEZE" '{"state":"cancelled"}' "$BANK"
check_eq "the addressee may not cancel → 403" 403 "$API_CODE"
api PATCH "/v1/requests/$FREEZE" '{"state":"acknowledged"}' "$BANK2"
check_eq "a stranger may not answer → 404" 404 "$API_CODE"
api PATCH "/v1/requests/$FREEZE" '{"state":"acknowledged"}' "$BANK"
check_eq "bank acknowledges → 200" "200 acknowledged" "$API_CODE $(jqr .state)"
api PATCH "/v1/requests/$FREEZE" '{"state":"done","answer":"frozen; balance ¥1,180,000 held"}' "$BANK"
check_eq "bank answers done" "200 done" "$API_CODE $(jqr .state)"
check_eq "answer kept" "frozen; balance ¥1,180,000 held" "$(jqr .answer)"
api PATCH "/v1/requests/$FREEZE" '{"state":"refused","answer":"late"}' "$BANK"
check_eq "done → refused is illegal → 409" "409 state" "$API_CODE $(jqr .error.field)"
api PATCH "/v1/requests/$FREEZE" '{"state":"acknowledged"}' "$BANK"
check_eq "done → acknowledged → 409" 409 "$API_CODE"
api PATCH "/v1/requests/$INQ" '{"state":"refused"}' "$BANK"
check_eq "refusal without an answer → 400 field answer" "400 answer" "$API_CODE $(jqr .error.field)"
api PATCH "/v1/requests/$INQ" '{"state":"refused","answer":"no such account"}' "$BANK"
check_eq "bank refuses inquiry" "200 refused" "$API_CODE $(jqr .state)"
api PATCH "/v1/requests/$B2B" '{"state":"cancelled"}' "$BANK2"
check_eq "sender cancels" "200 cancelled" "$API_CODE $(jqr .state)"

api GET "/v1/requests/sla" "" "$POLICE"
check_eq "SLA: one row (bank-a)" "1 bank-a" "$(jqr '.sla|length') $(jqr '.sla[0].org')"
check_eq "SLA: 2 received, 1 done, 1 refused, both on time" "2 1 1 100" \
    "$(jqr '.sla[0].received') $(jqr '.sla[0].done') $(jqr '.sla[0].refused') $(jqr '.sla[0].on_time_pct')"

# ---- CLI ---------------------------------------------------------------------------------
out=$("$MAMORU" request send --type freeze --to bank-b --kind bank_account --value 0009-001-1-0000001 --amount 500000 --org police-hq --db "$DB")
check_eq "CLI send → sent" sent "$(jq -r .state <<<"$out")"
CID=$(jq -r .id <<<"$out")
out=$("$MAMORU" request list --to-me --state open --org bank-b --db "$DB")
check_eq "CLI list --to-me --state open" "$CID" "$(jq -r .id <<<"$out")"
out=$("$MAMORU" request answer "$CID" --state done --answer "frozen" --org bank-b --db "$DB")
check_eq "CLI answer done" done "$(jq -r .state <<<"$out")"
"$MAMORU" request answer "$CID" --state cancelled --org police-hq --db "$DB" >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "CLI illegal transition → exit 2" 2 "$rc"
check "CLI names the state" grep -q "state" "$T_TMP/err"
"$MAMORU" request send --type seize --to bank-b --kind bank_account --value 0009-001-1-0000001 --org police-hq --db "$DB" >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "CLI bad type → exit 2" 2 "$rc"
check "CLI bad type names the field" grep -q "type" "$T_TMP/err"
out=$("$MAMORU" request sla --org police-hq --db "$DB")
check_eq "CLI sla: two addressees" 2 "$(wc -l <<<"$out")"
"$MAMORU" request show 999 --org police-hq --db "$DB" >/dev/null 2>&1; rc=$?
check_eq "CLI show unknown → exit 3" 3 "$rc"

# ---- audit ----------------------------------------------------------------------------------
check_eq "every send and answer audited (4 sends + 5 answers; refused attempts write nothing)" 9 \
    "$(sqlite3 "$DB" "select count(*) from audit where action like 'request.%'")"
check "audit chain verifies" "$MAMORU" audit verify --db "$DB"

# ---- bad input: every endpoint → 4xx naming the field ------------------------------------
bad() { # bad NAME METHOD PATH BODY CODE FIELD
    api "$2" "$3" "$4"
    check_eq "$1 → $5 field $6" "$5 $6" "$API_CODE $(jqr .error.field)"
}
bad "send: not JSON" POST /v1/requests 'x' 400 body
bad "send: missing type" POST /v1/requests '{"to":"bank-a","kind":"bank_account","value":"0005-002-1-1"}' 400 type
bad "send: bad type" POST /v1/requests '{"type":"seize","to":"bank-a","kind":"bank_account","value":"0005-002-1-1"}' 400 type
bad "send: unknown addressee" POST /v1/requests '{"type":"freeze","to":"nobody","kind":"bank_account","value":"0005-002-1-1"}' 400 to
bad "send: to self" POST /v1/requests '{"type":"freeze","to":"police-hq","kind":"bank_account","value":"0005-002-1-1"}' 400 to
bad "send: bad kind" POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank","value":"0005-002-1-1"}' 400 kind
bad "send: bad value" POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"12"}' 400 value
bad "send: negative amount" POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005-002-1-1","amount":-1}' 400 amount
bad "send: past deadline" POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005-002-1-1","deadline":"2001-01-01T00:00:00Z"}' 400 deadline
bad "send: bad deadline" POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005-002-1-1","deadline":"tomorrow"}' 400 deadline
bad "send: unknown field" POST /v1/requests '{"type":"freeze","to":"bank-a","kind":"bank_account","value":"0005-002-1-1","urgent":true}' 400 urgent
bad "list: to=other" GET "/v1/requests?to=bank-a" '' 400 to
bad "list: bad state" GET "/v1/requests?state=closed" '' 400 state
bad "list: bad type" GET "/v1/requests?type=x" '' 400 type
bad "list: bad limit" GET "/v1/requests?limit=0" '' 400 limit
bad "list: unknown parameter" GET "/v1/requests?org=1" '' 400 org
bad "get: bad id" GET "/v1/requests/abc" '' 400 id
bad "patch: bad id" PATCH "/v1/requests/0" '{"state":"done"}' 400 id
bad "patch: missing state" PATCH "/v1/requests/$FREEZE" '{}' 400 state
bad "patch: bad state" PATCH "/v1/requests/$FREEZE" '{"state":"closed"}' 400 state
bad "patch: unknown field" PATCH "/v1/requests/$FREEZE" '{"state":"done","x":1}' 400 x
bad "sla: bad since" GET "/v1/requests/sla?since=yesterday" '' 400 since
api GET /v1/requests "" -
check_eq "no key → 401" 401 "$API_CODE"

finish
