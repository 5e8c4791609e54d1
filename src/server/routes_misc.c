/*
 * routes_misc.c — operational endpoints and the counters behind them:
 * GET /healthz (liveness plus schema and snapshot size, no store access so
 * it stays cheap under load) and GET /metrics (Prometheus text format:
 * requests by route and status, a latency histogram per route, indicator
 * count, snapshot size and age).
 *
 * Why C11 atomics in a table: every worker thread records each finished
 * request; relaxed fetch-adds on a fixed route × code array cost a few
 * nanoseconds and need no lock. The table lives in the server state, not
 * in a global.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/internal.h"

static const char *const route_names[MM_ROUTE__COUNT] = {
    [MM_ROUTE_NONE] = "none",
    [MM_ROUTE_IND_CREATE] = "indicator_create",
    [MM_ROUTE_IND_BULK] = "indicator_bulk",
    [MM_ROUTE_IND_LOOKUP] = "indicator_lookup",
    [MM_ROUTE_IND_LIST] = "indicator_list",
    [MM_ROUTE_IND_GET] = "indicator_get",
    [MM_ROUTE_IND_PATCH] = "indicator_patch",
    [MM_ROUTE_HASHES] = "hashes",
    [MM_ROUTE_HEALTHZ] = "healthz",
    [MM_ROUTE_METRICS] = "metrics",
    [MM_ROUTE_STATIC] = "static",
    [MM_ROUTE_TRACE] = "trace",
    [MM_ROUTE_FEED] = "feed",
    [MM_ROUTE_FEED_FULLHASH] = "feed_fullhash",
    [MM_ROUTE_TAKEDOWN_CREATE] = "takedown_create",
    [MM_ROUTE_TAKEDOWN_PATCH] = "takedown_patch",
    [MM_ROUTE_TAKEDOWN_GET] = "takedown_get",
    [MM_ROUTE_TAKEDOWN_STATS] = "takedown_stats",
    [MM_ROUTE_PDNS] = "pdns",
    [MM_ROUTE_DISCOVER] = "discover",
    [MM_ROUTE_SCREEN_EMAIL] = "screen_email",
    [MM_ROUTE_SCREEN_EMAIL_BATCH] = "screen_email_batch",
    [MM_ROUTE_SCREEN_MESSAGE] = "screen_message",
    [MM_ROUTE_SCREEN_MESSAGE_BATCH] = "screen_message_batch",
    [MM_ROUTE_SCREEN_CALL] = "screen_call",
    [MM_ROUTE_SCREEN_CALL_BATCH] = "screen_call_batch",
    [MM_ROUTE_SCREEN_POST] = "screen_post",
    [MM_ROUTE_SCREEN_POST_BATCH] = "screen_post_batch",
    [MM_ROUTE_PAYMENTS] = "payments",
    [MM_ROUTE_SCREEN_PAYMENT] = "screen_payment",
    [MM_ROUTE_ACCOUNT_RISK] = "account_risk",
    [MM_ROUTE_REQUESTS_POST] = "requests_post",
    [MM_ROUTE_REQUESTS_LIST] = "requests_list",
    [MM_ROUTE_REQUESTS_GET] = "requests_get",
    [MM_ROUTE_REQUESTS_PATCH] = "requests_patch",
    [MM_ROUTE_REQUESTS_SLA] = "requests_sla",
    [MM_ROUTE_SCREEN_URL] = "screen_url",
    [MM_ROUTE_SCREEN_URL_BATCH] = "screen_url_batch",
};

/* Status codes with their own counter; anything else counts as "other". */
static const unsigned code_values[MM_METRICS_CODES - 1] = {
    200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 413, 414, 500, 503,
};

static const double bucket_le[MM_METRICS_BUCKETS - 1] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5,
};

const char *mm_server_route_name(mm_route_id route)
{
    return (unsigned)route < MM_ROUTE__COUNT ? route_names[route] : "none";
}

void mm_server_metrics_record(mm_server_metrics *m, mm_route_id route, unsigned code,
                              double seconds)
{
    if ((unsigned)route >= MM_ROUTE__COUNT)
        route = MM_ROUTE_NONE;
    size_t ci = MM_METRICS_CODES - 1;
    for (size_t i = 0; i < MM_METRICS_CODES - 1; i++)
        if (code_values[i] == code)
            ci = i;
    size_t bi = MM_METRICS_BUCKETS - 1;
    for (size_t i = 0; i < MM_METRICS_BUCKETS - 1; i++)
        if (seconds <= bucket_le[i]) {
            bi = i;
            break;
        }
    if (seconds < 0)
        seconds = 0;
    atomic_fetch_add_explicit(&m->requests[route][ci], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->buckets[route][bi], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->sum_us[route], (uint64_t)(seconds * 1e6), memory_order_relaxed);
}

/* ---- GET /healthz ----------------------------------------------------------- */

