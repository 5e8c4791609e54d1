#!/usr/bin/env bash
# bench_spam_peers.sh — mamoru against Debian's rspamd 3.4 and SpamAssassin
# 4 (spamd) in one run, on the same Japanese e-mail and SMS-sized corpus
# (issue 4 §6): messages per second per core, p99 latency at 50% load,
# peak memory, and recall / false-positive rate on the fraud mail — one
# table at the end. Never part of `make test`; prints, never asserts.
#
# Method: the peer kit in ../shared/peers/spam-filters (its corpus
# generator, its configs with every network check off): each server pinned
# to CPU 1, the client to CPU 0, one TCP connection per message as rspamc /
# spamc do. All three servers are loaded by the same client,
# bench/peer_loadgen (C, one epoll loop; the kit's request formats: /checkv2
# with the envelope headers for rspamd, SPAMC/1.5 SYMBOLS for spamd, the raw
# message as the body of POST /v1/screen/email for mamoru), because the
# kit's asyncio client saturates its core near 1,000 connections/s — below
# mamoru's rate, and a saturated client also makes each reply cheaper for
# the server than an idle one would (no wake-up of a sleeping client), so
# two different clients would not compare like with like. The kit's Python
# client still runs once against rspamd and mamoru as a cross-check row.
# Server CPU and peak memory are the whole process tree's (rspamd and spamd
# fork workers). mamoru runs with an empty store (no listed indicators:
# like the peers, local rules only) and one HTTP worker thread.
#
# Needs: root (installs spamassassin + spamd with apt-get when missing),
# python3 (the kit is Python; not guaranteed on a fresh Debian 12), 2 CPUs,
# build/mamoru and build/bench/peer_loadgen (make bench builds both).
# rspamd 3.4 depends on libhyperscan5, which conflicts with
# the libvectorscan5 mamoru builds against, so it is not installed: its
# .deb and libhyperscan5's are unpacked under $PEER_DIR/root and run from
# there (LD_LIBRARY_PATH), with its dependencies installed normally and a
# _rspamd system user created as the package would.
#   bash bench/bench_spam_peers.sh            (≈ 8 min, most of it spamd)
#   PEERS="rspamd mamoru" bash bench/bench_spam_peers.sh
# Knobs: PEER_KIT, PEER_DIR (/tmp/mamoru-peer-bench), PEERS, SA_MAIL (2000
# messages through spamd), SA_SMS (400), SA_LAT (300: the fewest messages
# of a latency run; the others last ~8 s), ROUNDS (3, alternating closed-loop
# rounds of rspamd and mamoru), MAMORU_THREADS (1), LOADGEN.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
KIT=$(cd "${PEER_KIT:-../shared/peers/spam-filters}" 2>/dev/null && pwd) || {
    echo "bench_spam_peers: no peer kit at ${PEER_KIT:-../shared/peers/spam-filters}"; exit 0; }
B=${PEER_DIR:-/tmp/mamoru-peer-bench}
C=$B/corpus
OUT=$B/results
R=$B/root
MAMORU=${MAMORU:-build/mamoru}
PORT_RSPAMD=${PORT_RSPAMD:-11533}
PORT_SPAMD=${PORT_SPAMD:-17930}
PEERS=${PEERS:-"rspamd spamd mamoru"}
SA_MAIL=${SA_MAIL:-2000}
SA_SMS=${SA_SMS:-400}
SA_LAT=${SA_LAT:-300}
ROUNDS=${ROUNDS:-3}

for t in python3 taskset curl; do
    command -v $t >/dev/null || { echo "bench_spam_peers: needs $t"; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "bench_spam_peers: needs 2 CPUs (server on 1, client on 0)"; exit 1; }
[ -x "$MAMORU" ] || { echo "bench_spam_peers: build $MAMORU first (make)"; exit 1; }
LOADGEN=${LOADGEN:-build/bench/peer_loadgen}
[ -x "$LOADGEN" ] || { echo "bench_spam_peers: build $LOADGEN first (make $LOADGEN)"; exit 1; }
mkdir -p "$B"
rm -rf "$OUT"
mkdir -p "$OUT"

PIDS=()
declare -A SPID_OF
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

# ---- corpus (deterministic) ---------------------------------------------------------
if [ ! -f "$C/index.tsv" ]; then
    echo "== generating the corpus (gen_corpus.py)"
    python3 "$KIT/gen_corpus.py" "$C" || exit 1
