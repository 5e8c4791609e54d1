#!/usr/bin/env bash
# test_screen_msg.sh — message, call and post screening through the CLI
# (`mamoru screen sms|message|call|post`, single and --jsonl, with and
# without --db) and the API (POST /v1/screen/message|call|post and /batch):
# verdicts with action, category and spans; listed indicators found by id
# once reported; bad input refused with the field named (exit 2 / HTTP 400).
# Every CLI run loads the phrase database, so checks are batched per run.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

DB=$T_TMP/msg.db
FRAUD='【佐川急便】ご不在のためお荷物を持ち帰りました。再配達はこちら hxxps://sgw-redeliv[.]example/a1'
BENIGN='【ドコモ】今月のご請求額は5,280円です。詳細はMy docomoアプリでご確認ください。'

# ---- CLI: one SMS --------------------------------------------------------
out=$("$MAMORU" screen sms "$FRAUD" --sender 090-1234-5678)
check "cli sms exits 0" test $? -eq 0
check_eq "cli sms: fraud is not allowed" "true" "$(jq -r '.action != "allow"' <<<"$out")"
check_eq "cli sms: category is the 手口" "delivery_lure" "$(jq -r .category <<<"$out")"
span=$(jq -r '.reasons[] | select(.code == "URL_OBFUSCATED") | .span | "\(.[0]) \(.[1])"' <<<"$out")
read -r s e <<<"$span"
shown=$(printf '%s' "$FRAUD" | head -c "$e" | tail -c "$((e - s))")
check_eq "cli sms: URL_OBFUSCATED span covers the disguised link" \
    "hxxps://sgw-redeliv[.]example/a1" "$shown"
check "cli sms: warning in Japanese" jq -e '.warning.ja | test("宅配")' <<<"$out"

# ---- CLI: --jsonl keeps order, bad lines answered in place ------------------
out=$(printf '%s\n' "$(jq -nc --arg t "$FRAUD" '{sender:"+44 7700 900123",text:$t}')" \
    "$(jq -nc --arg t "$BENIGN" '{text:$t}')" '{"text":42}' '{"text":"x","recipient":{"age":"old"}}' \
    '{"channel":"email","sender":"info@amazon-security.example","display_name":"Amazon.co.jp","text":"アカウントを確認してください"}' |
    "$MAMORU" screen sms --jsonl 2>"$T_TMP/jsonl.err")
check_eq "cli --jsonl: one line per input" "5" "$(wc -l <<<"$out" | tr -d ' ')"
check_eq "cli --jsonl: flagged / allowed / errors in input order" "flag allow - - flag" \
    "$(jq -r 'if .error then "-" elif .action == "allow" then "allow" else "flag" end' <<<"$out" |
        tr '\n' ' ' | sed 's/ $//')"
check_eq "cli --jsonl: bad line names the field" "text recipient.age" \
    "$(jq -r 'select(.error) | .error.field' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
check "cli --jsonl: e-mail brand claim from another domain" \
    jq -e 'select(.reasons) | .reasons[] | select(.code == "SENDER_BRAND_MISMATCH")' <<<"$(sed -n 5p <<<"$out")"
check "cli --jsonl: bad lines counted on stderr" grep -q "2 of 5 lines had errors" "$T_TMP/jsonl.err"

# ---- CLI: calls and posts ---------------------------------------------------
out=$(printf '%s\n' '{"caller":"+1 811 555 0110","callee":{"age":78}}' \
    '{"caller":"+44 20 7946 0958","callee":{"intl_optout":true}}' '{"caller":"090-8765-4321"}' \
    '{"caller":"03-3581-4321","via_gateway":true}' '{"caller":"not a number"}' |
    "$MAMORU" screen call --jsonl 2>/dev/null)
check_eq "cli call --jsonl: actions" "block block allow block -" \
    "$(jq -r '.action // "-"' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
check_eq "cli call --jsonl: codes" "CALL_SPOOFED_NUMBER CALL_INTL_OPTOUT CALL_OFFICIAL_SPOOF" \
    "$(jq -r 'select(.reasons) | .reasons[0].code // empty' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
check_eq "cli call --jsonl: bad caller named" "caller" "$(jq -r 'select(.error) | .error.field' <<<"$out")"
out=$(printf '%s\n' '{"text":"闇 バ イ ト じゃない🔥 即日即金 日給5万 テレグラムで"}' \
    '{"text":"闇バイトに注意。応募しないで #9110 へ相談を"}' | "$MAMORU" screen post --jsonl)
check_eq "cli post --jsonl: recruitment, then the police warning allowed" "recruitment none" \
    "$(jq -r .category <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
check "cli post: auto-reply text" jq -se 'map(select(.category == "recruitment"))[0].warning.ja | test("闇バイト")' <<<"$out"

# ---- CLI: usage errors exit 2 ------------------------------------------------
"$MAMORU" screen message "x" >"$T_TMP/u.out" 2>&1
check_eq "cli message without --channel exits 2" "2" "$?"
"$MAMORU" screen sms "x" --age abc >"$T_TMP/u.out" 2>&1
check_eq "cli sms --age abc exits 2" "2" "$?"
"$MAMORU" screen call "call me maybe" >"$T_TMP/u.out" 2>&1
check_eq "cli call with a bad number exits 2" "2" "$?"
check "cli call error names the field" grep -q "caller" "$T_TMP/u.out"