void mm_server_route_healthz(mm_request *rq, const char *const *p, size_t n)
{
    mm_server_publisher *pub = &rq->srv->pub;
    json_t *snap = json_object();
    json_object_set_new(snap, "entries",
                        json_integer((json_int_t)atomic_load(&pub->entries)));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    int64_t age = now_ms - atomic_load(&pub->published_ms);
    json_object_set_new(snap, "age_seconds", json_real(age > 0 ? (double)age / 1000.0 : 0.0));
    json_t *o = json_object();
    json_object_set_new(o, "status", json_string("ok"));
    json_object_set_new(o, "schema", json_integer(rq->srv->schema));
    json_object_set_new(o, "snapshot", snap);
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
}

/* ---- GET /metrics ------------------------------------------------------------- */

void mm_server_route_metrics(mm_request *rq, const char *const *p, size_t n)
{
    mm_server_metrics *m = &rq->srv->metrics;
    mm_buf b = {0};
    mm_buf_puts(&b, "# HELP mamoru_http_requests_total HTTP requests by route and status "
                    "code.\n# TYPE mamoru_http_requests_total counter\n");
    for (int r = 0; r < MM_ROUTE__COUNT; r++)
        for (int c = 0; c < MM_METRICS_CODES; c++) {
            uint64_t v = atomic_load_explicit(&m->requests[r][c], memory_order_relaxed);
            if (v == 0)
                continue;
            char code[8];
            if (c < MM_METRICS_CODES - 1)
                snprintf(code, sizeof code, "%u", code_values[c]);
            else
                snprintf(code, sizeof code, "other");
            mm_buf_printf(&b, "mamoru_http_requests_total{route=\"%s\",code=\"%s\"} %llu\n",
                          route_names[r], code, (unsigned long long)v);
        }
    mm_buf_puts(&b, "# HELP mamoru_http_request_duration_seconds Time from request headers "
                    "to response queued.\n"
                    "# TYPE mamoru_http_request_duration_seconds histogram\n");
    for (int r = 0; r < MM_ROUTE__COUNT; r++) {
        uint64_t cum = 0;
        uint64_t counts[MM_METRICS_BUCKETS];
        for (int i = 0; i < MM_METRICS_BUCKETS; i++) {
            counts[i] = atomic_load_explicit(&m->buckets[r][i], memory_order_relaxed);
            cum += counts[i];
        }
        if (cum == 0)
            continue;
        cum = 0;
        for (int i = 0; i < MM_METRICS_BUCKETS; i++) {
            cum += counts[i];
            char le[16];
            if (i < MM_METRICS_BUCKETS - 1)
                snprintf(le, sizeof le, "%g", bucket_le[i]);
            else
                snprintf(le, sizeof le, "+Inf");
            mm_buf_printf(&b,
                          "mamoru_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} "
                          "%llu\n",
                          route_names[r], le, (unsigned long long)cum);
        }
        uint64_t us = atomic_load_explicit(&m->sum_us[r], memory_order_relaxed);
        mm_buf_printf(&b, "mamoru_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
                      route_names[r], (double)us / 1e6);
        mm_buf_printf(&b, "mamoru_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                      route_names[r], (unsigned long long)cum);
    }
    int64_t indicators = 0, orgs = 0;
    mm_error e;
    mm_error_clear(&e);
    if (mm_store_count(rq->srv->store, &indicators, &orgs, &e) == MM_OK) {
        mm_buf_printf(&b,
                      "# HELP mamoru_indicators Indicators in the store.\n"
                      "# TYPE mamoru_indicators gauge\nmamoru_indicators %lld\n"
                      "# HELP mamoru_organisations Organisations in the store.\n"
                      "# TYPE mamoru_organisations gauge\nmamoru_organisations %lld\n",
                      (long long)indicators, (long long)orgs);
    } else {
        fprintf(stderr, "mamoru: metrics: %s\n", e.message);
    }
    mm_server_publisher *pub = &rq->srv->pub;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    int64_t age = now_ms - atomic_load(&pub->published_ms);
    mm_buf_printf(&b,
                  "# HELP mamoru_snapshot_entries Entries in the published snapshot.\n"
                  "# TYPE mamoru_snapshot_entries gauge\nmamoru_snapshot_entries %llu\n"
                  "# HELP mamoru_snapshot_age_seconds Seconds since the snapshot was "
                  "published.\n"
                  "# TYPE mamoru_snapshot_age_seconds gauge\nmamoru_snapshot_age_seconds %.3f\n"
                  "# HELP mamoru_snapshot_builds_total Snapshots built since start.\n"
                  "# TYPE mamoru_snapshot_builds_total counter\nmamoru_snapshot_builds_total "
                  "%llu\n",
                  (unsigned long long)atomic_load(&pub->entries),
                  age > 0 ? (double)age / 1000.0 : 0.0,
                  (unsigned long long)atomic_load(&pub->builds));
    mm_buf_printf(&b, /* callburst: publish.c's activity refresher */
                  "# HELP mamoru_activity_refreshes_total Snapshots republished with fresh "
                  "call sightings only.\n"
                  "# TYPE mamoru_activity_refreshes_total counter\n"
                  "mamoru_activity_refreshes_total %llu\n",
                  (unsigned long long)atomic_load(&pub->activity_refreshes));
    if (b.data == NULL) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    mm_server_reply_bytes(rq, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.data,
                          b.len);
    mm_buf_free(&b);
}
