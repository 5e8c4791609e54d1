/*
 * internal.h — what the files of src/server share and nobody else sees: the
 * server state passed to every handler (no globals), the per-request
 * context, the route table entry, the metrics counters, the snapshot
 * publisher and the small pure helpers (time, ids, paths) that the unit
 * tests exercise directly.
 *
 * Why one private header: the HTTP adapter is split by concern (daemon,
 * auth, routes, JSON, publishing, static files) but they all work on the
 * same request object; keeping its definition here keeps server.h — the
 * contract with the CLI — down to one function.
 */
#ifndef MAMORU_SERVER_INTERNAL_H
#define MAMORU_SERVER_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "mamoru/core.h"
#include "mamoru/ingest.h"
#include "mamoru/intel.h"
#include "mamoru/screen.h"
#include "mamoru/server.h"

/* ---- limits ------------------------------------------------------------ */

#define MM_SERVER_MAX_URL 8192        /* path + query, bytes */
#define MM_SERVER_MAX_BULK_LINES 10000 /* lines per bulk request */
#define MM_SERVER_LIST_DEFAULT 100
#define MM_SERVER_LIST_MAX 1000
#define MM_SERVER_PUBLISH_MIN_MS 200 /* at most one snapshot rebuild per 200 ms */
#define MM_SERVER_ACTIVITY_MIN_MS 200 /* at most one activity refresh per 200 ms */

/* ---- metrics (metrics.c) ------------------------------------------------ */

/* Route ids: one per handler, used as the "route" label. */
typedef enum mm_route_id {
    MM_ROUTE_NONE = 0, /* no route matched: 404 / 405 */
    MM_ROUTE_IND_CREATE,
    MM_ROUTE_IND_BULK,
    MM_ROUTE_IND_LOOKUP,
    MM_ROUTE_IND_LIST,
    MM_ROUTE_IND_GET,
    MM_ROUTE_IND_PATCH,
    MM_ROUTE_HASHES,
    MM_ROUTE_HEALTHZ,
    MM_ROUTE_METRICS,
    MM_ROUTE_STATIC,
    MM_ROUTE_FEED,          /* issue 3: feeds */
    MM_ROUTE_FEED_FULLHASH,
    MM_ROUTE_TAKEDOWN_CREATE, /* issue 3: takedowns, passive DNS, discovery */
    MM_ROUTE_TAKEDOWN_PATCH,
    MM_ROUTE_TAKEDOWN_GET,
    MM_ROUTE_TAKEDOWN_STATS,
    MM_ROUTE_PDNS,
    MM_ROUTE_DISCOVER,
    MM_ROUTE_SCREEN_EMAIL, /* issue 4 §2: e-mail verdicts */
    MM_ROUTE_SCREEN_EMAIL_BATCH,
    MM_ROUTE_PAYMENTS, /* issue 5: payments, payment verdicts, account risk */
    MM_ROUTE_SCREEN_PAYMENT,
    MM_ROUTE_ACCOUNT_RISK,
    MM_ROUTE_REQUESTS_POST, /* issue 5 §4: requests between organisations */
    MM_ROUTE_REQUESTS_LIST,
    MM_ROUTE_REQUESTS_GET,
    MM_ROUTE_REQUESTS_PATCH,
    MM_ROUTE_REQUESTS_SLA,
    MM_ROUTE_SCREEN_URL, /* issue 3 §1: URL verdicts */
    MM_ROUTE_SCREEN_URL_BATCH,
    MM_ROUTE_TRACE, /* issue 5 §3: fund tracing */
    MM_ROUTE_SCREEN_MESSAGE, /* issue 4: message, call and post verdicts */
    MM_ROUTE_SCREEN_MESSAGE_BATCH,
    MM_ROUTE_SCREEN_CALL,
    MM_ROUTE_SCREEN_CALL_BATCH,
    MM_ROUTE_SCREEN_POST,
    MM_ROUTE_SCREEN_POST_BATCH,
    MM_ROUTE__COUNT
} mm_route_id;

#define MM_METRICS_CODES 15   /* distinct status codes counted, the last slot is "other" */
#define MM_METRICS_BUCKETS 9  /* latency histogram buckets, the last is +Inf */

typedef struct mm_server_metrics {
    _Atomic uint64_t requests[MM_ROUTE__COUNT][MM_METRICS_CODES];
    _Atomic uint64_t buckets[MM_ROUTE__COUNT][MM_METRICS_BUCKETS]; /* not cumulative */
    _Atomic uint64_t sum_us[MM_ROUTE__COUNT];
} mm_server_metrics;

