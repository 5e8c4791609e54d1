#!/usr/bin/env bash
# test_cli.sh — the `mamoru` command end to end: exit codes, normalisers,
# report/lookup, import with bad rows, export, organisations, audit
# tampering, config errors, the demo scenario. Each run uses a temp store.
source tests/integration/lib.sh
DB=$T_TMP/cli.db
M=$MAMORU

# exit codes and help
check "help exits 0" $M --help
$M frobnicate >/dev/null 2>&1; check_eq "unknown command exits 2" 2 $?
check "every command has --help" bash -c "for c in serve norm report lookup import export org audit demo; do $M \$c --help >/dev/null || exit 1; done"
cmds=$($M --help | awk '/^commands:/{f=1;next} f&&/^  [a-z]/{print $1} f&&/^$/{f=0}')
check "help lists commands" test "$(echo "$cmds" | wc -l)" -ge 10
check_eq "help lists each command once" "" "$(echo "$cmds" | sort | uniq -d)"
check "every listed command has --help" bash -c "for c in $(echo $cmds); do $M \$c --help >/dev/null || exit 1; done"

# normalisers
check_eq "norm phone" "+819012345678" "$($M norm phone '090-1234-5678')"
check_eq "norm full-width phone" "+819012345678" "$($M norm phone '０９０１２３４５６７８')"
check_eq "norm phone json class" "mobile" "$($M norm phone '+81 90 1234 5678' --json | jq -r .class)"
$M norm phone 'call me' >/dev/null 2>"$T_TMP/err"; rc=$?
check_eq "norm bad phone exits 2" 2 $rc
check "norm bad phone names the value" grep -q "call me" "$T_TMP/err"
$M norm telephone 123 >/dev/null 2>"$T_TMP/err"; check_eq "norm unknown kind exits 2" 2 $?
check "unknown kind error names kind" grep -q "kind" "$T_TMP/err"
check_eq "norm domain lower-cases" "sgw-redeliv.example" "$($M norm domain 'SGW-Redeliv.Example.')"
check_eq "norm url canonical" "http://example.test/a/c" "$($M norm url 'HTTP://Example.TEST/a/./b/../c#frag')"
check "norm card masks display" bash -c "$M norm card '4111 1111 1111 1111' --json | jq -e '.display == \"****1111\"'"
$M norm card '4111 1111 1111 1112' >/dev/null 2>&1; check_eq "norm card bad Luhn exits 2" 2 $?

# organisations
key=$($M org add "Test Police" --role police --db "$DB" | tail -n 1)
check "org add prints key on last line" bash -c "[[ '$key' == mm_* ]]"
$M org add "Test Police" --role police --db "$DB" >/dev/null 2>&1; check_eq "duplicate org exits 2" 2 $?
$M org add "X" --role sheriff --db "$DB" >/dev/null 2>"$T_TMP/err"; check_eq "bad role exits 2" 2 $?
check "bad role error names the role" grep -q "sheriff" "$T_TMP/err"
check "org list shows org" bash -c "$M org list --db '$DB' | grep -q 'Test Police'"
check "org key issues another key" bash -c "$M org key 'Test Police' --db '$DB' | tail -n1 | grep -q '^mm_'"
check "API key not stored in clear" bash -c "! sqlite3 '$DB' .dump | grep -q '$key'"

# report and lookup
out=$($M report --db "$DB" --org "Test Police" --kind phone --value '090-1111-2222' --category refund)
check_eq "report creates" "true" "$(jq -r .new <<<"$out")"
check_eq "report canonical" "+819011112222" "$(jq -r .canonical <<<"$out")"
out=$($M report --db "$DB" --kind phone --value '+81 90 1111 2222' --category refund)
check_eq "second report is a sighting" "false 2 2" "$(jq -r '"\(.new) \(.sightings) \(.reporters)"' <<<"$out")"
check_eq "lookup finds differently written value" "+819011112222" \
    "$($M lookup --db "$DB" --kind phone --value '０９０-１１１１-２２２２' | jq -r .canonical)"