fi

# ---- installs ---------------------------------------------------------------------------
apt_install() {
    [ "$(id -u)" = 0 ] || { echo "bench_spam_peers: run as root to install $*"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$B/apt.log" 2>&1 ||
        { echo "apt-get install $* failed:"; tail -5 "$B/apt.log"; exit 1; }
}
if [[ " $PEERS " == *" spamd "* ]] && ! dpkg -s spamassassin spamd >/dev/null 2>&1; then
    echo "== installing spamassassin spamd"
    apt_install spamassassin spamd
fi
if [[ " $PEERS " == *" rspamd "* ]] && [ ! -x "$R/usr/bin/rspamd" ]; then
    echo "== unpacking rspamd 3.4 + libhyperscan5 under $R (libhyperscan5 conflicts with libvectorscan5)"
    apt_install adduser ca-certificates libglib2.0-0 libicu72 libluajit-5.1-2 libpcre2-8-0 \
        libsodium23 libsqlite3-0 libssl3 libunwind8 zlib1g
    mkdir -p "$B/debs" "$R"
    (cd "$B/debs" && apt-get download rspamd libhyperscan5 >/dev/null 2>&1) ||
        { echo "apt-get download rspamd libhyperscan5 failed"; exit 1; }
    for d in "$B"/debs/rspamd_*.deb "$B"/debs/libhyperscan5_*.deb; do dpkg-deb -x "$d" "$R"; done
fi
if [[ " $PEERS " == *" rspamd "* ]] && ! id _rspamd >/dev/null 2>&1; then
    adduser --system --group --no-create-home --home /var/lib/rspamd --quiet _rspamd
fi

# ---- configs (the kit's, on our own ports) -------------------------------------------------
if [[ " $PEERS " == *" rspamd "* || " $PEERS " == *" spamd "* ]]; then
    id _rspamd >/dev/null 2>&1 || adduser --system --group --no-create-home --quiet _rspamd
    bash "$KIT/setup_configs.sh" "$B" >/dev/null || exit 1
    sed -i "s/127.0.0.1:11433/127.0.0.1:$PORT_RSPAMD/; s/127.0.0.1:11434/127.0.0.1:$((PORT_RSPAMD + 1))/;
            s/127.0.0.1:11432/127.0.0.1:$((PORT_RSPAMD - 1))/" "$B"/rspamd/conf/override.d/worker-*.inc
    # the unpacked tree's language data (compiled-in path is /usr/share/rspamd)
    printf 'lang_detection {\n  languages = "%s";\n}\n' "$R/usr/share/rspamd/languages" \
        >"$B/rspamd/conf/rspamd.conf.local"
    chown -R _rspamd:_rspamd "$B/rspamd"
fi

# ---- helpers ---------------------------------------------------------------------------------
# lg NAME LABEL ARGS... : one peer_loadgen run on CPU 0, JSON in $OUT/NAME/LABEL.json
lg() {
    local name=$1 label=$2; shift 2
    mkdir -p "$OUT/$name"
    local port=${MPORT:-} extra=(--key "${MKEY:-}")
    case $name in
    rspamd) port=$PORT_RSPAMD extra=() ;;
    spamd) port=$PORT_SPAMD extra=() ;;
    esac
    taskset -c 0 "$LOADGEN" --proto "$name" --port "$port" --pid "${SPID_OF[$name]}" --label "$label" \
        "${extra[@]}" "$@" >"$OUT/$name/$label.json" 2>"$OUT/$name/$label.err"
}
# pyclient NAME LABEL ARGS... : the kit's Python client (cross-check), same output place
pyclient() {
    local name=$1 label=$2; shift 2
    local prog=("$KIT/bench_client.py" --proto rspamd --port "$PORT_RSPAMD")
    [ "$name" = mamoru ] && prog=("$ROOT/bench/peer_mamoru_client.py" --proto rspamd --port "${MPORT:-}")
    PEER_KIT=$KIT MAMORU_KEY=${MKEY:-} taskset -c 0 python3 "${prog[@]}" --pid "${SPID_OF[$name]}" \
        --label "$label" --out "$OUT/$name/$label.json" "$@" >/dev/null 2>"$OUT/$name/$label.err"
}
start_rspamd() {
    local V="--var=CONFDIR=$R/etc/rspamd --var=LOCAL_CONFDIR=$B/rspamd/conf --var=DBDIR=$B/rspamd/db
        --var=RUNDIR=$B/rspamd/run --var=LOGDIR=$B/rspamd/log --var=SHAREDIR=$R/usr/share/rspamd
        --var=PLUGINSDIR=$R/usr/share/rspamd/plugins --var=RULESDIR=$R/usr/share/rspamd/rules
        --var=LUALIBDIR=$R/usr/share/rspamd/lualib --var=WWWDIR=$R/usr/share/rspamd/www"
    mkdir -p "$B/rspamd/log" "$B/rspamd/db" "$B/rspamd/run"
    chown -R _rspamd:_rspamd "$B/rspamd"
    local off
    off=$(stat -c %s "$B/rspamd/log/rspamd.log" 2>/dev/null || echo 0)
    # shellcheck disable=SC2086
    LD_LIBRARY_PATH=$R/usr/lib/rspamd:$R/usr/lib/x86_64-linux-gnu taskset -c 1 \
        "$R/usr/bin/rspamd" -f -u _rspamd -g _rspamd -c "$R/etc/rspamd/rspamd.conf" $V \
        >"$B/rspamd/log/stdout.txt" 2>&1 &
    SPID=$!
    PIDS+=("$SPID")
    for _ in $(seq 1 180); do
        tail -c +$((off + 1)) "$B/rspamd/log/rspamd.log" 2>/dev/null |
            grep -qE '\(normal\).*hyperscan database.*loaded|compiled 0 regular expressions' && return 0
        kill -0 "$SPID" 2>/dev/null || break
        sleep 1
    done
    echo "rspamd did not start; see $B/rspamd/log"; return 1
}