/* Count one finished request of route with HTTP status code that took
 * seconds. Lock-free; callable from any worker thread. */
void mm_server_metrics_record(mm_server_metrics *m, mm_route_id route, unsigned code,
                              double seconds);
/* Stable label for a route id ("indicator_create", ...). */
const char *mm_server_route_name(mm_route_id route);

/* ---- snapshot publisher (publish.c) -------------------------------------- */

typedef struct mm_server_publisher {
    mm_store *store;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool dirty;   /* under mu */
    bool stop;    /* under mu */
    bool running; /* thread started */
    _Atomic int64_t published_ms; /* CLOCK_REALTIME ms of the last publish */
    _Atomic uint64_t entries;     /* entries in the last published snapshot */
    _Atomic uint64_t builds;      /* snapshots built so far */
    /* callburst: the activity refresher (publish.c) republishes the current
     * snapshot's tables with freshly read sightings, so a burst reaches
     * screening without waiting for a full rebuild */
    pthread_t athread;
    pthread_cond_t acv;
    pthread_mutex_t pub_mu; /* serialises publishing by the two threads */
    bool adirty;            /* under mu */
    _Atomic uint64_t activity_refreshes;
} mm_server_publisher;

/* Build and publish the first snapshot, then start the refresh thread.
 * The caller must have blocked SIGINT/SIGTERM already (threads inherit). */
mm_status mm_server_publish_start(mm_server_publisher *p, mm_store *store, mm_error *err);
/* Note that a write was committed; the thread rebuilds within ~200 ms. */
void mm_server_publish_dirty(mm_server_publisher *p);
/* Stop the thread (publishing a last snapshot if dirty). Idempotent. */
void mm_server_publish_stop(mm_server_publisher *p);

/* ---- API-key cache (auth.c) ---------------------------------------------- */

/* Recently authenticated keys, so a lookup costs one SQLite query, not two.
 * Direct-mapped by the key's SHA-256; entries live MM_AUTH_CACHE_TTL_S
 * seconds, which bounds how long a revoked key keeps working. */
#define MM_AUTH_CACHE_SLOTS 256
#define MM_AUTH_CACHE_TTL_S 30
typedef struct mm_auth_cache_entry {
    unsigned char key_sha[32];
    int64_t expires;
    int64_t org_id;
    mm_role role;
    int64_t created;
    char name[104];
} mm_auth_cache_entry;

typedef struct mm_auth_cache {
    pthread_mutex_t mu;
    mm_auth_cache_entry slot[MM_AUTH_CACHE_SLOTS];
    /* SHA-256 fetched once at start-up (an OpenSSL 3 EVP_MD): the one-shot
     * SHA256() looks the algorithm up again on every call. NULL → SHA256(). */
    struct evp_md_st *sha256;
} mm_auth_cache;

/* ---- server state and request ------------------------------------------- */

typedef struct mm_server_state {
    mm_store *store;
    mm_server_config cfg;  /* copy with defaults filled in */
    char *web_root;        /* realpath of cfg.web_dir, or NULL (heap) */
    int schema;            /* store schema version, read once at start */
    struct MHD_Daemon *daemon;
    mm_server_metrics metrics;
    mm_server_publisher pub;
    mm_screen_ctx screen;  /* detectors' data from cfg.data_dir (snap left NULL) */
    mm_auth_cache auth;
    struct mm_server_payments *payments; /* issue 5: payment state (routes_payments.c) */
    _Atomic(struct mm_server_trace *) trace; /* issue 5 §3: graph, built on first trace */
} mm_server_state;

typedef struct mm_request {
    mm_server_state *srv;
    struct MHD_Connection *conn;
    const char *method; /* "GET", ... (MHD's string) */
    const char *url;    /* decoded path, no query */
    mm_arena *arena;    /* freed when the request completes */
    mm_buf body;        /* accumulated upload, ≤ max_body */
    bool too_large;     /* the upload went over max_body: reply 413 */
    bool responded;     /* a response was queued */
    mm_route_id route;
    unsigned status;    /* status code queued (0 = none) */
    struct timespec start;
    mm_org org;         /* caller, once authenticated */
    mm_snapshot *snap;  /* acquired by mm_server_screen_ctx, released at completion */
    /* the response the handler built; http.c queues it */
    struct MHD_Response *resp;
    unsigned resp_status;
} mm_request;

/* A handler fills rq->resp through the mm_server_reply_* helpers.
 * params are the {} captures of the route pattern, in order. */
typedef void (*mm_route_fn)(mm_request *rq, const char *const *params, size_t nparams);