$M lookup --db "$DB" --kind phone --value '090-9999-9999' >/dev/null 2>&1; check_eq "lookup miss exits 3" 3 $?
$M report --db "$DB" --kind phone --value 'abc' --category refund >/dev/null 2>"$T_TMP/err"
check_eq "report bad value exits 2" 2 $?
$M report --db "$DB" --kind url --value 'http://x.example/' --category 'Bad Category!' >/dev/null 2>"$T_TMP/err"
check_eq "report bad category exits 2" 2 $?
check "bad category error names the field" grep -q "category" "$T_TMP/err"
$M report --db "$DB" --kind url --value 'http://x.example/' --category phishing --confidence 101 >/dev/null 2>&1
check_eq "confidence out of range exits 2" 2 $?

# personal data is stored only as a keyed hash
$M report --db "$DB" --kind card --value '4111-1111-1111-1111' --category card_fraud >/dev/null
$M report --db "$DB" --kind postal_address --value '東京都千代田区架空町1丁目2番3号' --category parcel_drop >/dev/null
check "card number not in the database file" bash -c "! sqlite3 '$DB' .dump | grep -q 4111111111111111"
check "address not in the database file" bash -c "! sqlite3 '$DB' .dump | grep -q '架空町'"
check "card lookup still works" bash -c "$M lookup --db '$DB' --kind card --value '4111 1111 1111 1111' | jq -e '.display == \"****1111\"'"

# import: CSV with a bad row in the middle keeps the good ones
cat >"$T_TMP/in.csv" <<'CSV'
kind,value,category,confidence
phone,03-1234-5678,refund,70
phone,not a number,refund,70
domain,"bad-example-1.example",phishing,
url,https://pay-check.example/login?a=1,phishing,80
domain,ok2.example,phishing,500
CSV
$M import "$T_TMP/in.csv" --db "$DB" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
check_eq "import with bad rows exits 2" 2 $rc
check "import names line 3" grep -q "^line 3: " "$T_TMP/err"
check "import names line 6 confidence" grep -q "^line 6: confidence" "$T_TMP/err"
check "import summary counts" grep -q "3 new, 0 sightings, 2 rejected" "$T_TMP/out"
check "good CSV rows kept" $M lookup --db "$DB" --kind domain --value bad-example-1.example
check "good CSV url kept" $M lookup --db "$DB" --kind url --value 'https://pay-check.example/login?a=1'
printf 'kind,value,colour\nphone,03-1111-1111,red\n' >"$T_TMP/badhdr.csv"
$M import "$T_TMP/badhdr.csv" --db "$DB" >/dev/null 2>"$T_TMP/err"; check_eq "unknown CSV column exits 2" 2 $?
check "unknown column named" grep -q "colour" "$T_TMP/err"
printf '{"kind":"email","value":"Fraud@Example.TEST","category":"phishing"}\n{oops\n\n{"kind":"domain","value":"jsonl-ok.example","category":"phishing","confidence":"high"}\n{"kind":"domain","value":"jsonl-ok2.example","category":"phishing"}\n' >"$T_TMP/in.jsonl"
$M import "$T_TMP/in.jsonl" --db "$DB" >"$T_TMP/out" 2>"$T_TMP/err"; check_eq "jsonl with bad lines exits 2" 2 $?
check "jsonl names line 2" grep -q "^line 2: " "$T_TMP/err"
check "jsonl names line 4 confidence" grep -q "^line 4: confidence" "$T_TMP/err"
check "jsonl summary" grep -q "2 new, 0 sightings, 2 rejected" "$T_TMP/out"
check_eq "jsonl email canonical" "fraud@example.test" "$($M lookup --db "$DB" --kind email --value 'FRAUD@example.test' | jq -r .canonical)"
$M import /nonexistent.csv --db "$DB" >/dev/null 2>&1; check_eq "missing import file exits 2" 2 $?

