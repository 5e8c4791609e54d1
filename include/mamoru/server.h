/*
 * server.h — the HTTP API (`mamoru serve`): libmicrohttpd + jansson over an
 * open mm_store. The CLI parses flags and the config file and hands the
 * result here; the server owns nothing it did not create.
 */
#ifndef MAMORU_SERVER_H
#define MAMORU_SERVER_H

#include <jansson.h>
#include <stddef.h>

#include "mamoru/core.h"
#include "mamoru/intel.h"
#include "mamoru/screen.h"

typedef struct mm_server_config {
    const char *host;        /* "127.0.0.1" */
    int port;                /* 8080; 0 = pick a free port */
    const char *web_dir;     /* static console files, may be NULL */
    const char *data_dir;    /* dictionaries and models (data/), may be NULL */
    size_t max_body;         /* bytes; default 8 MiB (bulk) */
    int timeout_s;           /* per-connection idle time-out, default 30 */
    int threads;             /* libmicrohttpd thread pool size, default 2 */
    int max_connections;     /* default 512 */
    const char *ready_file;  /* if set, the bound port is written here once listening */
    const mm_zengin *zengin; /* bank/branch list (kept by the caller): branch names in
                                messages resolve to codes; may be NULL */
} mm_server_config;

/* Serve until SIGINT or SIGTERM. Publishes a snapshot at start and after
 * each committed write. Prints "listening on http://HOST:PORT" to stderr. */
mm_status mm_server_run(mm_store *store, const mm_server_config *cfg, mm_error *err);

/* The API's JSON form of an indicator (new reference; NULL when out of
 * memory). Personal kinds get "canonical": null and "hashed": true. The CLI
 * prints the same form. */
json_t *mm_server_indicator_json(const mm_indicator *ind);

/* The API's JSON form of a verdict (mm_verdict_to_json without an id,
 * src/ingest/verdict_json.c; new reference, NULL when out of memory):
 * action, score, category, reasons (code, category, detail, weight, span,
 * indicator, brand, text_ja, audience), warning. The CLI's `mamoru screen
 * …` prints the same object. */
json_t *mm_server_verdict_json(const mm_verdict *v);
/* Append the JSON of mm_server_verdict_json(v), compact, byte for byte as
 * jansson would print it, without building the tree (src/server/
 * verdict_text.c; for callers that print many verdicts). MM_ENOMEM when out
 * of memory. */
mm_status mm_server_verdict_text(const mm_verdict *v, mm_buf *out);
/* Append s as a JSON string ("…" with escapes), byte for byte as jansson's
 * compact dump writes it. MM_EINVAL when s is not UTF-8 (jansson refuses
 * such a string); MM_ENOMEM. */
mm_status mm_server_json_string(mm_buf *out, const char *s);

/* Unix seconds → "2025-01-02T03:04:05Z". out needs 32 bytes. */
void mm_server_time_format(int64_t t, char out[32]);


/* Request bodies of message / call / post screening → the structs of
 * screen_message.h (src/server/json_screen_msg.c). Strings point into obj,
 * which must outlive the result; links come from the arena. A wrong type or
 * an unknown field → MM_EINVAL naming it ("recipient.age", "links[0].href").
 * Shared by the API and `mamoru screen … --jsonl`. */
struct mm_message;
struct mm_call;
mm_status mm_server_message_from_json(const json_t *obj, mm_arena *a, struct mm_message *m,
                                      mm_error *err);
mm_status mm_server_call_from_json(const json_t *obj, struct mm_call *c, mm_error *err);
mm_status mm_server_post_from_json(const json_t *obj, const char **text, size_t *len,
                                   mm_error *err);

/* ---- fund tracing (issue 5 §3; src/server/trace_api.c) ----------------------
 * Shared by POST /v1/trace and `mamoru trace`. */
struct mm_trace_builder;
struct mm_trace_graph;
struct mm_trace_result;
struct mm_trace_params;
/* Add the store's money-moving payments recorded after sequence *seq (0:
 * all) to b; *seq becomes the last sequence read; *added counts them (may
 * be NULL). */
mm_status mm_server_trace_scan(mm_store *s, struct mm_trace_builder *b, int64_t *seq,
                               size_t *added, mm_error *err);
/* Who holds an account: exchange deposit accounts from
 * <data_dir>/exchange_accounts.tsv (optional), bank names from codes (may
 * be NULL). Free with mm_server_trace_holders_free (accepts NULL). */
typedef struct mm_trace_holders mm_trace_holders;
mm_trace_holders *mm_server_trace_holders_load(const char *data_dir, const mm_zengin *codes);
void mm_server_trace_holders_free(mm_trace_holders *h);
/* The JSON of a FIFO trace: tx, params, victim, summary, edges, holding
 * (every account still holding victim money: account, amount_remaining),
 * cashed_out, freeze_targets (new reference). h may be NULL. */
json_t *mm_server_trace_json(const struct mm_trace_graph *g, const struct mm_trace_result *r,
                             const struct mm_trace_params *p, const mm_trace_holders *h);

#endif
