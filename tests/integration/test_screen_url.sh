#!/usr/bin/env bash
# test_screen_url.sh — URL verdicts end to end (issue 3 §1): `mamoru screen
# url` (one URL, --jsonl with bad lines, --db blocklist), POST /v1/screen/url
# and /v1/screen/url/batch (auth, bad bodies, listed indicators), and
# `mamoru train-url` writing a model the detector then loads. Own examples
# use reserved TLDs; no URL is ever fetched.
source tests/integration/lib.sh
M=$MAMORU
DB=$T_TMP/url.db

# ---- CLI, no store: look-alikes, structure, model ----
out=$($M screen url 'http://smbc.co.jp.secure-login.example/login')
check "screen url prints one JSON line with action/category/reasons" \
    jq -e 'has("action") and has("category") and (.reasons|type=="array")' <<<"$out"
check "brand in subdomain is held or blocked" jq -e '.action == "hold" or .action == "block"' <<<"$out"
check_eq "reason names the brand" "三井住友カード" \
    "$(jq -r '[.reasons[]|select(.code=="URL_BRAND_IN_SUBDOMAIN")][0].brand' <<<"$out")"
check_eq "category phishing" "phishing" "$(jq -r .category <<<"$out")"
check "warning text attached" jq -e '.warning.ja | length > 0' <<<"$out"
out=$($M screen url 'https://xn--mazon-3ve.example/')
check_eq "IDN homoglyph names Amazon" "Amazon" \
    "$(jq -r '[.reasons[]|select(.code=="URL_LOOKALIKE")][0].brand' <<<"$out")"
out=$($M screen url 'https://www.amazon.co.jp/gp/css/order-history')
check_eq "brand's own domain allowed" "allow" "$(jq -r .action <<<"$out")"
check_eq "brand's own domain: no reasons" "0" "$(jq '.reasons|length' <<<"$out")"
out=$($M screen url 'https://mazseev.top/?lriezgbl')
check "random throw-away host gets the risk model" \
    jq -e '[.reasons[].code] | index("URL_RISK_MODEL") != null' <<<"$out"
$M screen url 'http://[::1/' >/dev/null 2>"$T_TMP/err"; check_eq "bad URL exits 2" 2 $?
check "bad URL error names the field" grep -q "url" "$T_TMP/err"
$M screen url >/dev/null 2>&1; check_eq "missing URL exits 2" 2 $?
check "screen --help lists url" bash -c "$M screen --help | grep -q '^  url'"

# ---- --jsonl: one output line per input line, in order, errors inline ----
printf '%s\n' '{"url":"https://rakuten-card-security.example/"}' 'not json' \
    '{"url":"http://[::1/"}' '' '{"link":"x"}' '{"url":"https://www.rakuten.co.jp/"}' \
    | $M screen url --jsonl >"$T_TMP/jl.out" 2>"$T_TMP/jl.err"
check_eq "--jsonl exits 0" 0 $?
check_eq "--jsonl one line per non-blank input" 5 "$(wc -l <"$T_TMP/jl.out")"
check_eq "--jsonl first is a verdict for its URL" "https://rakuten-card-security.example/" \
    "$(sed -n 1p "$T_TMP/jl.out" | jq -r .url)"
check_eq "--jsonl bad JSON line numbered" "2" "$(sed -n 2p "$T_TMP/jl.out" | jq -r .line)"
check_eq "--jsonl bad JSON line keeps its parse error" "line invalid JSON" \
    "$(sed -n 2p "$T_TMP/jl.out" | jq -r '"\(.error.field) \(.error.message[0:12])"')"
check_eq "--jsonl bad URL names field url" "url" "$(sed -n 3p "$T_TMP/jl.out" | jq -r .error.field)"
check_eq "--jsonl object without url" "5" "$(sed -n 4p "$T_TMP/jl.out" | jq -r .line)"
check_eq "--jsonl continues after errors" "allow" "$(sed -n 5p "$T_TMP/jl.out" | jq -r .action)"
check "--jsonl reports the error count" grep -q "3 of 6 lines" "$T_TMP/jl.err"

# ---- --db: the blocklist ----
$M report --db "$DB" --kind url --value 'https://listed.example/a/' --category phishing \
    --status confirmed >/dev/null
$M report --db "$DB" --kind domain --value 'bad-domain.example' --category delivery_lure \
    --status confirmed >/dev/null
out=$($M screen url 'http://listed.example/a/b?x=1' --db "$DB")
check_eq "listed URL prefix matches across schemes" "URL_LISTED" \
    "$(jq -r '[.reasons[]|select(.indicator)][0].code' <<<"$out")"
