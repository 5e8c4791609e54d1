#!/usr/bin/env bash
# test_feeds.sh — the vendor and resolver feeds end to end: `mamoru export
# rpz|hosts|csv|stix|hashprefix` and GET /v1/feeds/{format}: only public,
# confirmed/actioned, unexpired url/domain/ip indicators; CLI and API give the
# same bytes; the cursor (stderr / X-Mamoru-Cursor) gives csv/stix deltas and
# 304 for unchanged complete lists; the full-hash endpoint returns the
# SHA-256 behind a prefix; role limits (403) and bad input (exit 2 / 400
# naming the field). The old `mamoru export --format csv|jsonl` still works.
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh
DB=$T_TMP/feeds.db
M=$MAMORU

POLICE=$(new_org "$DB" police-hq police)
VENDOR=$(new_org "$DB" filter-co filtering_vendor)
BANK=$(new_org "$DB" bank-a bank)
DELIVERY=$(new_org "$DB" courier delivery)
rep() { $M report --db "$DB" --org police-hq "$@" >/dev/null; }
rep --kind domain --value Evil-Shop.Example --category phishing --status confirmed --distribution public
rep --kind url --value 'http://phish.example.net/' --category phishing --status confirmed --distribution public
rep --kind url --value 'http://shared.example.org/login/x.php?id=1' --category phishing --status confirmed --distribution public
rep --kind ip --value 192.0.2.1 --category phishing --status confirmed --distribution public
rep --kind domain --value members-only.example --category phishing --status confirmed
rep --kind domain --value just-reported.example --category phishing --distribution public
rep --kind phone --value 090-1234-5678 --category refund --status confirmed --distribution public

# ---- CLI ---------------------------------------------------------------------------
$M export rpz --db "$DB" >"$T_TMP/zone" 2>"$T_TMP/err"
check_eq "export rpz exits 0" 0 $?
check "rpz has SOA and NS" bash -c "grep -q '^@ IN SOA ' '$T_TMP/zone' && grep -q '^@ IN NS ' '$T_TMP/zone'"
check "rpz lists the domain and its subdomains" bash -c "grep -qx 'evil-shop.example CNAME .' '$T_TMP/zone' && grep -qx '\*.evil-shop.example CNAME .' '$T_TMP/zone'"
check "rpz lists a whole-site URL's host" grep -qx 'phish.example.net CNAME .' "$T_TMP/zone"
check "rpz has the IP trigger" grep -qx '32.1.2.0.192.rpz-ip CNAME .' "$T_TMP/zone"
check "rpz leaves out pages, members-only and reported values" bash -c "! grep -Eq 'shared.example.org|members-only|just-reported|819012' '$T_TMP/zone'"
cursor=$(sed -n 's/^cursor: //p' "$T_TMP/err")
check "export prints the cursor" grep -Eq '^[0-9]+\.[0-9]+$' <<<"$cursor"
serial=$(awk '/^@ IN SOA/{print $6}' "$T_TMP/zone")
check_eq "SOA serial comes from the cursor" "${cursor%%.*}" "$serial"
if command -v named-checkzone >/dev/null; then
    check "named-checkzone accepts the zone" named-checkzone -q rpz.mamoru.invalid "$T_TMP/zone"
fi

check_eq "hosts lists exact names" "0.0.0.0 evil-shop.example
0.0.0.0 phish.example.net" "$($M export hosts --db "$DB" 2>/dev/null | grep -v '^#')"

$M export csv --db "$DB" --out "$T_TMP/feed.csv" 2>/dev/null
check_eq "csv has header + 4 rows" 5 "$(wc -l <"$T_TMP/feed.csv")"
check "csv rows are adds" bash -c "tail -n +2 '$T_TMP/feed.csv' | cut -d, -f1 | sort -u | grep -qx add"

$M export stix --db "$DB" --out "$T_TMP/feed.stix" 2>/dev/null
check "stix is a bundle with identity + 4 indicators" jq -e '.type == "bundle" and (.objects | length) == 5 and ([.objects[] | select(.type == "indicator")] | length) == 4' "$T_TMP/feed.stix"
check "stix patterns" jq -e '[.objects[].pattern // empty] | sort == ["[domain-name:value = '"'"'evil-shop.example'"'"']", "[ipv4-addr:value = '"'"'192.0.2.1'"'"']", "[url:value = '"'"'http://phish.example.net/'"'"']", "[url:value = '"'"'http://shared.example.org/login/x.php?id=1'"'"']"]' "$T_TMP/feed.stix"

