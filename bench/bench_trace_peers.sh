#!/usr/bin/env bash
# bench_trace_peers.sh — mamoru's forward trace side by side with the
# graph-trace peers (../shared/peers/graph-trace) in one run, on their
# generator's graph, their 1,000 victims and their workload: NetworkX's
# fastest form (`indexed`, one bisect per arrival) and PostgreSQL 15 with
# the covering index. Each engine runs alone (PostgreSQL is stopped before
# the others start). Prints our table, the peers' summarize.py table (which
# also checks that every engine returned the same reached sets for every
# victim: ours from the plain-expansion mode) and the ratios the issue asks
# for, per core.
#
#   bash bench/bench_trace_peers.sh [1m|10m]      (default 1m; 10m needs ~8 GiB for NetworkX
#                                                  and ~5 minutes)
#
# The peers need python3-numpy, python3-networkx, python3-psycopg2 and
# postgresql (Debian 12). They are for this benchmark only, so they are not
# in deps/debian.txt: run as root, this script installs them with apt-get
# when missing. Scratch under $GRAPH_TRACE_DIR (default /tmp/graph-trace,
# the peers' own default): the data (0.08 / 0.8 GB), the PostgreSQL cluster
# and results/. Never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1m}
case "$SIZE" in
    1m) ACC=100000 TRX=1000000 ;;
    10m) ACC=1000000 TRX=10000000 ;;
    *) echo "usage: $0 [1m|10m]" >&2; exit 2 ;;
esac
PEERS=$(cd "${MAMORU_PEERS_DIR:-../shared/peers/graph-trace}" && pwd)
W=${GRAPH_TRACE_DIR:-/tmp/graph-trace}
R=$W/results
DATA=$W/data-$SIZE
PY=/usr/bin/python3
mkdir -p "$R"

if ! $PY -c 'import numpy, networkx, psycopg2' 2>/dev/null || [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "need: apt-get install -y postgresql python3-networkx python3-numpy python3-psycopg2" >&2
        exit 1
    fi
    echo "== installing the peers' packages (benchmark only)"
    apt-get install -y -q postgresql python3-networkx python3-numpy python3-psycopg2 >/dev/null
fi

if [ ! -f "$DATA/meta.json" ]; then
    echo "== generating the $SIZE graph (peers' generator, seed 20251001)"
    $PY "$PEERS/gen_transfers.py" "$DATA" --accounts "$ACC" --transfers "$TRX"
fi

echo "== mamoru (plain expansion and FIFO attribution, one thread)"
make -s build/bench/bench_trace
build/bench/bench_trace "$DATA" --passes 3 --out-dir "$R" --size "$SIZE" 2>"$R/mamoru-$SIZE.err" \
    | tee "$R/mamoru-$SIZE.txt"

echo "== PostgreSQL 15, covering index (load, index, 3 passes)"
PG="bash $PEERS/trace_postgres.sh"
$PG init >/dev/null
$PG start >/dev/null
trap '$PG stop >/dev/null' EXIT
$PG load "$DATA" "$R/pg-load-$SIZE.json" >"$R/pg-load-$SIZE.log"
$PG covering "$R/pg-load-cov-$SIZE.json" >"$R/pg-load-cov-$SIZE.log"
$PG run "$DATA" "$R/pg-cov-$SIZE.csv" "$R/pg-load-$SIZE.json,$R/pg-load-cov-$SIZE.json" \
    >"$R/pg-cov-$SIZE.json" 2>"$R/pg-cov-$SIZE.err"
$PG stop >/dev/null
trap - EXIT

echo "== NetworkX, indexed (the fastest form; load includes the index)"
$PY "$PEERS/trace_networkx.py" "$DATA" --graph indexed --out "$R/nx-indexed-$SIZE.csv" \
    >"$R/nx-indexed-$SIZE.json" 2>"$R/nx-indexed-$SIZE.err"

echo
echo "== the peers' summary (summarize.py; our plain-expansion rows are checked against theirs)"
$PY "$PEERS/summarize.py" "$R" | grep -E "^\| (size|---)|\| $SIZE |^$SIZE:"

echo
echo "== exact reached sets, victim by victim (transfers, accounts, sum of ids)"
for peer in nx-indexed pg-cov; do
    if cmp -s <(cut -d, -f1-4 "$R/mamoru-plain-$SIZE.csv") <(cut -d, -f1-4 "$R/$peer-$SIZE.csv"); then
        echo "mamoru plain vs $peer: identical for all $(($(wc -l <"$R/$peer-$SIZE.csv") - 1)) victims"
    else
        echo "mamoru plain vs $peer: DIFFERENT for $(diff <(cut -d, -f1-4 "$R/mamoru-plain-$SIZE.csv") \
            <(cut -d, -f1-4 "$R/$peer-$SIZE.csv") | grep -c '^<') victims"
    fi
done

echo
echo "== per core (traces/s = 1000 / CPU ms per trace; PostgreSQL: server + client CPU)"
$PY - "$R" "$SIZE" <<'EOF'
import json, sys
r, size = sys.argv[1], sys.argv[2]
def last(name):
    return json.load(open(f"{r}/{name}-{size}.json"))["passes"][-1]
fifo, plain, nx, pg = last("mamoru-fifo"), last("mamoru-plain"), last("nx-indexed"), last("pg-cov")
per_core = {
    "mamoru FIFO": 1000 / fifo["cpu_ms_per_trace"],
    "mamoru plain": 1000 / plain["cpu_ms_per_trace"],
    "NetworkX indexed": 1000 / nx["cpu_ms_per_trace"],
    "PostgreSQL covering": 1000 / (pg["server_cpu_ms_per_trace"] + pg["client_cpu_ms_per_trace"]),
}
wall = {"mamoru FIFO": fifo, "mamoru plain": plain, "NetworkX indexed": nx, "PostgreSQL covering": pg}
print("| engine | traces/s per core | traces/s wall | p50 ms | p99 ms |")
print("|---|---|---|---|---|")
for k, v in per_core.items():
    w = wall[k]
    print(f"| {k} | {v:,.0f} | {w['traces_per_s']:,.0f} | {w['p50_ms']} | {w['p99_ms']} |")
print()
for mode in ("mamoru FIFO", "mamoru plain"):
    print(f"{mode}: {per_core[mode] / per_core['NetworkX indexed']:.0f}x NetworkX indexed (target 30x for FIFO), "
          f"{per_core[mode] / per_core['PostgreSQL covering']:.0f}x PostgreSQL covering (target 50x) per core; "
          f"wall {wall[mode]['traces_per_s'] / nx['traces_per_s']:.0f}x / {wall[mode]['traces_per_s'] / pg['traces_per_s']:.0f}x")
print(f"FIFO p99 {fifo['p99_ms']} ms (target 1 ms)")
EOF
