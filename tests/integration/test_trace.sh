#!/usr/bin/env bash
# test_trace.sh — fund tracing end to end (issue 5 §3): `mamoru trace` on a
# transfers CSV (tests/fixtures/trace/transfers.csv, FIFO worked out by hand
# below), --plain, --hops / --window-hours, a trace from an account and an
# amount, bad input → exit 2 naming the field; then the same events through
# the store (`mamoru import payments`) and the API: POST /v1/trace, roles,
# bad bodies, and a payment recorded after the first trace showing up in
# the next one (the graph refreshes itself).
#
# The fixture: M1 holds ¥100,000 of salary, then the victim's ¥500,000
# arrives. M1 → M2 ¥300,000 = ¥100,000 clean + ¥200,000 victim; M1 → M3
# ¥250,000 victim (M1 keeps ¥50,000). M2 withdraws ¥200,000 at an ATM =
# ¥100,000 clean + ¥100,000 victim; its last ¥100,000 leaves after 72 h
# (not followed). M3 → an exchange's account ¥240,000 (keeps ¥10,000),
# which sends ¥200,000 to a bitcoin address (keeps ¥40,000).
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh
export LC_ALL=C.UTF-8

CSV=tests/fixtures/trace/transfers.csv
M1=0005-001-1-1000001 M2=0036-101-1-3000003 M3=0038-100-1-4000004 EX=0310-101-1-5000005
BTC=btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq

# ---- CLI on the CSV ---------------------------------------------------------------------
out=$("$MAMORU" trace --transfers "$CSV" --tx tx-1001 --json); rc=$?
check_eq "trace --json: exit 0" 0 "$rc"
check_eq "every account still holding victim money, with amount_remaining" \
    "$BTC=200000 $M1=50000 $EX=40000 $M3=10000" \
    "$(jq -r '[.holding[] | "\(.account)=\(.amount_remaining)"] | join(" ")' <<<"$out")"
check_eq "summary: remaining, cashed out, not followed" "300000 100000 100000 500000" \
    "$(jq -r '.summary | "\(.remaining) \(.cashed_out) \(.untraced) \(.victim_amount)"' <<<"$out")"
check_eq "cash withdrawn at the ATM" "0034-000-0-0000000=100000" \
    "$(jq -r '[.cashed_out[] | "\(.account)=\(.amount)"] | join(" ")' <<<"$out")"
check_eq "freeze targets: holder bank code or chain" "btc 0005 0310 0038" \
    "$(jq -r '[.freeze_targets[].holder] | join(" ")' <<<"$out")"
check_eq "edges with victim money and their hops" "tx-1001:0:500000 tx-1002:1:200000 tx-1003:1:250000 tx-1004:2:100000 tx-1005:2:240000 tx-1006:3:200000 tx-1007:2:100000" \
    "$(jq -r '[.edges[] | "\(.tx):\(.hop):\(.tainted)"] | sort | join(" ")' <<<"$out")"
check_eq "the late transfer is cut by the window" "window 0" \
    "$(jq -r '.edges[] | select(.tx == "tx-1007") | "\(.cut) \(.traced)"' <<<"$out")"
out=$("$MAMORU" trace --transfers "$CSV" --tx tx-1001)
check "text: tree and freeze lines" grep -q "freeze  $M1 *¥50,000" <<<"$out"
check "text: window cut shown" grep -q "not followed: time window" <<<"$out"

out=$("$MAMORU" trace --transfers "$CSV" --tx tx-1001 --plain --json)
check_eq "plain expansion: the peers' reached set" "6 6" \
    "$(jq -r '"\(.transfers) \(.accounts)"' <<<"$out")"
check_eq "plain expansion: reached transfers" "tx-1001 tx-1002 tx-1003 tx-1004 tx-1005 tx-1006" \
    "$(jq -r '.reached_transfers | sort | join(" ")' <<<"$out")"

out=$("$MAMORU" trace --transfers "$CSV" --tx tx-1001 --hops 1 --json)
# hop 2 is cut: M2's and M3's payments still leave, but are not followed
check_eq "--hops 1: hop-2 money is not followed" "$M1=50000 $M3=10000 440000" \
    "$(jq -r '([.holding[] | "\(.account)=\(.amount_remaining)"] | sort | join(" ")) + " " + (.summary.untraced | tostring)' <<<"$out")"
out=$("$MAMORU" trace --transfers "$CSV" --tx tx-1001 --window-hours 0 --json)
check_eq "--window-hours 0: no window, the late transfer is followed" "100000" \
    "$(jq -r '.holding[] | select(.account == "0116-101-1-6000006") | .amount_remaining' <<<"$out")"