$M export hashprefix --db "$DB" --out "$T_TMP/prefixes.txt" 2>/dev/null
want=$(for e in 'evil-shop.example/' 'phish.example.net/' 'shared.example.org/login/x.php?id=1' '192.0.2.1/'; do printf '%s' "$e" | sha256sum | cut -c1-8; done | sort)
check_eq "hash prefixes = sorted SHA-256 of the expressions" "$want" "$(cat "$T_TMP/prefixes.txt")"
$M export hashprefix --encoding binary --db "$DB" --out "$T_TMP/prefixes.bin" 2>/dev/null
check_eq "binary prefixes are 4 bytes each" 16 "$(stat -c %s "$T_TMP/prefixes.bin")"
check_eq "binary = hex" "$(tr -d '\n' <"$T_TMP/prefixes.txt")" "$(od -An -tx1 -v "$T_TMP/prefixes.bin" | tr -d ' \n')"

# deltas through the cursor
$M export csv --db "$DB" --since "$cursor" 2>/dev/null >"$T_TMP/delta0.csv"
at_u=$(sqlite3 "$DB" "SELECT count(*) FROM indicators WHERE distribution = 0 AND kind IN (1,2,3) AND updated >= ${cursor%%.*}")
check_eq "delta at the cursor re-sends the rows updated at U" $((at_u + 1)) "$(wc -l <"$T_TMP/delta0.csv")"
future=$(( ${cursor%%.*} + 1 )).0
check_eq "delta after the cursor is empty (header only)" 1 "$($M export csv --db "$DB" --since "$future" 2>/dev/null | wc -l)"
$M export rpz --db "$DB" --since "$future" --out "$T_TMP/zone2" 2>"$T_TMP/err"
check_eq "unchanged rpz exits 0" 0 $?
check "unchanged rpz writes nothing" bash -c "[ ! -e '$T_TMP/zone2' ] && grep -q unchanged '$T_TMP/err'"
sleep 1 # a new second: the change below is after the cursor
ID=$($M lookup --db "$DB" --kind domain --value evil-shop.example | jq -r .id)
sqlite3 "$DB" "UPDATE indicators SET status = 4, updated = strftime('%s','now') WHERE id = $ID"
$M export csv --db "$DB" --since "$future" 2>/dev/null >"$T_TMP/delta.csv"
check "delta carries the removal" grep -q "^remove,$ID,domain,evil-shop.example," "$T_TMP/delta.csv"
check_eq "delta holds only the changed row" 2 "$(wc -l <"$T_TMP/delta.csv")"
$M export stix --db "$DB" --since "$future" 2>/dev/null >"$T_TMP/delta.stix"
check "stix delta revokes it" jq -e '[.objects[] | select(.revoked == true)] | length == 1' "$T_TMP/delta.stix"
check "rpz no longer lists it" bash -c "! $M export rpz --db '$DB' 2>/dev/null | grep -q evil-shop"
sqlite3 "$DB" "UPDATE indicators SET status = 1 WHERE id = $ID"

# bad input
$M export rpz --db "$DB" --since yesterday >/dev/null 2>"$T_TMP/err"; check_eq "bad --since exits 2" 2 $?
check "bad --since names field and value" grep -q "since.*yesterday" "$T_TMP/err"
$M export bind --db "$DB" >/dev/null 2>&1; check_eq "unknown format falls to the old export and exits 0" 0 $?
$M export rpz --db "$DB" --encoding binary >/dev/null 2>"$T_TMP/err"; check_eq "--encoding on rpz exits 2" 2 $?
$M export rpz --db "$DB" --zone 'bad zone!' >/dev/null 2>"$T_TMP/err"; check_eq "bad --zone exits 2" 2 $?
check "old export --format csv still works" bash -c "$M export --format csv --db '$DB' 2>/dev/null | head -1 | grep -q '^id,kind,canonical'"
check_eq "old export jsonl still lists everything" 7 "$($M export --db "$DB" 2>/dev/null | wc -l)"

