#!/usr/bin/env bash
# test_discover.sh — passive DNS and same-IP discovery end to end: `mamoru
# import pdns` (CSV and JSONL, bad rows named with line and field, merged on
# re-import), POST /v1/pdns (per-line errors, 400 when nothing is usable,
# 403 for a role that may not report domains), `mamoru discover` and GET
# /v1/discover (unreported neighbours of confirmed phishing ranked with
# reasons; listed ones, the brand's own domains and shared-hosting IPs left
# out; the pivot `domain=`; look-alikes judged by the URL detector — IDN
# homoglyph and typo above an unrelated neighbour; bad parameters → 400
# naming them).
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh
DB=$T_TMP/pd.db
M=$MAMORU

ISP=$(new_org "$DB" isp carrier)
SHOP=$(new_org "$DB" corner-shop retailer)
rep() { $M report --db "$DB" --org isp "$@" >/dev/null; }
rep --kind domain --value rakuten-card-login.example --category phishing --status confirmed
rep --kind url --value 'http://vqjnkkr.example/?cxvso' --category phishing --status confirmed
rep --kind domain --value already-listed.example --category phishing

cat >"$T_TMP/pdns.csv" <<'EOF'
domain,ip,first_seen,last_seen,cert
rakuten-card-login.example,203.0.113.10,2024-05-01T00:00:00Z,2024-05-10T00:00:00Z,sha256:CA:FE:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01
Rakuten-Card-Secure.example.,203.0.113.10,2024-05-01T12:00:00Z,2024-05-09T00:00:00Z,
old-blog.example,203.0.113.10,2021-01-01,2024-05-09,
already-listed.example,203.0.113.10,2024-05-01,2024-05-02,
rakuten-card.co.jp,203.0.113.10,2024-05-01,2024-05-02,
cert-twin.example,198.51.100.5,2024-05-03,2024-05-04,cafe000000000000000000000000000000000000000000000000000000000001
bad..name,203.0.113.10,2024-05-01,,
fine.example,203.0.113.999,2024-05-01,,
fine.example,203.0.113.11,tomorrow,,
EOF
$M import pdns "$T_TMP/pdns.csv" --db "$DB" --org isp >"$T_TMP/out" 2>"$T_TMP/err"
check_eq "pdns import with bad rows exits 2" 2 $?
check "summary" grep -q "9 records, 6 new domain/ip pairs, 0 merged, 3 rejected" "$T_TMP/out"
check "bad domain named" grep -q "pdns.csv:8: domain: 'bad..name'" "$T_TMP/err"
check "bad ip named" grep -q "pdns.csv:9: ip: '203.0.113.999'" "$T_TMP/err"
check "bad time named" grep -q "pdns.csv:10: first_seen: 'tomorrow'" "$T_TMP/err"
$M import pdns "$T_TMP/pdns.csv" --db "$DB" --org isp >"$T_TMP/out" 2>/dev/null
check "re-import merges" grep -q "0 new domain/ip pairs, 6 merged" "$T_TMP/out"
cat >"$T_TMP/pdns.jsonl" <<'EOF'
{"domain":"vqjnkkr.example","ip":"192.0.2.77","first_seen":1714521600}
{"domain":"zmxqpwe.example","ip":"192.0.2.77","first_seen":"2024-05-01T03:00:00Z","last_seen":"2024-05-02"}
{"domain":"x.example","ip":"192.0.2.77","first_seen":1,"ttl":300}
EOF
$M import pdns "$T_TMP/pdns.jsonl" --db "$DB" --org isp >"$T_TMP/out" 2>"$T_TMP/err"
check_eq "jsonl with an unknown field exits 2" 2 $?
check "unknown field named" grep -q "pdns.jsonl:3: ttl: unknown field 'ttl'" "$T_TMP/err"
printf 'name,address\nx,y\n' >"$T_TMP/hdr.csv"
$M import pdns "$T_TMP/hdr.csv" --db "$DB" >/dev/null 2>"$T_TMP/err"
check_eq "bad header exits 2" 2 $?
check "bad header names the column" grep -q "unknown column 'name'" "$T_TMP/err"

$M discover --db "$DB" --json >"$T_TMP/cands" 2>"$T_TMP/err"
check_eq "discover exits 0" 0 $?
# cert-twin (shared certificate) and zmxqpwe (same IP as a seed, random name:
# its place depends on whether the shipped URL risk model flags it) in either order
check "ranked candidates" bash -c "jq -r .domain '$T_TMP/cands' | tr '\n' ' ' | grep -Eqx 'rakuten-card-secure.example (cert-twin.example zmxqpwe.example|zmxqpwe.example cert-twin.example) old-blog.example '"
check "top candidate: shared IP, first seen close, look-alike" bash -c "head -1 '$T_TMP/cands' | jq -e '[.reasons[].code][:3] == [\"SAME_IP\",\"FIRST_SEEN_CLOSE\",\"LOOKALIKE\"] and .brand == \"楽天カード\"'"
check "look-alike is the URL detector's verdict (its reasons quoted)" bash -c "head -1 '$T_TMP/cands' | jq -e '.reasons[] | select(.code == \"LOOKALIKE\") | (.detail | contains(\"[URL_LOOKALIKE\") and contains(\"[URL_BRAND_LURE\")) and .weight >= 60'"
check "no look-alike reason for unrelated neighbours" bash -c "tail -n +2 '$T_TMP/cands' | jq -e 'select(.reasons[].code == \"LOOKALIKE\")' | grep -q . && exit 1 || exit 0"
check "shared certificate reason" bash -c "jq -s -e 'map(select(.domain == \"cert-twin.example\"))[0].reasons[0].code == \"SHARED_CERT\"' '$T_TMP/cands'"
check "already listed, the brand's own domain and seeds are left out" bash -c "! grep -Eq 'already-listed|rakuten-card.co.jp|\"domain\":\"rakuten-card-login' '$T_TMP/cands'"
check "summary on stderr" grep -q "4 candidates from 2 seed hosts" "$T_TMP/err"
check_eq "shared hosting skipped with --max-fanout" "cert-twin.example zmxqpwe.example" \
    "$($M discover --db "$DB" --max-fanout 3 --json 2>/dev/null | jq -r .domain | sort | tr '\n' ' ' | sed 's/ $//')"