/* ---- replies (http.c) ------------------------------------------------------ */

/* JSON body (the reference to body is stolen; NULL → 500). */
void mm_server_reply_json(mm_request *rq, unsigned status, json_t *body);
/* 200 with the verdict's JSON (mm_server_verdict_json's bytes, written
 * directly by mm_server_verdict_text; verdict_text.c). */
void mm_server_reply_verdict(mm_request *rq, const mm_verdict *v);
/* mm_server_verdict_text, mm_server_json_string: server.h */
/* {"error":{"code":...,"message":...,"field":...}} with the HTTP status that
 * matches code (see mm_server_http_status). */
void mm_server_reply_error(mm_request *rq, mm_status code, const char *field, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));
/* The same from an mm_error filled by a library call; 5xx details go to
 * the log, not to the client. */
void mm_server_reply_mm_error(mm_request *rq, const mm_error *e);
/* Arbitrary bytes (copied). */
void mm_server_reply_bytes(mm_request *rq, unsigned status, const char *content_type,
                           const void *data, size_t len);
/* Take over an already built MHD response. */
void mm_server_reply_response(mm_request *rq, unsigned status, struct MHD_Response *resp);

/* HTTP status for an mm_status (MM_EINVAL → 400, MM_ENOTFOUND → 404, ...). */
unsigned mm_server_http_status(mm_status code);

/* {"error":{...}} object for an mm_error (new reference). */
json_t *mm_server_error_json(const mm_error *e);

/* Parse a JSON request body that must be an object; on failure replies
 * 400 (field "body") and returns NULL. */
json_t *mm_server_body_object(mm_request *rq);

/* Reject query parameters other than the NULL-terminated allowed list
 * (400 naming the first unknown one). Returns true when all are known. */
bool mm_server_query_only(mm_request *rq, const char *const *allowed);
/* One compact JSON object and a newline appended to out; takes o (NULL: nothing). */
void mm_server_append_json_line(mm_buf *out, json_t *o);
/* One query parameter, or NULL when absent ("?a" gives ""). */
const char *mm_server_query(mm_request *rq, const char *name);

/* ---- auth (auth.c) ----------------------------------------------------------- */

/* Resolve the Authorization: Bearer key into rq->org. On failure replies
 * 401 (with WWW-Authenticate) and returns false. */
bool mm_server_authenticate(mm_request *rq);
/* Does the caller's role allow action on kind? On refusal replies 403
 * (field "kind") and returns false. */
bool mm_server_allow(mm_request *rq, mm_kind kind, mm_action action);
/* May the caller see ind (distribution and reporter)? */
bool mm_server_visible(const mm_request *rq, const mm_indicator *ind);
/* Append an "indicator.read" audit entry when ind is personal data. When
 * the entry cannot be written, replies 500 and returns false: no audit
 * entry, no personal data. */
bool mm_server_audit_read(mm_request *rq, const mm_indicator *ind);

/* The screening context for this request: the server's detectors plus the
 * currently published snapshot (acquired once per request, released when
 * the request completes). Never NULL. */
const mm_screen_ctx *mm_server_screen_ctx(mm_request *rq, mm_screen_ctx *out);

/* The JSONL batch form of a screen route (screen_batch.c): fn turns one
 * parsed line into its output object (new reference), or returns NULL with
 * e filled. expect names the object in the empty-body error. */
typedef json_t *(*mm_server_batch_fn)(const void *arg, const mm_screen_ctx *ctx, json_t *in,
                                      mm_arena *a, mm_error *e);
void mm_server_screen_batch(mm_request *rq, size_t json_flags, const char *expect,
                            mm_server_batch_fn fn, const void *arg);
/* The same for a route with a batch form: up to max parsed lines at once
 * (in[i] NULL for a line that is not JSON — its error is already in e[i];
 * leave out[i] empty), one arena for them (reset before each group); fn
 * fills out[i] — a JSON object (new reference), or one already written as
 * compact text (len bytes ending in '}', e.g. by mm_server_verdict_text;
 * valid until fn is called again) — or leaves it empty with e[i] filled.
 * "line" is added last either way. Output identical to
 * mm_server_screen_batch's, which is this with max 1. */
typedef mm_jsonl_out mm_server_batch_out; /* mamoru/ingest.h */
typedef void (*mm_server_batch_many_fn)(const void *arg, const mm_screen_ctx *ctx,
                                        json_t *const *in, size_t n, mm_arena *a,
                                        mm_server_batch_out *out, mm_error *e);