check_eq "listed URL blocks" "block" "$(jq -r .action <<<"$out")"
out=$($M screen url 'https://a.b.bad-domain.example/' --db "$DB")
check_eq "listed parent domain covers subdomains" "DOMAIN_LISTED" \
    "$(jq -r '[.reasons[]|select(.indicator)][0].code' <<<"$out")"
check_eq "listed domain's category wins" "delivery_lure" "$(jq -r .category <<<"$out")"

# ---- HTTP API ----
# the server gets a data dir with only the URL detector's files (and the
# warning texts): other detectors' models are not under test here and take
# long to load under ASan
mkdir -p "$T_TMP/srvdata"
cp data/brands.tsv data/url_suffixes.tsv data/url_lures.tsv data/confusables.tsv data/warnings.tsv \
    data/url_model.bin "$T_TMP/srvdata/"
echo "data_dir = $T_TMP/srvdata" >"$T_TMP/srv.conf"
start_server "$DB" --config "$T_TMP/srv.conf" || exit 1
KEY=$(new_org "$DB" "URL Vendor" filtering_vendor)
api POST /v1/screen/url '{"url":"http://listed.example/a/"}'
check_eq "POST /v1/screen/url 200" 200 "$API_CODE"
check_eq "API verdict has the listed indicator" "URL_LISTED" \
    "$(jqr '[.reasons[]|select(.indicator)][0].code')"
check "API indicator id is a number" bash -c "jq -e '[.reasons[]|select(.indicator)][0].indicator > 0' <<<'$API_BODY'"
api POST /v1/screen/url '{"url":"https://rakuten-card-security.example/"}'
check_eq "API look-alike brand" "楽天カード" "$(jqr '[.reasons[]|select(.brand)][0].brand')"
check_eq "API same shape as CLI" \
    "$($M screen url 'https://rakuten-card-security.example/' --db "$DB" | jq -c 'del(.url)')" \
    "$(jqr '.' | jq -c .)"
api POST /v1/screen/url '{"url":"https://x.example/"}' -
check_eq "no key: 401" 401 "$API_CODE"
api POST /v1/screen/url '{"link":"https://x.example/"}'
check_eq "unknown field: 400" 400 "$API_CODE"
check_eq "unknown field named" "link" "$(jqr .error.field)"
api POST /v1/screen/url '{"url":42}'
check_eq "non-string url: 400" 400 "$API_CODE"
api POST /v1/screen/url '{"url":"http://[::1/"}'
check_eq "unparsable url: 400 naming url" "400 url" "$API_CODE $(jqr .error.field)"
api POST /v1/screen/url 'nope'
check_eq "bad JSON body: 400" 400 "$API_CODE"
printf '%s\n' '{"url":"http://listed.example/a/"}' 'oops' '{"url":"https://www.amazon.co.jp/"}' \
    >"$T_TMP/batch.jsonl"
api POST /v1/screen/url/batch "@$T_TMP/batch.jsonl"
check_eq "batch 200" 200 "$API_CODE"
check_eq "batch one line per input line" 3 "$(printf '%s\n' "$API_BODY" | wc -l)"
check_eq "batch first is blocked" "block" "$(printf '%s\n' "$API_BODY" | sed -n 1p | jq -r .action)"
check_eq "batch bad line gets 400 and its number" "400 2" \
    "$(printf '%s\n' "$API_BODY" | sed -n 2p | jq -r '"\(.status) \(.line)"')"
check_eq "batch own domain allowed" "allow" "$(printf '%s\n' "$API_BODY" | sed -n 3p | jq -r .action)"
api POST /v1/screen/url/batch ''
check_eq "empty batch: 400" 400 "$API_CODE"
api GET /metrics '' -
check "metrics count screen_url" grep -q 'route="screen_url"' <<<"$API_BODY"

# ---- train-url: a tiny model, then the detector loads it ----
mkdir -p "$T_TMP/phish/2023" "$T_TMP/data"
{
    echo "date,URL,description"
    for i in $(seq 1 40); do
        h=$(printf '%s' "$i" | sha256sum | tr -d '0-9' | cut -c1-9)
        echo "2023/05/0$((i % 9 + 1)) 10:00:00,https://www.$h.top/,Amazon"
    done
    echo "2024/01/01 10:00:00,https://after-until.example/,Amazon"
} >"$T_TMP/phish/2023/202305.csv"
for i in $(seq 1 60); do echo "site$i-shop.example"; done >"$T_TMP/benign.txt"
$M train-url --phish "$T_TMP/phish" --benign "$T_TMP/benign.txt" --until 2023-12 \
    --out "$T_TMP/data/url_model.bin" >"$T_TMP/train.out" 2>"$T_TMP/train.err"