# ---- CLI with --db: a reported number is found by id ---------------------------
"$MAMORU" report --kind phone --value 090-2222-3333 --category police_impersonation \
    --status confirmed --db "$DB" >"$T_TMP/rep.out" 2>&1
id=$(grep -o '"id":[0-9]*' "$T_TMP/rep.out" | head -1 | cut -d: -f2)
out=$("$MAMORU" screen sms "警察です。至急 ０９０－２２２２－３３３３ までお電話ください" --db "$DB")
check_eq "cli --db: PHONE_LISTED with the indicator id" "$id" \
    "$(jq -r '.reasons[] | select(.code == "PHONE_LISTED") | .indicator' <<<"$out")"

# ---- mamoru train ----------------------------------------------------------------
"$MAMORU" train --in tests/corpus/ja_messages.tsv --out "$T_TMP/model.bin" --holdout 30 \
    >"$T_TMP/train.out" 2>&1
check_eq "train exits 0" "0" "$?"
check "train reports counts and threshold" grep -Eq "trained on [0-9]+ examples .*threshold 0\.[0-9]+" "$T_TMP/train.out"
check_eq "train writes a 2^16-weight model" "131112" "$(stat -c %s "$T_TMP/model.bin" 2>/dev/null)"
"$MAMORU" train --in tests/corpus/ja_messages.tsv --out "$T_TMP/m2.bin" --fpr 2 >"$T_TMP/u.out" 2>&1
check_eq "train --fpr 2 exits 2" "2" "$?"
"$MAMORU" train --in "$T_TMP/missing.tsv" --out "$T_TMP/m2.bin" >"$T_TMP/u.out" 2>&1
check "train on a missing file fails naming it" grep -q "missing.tsv" "$T_TMP/u.out"

# ---- API -------------------------------------------------------------------------
KEY=$(new_org "$DB" carrier-1 carrier)
start_server "$DB" || { finish; exit 1; }
api POST /v1/screen/message "$(jq -nc --arg t "$FRAUD" '{channel:"sms",sender:"090-1234-5678",text:$t}')"
check_eq "api message: 200" "200" "$API_CODE"
check_eq "api message: category" "delivery_lure" "$(jqr .category)"
check "api message: reasons carry spans" jq -e '[.reasons[] | select(.span)] | length > 0' <<<"$API_BODY"
api POST /v1/screen/message '{"text":"明日の会議は10時からです"}'
check_eq "api message: benign allowed" "allow" "$(jqr .action)"
api POST /v1/screen/message '{"text":"警察です ０９０－２２２２－３３３３ に電話を"}'
check_eq "api message: listed phone from the live snapshot" "$id" \
    "$(jqr '.reasons[] | select(.code == "PHONE_LISTED") | .indicator')"
api POST /v1/screen/call '{"caller":"+1 811 555 0110","callee":{"age":70}}'
check_eq "api call: 200 block" "200 block" "$API_CODE $(jqr .action)"
api POST /v1/screen/post '{"text":"ﾎﾜｲﾄ案件 即日即金 詳細はテレグラム"}'
check_eq "api post: recruitment" "200 recruitment" "$API_CODE $(jqr .category)"
api POST /v1/screen/message/batch "$(printf '%s\n' '{"text":"x"}' '' 'oops' '{"text":"y","colour":1}')"
check_eq "api batch: 200" "200" "$API_CODE"
check_eq "api batch: lines answered in order (blank skipped)" "1 3 4" \
    "$(printf '%s\n' "$API_BODY" | jq -r .line | tr '\n' ' ' | sed 's/ $//')"
check_eq "api batch: bad lines are 400 naming the field" "body colour" \
    "$(printf '%s\n' "$API_BODY" | jq -r 'select(.error) | .error.field' | tr '\n' ' ' | sed 's/ $//')"
api POST /v1/screen/call/batch "$(printf '%s\n' '{"caller":"110","via_gateway":true}' '{"caller":"090-1111-2222"}')"
check_eq "api call batch" "block allow" "$(printf '%s\n' "$API_BODY" | jq -r .action | tr '\n' ' ' | sed 's/ $//')"
api POST /v1/screen/post/batch ''
check_eq "api post batch: empty body is 400" "400 body" "$API_CODE $(jqr .error.field)"

# bad input → 400 naming the field
for c in '{"channel":"fax","text":"x"}|channel' '{"text":"x","recipient":{"age":200}}|recipient.age' \
    '{"text":"x","links":[{"text":"a"}]}|links[0]' '{"sender":"x"}|text' '{"text":"x","colour":1}|colour' \
    'not json|body'; do
    body=${c%|*} field=${c##*|}
    api POST /v1/screen/message "$body"
    check_eq "api message bad input → 400 field $field" "400 $field" "$API_CODE $(jqr .error.field)"
done
api POST /v1/screen/call '{"caller":"+1 811 555 0110","callee":{"age":"old"}}'
check_eq "api call: bad callee.age" "400 callee.age" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/call '{"callee":{}}'
check_eq "api call: missing caller" "400 caller" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/post '{"text":"x","extra":true}'
check_eq "api post: unknown field" "400 extra" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/message '{"text":"x"}' -
check_eq "api message without a key: 401" "401" "$API_CODE"
api GET /v1/screen/message
check_eq "api message GET: 405" "405" "$API_CODE"

finish
