# lib.sh — shared helpers for the integration tests (bash, curl, jq).
#
# Each tests/integration/test_*.sh sources this file, calls `check` /
# `check_eq` for every assertion and ends with `finish`. tests/run.sh reads
# the "PASS:"/"FAIL:" lines to count. Servers started with start_server are
# killed on exit. Scripts run from the repo root.
set -u
MAMORU=${MAMORU:-build/mamoru}
SHARED_DATA=${MAMORU_SHARED_DATA:-../shared/data}
T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d /tmp/mamoru-it.XXXXXX)
T_PIDS=()

cleanup() {
    for p in "${T_PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$T_TMP"
}
trap cleanup EXIT

# check NAME COMMAND... : passes when the command exits 0.
check() {
    local name=$1; shift
    if "$@" >"$T_TMP/last.out" 2>&1; then
        T_PASS=$((T_PASS + 1)); echo "PASS: $name"
    else
        T_FAIL=$((T_FAIL + 1)); echo "FAIL: $name"; sed 's/^/    /' "$T_TMP/last.out" | head -20
    fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then
        T_PASS=$((T_PASS + 1)); echo "PASS: $1"
    else
        T_FAIL=$((T_FAIL + 1)); echo "FAIL: $1"; echo "    expected: $2"; echo "    actual:   $3"
    fi
}

# start_server DB [extra serve args...] : starts `mamoru serve` on a free
# loopback port; sets BASE (http://127.0.0.1:PORT) and SERVER_PID.
start_server() {
    local db=$1; shift
    local ready="$T_TMP/ready.$RANDOM"
    "$MAMORU" serve --db "$db" --listen 127.0.0.1:0 --ready-file "$ready" "$@" \
        >>"$T_TMP/server.log" 2>&1 &
    SERVER_PID=$!
    T_PIDS+=("$SERVER_PID")
    # ASan builds loading every detector's data can take several seconds on
    # a busy machine: wait up to 60 s (START_WAIT seconds when set: a phrase
    # set no run compiled takes minutes under ASan), but stop early if the
    # server died
    for _ in $(seq 1 $((${START_WAIT:-60} * 20))); do
        [ -s "$ready" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    if [ ! -s "$ready" ]; then
        echo "server did not start; log:"; cat "$T_TMP/server.log"; return 1
    fi
    BASE="http://127.0.0.1:$(cat "$ready")"
}

# new_org DB NAME ROLE : prints the API key (last line of `org add`).
new_org() {
    "$MAMORU" org add "$2" --role "$3" --db "$1" | tail -n 1
}

finish() {
    echo "$T_PASS passed, $T_FAIL failed"
    [ "$T_FAIL" -eq 0 ]
}

# ---- added for the HTTP API tests (test_api*.sh, test_kill9.sh, test_docs.sh) ----

# api METHOD PATH [BODY] [KEY] : one request to $BASE$PATH. Sets API_CODE
# (HTTP status; 000 when the connection failed) and API_BODY. BODY "@file"
# sends a file's bytes. KEY defaults to $KEY; "-" sends no Authorization.
api() {
    local method=$1 path=$2 body=${3-} key=${4-${KEY-}}
    local args=(-s -o "$T_TMP/api.body" -D "$T_TMP/api.headers" -w '%{http_code}'
                -X "$method" --max-time 30)
    if [ -n "$key" ] && [ "$key" != "-" ]; then
        args+=(-H "Authorization: Bearer $key")
    fi
    if [ -n "$body" ]; then
        args+=(-H 'Content-Type: application/json' --data-binary "$body")
    fi
    : >"$T_TMP/api.body"
    API_CODE=$(curl "${args[@]}" "$BASE$path") || true
    API_BODY=$(cat "$T_TMP/api.body")
}

# api_header NAME : value of a response header of the last `api` call.
api_header() {
    grep -i "^$1:" "$T_TMP/api.headers" | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}

# jqr FILTER : apply jq to the last API_BODY (raw output; "" on bad JSON).
jqr() {
    printf '%s' "$API_BODY" | jq -r "$1" 2>/dev/null
}