out=$("$MAMORU" trace --transfers "$CSV" --account "$M3" --amount 50000 \
    --time 2025-10-02T10:20:00+09:00 --json)
check_eq "from an account and an amount: behind ¥250,000 of earlier money, it stays" "$M3=50000" \
    "$(jq -r '[.holding[] | "\(.account)=\(.amount_remaining)"] | join(" ")' <<<"$out")"

out=$("$MAMORU" trace --transfers "$CSV" --mule "$M1"); rc=$?
check_eq "--mule: exit 0" 0 "$rc"
check_eq "--mule: features of M1" "2 2 600000 550000" \
    "$(jq -r '"\(.fan_in) \(.fan_out) \(.in_total) \(.out_total)"' <<<"$out")"
check "--mule: a score 0-100" jq -e '.score >= 0 and .score <= 100' <<<"$out"
printf 'tx-1001\ntx-0900\n' >"$T_TMP/victims.txt"
out=$("$MAMORU" trace --transfers "$CSV" --collectors "$T_TMP/victims.txt" --min-victims 1 2>/dev/null)
check_eq "--collectors: M1 is reached from both, through two senders" "$M1 2 2" \
    "$(jq -r 'select(.account == "'"$M1"'") | "\(.account) \(.victims) \(.senders)"' <<<"$out")"
printf 'nope\n' >"$T_TMP/victims.txt"
"$MAMORU" trace --transfers "$CSV" --collectors "$T_TMP/victims.txt" >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "--collectors: unknown tx → exit 2" 2 "$rc"
check "--collectors: names line and tx" grep -q "line 1: tx: 'nope'" "$T_TMP/err"

# ---- bad input → exit 2 naming the field ----------------------------------------------
printf 'id,time,from,to,amount\nx1,2025-10-02T10:00:00+09:00,%s,%s,12.5\n' "$M1" "$M2" >"$T_TMP/bad_amount.csv"
printf 'id,time,from,to,amount\nx1,yesterday,%s,%s,5\n' "$M1" "$M2" >"$T_TMP/bad_time.csv"
printf 'id,time,from,to,amount\nx1,1759366800,%s,not-an-account,5\n' "$M1" >"$T_TMP/bad_to.csv"
printf 'id;time;from;to;amount\n' >"$T_TMP/bad_header.csv"
for c in "bad_amount:line 2: amount" "bad_time:line 2: time" "bad_to:line 2: to" "bad_header:line 1: header"; do
    f=${c%%:*} field=${c#*:}
    "$MAMORU" trace --transfers "$T_TMP/$f.csv" --tx x1 >/dev/null 2>"$T_TMP/err"; rc=$?
    check_eq "$f → exit 2" 2 "$rc"
    check "$f → names '$field'" grep -q "$field" "$T_TMP/err"
done
"$MAMORU" trace --transfers "$CSV" --tx nope >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "unknown tx → exit 3" 3 "$rc"
check "unknown tx → named" grep -q "tx: 'nope'" "$T_TMP/err"
"$MAMORU" trace --transfers "$CSV" --tx tx-1001 --hops 0 >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "--hops 0 → exit 2" 2 "$rc"
check "--hops 0 → named" grep -q -- "--hops" "$T_TMP/err"
"$MAMORU" trace --transfers "$CSV" >/dev/null 2>&1; rc=$?
check_eq "no --tx → exit 2" 2 "$rc"
"$MAMORU" trace --transfers "$CSV" --account "$M3" --amount lots --time 1 >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "bad --amount → exit 2" 2 "$rc"
check "bad --amount → named" grep -q "amount" "$T_TMP/err"

# ---- the store and the API -------------------------------------------------------------
DB=$T_TMP/trace.db
# the CSV as payment events (type by destination), for the store
awk -F, 'NR > 1 {
    type = "transfer"; to = "\"to\":{\"account\":\"" $4 "\"}"
    if ($4 ~ /-000-0-0000000$/) { type = "atm_withdrawal"; to = "\"channel\":\"atm\"" }
    printf "{\"id\":\"%s\",\"type\":\"%s\",\"time\":\"%s\",\"amount\":%s,\"from\":{\"account\":\"%s\"},%s}\n", $1, type, $2, $5, $3, to
}' "$CSV" >"$T_TMP/events.jsonl"
out=$("$MAMORU" import payments "$T_TMP/events.jsonl" --db "$DB" 2>"$T_TMP/err"); rc=$?
if [ "$rc" -ne 0 ]; then
    echo "SKIP: the store side cannot import the fixture (import payments exit $rc: $(head -c 300 "$T_TMP/err"))"
    finish
    exit
