#!/usr/bin/env bash
# test_docs.sh — the curl examples in docs/api.md are real: every ```sh
# block is extracted and run, in document order, against a live `mamoru
# serve` with BASE and KEY (a police key) in the environment. Each block must
# exit 0 and every HTTP response it gets must be < 400 (curl is wrapped to
# dump each response's headers so the status can be checked even where an
# example does not use -f).
cd "$(dirname "$0")/../.." || exit 1
source tests/integration/lib.sh

DOC=docs/api.md
DB=$T_TMP/docs.db
KEY=$(new_org "$DB" police-hq police)
mkdir -p "$T_TMP/web"
echo '<!doctype html><title>console</title>' >"$T_TMP/web/index.html"
start_server "$DB" --web "$T_TMP/web" || { finish; exit 1; }

# extract ```sh blocks into block.N.sh
awk -v dir="$T_TMP" '
    /^```sh[[:space:]]*$/ { n++; inblk = 1; f = sprintf("%s/block.%02d.sh", dir, n); next }
    /^```/ && inblk { inblk = 0; close(f); next }
    inblk { print > f }
' "$DOC"
blocks=("$T_TMP"/block.*.sh)
check "docs/api.md has a sh example for every endpoint (>= 10 blocks)" test "${#blocks[@]}" -ge 10
all=$(cat "${blocks[@]}")
for ep in "/v1/indicators\"" "/v1/indicators/bulk" "/v1/indicators/lookup" "/v1/indicators/\$ID" \
    "-X PATCH" "/v1/indicators?" "/v1/hashes/" "/healthz" "/metrics" "/console/"; do
    check "docs example covers $ep" grep -qF -- "$ep" <<<"$all"
done

# curl wrapper: record every response's status line
mkdir -p "$T_TMP/bin" "$T_TMP/hdr"
REAL_CURL=$(command -v curl)
cat >"$T_TMP/bin/curl" <<EOF
#!/bin/sh
exec "$REAL_CURL" --dump-header "\$(mktemp "$T_TMP/hdr/h.XXXXXX")" "\$@"
EOF
chmod +x "$T_TMP/bin/curl"

for b in "${blocks[@]}"; do
    name=$(basename "$b" .sh)
    first=$(grep -m1 -o 'curl.*' "$b" | cut -c1-70)
    rm -f "$T_TMP"/hdr/h.*
    if env PATH="$T_TMP/bin:$PATH" BASE="$BASE" KEY="$KEY" bash -eo pipefail "$b" \
        >"$T_TMP/$name.out" 2>&1; then
        check "$name exits 0 ($first)" true
    else
        check "$name exits 0 ($first)" false
        sed 's/^/    /' "$T_TMP/$name.out" | head -10
    fi
    codes=$(cat "$T_TMP"/hdr/h.* 2>/dev/null | grep -Eo '^HTTP/[0-9.]+ [0-9]{3}' | awk '{print $2}' | sort -u | tr '\n' ' ')
    check "$name made HTTP requests" test -n "$codes"
    bad=$(for c in $codes; do [ "$c" -ge 400 ] && echo "$c"; done)
    check_eq "$name: every HTTP status < 400 (got: $codes)" "" "$bad"
done

finish