# ---- API ---------------------------------------------------------------------------
# the server's data directory holds only what these endpoints read: loading
# every detector's model takes seconds under ASan and is not tested here
mkdir -p "$T_TMP/data"
echo "data_dir = $T_TMP/data" >"$T_TMP/serve.conf"
start_server "$DB" --config "$T_TMP/serve.conf" || { finish; exit 1; }
KEY=$VENDOR
api GET /v1/feeds/rpz
check_eq "GET rpz 200" 200 "$API_CODE"
check_eq "rpz content type" "text/dns" "$(api_header Content-Type)"
api_cursor=$(api_header X-Mamoru-Cursor)
check "X-Mamoru-Cursor header" grep -Eq '^[0-9]+\.[0-9]+$' <<<"$api_cursor"
$M export rpz --db "$DB" 2>/dev/null | grep -v '^;' >"$T_TMP/cli.zone"
check_eq "API and CLI give the same zone" "$(cat "$T_TMP/cli.zone")" "$(grep -v '^;' <<<"$API_BODY")"
api GET "/v1/feeds/rpz?since=$api_cursor"
check_eq "rpz since the current cursor: 200 (rows at U are re-sent)" 200 "$API_CODE"
next=$(( ${api_cursor%%.*} + 1 )).${api_cursor#*.}
api GET "/v1/feeds/rpz?since=$next"
check_eq "rpz since a later cursor: 304" 304 "$API_CODE"
api GET "/v1/feeds/csv?since=$next"
check_eq "csv delta 200" 200 "$API_CODE"
check_eq "csv delta empty" 1 "$(printf '%s\n' "$API_BODY" | wc -l)"
api GET /v1/feeds/stix
check "stix over HTTP" jq -e '.type == "bundle"' <<<"$API_BODY"
check_eq "stix content type" "application/stix+json;version=2.1" "$(api_header Content-Type)"
api GET /v1/feeds/hashprefix
check_eq "hashprefix over HTTP = CLI" "$want" "$API_BODY"
p=$(head -n1 <<<"$want")
api GET "/v1/feeds/fullhash?prefix=$p"
check_eq "fullhash 200" 200 "$API_CODE"
full=$(jqr '.matches[0].hash')
check "full hash starts with the prefix" test "${full:0:8}" = "$p"
check "full hash is the SHA-256 of a listed expression" bash -c "for e in 'evil-shop.example/' 'phish.example.net/' 'shared.example.org/login/x.php?id=1' '192.0.2.1/'; do [ \"\$(printf '%s' \"\$e\" | sha256sum | cut -c1-64)\" = '$full' ] && exit 0; done; exit 1"
api GET "/v1/feeds/fullhash?prefix=00000000"
check_eq "fullhash miss: empty matches" 0 "$(jqr '.matches | length')"

# roles: a bank may list url and domain but not ip; delivery may list none
KEY=$BANK
api GET /v1/feeds/rpz
check "bank's zone has no IP trigger" bash -c "! grep -q rpz-ip <<<'$API_BODY'"
KEY=$DELIVERY
api GET /v1/feeds/hosts
check_eq "delivery may not list feeds: 403" 403 "$API_CODE"
KEY=$VENDOR

# bad input
api GET /v1/feeds/bind
check_eq "unknown format 404" 404 "$API_CODE"
check_eq "unknown format names field" format "$(jqr .error.field)"
api GET "/v1/feeds/csv?since=abc"
check_eq "bad since 400" 400 "$API_CODE"
check_eq "bad since names field" since "$(jqr .error.field)"
api GET "/v1/feeds/fullhash?prefix=0fd6"
check_eq "short prefix 400" 400 "$API_CODE"
check "short prefix error names the value" grep -q 0fd6 <<<"$(jqr .error.message)"
api GET "/v1/feeds/rpz?encoding=binary"
check_eq "encoding on rpz 400" 400 "$API_CODE"
api GET "/v1/feeds/hosts?colour=red"
check_eq "unknown parameter 400" 400 "$API_CODE"
api GET /v1/feeds/rpz "" -
check_eq "no key 401" 401 "$API_CODE"

finish
