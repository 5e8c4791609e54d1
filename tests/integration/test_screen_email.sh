#!/usr/bin/env bash
# test_screen_email.sh — e-mail screening end to end: `mamoru screen email`
# (file, stdin, --parsed, --jsonl) and POST /v1/screen/email (raw
# message/rfc822 body, JSON {"raw"} and {"raw_base64"}) on the fixtures in
# tests/fixtures/email (ISO-2022-JP delivery lure whose HTML link text shows
# the carrier's site, Shift_JIS bank lure in base64, genuine UTF-8 order
# notice); and bad input — empty, not a message, unknown JSON fields,
# oversize — each refused with a clear error naming the field.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

FX=tests/fixtures/email
LURE=$FX/delivery_lure_iso2022jp.eml
SJIS=$FX/bank_lure_sjis_base64.eml
GOOD=$FX/order_notice_utf8_qp.eml

# ---- CLI: what the parser decodes (no screener needed) ---------------------------
P=$("$MAMORU" screen email --parsed <"$LURE")
check_eq "cli --parsed: ISO-2022-JP subject" "【さくら宅配便】お荷物のお届けについて（ご不在連絡）" "$(jq -r .subject <<<"$P")"
check_eq "cli --parsed: display name" "さくら宅配便" "$(jq -r .display_name <<<"$P")"
check_eq "cli --parsed: From canonical" "notice@sakura-info.test" "$(jq -r .from <<<"$P")"
check_eq "cli --parsed: HTML link href" "https://sakura-takuhai.redelivery-jp.test/r?id=8812" "$(jq -r '.links[0].href' <<<"$P")"
check_eq "cli --parsed: HTML link text" "https://www.sakura-takuhai.example/redelivery" "$(jq -r '.links[0].text' <<<"$P")"
check "cli --parsed: text from the plain part" grep -q "ご不在のため持ち帰りました" <<<"$(jq -r .text <<<"$P")"
check "cli --parsed: hidden HTML flagged, not in text" test "$(jq -r '(.flags|index("hidden_html")!=null) and (.text|contains("晴天")|not)' <<<"$P")" = true
check_eq "cli --parsed: Authentication-Results kept" "spf=fail" "$(jq -r .auth_results <<<"$P" | grep -o 'spf=fail')"
P=$("$MAMORU" screen email --parsed "$SJIS")
check "cli --parsed FILE: Shift_JIS base64 body" grep -q "口座の利用を一時制限しています" <<<"$(jq -r .text <<<"$P")"
check_eq "cli --parsed FILE: Shift_JIS subject" "【重要】口座の利用制限について" "$(jq -r .subject <<<"$P")"
P=$("$MAMORU" screen email --parsed - <"$GOOD")
check "cli --parsed: UTF-8 quoted-printable body" grep -q "お支払い金額：3,980円" <<<"$(jq -r .text <<<"$P")"

# ---- CLI: bad input ---------------------------------------------------------------
printf '' | "$MAMORU" screen email >"$T_TMP/o" 2>"$T_TMP/e"
check_eq "cli: empty input exits 2" 2 $?
check "cli: empty input names the message" grep -q "message: empty message" "$T_TMP/e"
echo "hello, this is not mail" | "$MAMORU" screen email >"$T_TMP/o" 2>"$T_TMP/e"
check_eq "cli: not a message exits 2" 2 $?
check "cli: not a message quotes line 1" grep -q "line 1 is not a header field ('hello, this is not mail')" "$T_TMP/e"
"$MAMORU" screen email "$T_TMP/no-such.eml" >"$T_TMP/o" 2>"$T_TMP/e"
check_eq "cli: missing file exits 1" 1 $?
"$MAMORU" screen email "$LURE" "$SJIS" >"$T_TMP/o" 2>"$T_TMP/e"
check_eq "cli: two files is a usage error" 2 $?
"$MAMORU" screen email --age 200 <"$LURE" >"$T_TMP/o" 2>"$T_TMP/e"
check_eq "cli: --age out of range is a usage error" 2 $?

