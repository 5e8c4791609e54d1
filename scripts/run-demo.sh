#!/usr/bin/env bash
# run-demo.sh — what `make run` does after building: load the demo scenario
# into var/mamoru.db (SQLite), print the organisations' API keys, the console
# URL and a working curl example, then run `mamoru serve` in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${MAMORU_DB:-var/mamoru.db}
LISTEN=${MAMORU_LISTEN:-127.0.0.1:8080}
mkdir -p var
build/mamoru demo --db "$DB" --keys-out var/demo-keys.tsv
police_key=$(awk -F'\t' '$1=="demo-police"{print $3}' var/demo-keys.tsv)
cat <<TXT

console:  http://$LISTEN/   (paste one of the API keys above)
try:      curl -s -H "Authorization: Bearer $police_key" \\
            "http://$LISTEN/v1/indicators/lookup?kind=domain&value=SGW-REDELIV0.example"
report:   curl -s -H "Authorization: Bearer $police_key" -H 'Content-Type: application/json' \\
            -d '{"kind":"phone","value":"+1 833 555 0110","category":"police_impersonation"}' \\
            http://$LISTEN/v1/indicators
keys:     var/demo-keys.tsv     stop: Ctrl-C

TXT
exec build/mamoru serve --db "$DB" --listen "$LISTEN" --web web