check "text output" bash -c "$M discover --db '$DB' 2>/dev/null | grep -q 'SAME_IP'"
$M discover --db "$DB" --limit 0 >/dev/null 2>&1
check_eq "bad --limit exits 2" 2 $?
$M discover --db "$DB" --domain 'bad..name' >/dev/null 2>"$T_TMP/err"
check_eq "bad --domain exits 2" 2 $?
check "bad --domain named" grep -q "domain: 'bad..name'" "$T_TMP/err"

# ---- API -------------------------------------------------------------------------------
# the server's data directory holds only what these endpoints read: loading
# every detector's model takes seconds under ASan and is not tested here
mkdir -p "$T_TMP/data"
cp data/brands.tsv data/url_lures.tsv data/confusables.tsv data/url_suffixes.tsv "$T_TMP/data/" 2>/dev/null
echo "data_dir = $T_TMP/data" >"$T_TMP/serve.conf"
start_server "$DB" --config "$T_TMP/serve.conf" || { finish; exit 1; }
KEY=$ISP
api POST /v1/pdns '{"domain":"fresh-phish.example","ip":"192.0.2.77","first_seen":"2024-05-01T05:00:00Z"}
{"domain":"bad domain","ip":"192.0.2.77","first_seen":1}

{"domain":"y.example","ip":"192.0.2.78","first_seen":1,"cert":"xyz"}'
check_eq "POST pdns 200" 200 "$API_CODE"
check_eq "pdns counts" "3 1 0 2" "$(jqr '"\(.records) \(.added) \(.merged) \(.rejected)"')"
check_eq "pdns error lines and fields" "2:domain 4:cert" "$(jqr '[.errors[] | "\(.line):\(.field)"] | join(" ")')"
api POST /v1/pdns '{"domain":"bad domain","ip":"192.0.2.77","first_seen":1}'
check_eq "nothing usable: 400" 400 "$API_CODE"
check_eq "nothing usable names the field" domain "$(jqr .error.field)"
api POST /v1/pdns ''
check_eq "empty body 400" 400 "$API_CODE"
api POST /v1/pdns '{"domain":"a.example","ip":"192.0.2.1","first_seen":1}' "$SHOP"
check_eq "retailer may not report IPs: 403" 403 "$API_CODE"

api GET /v1/discover
check_eq "GET discover 200" 200 "$API_CODE"
check_eq "seeds" 2 "$(jqr .seeds)"
check "new pDNS record is a candidate" grep -q fresh-phish.example <<<"$(jqr '.candidates[].domain')"
check_eq "same order as the CLI (plus the new one)" "rakuten-card-secure.example" "$(jqr '.candidates[0].domain')"
api GET "/v1/discover?domain=zmxqpwe.example&limit=5"
check_eq "pivot on an unlisted domain: its unlisted neighbours only" "fresh-phish.example" "$(jqr '[.candidates[].domain] | join(" ")')"
check_eq "pivot reason" SAME_IP "$(jqr '.candidates[0].reasons[0].code')"
# look-alikes by the URL detector's rules: an IDN homoglyph and a typo rank
# above an unrelated neighbour; the brand's own domain is never a candidate
api POST /v1/pdns '{"domain":"xn--mazon-3ve.example","ip":"198.51.100.40","first_seen":1}
{"domain":"rakuton.example","ip":"198.51.100.40","first_seen":1}
{"domain":"family-garden.example","ip":"198.51.100.40","first_seen":1}
{"domain":"www.amazon.co.jp","ip":"198.51.100.40","first_seen":1}
{"domain":"pivot-host.example","ip":"198.51.100.40","first_seen":1}'
check_eq "look-alike neighbours stored" 200 "$API_CODE"
api GET "/v1/discover?domain=pivot-host.example"
check_eq "look-alikes first, the brand's own left out" \
    "xn--mazon-3ve.example rakuton.example family-garden.example" "$(jqr '[.candidates[].domain] | join(" ")')"
check_eq "brands named" "Amazon 楽天 null" "$(jqr '[.candidates[].brand | tostring] | join(" ")')"
check "homoglyph detail" grep -q "homoglyph, IDN" <<<"$(jqr '.candidates[0].reasons[] | select(.code == "LOOKALIKE") | .detail')"
check_eq "lookalike on" true "$(jqr .lookalike)"
api GET "/v1/discover?limit=0"
check_eq "bad limit 400" 400 "$API_CODE"
check_eq "bad limit names field" limit "$(jqr .error.field)"
api GET "/v1/discover?domain=bad..name"
check_eq "bad domain 400" domain "$(jqr .error.field)"
api GET "/v1/discover?window_days=x"
check_eq "bad window_days names field" window_days "$(jqr .error.field)"
api GET "/v1/discover?colour=red"
check_eq "unknown parameter 400" 400 "$API_CODE"
api GET /v1/discover "" "$SHOP"
check_eq "retailer may not list domains: 403" 403 "$API_CODE"
check "pdns writes are audited" bash -c "[ \$(sqlite3 '$DB' \"SELECT count(*) FROM audit WHERE action = 'pdns.import'\") -ge 3 ]"
check "audit chain verifies" $M audit verify --db "$DB"

finish