# --jsonl: one output line per input line, in order; bad lines say which and why
{
    jq -Rsc '{raw: .}' "$GOOD"
    jq -nc --arg b "$(base64 -w0 "$SJIS")" '{raw_base64: $b}'
    echo 'not json'
    echo '{"raw": "hello"}'
    jq -Rsc '{raw: ., extra: 1}' "$GOOD"
    echo '{}'
    echo ''
    jq -Rsc '{raw: ., recipient: {age: 81, intl_optout: true}}' "$LURE"
} >"$T_TMP/req.jsonl"
"$MAMORU" screen email --jsonl --parsed <"$T_TMP/req.jsonl" >"$T_TMP/out.jsonl" 2>"$T_TMP/e"
check_eq "cli --jsonl: exits 0 with bad lines" 0 $?
check_eq "cli --jsonl: one line per non-blank input line" 7 "$(wc -l <"$T_TMP/out.jsonl")"
check_eq "cli --jsonl: line 1 raw" "order@mirai-mall.example" "$(sed -n 1p "$T_TMP/out.jsonl" | jq -r .from)"
check_eq "cli --jsonl: line 2 raw_base64 (Shift_JIS bytes intact)" "【重要】口座の利用制限について" "$(sed -n 2p "$T_TMP/out.jsonl" | jq -r .subject)"
check_eq "cli --jsonl: bad JSON names its line" "3 line" "$(sed -n 3p "$T_TMP/out.jsonl" | jq -r '"\(.line) \(.error.field)"')"
check_eq "cli --jsonl: not a message" "4 message invalid" "$(sed -n 4p "$T_TMP/out.jsonl" | jq -r '"\(.line) \(.error.field) \(.error.code)"')"
check_eq "cli --jsonl: unknown field named" "5 extra" "$(sed -n 5p "$T_TMP/out.jsonl" | jq -r '"\(.line) \(.error.field)"')"
check_eq "cli --jsonl: no raw" "6 raw" "$(sed -n 6p "$T_TMP/out.jsonl" | jq -r '"\(.line) \(.error.field)"')"
check_eq "cli --jsonl: recipient accepted (line 8)" "notice@sakura-info.test" "$(sed -n 7p "$T_TMP/out.jsonl" | jq -r .from)"
check "cli --jsonl: errors counted on stderr" grep -q "4 of 8 lines had errors" "$T_TMP/e"

# ---- CLI: a verdict (each run loads the detectors' data, so one run; --jsonl lines go
# through the same mm_email_screen as the API batch below) -----------------------------
V=$("$MAMORU" screen email <"$LURE")
check_eq "cli: lure screened, exit 0" 0 $?
check "cli: verdict has action, category, reasons" jq -e 'has("action") and has("category") and (.reasons|type=="array")' <<<"$V"
# the screener's LINK_TEXT_MISMATCH or the e-mail front end's EMAIL_LINK_MISMATCH, once
check "cli: lure's link text / href mismatch flagged once, naming both domains" test "$(jq '[.reasons[] | select(.code=="EMAIL_LINK_MISMATCH" or .code=="LINK_TEXT_MISMATCH") | select(.detail | contains("sakura-takuhai.example") and contains("redelivery-jp.test"))] | length' <<<"$V")" = 1
check "cli: lure is not allowed" jq -e '.action != "allow"' <<<"$V"

# ---- API ----------------------------------------------------------------------------------
DB=$T_TMP/email.db
KEY=$(new_org "$DB" carrier-a carrier)
printf 'max_body_bytes = 262144\n' >"$T_TMP/serve.conf"
# lib.sh's start_server waits 5 s; loading the detectors' data (phrase
# database, models) takes longer under ASan on a busy machine
start_email_server() {
    local ready="$T_TMP/ready.email"
    "$MAMORU" serve --db "$DB" --listen 127.0.0.1:0 --ready-file "$ready" \
        --config "$T_TMP/serve.conf" >>"$T_TMP/server.log" 2>&1 &
    SERVER_PID=$!
    T_PIDS+=("$SERVER_PID")
    for _ in $(seq 1 600); do
        [ -s "$ready" ] && break
        sleep 0.1
    done
    [ -s "$ready" ] || { echo "server did not start; log:"; cat "$T_TMP/server.log"; return 1; }
    BASE="http://127.0.0.1:$(cat "$ready")"
}
start_email_server || { finish; exit 1; }

# raw POST: the message bytes as the body
raw_post() { # FILE [CONTENT-TYPE] [KEY]
    local ct=${2:-message/rfc822} key=${3-$KEY}
    local args=(-s -o "$T_TMP/api.body" -w '%{http_code}' -X POST -H "Content-Type: $ct" --data-binary "@$1")
    [ -n "$key" ] && args+=(-H "Authorization: Bearer $key")
    API_CODE=$(curl "${args[@]}" "$BASE/v1/screen/email") || true
    API_BODY=$(cat "$T_TMP/api.body")
}