start_spamd() {
    local S=$B/sa
    mkdir -p "$S/home"
    chown -R debian-spamd:debian-spamd "$S"
    : >"$S/spamd.log"
    taskset -c 1 spamd -L --max-children 1 --min-children 1 -x -u debian-spamd -g debian-spamd \
        --siteconfigpath="$S/siteconf" --helper-home-dir="$S/home" -i "127.0.0.1:$PORT_SPAMD" \
        -A 127.0.0.1 -r "$S/spamd.pid" -s "$S/spamd.log" >"$S/stdout.txt" 2>&1 &
    SPID=$!
    PIDS+=("$SPID")
    for _ in $(seq 1 180); do
        grep -q "server successfully spawned child process" "$S/spamd.log" 2>/dev/null && return 0
        kill -0 "$SPID" 2>/dev/null || break
        sleep 1
    done
    echo "spamd did not start; see $S/spamd.log"; return 1
}

start_mamoru() {
    local M=$B/mamoru
    rm -rf "$M"
    mkdir -p "$M"
    MKEY=$("$MAMORU" org add bench-mail --role carrier --db "$M/bench.db" | tail -n 1)
    printf 'threads = %s\n' "${MAMORU_THREADS:-1}" >"$M/serve.conf"
    taskset -c 1 "$MAMORU" serve --db "$M/bench.db" --listen 127.0.0.1:0 --ready-file "$M/ready" \
        --config "$M/serve.conf" >"$M/serve.log" 2>&1 &
    SPID=$!
    PIDS+=("$SPID")
    # up to 3 min: the first start on a fresh machine compiles the Vectorscan
    # databases (45 s on a 2-core EPYC) before it caches them; the old 10 s
    # wait reported "did not start" there and left mamoru out of the table
    for _ in $(seq 1 1800); do
        [ -s "$M/ready" ] && break
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.1
    done
    [ -s "$M/ready" ] || { echo "mamoru serve did not start:"; cat "$M/serve.log"; return 1; }
    MPORT=$(cat "$M/ready")
    local code
    code=$(curl -s -o "$M/probe.json" -w '%{http_code}' -H "Authorization: Bearer $MKEY" \
        -H 'Content-Type: message/rfc822' --data-binary "@$C/mail/0000.eml" \
        "http://127.0.0.1:$MPORT/v1/screen/email")
    [ "$code" = 200 ] || { echo "mamoru: POST /v1/screen/email → $code: $(cat "$M/probe.json")"; return 1; }
}

stop_server() { # NAME
    local pid=${SPID_OF[$1]}
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    local keep=()
    for p in "${PIDS[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
    PIDS=("${keep[@]:-}")
}

