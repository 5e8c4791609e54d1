#!/usr/bin/env bash
# run.sh — every benchmark, each printing its own table. Timings are
# reported, never asserted. `make bench` builds the binaries first.
#   BENCH_N=10000000 make bench    (snapshot size; default 10M)
set -u
cd "$(dirname "$0")/.."
echo "== normalisers";            build/bench/bench_norm 0.5
echo; echo "== snapshot lookups";  build/bench/bench_snapshot "${BENCH_N:-10000000}"
echo; echo "== bulk import";       build/bench/bench_import "${BENCH_IMPORT_N:-1000000}"
echo; echo "== feed exports";      build/bench/bench_feeds "${BENCH_FEEDS_N:-1000000}"
echo; echo "== HTTP lookups (wrk)"; bash bench/bench_http.sh
echo; echo "== e-mail parse + screen (2-3 KB, one core)"; build/bench/bench_email
echo; echo "== fund tracing vs NetworkX and PostgreSQL (graph-trace peers, 1M)"
bash bench/bench_trace_peers.sh 1m
echo; echo "== mule score and collectors on labelled data"; build/bench/eval_trace
echo; echo "== payment screening and a 1M-record Zengin file (one core)"; build/bench/bench_payment
echo; echo "== payment screening on planted fraud (held-out seed 2)"; build/bench/eval_payments --seed 2
echo; echo "== message screening (SMS/s on one core, per stage)"; build/bench/bench_message
echo; echo "== message screening accuracy (Japanese corpus, English SMS corpora)"; build/bench/eval_messages
