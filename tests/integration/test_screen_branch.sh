#!/usr/bin/env bash
# test_screen_branch.sh — an account written with the branch's NAME in a
# message ("みずほ銀行 渋谷支店 普通 1234567") is resolved through the
# Zengin list (../shared/data/zengin-code, the serve/CLI default) and found
# listed, through POST /v1/screen/message and `mamoru screen sms --db`; the
# same account at another branch (新宿支店) is not.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

if [ ! -s "$SHARED_DATA/zengin-code/branches_all.tsv" ]; then
    echo "SKIP: $SHARED_DATA/zengin-code is absent (branch names cannot be resolved)"
    finish
    exit 0
fi
DB=$T_TMP/branch.db
KEY=$(new_org "$DB" bank-a bank)
start_server "$DB" || { finish; exit 1; }
# みずほ (0001) 渋谷 is branch 210 in the Zengin list
api POST /v1/indicators '{"kind":"bank_account","value":"0001-210-1-1234567","category":"refund"}'
check_eq "account reported" "201" "$API_CODE"
sleep 0.5
body=$(jq -nc --arg t "還付金の手数料はみずほ銀行 渋谷支店 普通 1234567 へお振込みください" '{text:$t}')
api POST /v1/screen/message "$body"
check_eq "api: branch written by name is found listed" "0001-210-1-1234567 is listed (reported)" \
    "$(jqr '.reasons[] | select(.code == "ACCOUNT_LISTED") | .detail')"
body=$(jq -nc --arg t "還付金の手数料はみずほ銀行 新宿支店 普通 1234567 へお振込みください" '{text:$t}')
api POST /v1/screen/message "$body"
check_eq "api: the same number at another branch is not listed" "" \
    "$(jqr '.reasons[] | select(.code == "ACCOUNT_LISTED") | .detail')"
out=$("$MAMORU" screen sms "振込先：みずほ銀行 渋谷支店 普通 1234567" --db "$DB")
check "cli --db: branch written by name is found listed" \
    jq -e '.reasons[] | select(.code == "ACCOUNT_LISTED")' <<<"$out"
finish