# The request sets of one peer: mail, sms, concurrency, passes per round, warm-up.
peer_args() { # NAME
    CONC=16 LIM_MAIL=() LIM_SMS=() REP=(--repeat 1) WARM=(--limit 500)
    MAIL=(--corpus "$C/mail" --envelope "$C/envelope.tsv")
    SMS=(--corpus "$C/sms" --envelope "$C/envelope-sms.tsv")
    case $1 in
    mamoru) REP=(--repeat 4) ;;
    spamd) CONC=4 LIM_MAIL=(--limit "$SA_MAIL") LIM_SMS=(--limit "$SA_SMS") REP=() WARM=(--limit 100) ;;
    esac
}
start_peer() { # NAME
    case $1 in
    rspamd) start_rspamd ;;
    spamd) start_spamd ;;
    mamoru) start_mamoru ;;
    *) echo "unknown peer $1"; return 1 ;;
    esac || return 1
    SPID_OF[$1]=$SPID
    peer_args "$1"
    echo "== $1 (pid $SPID, CPU 1)"
    lg "$1" warm-mail "${MAIL[@]}" "${WARM[@]}" --concurrency "$CONC"
    lg "$1" warm-sms "${SMS[@]}" "${WARM[@]}" --concurrency "$CONC"
}
# one closed-loop round: e-mail (verdicts kept from round 1) and SMS
tput_round() { # NAME ROUND
    peer_args "$1"
    local dump=()
    [ "$2" = 1 ] && dump=(--dump-results "$OUT/$1/verdicts-mail.json")
    lg "$1" "tput-mail-r$2" "${MAIL[@]}" "${LIM_MAIL[@]}" "${REP[@]}" --concurrency "$CONC" "${dump[@]}"
    lg "$1" "tput-sms-r$2" "${SMS[@]}" "${LIM_SMS[@]}" "${REP[@]}" --concurrency "$CONC"
}
# latency at 50 % of what one core of the server sustained (median round; or of
# the closed-loop rate if that was lower), Poisson arrivals, ~8 s (>= SA_LAT
# messages): the rate in LAT_RATE, the count in LAT_COUNT
lat_rate() { # NAME
    LAT_RATE=$(python3 - "$OUT/$1" <<'PY'
import glob, json, sys
js = []
for f in glob.glob(sys.argv[1] + "/tput-mail-r*.json"):
    try:
        js.append(json.load(open(f)))
    except ValueError:
        pass
js = sorted((j for j in js if j.get("msgs_per_server_cpu_s")), key=lambda j: j["msgs_per_server_cpu_s"])
j = js[len(js) // 2] if js else {"msgs_per_s": 1, "msgs_per_server_cpu_s": 1}
print(round(0.5 * min(j["msgs_per_s"], j["msgs_per_server_cpu_s"]), 1))
PY
)
    LAT_COUNT=$(python3 -c "print(max($SA_LAT, int($LAT_RATE*8)))")
}
lat_round() { # NAME ROUND
    peer_args "$1"
    lat_rate "$1"
    lg "$1" "lat-mail-50-r$2" "${MAIL[@]}" --rate "$LAT_RATE" --count "$LAT_COUNT"
}
# the kit's client as a cross-check (not spamd: minutes), then stop
finish_peer() { # NAME
    peer_args "$1"
    if [ "$1" != spamd ]; then
        pyclient "$1" py-tput-mail "${MAIL[@]}" --repeat 1 --concurrency "$CONC"
    fi
    stop_server "$1"
}

# spamd alone (minutes per pass, one round); rspamd and mamoru side by side:
# both servers up (each idle while the other is loaded), ROUNDS alternating
# closed-loop rounds, then ROUNDS alternating latency rounds, so a change in
# the machine's load over the run falls on both; the median round reported
FAST=()
for p in $PEERS; do
    if [ "$p" = spamd ]; then
        start_peer spamd && tput_round spamd 1 && lat_round spamd 1 && finish_peer spamd ||
            echo "   spamd: skipped (did not start)"
    elif start_peer "$p"; then
        FAST+=("$p")
    else
        echo "   $p: skipped (did not start)"
    fi
done
for r in $(seq 1 "$ROUNDS"); do
    echo "== round $r/$ROUNDS: ${FAST[*]:-}"
    for p in "${FAST[@]:-}"; do [ -n "$p" ] && tput_round "$p" "$r"; done
done
for r in $(seq 1 "$ROUNDS"); do
    echo "== latency round $r/$ROUNDS: ${FAST[*]:-}"
    for p in "${FAST[@]:-}"; do [ -n "$p" ] && lat_round "$p" "$r"; done
done
for p in "${FAST[@]:-}"; do [ -n "$p" ] && finish_peer "$p"; done

# ---- the table ----------------------------------------------------------------------------------
python3 - "$OUT" "$C/index.tsv" $PEERS <<'EOF'
import json, os, sys
out, index, peers = sys.argv[1], sys.argv[2], sys.argv[3:]
label = {}
with open(index) as f:
    next(f)
    for line in f:
        c = line.split("\t")
        label[c[0]] = c[1]

def load(p, name):
    try:
        with open(os.path.join(out, p, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def flagged(p, v):
    if p == "rspamd":
        return v[0] not in ("no action", "greylist")
    if p == "spamd":
        return v[0] == "True"
    # mamoru, mamoru-c
    return v[0] != "allow"

def quality(p):
    try:
        with open(os.path.join(out, p, "verdicts-mail.json")) as f:
            res = json.load(f)
    except (OSError, ValueError):
        return None
    ham = [v for k, v in res.items() if label.get(k) == "ham"]
    ph = [v for k, v in res.items() if label.get(k) == "phish"]
    if not ham or not ph:
        return None
    rec = sum(flagged(p, v) for v in ph) / len(ph)
    fpr = sum(flagged(p, v) for v in ham) / len(ham)
    # recall at FPR <= 0.5 %: the lowest score threshold that flags at most that many ham
    hs = sorted((float(v[1]) for v in ham if v[1] is not None), reverse=True)
    allowed = int(0.005 * len(ham))
    cands = sorted({float(v[1]) for v in ham + ph if v[1] is not None})
    best = 0.0
    for t in cands:
        if sum(1 for s in hs if s >= t) <= allowed:
            best = sum(1 for v in ph if v[1] is not None and float(v[1]) >= t) / len(ph)
            break
    return rec, fpr, best, len(ph), len(ham)

def rounds(p, name):
    js, r = [], 1
    while True:
        j = load(p, f"{name}-r{r}")
        if j is None:
            return js
        js.append(j)
        r += 1

def median(p, name):
    js = sorted((j for j in rounds(p, name) if j.get("msgs_per_server_cpu_s")),
                key=lambda j: j["msgs_per_server_cpu_s"])
    return js[len(js) // 2] if js else None

rows = []
data = {}
for p in peers:
    lats = sorted((j for j in rounds(p, "lat-mail-50") if j.get("latency_ms")),
                  key=lambda j: j["latency_ms"]["p99"])
    tm, ts, lat = median(p, "tput-mail"), median(p, "tput-sms"), lats[len(lats) // 2] if lats else None
    data[p] = (tm, ts, lat, quality(p))

def fmt(x, f="{:.0f}"):
    return "—" if x is None else f.format(x)

def get(j, k):
    return None if j is None else j.get(k)

hdr = "| | " + " | ".join(peers) + " |"
print()
print("Peer comparison, one run: each server pinned to CPU 1, bench/peer_loadgen on CPU 0,")
print("one TCP connection per message, the same client and method for every server;")
print("closed-loop figures are the median of the rounds (rspamd and mamoru alternate)")
print()
print(hdr)
print("|---" * (len(peers) + 1) + "|")
def row(name, vals):
    print("| " + name + " | " + " | ".join(vals) + " |")
row("e-mail msgs (closed loop, per round)", [fmt(get(data[p][0], "ok")) for p in peers])
row("e-mail msg/s achieved", [fmt(get(data[p][0], "msgs_per_s")) for p in peers])
row("e-mail msg/s per server core (msgs / server CPU s)", [fmt(get(data[p][0], "msgs_per_server_cpu_s")) for p in peers])
row("  each round", [" / ".join(fmt(j.get("msgs_per_server_cpu_s")) for j in rounds(p, "tput-mail")) or "—" for p in peers])
row("server CPU per e-mail, ms", [fmt(1000 / get(data[p][0], "msgs_per_server_cpu_s") if get(data[p][0], "msgs_per_server_cpu_s") else None, "{:.3f}") for p in peers])
row("server CPU in the kernel, % (e-mail run; on loopback this includes the client's TCP receive)", [fmt(get(data[p][0], "server_sys_s") is not None and get(data[p][0], "server_cpu_s") and 100 * data[p][0]["server_sys_s"] / data[p][0]["server_cpu_s"]) for p in peers])
row("SMS msg/s per server core", [fmt(get(data[p][1], "msgs_per_server_cpu_s")) for p in peers])
row("  each round", [" / ".join(fmt(j.get("msgs_per_server_cpu_s")) for j in rounds(p, "tput-sms")) or "—" for p in peers])
row("client core busy % (e-mail run)", [fmt(get(data[p][0], "cpu_busy_pct") and data[p][0]["cpu_busy_pct"].get("cpu0")) for p in peers])
row("cross-check, the kit's Python client: e-mail msg/s per server core", [fmt(get(load(p, "py-tput-mail"), "msgs_per_server_cpu_s")) for p in peers])
row("latency at 50 % load: offered msg/s", [fmt(get(data[p][2], "offered_rate")) for p in peers])
row("latency at 50 % load: p50 / p99 ms (median round by p99)", [("—" if data[p][2] is None or data[p][2].get("latency_ms") is None else "{:.2f} / {:.2f}".format(data[p][2]["latency_ms"]["p50"], data[p][2]["latency_ms"]["p99"])) for p in peers])
row("  each round: p99 ms (server CPU, % of one core)", [" / ".join("{:.1f} ({:.0f} %)".format(j["latency_ms"]["p99"], 100 * j.get("server_cpu_s", 0) / j["wall_s"]) for j in rounds(p, "lat-mail-50") if j.get("latency_ms") and j.get("wall_s")) or "—" for p in peers])
def peak(j):
    if j is not None and j.get("server_peak_rss_kb"):
        return j["server_peak_rss_kb"] / 1024
    if j is None or "processes" not in j:
        return None
    return sum(v.get("VmHWM", 0) for v in j["processes"].values()) / 1024
row("peak RSS, MiB (sum of VmHWM, all processes)", [fmt(peak(data[p][0])) for p in peers])
row("errors (e-mail / SMS / latency runs)", ["/".join(fmt(get(j, "errors")) for j in data[p][:3]) for p in peers])
q = {p: data[p][3] for p in peers}
row("fraud mail: recall at its own action", [fmt(q[p] and q[p][0] * 100, "{:.1f} %") for p in peers])
row("genuine mail: FPR at its own action", [fmt(q[p] and q[p][1] * 100, "{:.2f} %") for p in peers])
row("fraud mail: recall at FPR ≤ 0.5 % (score threshold)", [fmt(q[p] and q[p][2] * 100, "{:.1f} %") for p in peers])
row("messages judged (fraud / genuine)", [("—" if not q[p] else "{} / {}".format(q[p][3], q[p][4])) for p in peers])
# what fires on genuine mail (mamoru's reason codes; rspamd symbols likewise)
for p in peers:
    try:
        with open(os.path.join(out, p, "verdicts-mail.json")) as f:
            res = json.load(f)
    except (OSError, ValueError):
        continue
    ham = [v for k, v in res.items() if label.get(k) == "ham"]
    cnt = {}
    for v in ham:
        for c in set(v[2]):
            cnt[c] = cnt.get(c, 0) + 1
    top = sorted(cnt.items(), key=lambda kv: -kv[1])[:4]
    if top and ham:
        print(f"{p}: most frequent on genuine mail: " +
              ", ".join(f"{c} {100 * n / len(ham):.0f} %" for c, n in top))
print()
m = get(data["mamoru"][0], "msgs_per_server_cpu_s") if "mamoru" in peers else None
ms = get(data["mamoru"][1], "msgs_per_server_cpu_s") if "mamoru" in peers else None
for p, target in (("rspamd", 10), ("spamd", 500)):
    if p not in peers:
        continue
    for what, a, b in (("e-mail", m, get(data[p][0], "msgs_per_server_cpu_s")),
                       ("SMS", ms, get(data[p][1], "msgs_per_server_cpu_s"))):
        if a and b:
            print(f"mamoru / {p} {what} msgs per server core: {a / b:.1f}x (issue target >= {target}x)")
print()
print("Latency at 50 % load: Poisson arrivals at half of what one server core sustained in")
print("the closed-loop run, measured from the scheduled send time. Memory: the sum of peak")
print("RSS (VmHWM) over the server's processes. CPU: the server process tree's, from /proc.")
print("Raw results (peer_loadgen JSON per run):", out)
EOF