check_eq "train-url exits 0" 0 $?
check_eq "train-url read only rows <= --until" "40" "$(jq -r .phish <"$T_TMP/train.out")"
check "train-url wrote a model file" test -s "$T_TMP/data/url_model.bin"
cp data/brands.tsv data/url_suffixes.tsv data/url_lures.tsv data/confusables.tsv data/warnings.tsv \
    "$T_TMP/data/"
echo "data_dir = $T_TMP/data" >"$T_TMP/url.conf"
out=$($M screen url 'https://www.qzkvxwjbt.top/' --config "$T_TMP/url.conf")
check "the trained model is loaded and used" \
    jq -e '[.reasons[].code] | index("URL_RISK_MODEL") != null' <<<"$out"
$M train-url --phish "$T_TMP/phish" --out "$T_TMP/x.bin" >/dev/null 2>&1
check_eq "train-url without --benign/--until exits 2" 2 $?
$M train-url --phish "$T_TMP/phish" --benign "$T_TMP/benign.txt" --until 2023/12 \
    --out "$T_TMP/x.bin" >/dev/null 2>"$T_TMP/err"
check_eq "train-url bad month exits 2" 2 $?
printf 'MMURLCLF garbage' >"$T_TMP/data/url_model.bin"
$M screen url 'https://x.example/' --config "$T_TMP/url.conf" >/dev/null 2>"$T_TMP/err"
check_eq "a damaged model file is refused (exit 2)" 2 $?
check "the error names the file and offset" grep -q "url_model.bin.*offset" "$T_TMP/err"

# ---- the shipped model is what train-url makes from the shared data ----
SHARED=${MAMORU_SHARED_DATA:-../shared/data}
if [ -d "$SHARED/jpcert-phishurl" ] && [ -f "$SHARED/benign-domains/opendns-top-domains.txt" ]; then
    $M train-url --phish "$SHARED/jpcert-phishurl" \
        --benign "$SHARED/benign-domains/opendns-top-domains.txt,$SHARED/benign-domains/kikobeats-top-sites.json" \
        --until 2024-12 --out "$T_TMP/shipped.bin" >"$T_TMP/train.out" 2>"$T_TMP/train.err"
    check_eq "train-url on the shared data exits 0" 0 $?
    check "train-url reproduces data/url_model.bin byte for byte" cmp -s "$T_TMP/shipped.bin" data/url_model.bin
else
    echo "SKIP: $SHARED/jpcert-phishurl absent: shipped-model reproduction not checked"
fi