void mm_server_screen_batch_many(mm_request *rq, size_t json_flags, const char *expect,
                                 size_t max, mm_server_batch_many_fn fn, const void *arg);

/* ---- handlers ----------------------------------------------------------------- */

void mm_server_route_ind_create(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_ind_bulk(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_ind_lookup(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_ind_list(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_ind_get(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_ind_patch(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_hashes(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_healthz(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_metrics(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_static(mm_request *rq, const char *const *p, size_t n);
/* issue 3 (routes_feeds.c) */
void mm_server_route_feed(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_feed_fullhash(mm_request *rq, const char *const *p, size_t n);
/* issue 3 (routes_takedowns.c, routes_pdns.c) */
void mm_server_route_takedown_create(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_takedown_patch(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_takedown_get(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_takedown_stats(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_pdns(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_discover(mm_request *rq, const char *const *p, size_t n);

/* issue 4 §2 (routes_screen_email.c) */
void mm_server_route_screen_email(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_email_batch(mm_request *rq, const char *const *p, size_t n);
/* issue 4: message, call and post screening (routes_screen_msg.c) */
void mm_server_route_screen_message(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_message_batch(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_call(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_call_batch(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_post(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_post_batch(mm_request *rq, const char *const *p, size_t n);

/* issue 5 (routes_payments.c): the payment state, created before the daemon starts */
typedef struct mm_server_payments mm_server_payments;
mm_status mm_server_payments_init(mm_server_state *srv, mm_error *err);
void mm_server_payments_free(mm_server_state *srv);
void mm_server_route_payments_post(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_payment(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_account_risk(mm_request *rq, const char *const *p, size_t n);
/* issue 5 §4 (routes_requests.c) */
void mm_server_route_requests_post(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_requests_list(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_requests_get(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_requests_patch(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_requests_sla(mm_request *rq, const char *const *p, size_t n);

/* issue 3 §1 (routes_screen_url.c) */
void mm_server_route_screen_url(mm_request *rq, const char *const *p, size_t n);
void mm_server_route_screen_url_batch(mm_request *rq, const char *const *p, size_t n);

/* issue 5 §3 (routes_trace.c): the trace graph cache, created on first use */
typedef struct mm_server_trace mm_server_trace;
void mm_server_trace_free(mm_server_state *srv);
void mm_server_route_trace(mm_request *rq, const char *const *p, size_t n);

/* ---- indicator JSON (json_indicator.c) ------------------------------------------- */

/* mm_server_indicator_json is declared in mamoru/server.h (the CLI uses it). */

/* Turn one JSON report object into r (strings point into obj, which must
 * outlive r). Fields: kind, value, category (required); status,
 * confidence, distribution, evidence, expires (optional); anything else
 * is refused. MM_EINVAL with the field named on failure. */
mm_status mm_server_report_from_json(const json_t *obj, mm_report *r, mm_error *err);

/* ---- pure helpers (util.c) ---------------------------------------------------------- */

/* mm_server_time_format is declared in mamoru/server.h. */
/* RFC 3339 ("2025-01-02T03:04:05Z", "…T12:04:05.123+09:00") → unix seconds.
 * MM_EINVAL naming field when malformed or out of range. */
mm_status mm_server_time_parse(const char *s, const char *field, int64_t *out, mm_error *err);
/* Query-string time: unix seconds (digits) or RFC 3339. */
mm_status mm_server_time_param(const char *s, const char *field, int64_t *out, mm_error *err);
/* Positive decimal id (1 .. INT64_MAX), digits only. */
mm_status mm_server_parse_id(const char *s, const char *field, int64_t *out, mm_error *err);
/* Non-negative decimal integer within [min, max], digits only. */
mm_status mm_server_parse_int(const char *s, const char *field, int64_t min, int64_t max,
                              int64_t *out, mm_error *err);
/* Exactly four hex digits → 16-bit prefix. */
mm_status mm_server_parse_prefix(const char *s, const char *field, uint16_t *out,
                                 mm_error *err);
/* Category syntax: [a-z_]{1,40}. */
mm_status mm_server_check_category(const char *s, const char *field, mm_error *err);
/* Map a URL path under the static root to a relative file path, refusing
 * "..", hidden segments, backslashes and control bytes. "/" and "/console/"
 * give "index.html"; "/console/app.js" gives "app.js". Returns an arena
 * string or NULL when the path is unsafe. */
char *mm_server_static_path(const char *url, mm_arena *a);
/* Content type for a file name by extension ("application/octet-stream"
 * when unknown). */
const char *mm_server_content_type(const char *path);

#endif