raw_post "$LURE"
check_eq "api raw: 200" 200 "$API_CODE"
check "api raw: verdict with a link-mismatch reason" jq -e '.action and ([.reasons[].code | select(. == "EMAIL_LINK_MISMATCH" or . == "LINK_TEXT_MISMATCH")] | length == 1)' <<<"$API_BODY"
RAWV=$(jq -c . <<<"$API_BODY")
api POST /v1/screen/email "$(jq -Rsc '{raw: .}' "$LURE")"
check_eq "api JSON raw: 200" 200 "$API_CODE"
check_eq "api JSON raw: same verdict as the raw body" "$RAWV" "$(jqr -c .)"
check_eq "api: same verdict as the CLI" "$(jq -c . <<<"$V")" "$RAWV"
api POST /v1/screen/email "$(jq -nc --arg b "$(base64 -w0 "$SJIS")" '{raw_base64: $b, recipient: {age: 78}}')"
check_eq "api JSON raw_base64 (Shift_JIS): 200" 200 "$API_CODE"
raw_post "$GOOD" "application/octet-stream"
check_eq "api raw with another content type: 200" 200 "$API_CODE"
check "api: genuine notice has no link mismatch" jq -e '[.reasons[].code | select(. == "EMAIL_LINK_MISMATCH" or . == "LINK_TEXT_MISMATCH")] | length == 0' <<<"$API_BODY"

# batch: JSONL in, one line out per non-blank line, in order
{
    jq -Rsc '{raw: .}' "$GOOD"
    echo '{"raw": "hello"}'
    echo ''
    echo 'not json'
    jq -nc --arg b "$(base64 -w0 "$SJIS")" '{raw_base64: $b}'
} >"$T_TMP/batch.jsonl"
curl -s -o "$T_TMP/batch.out" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/x-ndjson' --data-binary "@$T_TMP/batch.jsonl" \
    "$BASE/v1/screen/email/batch" >"$T_TMP/batch.code"
check_eq "api batch: 200" 200 "$(cat "$T_TMP/batch.code")"
check_eq "api batch: one line per non-blank input line, numbered" "1 2 4 5" "$(jq -r .line "$T_TMP/batch.out" | tr '\n' ' ' | sed 's/ $//')"
check_eq "api batch: not a message names the field" "400 message" "$(sed -n 2p "$T_TMP/batch.out" | jq -r '"\(.status) \(.error.field)"')"
check_eq "api batch: bad JSON line" "400 body" "$(sed -n 3p "$T_TMP/batch.out" | jq -r '"\(.status) \(.error.field)"')"
check "api batch: lines 1 and 5 are verdicts" test "$(jq -s '[.[0], .[3]] | map(has("action")) | all' "$T_TMP/batch.out")" = true
api POST /v1/screen/email/batch ''
check_eq "api batch: empty body → 400" "400 body" "$API_CODE $(jqr .error.field)"

# bad input: refused before screening, so these run with or without the screener
printf '' >"$T_TMP/empty.eml"
raw_post "$T_TMP/empty.eml"
check_eq "api: empty raw body → 400" 400 "$API_CODE"
check_eq "api: empty raw body names the message" "message" "$(jqr .error.field)"
echo "hello" >"$T_TMP/hello.eml"
raw_post "$T_TMP/hello.eml"
check_eq "api: not a message → 400" 400 "$API_CODE"
check "api: not a message quotes line 1" grep -q "line 1 is not a header field ('hello')" <<<"$(jqr .error.message)"
api POST /v1/screen/email '{"raw": "hello"}'
check_eq "api JSON: not a message → 400 field message" "400 message" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/email '{}'
check_eq "api JSON: no raw → 400 field raw" "400 raw" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/email '{"raw": "From: a@b.example\r\n\r\nx", "rcpt": 1}'
check_eq "api JSON: unknown field named" "400 rcpt" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/email '{"raw": "From: a@b.example\r\n\r\nx", "recipient": {"age": "old"}}'
check_eq "api JSON: bad recipient age" "400 recipient.age" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/email '{"raw": 12}'
check_eq "api JSON: raw not a string" "400 raw" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/email '{"raw": '
check_eq "api JSON: malformed" "400 body" "$API_CODE $(jqr .error.field)"
api POST "/v1/screen/email?verbose=1" '{"raw": "x"}'
check_eq "api: unknown query parameter" "400 verbose" "$API_CODE $(jqr .error.field)"
raw_post "$LURE" message/rfc822 ""
check_eq "api: no key → 401" 401 "$API_CODE"
api GET /v1/screen/email
check_eq "api: GET → 405" 405 "$API_CODE"
head -c 300000 /dev/zero | tr '\0' 'a' | sed '1s/^/From: a@b.example\r\n\r\n/' >"$T_TMP/big.eml"
raw_post "$T_TMP/big.eml"
check_eq "api: over max_body_bytes → 413" 413 "$API_CODE"
check_eq "api: 413 names the body" "too_large body" "$(jqr .error.code) $(jqr .error.field)"
api GET /healthz "" -
check_eq "api: server still healthy" 200 "$API_CODE"
api GET /metrics "" -
check "metrics: screen_email route counted" grep -q 'route="screen_email"' <<<"$API_BODY"

finish