# ---- batches = one at a time, on a few thousand real URLs with bad lines ----
# `screen url --jsonl` and POST /v1/screen/url/batch screen groups of lines
# with mm_screen_url_batch; POST /v1/screen/url screens one URL per request
# (mm_screen_url). All three must give the same verdict for every line, and
# each bad line its error in its own place.
JP="$SHARED/jpcert-phishurl"
if [ -d "$JP" ]; then
    BDB=$T_TMP/batch.db
    # every 70th JPCERT URL (~3,200 over 2019-2024): the URL column as given
    find "$JP" -name '*.csv' | sort | xargs -n1 tail -n +2 | cut -d, -f2 | awk 'NR % 70 == 1' \
        >"$T_TMP/sample.txt"
    n=$(wc -l <"$T_TMP/sample.txt")
    # list every third sampled URL, so many verdicts carry URL_LISTED
    { echo "kind,value,category,status"
      awk 'NR % 3 == 0 && index($0, ",") == 0 && index($0, "\"") == 0 {print "url," $0 ",phishing,confirmed"}' \
          "$T_TMP/sample.txt"; } >"$T_TMP/list.csv"
    $M import "$T_TMP/list.csv" --db "$BDB" >/dev/null 2>&1
    # JSONL with a bad line after every 50th: not JSON, unparsable URL, no "url", wrong type
    jq -Rc '{url: .}' "$T_TMP/sample.txt" | awk '
        {print} NR % 50 == 0 {k = (NR / 50) % 4
            if (k == 0) print "not json"; else if (k == 1) print "{\"url\":\"http://[::1/\"}"
            else if (k == 2) print "{\"link\":\"x\"}"; else print "{\"url\":42}"}' >"$T_TMP/mixed.jsonl"
    total=$(wc -l <"$T_TMP/mixed.jsonl"); nbad=$((total - n))
    norm='if has("error") then {line, err: .error.code} else del(.url, .line) end'
    $M screen url --jsonl --db "$BDB" <"$T_TMP/mixed.jsonl" >"$T_TMP/cli.jsonl" 2>/dev/null
    check_eq "batch: --jsonl one line per input line ($total)" "$total" "$(wc -l <"$T_TMP/cli.jsonl")"
    check_eq "batch: --jsonl error lines in place" "$nbad" "$(jq -c 'select(.error)' "$T_TMP/cli.jsonl" | wc -l)"
    # the CLI's error lines carry their own line numbers; the API's (below) too
    jq -c "$norm" "$T_TMP/cli.jsonl" >"$T_TMP/cli.norm"
    check "batch: many verdicts have a listed URL" \
        test "$(grep -c '"code":"URL_LISTED"' "$T_TMP/cli.jsonl")" -gt $((n / 5))
    check "batch: many verdicts warn or worse" \
        test "$(jq -r 'select(.action == "warn" or .action == "hold" or .action == "block") | 1' "$T_TMP/cli.jsonl" | wc -l)" -gt $((n / 2))
    start_server "$BDB" --config "$T_TMP/srv.conf" || exit 1
    KEY=$(new_org "$BDB" "Batch Vendor" filtering_vendor)
    api POST /v1/screen/url/batch "@$T_TMP/mixed.jsonl"
    check_eq "batch: API 200" 200 "$API_CODE"
    printf '%s\n' "$API_BODY" >"$T_TMP/api.jsonl"
    check_eq "batch: API lines numbered 1..$total in order" "$(seq 1 "$total" | tr '\n' ' ')" \
        "$(jq -r .line "$T_TMP/api.jsonl" | tr '\n' ' ')"
    jq -c "$norm" "$T_TMP/api.jsonl" >"$T_TMP/api.norm"
    # one request per line to the single route, over one connection
    mkdir -p "$T_TMP/one"
    split -l 1 -a 5 -d "$T_TMP/mixed.jsonl" "$T_TMP/one/l"
    for f in "$T_TMP"/one/l*; do
        [ "$f" = "$T_TMP/one/l00000" ] || echo next
        printf 'url = "%s/v1/screen/url"\nheader = "Authorization: Bearer %s"\n' "$BASE" "$KEY"
        printf 'header = "Content-Type: application/json"\ndata-binary = "@%s"\n' "$f"
    done >"$T_TMP/one.curl"
    curl -s --max-time 600 -K "$T_TMP/one.curl" >"$T_TMP/one.jsonl"
    # a single reply has no line number: number them in input order
    jq -c "$norm" "$T_TMP/one.jsonl" | awk '{ if (index($0, "{\"line\":null,") == 1)
        sub(/^\{"line":null,/, "{\"line\":" NR ","); print }' >"$T_TMP/one.norm"
    check_eq "batch: one request per line answered ($total)" "$total" "$(wc -l <"$T_TMP/one.norm")"
    check "batch: API /batch verdicts byte-identical to one request per line" \
        cmp "$T_TMP/api.norm" "$T_TMP/one.norm"
    check "batch: CLI --jsonl verdicts byte-identical to the API's" \
        cmp "$T_TMP/cli.norm" "$T_TMP/api.norm"
    # and to the byte, before any jq: a /batch verdict line is the single
    # reply with ,"line":N added; a CLI line is it with ,"url":… added
    same_bytes() { # FILE SUFFIX-PREFIX: lines of FILE vs one.jsonl, verdicts only
        awk -v other="$1" -v add="$2" '
            { if ((getline o < other) <= 0) { print "short"; exit 1 } }
            /^\{"action":/ { want = substr($0, 1, length($0) - 1) add
                if (add == ",\"line\":") want = want NR "}"
                if (substr(o, 1, length(want)) != want || (add == ",\"line\":" && o != want)) {
                    print "line " NR ": " o; bad++ } ; n++ }
            END { if (bad || n < 1000) { print bad " differ of " n; exit 1 } }' "$T_TMP/one.jsonl"
    }
    check "batch: API /batch lines = single replies + \"line\", byte for byte" \
        same_bytes "$T_TMP/api.jsonl" ',"line":'
    check "batch: CLI --jsonl lines = single replies + \"url\", byte for byte" \
        same_bytes "$T_TMP/cli.jsonl" ',"url":'
else
    echo "SKIP: $JP absent: batch vs one-at-a-time on JPCERT URLs not checked"
fi

finish