fi
out=$("$MAMORU" trace --db "$DB" --tx tx-1001 --json); rc=$?
check_eq "trace --db: exit 0" 0 "$rc"
# an ATM withdrawal in the store leaves to the payer's bank's cash sink
check_eq "trace --db: the same holdings as from the CSV" "$BTC=200000 $M1=50000 $EX=40000 $M3=10000" \
    "$(jq -r '[.holding[] | "\(.account)=\(.amount_remaining)"] | join(" ")' <<<"$out")"
check_eq "trace --db: cash sink of M2's bank" "0036-000-0-0000000=100000" \
    "$(jq -r '[.cashed_out[] | "\(.account)=\(.amount)"] | join(" ")' <<<"$out")"

POLICE=$(new_org "$DB" police-t police)
CARRIER=$(new_org "$DB" carrier-t carrier)
BANK=$(new_org "$DB" bank-t bank)
# the server's data directory holds only what these endpoints read (the full
# detector load takes seconds under ASan on a busy machine)
mkdir -p "$T_TMP/data"
cp data/exchange_accounts.tsv "$T_TMP/data/" 2>/dev/null
echo "data_dir = $T_TMP/data" >"$T_TMP/serve.conf"
start_server "$DB" --config "$T_TMP/serve.conf" || { finish; exit 1; }
KEY=$POLICE
api POST /v1/trace '{"tx":"tx-1001"}'
check_eq "POST /v1/trace → 200" 200 "$API_CODE"
check_eq "POST /v1/trace: holdings as the CLI" "$BTC=200000 $M1=50000 $EX=40000 $M3=10000" \
    "$(jqr '[.holding[] | "\(.account)=\(.amount_remaining)"] | join(" ")')"
check_eq "POST /v1/trace: freeze targets" "4" "$(jqr '.freeze_targets | length')"
api POST /v1/trace '{"tx":"tx-1001","hops":1}'
check_eq "POST /v1/trace hops 1: untraced" "440000" "$(jqr .summary.untraced)"
api POST /v1/trace "{\"account\":\"$M3\",\"amount\":50000,\"time\":\"2025-10-02T10:20:00+09:00\"}"
check_eq "POST /v1/trace from an account" "$M3=50000" \
    "$(jqr '[.holding[] | "\(.account)=\(.amount_remaining)"] | join(" ")')"
api POST /v1/trace '{"tx":"tx-1001"}' "$CARRIER"
check_eq "carrier → 403" "403 role" "$API_CODE $(jqr .error.field)"
api POST /v1/trace '{"tx":"tx-1001"}' -
check_eq "no key → 401" 401 "$API_CODE"
for c in '{"tx":"nope"}:404:tx' '{"tx":5}:400:tx' '{}:400:tx' '{"tx":"tx-1001","hops":0}:400:hops' \
         '{"tx":"tx-1001","window_hours":"x"}:400:window_hours' '{"tx":"tx-1001","color":1}:400:color' \
         '{"account":"nonsense","amount":1,"time":1}:400:account' \
         "{\"account\":\"$M3\",\"time\":1}:400:amount" "{\"account\":\"$M3\",\"amount\":1}:400:time"; do
    body=${c%:*:*} rest=${c#"$body":} code=${rest%%:*} field=${rest#*:}
    api POST /v1/trace "$body"
    check_eq "POST /v1/trace $body → $code naming $field" "$code $field" "$API_CODE $(jqr .error.field)"
done
api POST /v1/trace 'not json'
check_eq "POST /v1/trace bad JSON → 400" 400 "$API_CODE"
check "trace is audited" test "$(sqlite3 "$DB" "select count(*) from audit where action='trace.run'" 2>/dev/null || echo 0)" -ge 3

# a payment recorded now moves M1's last ¥50,000 on; the next trace sees it
api POST /v1/payments "{\"id\":\"tx-1010\",\"type\":\"transfer\",\"time\":\"2025-10-02T12:30:00+09:00\",\"amount\":50000,\"from\":{\"account\":\"$M1\"},\"to\":{\"account\":\"0017-104-1-7000007\"}}" "$BANK"
check_eq "POST /v1/payments → 201" 201 "$API_CODE"
sleep 1.1
api POST /v1/trace '{"tx":"tx-1001"}'
check_eq "the refreshed graph follows the new payment" "0017-104-1-7000007=50000" \
    "$(jqr '[.holding[] | select(.account == "0017-104-1-7000007") | "\(.account)=\(.amount_remaining)"] | join(" ")')"
check_eq "M1 no longer holds victim money" "" \
    "$(jqr "[.holding[] | select(.account == \"$M1\")] | .[0].account // empty")"
finish