# export
n=$($M export --db "$DB" --format jsonl 2>/dev/null | wc -l)
c=$($M export --db "$DB" --format csv 2>/dev/null | tail -n +2 | wc -l)
check_eq "export jsonl and csv agree" "$n" "$c"
check_eq "export has every indicator" 8 "$n"
check "export never prints the card number" bash -c "! $M export --db '$DB' --format csv 2>/dev/null | grep -q 4111111111111111"
check_eq "export by kind" "2" "$($M export --db "$DB" --kind phone 2>/dev/null | wc -l)"

# audit chain
check "audit verify intact" $M audit verify --db "$DB"
cp "$DB" "$T_TMP/tamper.db"; cp "$DB.key" "$T_TMP/tamper.db.key"
sqlite3 "$T_TMP/tamper.db" "UPDATE audit SET detail = detail || 'x' WHERE id = 3;"
$M audit verify --db "$T_TMP/tamper.db" >"$T_TMP/out" 2>&1; check_eq "edited audit entry exits 4" 4 $?
check "audit names the entry" grep -q "entry 3" "$T_TMP/out"

# config
printf 'db = %s\ncolour = blue\n' "$DB" >"$T_TMP/bad.conf"
$M lookup --config "$T_TMP/bad.conf" --kind phone --value 1 >/dev/null 2>"$T_TMP/err"; check_eq "bad config key exits 2" 2 $?
check "bad config names the key and line" grep -q "bad.conf:2: unknown setting 'colour'" "$T_TMP/err"

# demo scenario
$M demo --db "$T_TMP/demo.db" --keys-out "$T_TMP/keys.tsv" >"$T_TMP/out" 2>&1
check "demo loads" grep -Eq "demo scenario loaded .*: 10 organisations, 3[0-9][0-9] indicators" "$T_TMP/out"
check_eq "demo covers every kind" 12 "$($M export --db "$T_TMP/demo.db" 2>/dev/null | jq -r .kind | sort -u | wc -l)"
check "demo twice keeps data, new keys" bash -c "$M demo --db '$T_TMP/demo.db' | grep -q 'already loaded'"
check_eq "demo keys file has 10 orgs" 10 "$(wc -l <"$T_TMP/keys.tsv")"
# data directory: found beside the binary when started elsewhere; a missing
# explicit one is an error naming it; none at all is a warning, not silence
MABS=$(realpath "$M")
LURE='【ヤマト運輸】お荷物をお届けに伺いましたが不在のため持ち帰りました。 http://yamato-kuroneko.example/r'
out=$(cd "$T_TMP" && "$MABS" screen sms "$LURE" 2>"$T_TMP/err")
check_eq "screen from another directory still uses data/ (finds the lure)" "block" "$(jq -r .action <<<"$out")"
check_eq "screen from another directory: no warning" "" "$(cat "$T_TMP/err")"
printf 'data_dir = %s/nowhere\n' "$T_TMP" >"$T_TMP/nodata.conf"
$M screen sms "$LURE" --config "$T_TMP/nodata.conf" >/dev/null 2>"$T_TMP/err"
check_eq "missing explicit data_dir exits 2" 2 $?
check "missing data_dir error names it" grep -q "data_dir: '$T_TMP/nowhere'" "$T_TMP/err"
$M serve --config "$T_TMP/nodata.conf" --listen 127.0.0.1:1 >/dev/null 2>"$T_TMP/err"
check_eq "serve with a missing data_dir exits 2" 2 $?
mkdir -p "$T_TMP/lone" && cp "$MABS" "$T_TMP/lone/mamoru"
(cd "$T_TMP/lone" && ./mamoru screen sms "$LURE" >/dev/null 2>"$T_TMP/err")
check "no data directory anywhere: a warning says so" grep -q "warning: data_dir" "$T_TMP/err"
finish
