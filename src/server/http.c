/*
 * http.c — the libmicrohttpd daemon behind `mamoru serve`: start-up and
 * shutdown (mm_server_run), request accumulation with the body-size limit,
 * the routing table, and the helpers every handler uses to reply.
 *
 * Why built this way: libmicrohttpd calls the access handler several times
 * per request (headers, each body chunk, end of body). The first call
 * allocates an mm_request; body chunks go into a bounded buffer (a declared
 * Content-Length over the limit is refused at once with 413, an undeclared
 * one is drained and refused at the end); the last call matches the route,
 * authenticates and runs the handler, which only builds a response — this
 * file queues it. Everything a request allocates lives in its arena and is
 * freed in the completion callback, which also records the metrics. There
 * are no globals: the state travels as the daemon's closure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_message.h"
#include "server/internal.h"

/* ---- routing table --------------------------------------------------------- */

typedef struct route {
    const char *method;
    const char *pattern; /* "/v1/indicators/{}": {} captures one segment */
    mm_route_id id;
    mm_route_fn fn;
    bool auth; /* needs Authorization: Bearer */
} route;

static const route routes[] = {
    {"POST", "/v1/indicators", MM_ROUTE_IND_CREATE, mm_server_route_ind_create, true},
    {"GET", "/v1/indicators", MM_ROUTE_IND_LIST, mm_server_route_ind_list, true},
    {"POST", "/v1/indicators/bulk", MM_ROUTE_IND_BULK, mm_server_route_ind_bulk, true},
    {"GET", "/v1/indicators/lookup", MM_ROUTE_IND_LOOKUP, mm_server_route_ind_lookup, true},
    {"GET", "/v1/indicators/{}", MM_ROUTE_IND_GET, mm_server_route_ind_get, true},
    {"PATCH", "/v1/indicators/{}", MM_ROUTE_IND_PATCH, mm_server_route_ind_patch, true},
    {"GET", "/v1/hashes/{}/{}", MM_ROUTE_HASHES, mm_server_route_hashes, true},
    {"GET", "/healthz", MM_ROUTE_HEALTHZ, mm_server_route_healthz, false},
    {"GET", "/metrics", MM_ROUTE_METRICS, mm_server_route_metrics, false},
    {"GET", "/v1/feeds/fullhash", MM_ROUTE_FEED_FULLHASH, mm_server_route_feed_fullhash, true},
    {"GET", "/v1/feeds/{}", MM_ROUTE_FEED, mm_server_route_feed, true},
    {"POST", "/v1/takedowns", MM_ROUTE_TAKEDOWN_CREATE, mm_server_route_takedown_create, true},
    {"GET", "/v1/takedowns/stats", MM_ROUTE_TAKEDOWN_STATS, mm_server_route_takedown_stats, true},
    {"GET", "/v1/takedowns/{}", MM_ROUTE_TAKEDOWN_GET, mm_server_route_takedown_get, true},
    {"PATCH", "/v1/takedowns/{}", MM_ROUTE_TAKEDOWN_PATCH, mm_server_route_takedown_patch, true},
    {"POST", "/v1/pdns", MM_ROUTE_PDNS, mm_server_route_pdns, true},
    {"GET", "/v1/discover", MM_ROUTE_DISCOVER, mm_server_route_discover, true},
    {"POST", "/v1/screen/email", MM_ROUTE_SCREEN_EMAIL, mm_server_route_screen_email, true},
    {"POST", "/v1/screen/email/batch", MM_ROUTE_SCREEN_EMAIL_BATCH,
     mm_server_route_screen_email_batch, true},
    {"POST", "/v1/screen/message", MM_ROUTE_SCREEN_MESSAGE, mm_server_route_screen_message, true},
    {"POST", "/v1/screen/message/batch", MM_ROUTE_SCREEN_MESSAGE_BATCH,
     mm_server_route_screen_message_batch, true},
    {"POST", "/v1/screen/call", MM_ROUTE_SCREEN_CALL, mm_server_route_screen_call, true},
    {"POST", "/v1/screen/call/batch", MM_ROUTE_SCREEN_CALL_BATCH,
     mm_server_route_screen_call_batch, true},
    {"POST", "/v1/screen/post", MM_ROUTE_SCREEN_POST, mm_server_route_screen_post, true},
    {"POST", "/v1/screen/post/batch", MM_ROUTE_SCREEN_POST_BATCH,
     mm_server_route_screen_post_batch, true},
    {"POST", "/v1/payments", MM_ROUTE_PAYMENTS, mm_server_route_payments_post, true},
    {"POST", "/v1/screen/payment", MM_ROUTE_SCREEN_PAYMENT, mm_server_route_screen_payment,
     true},
    {"GET", "/v1/accounts/{}/risk", MM_ROUTE_ACCOUNT_RISK, mm_server_route_account_risk, true},
    {"POST", "/v1/requests", MM_ROUTE_REQUESTS_POST, mm_server_route_requests_post, true},
    {"GET", "/v1/requests", MM_ROUTE_REQUESTS_LIST, mm_server_route_requests_list, true},
    {"GET", "/v1/requests/sla", MM_ROUTE_REQUESTS_SLA, mm_server_route_requests_sla, true},
    {"GET", "/v1/requests/{}", MM_ROUTE_REQUESTS_GET, mm_server_route_requests_get, true},
    {"PATCH", "/v1/requests/{}", MM_ROUTE_REQUESTS_PATCH, mm_server_route_requests_patch, true},
    {"POST", "/v1/screen/url", MM_ROUTE_SCREEN_URL, mm_server_route_screen_url, true},
    {"POST", "/v1/screen/url/batch", MM_ROUTE_SCREEN_URL_BATCH, mm_server_route_screen_url_batch,
     true},
    {"POST", "/v1/trace", MM_ROUTE_TRACE, mm_server_route_trace, true},
};
#define NROUTES (sizeof routes / sizeof routes[0])
#define MAX_CAPTURES 4

/* Does path match pattern? Fills caps (arena copies) and *ncaps; *exact is
 * set when the pattern has no captures. */
static bool path_match(const char *pattern, const char *path, mm_arena *a, const char **caps,
                       size_t *ncaps, bool *exact)
{
    /* *exact is only read after a match, which consumed the whole pattern,
     * so noting captures on the way is enough (no strstr per route) */
    *ncaps = 0;
    *exact = true;
    const char *p = pattern, *u = path;
    while (*p && *u) {
        if (p[0] == '{' && p[1] == '}') {
            *exact = false;
            const char *end = strchr(u, '/');
            size_t len = end ? (size_t)(end - u) : strlen(u);
            if (len == 0 || *ncaps >= MAX_CAPTURES)
                return false;
            if (a) {
                caps[*ncaps] = mm_arena_strndup(a, u, len);
                if (caps[*ncaps] == NULL)
                    return false;
            }
            (*ncaps)++;
            p += 2;
            u += len;
            continue;
        }
        if (*p != *u)
            return false;
        p++;
        u++;
    }
    return *p == '\0' && *u == '\0';
}

/* ---- replies ------------------------------------------------------------------ */

unsigned mm_server_http_status(mm_status code)
{
    switch (code) {
    case MM_OK: return MHD_HTTP_OK;
    case MM_EINVAL: return MHD_HTTP_BAD_REQUEST;
    case MM_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case MM_ECONFLICT: return MHD_HTTP_CONFLICT;
    case MM_EEXIST: return MHD_HTTP_CONFLICT;
    case MM_EDENIED: return MHD_HTTP_FORBIDDEN;
    case MM_ELIMIT: return MHD_HTTP_CONTENT_TOO_LARGE;
    case MM_EAUTH: return MHD_HTTP_UNAUTHORIZED;
    case MM_ENOMEM: return MHD_HTTP_SERVICE_UNAVAILABLE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

json_t *mm_server_error_json(const mm_error *e)
{
    json_t *inner = json_object();
    json_object_set_new(inner, "code", json_string(mm_status_name(e->code)));
    json_object_set_new(inner, "message", json_string(e->message));
    if (e->field[0])
        json_object_set_new(inner, "field", json_string(e->field));
    json_t *o = json_object();
    json_object_set_new(o, "error", inner);
    return o;
}

void mm_server_reply_response(mm_request *rq, unsigned status, struct MHD_Response *resp)
{
    if (rq->resp)
        MHD_destroy_response(rq->resp);
    rq->resp = resp;
    rq->resp_status = status;
}

void mm_server_reply_bytes(mm_request *rq, unsigned status, const char *content_type,
                           const void *data, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    mm_server_reply_response(rq, status, r);
}

/* json_dump_callback sink: a growable heap buffer. One pass over the tree
 * (json_dumpb would walk it twice: once to size the buffer, once to fill
 * it — a tenth of the CPU of a screened SMS went to that second walk). */
typedef struct dump_sink {
    char *data;
    size_t len, cap;
} dump_sink;

static int dump_to_sink(const char *p, size_t n, void *arg)
{
    dump_sink *s = arg;
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 1024;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *d = realloc(s->data, cap);
        if (d == NULL)
            return -1;
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
    return 0;
}

void mm_server_reply_json(mm_request *rq, unsigned status, json_t *body)
{
    if (body == NULL)
        return; /* http.c answers 500 when no response was built */
    dump_sink s = {.data = malloc(2048), .cap = 2048};
    int rc = s.data
                 ? json_dump_callback(body, dump_to_sink, &s, JSON_COMPACT | JSON_REAL_PRECISION(6))
                 : -1;
    json_decref(body);
    if (rc != 0 || s.len == 0) {
        free(s.data);
        return;
    }
    s.data[s.len++] = '\n'; /* the sink always leaves room for it */
    struct MHD_Response *r = MHD_create_response_from_buffer(s.len, s.data, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(s.data);
        return;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    mm_server_reply_response(rq, status, r);
}

void mm_server_reply_verdict(mm_request *rq, const mm_verdict *v)
{
    mm_buf b = {0};
    if (mm_server_verdict_text(v, &b) != MM_OK || mm_buf_putc(&b, '\n') != MM_OK) {
        mm_buf_free(&b);
        mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_verdict_json(v));
        return;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        mm_buf_free(&b);
        return;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    mm_server_reply_response(rq, MHD_HTTP_OK, r);
}

void mm_server_reply_mm_error(mm_request *rq, const mm_error *e)
{
    unsigned status = mm_server_http_status(e->code);
    if (status >= 500) {
        /* storage and system details stay in the log */
        fprintf(stderr, "mamoru: %s %s: %s (%s)\n", rq->method, rq->url, e->message,
                mm_status_name(e->code));
        mm_error pub;
        mm_error_set(&pub, e->code, "", "internal error; see the server log");
        mm_server_reply_json(rq, status, mm_server_error_json(&pub));
        return;
    }
    mm_server_reply_json(rq, status, mm_server_error_json(e));
    if (status == MHD_HTTP_UNAUTHORIZED && rq->resp)
        MHD_add_response_header(rq->resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Bearer realm=\"mamoru\"");
}

void mm_server_reply_error(mm_request *rq, mm_status code, const char *field, const char *fmt,
                           ...)
{
    mm_error e;
    mm_error_clear(&e);
    e.code = code;
    snprintf(e.field, sizeof e.field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    mm_server_reply_mm_error(rq, &e);
}

json_t *mm_server_body_object(mm_request *rq)
{
    if (rq->body.len == 0) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "empty body; expected a JSON object");
        return NULL;
    }
    json_error_t je;
    json_t *o = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &je);
    if (o == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "invalid JSON at line %d column %d: %s",
                              je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        mm_server_reply_error(rq, MM_EINVAL, "body", "expected a JSON object");
        return NULL;
    }
    return o;
}

/* ---- query string --------------------------------------------------------------- */

typedef struct query_scan {
    const char *const *allowed;
    const char *unknown;
    const char *want;
    const char *found;
    bool seen;
    size_t bytes;
} query_scan;

static enum MHD_Result query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    query_scan *q = cls;
    q->bytes += strlen(key) + (value ? strlen(value) : 0) + 2;
    if (q->want) {
        if (strcmp(key, q->want) == 0) {
            q->found = value ? value : "";
            q->seen = true;
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (q->allowed) {
        for (const char *const *a = q->allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                return MHD_YES;
        q->unknown = key;
        return MHD_NO;
    }
    return MHD_YES;
}

const char *mm_server_query(mm_request *rq, const char *name)
{
    query_scan q = {.want = name};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, query_iter, &q);
    return q.seen ? q.found : NULL;
}

bool mm_server_query_only(mm_request *rq, const char *const *allowed)
{
    query_scan q = {.allowed = allowed};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, query_iter, &q);
    if (q.unknown) {
        mm_server_reply_error(rq, MM_EINVAL, q.unknown, "unknown query parameter '%.60s'",
                              q.unknown);
        return false;
    }
    return true;
}

static size_t query_bytes(mm_request *rq)
{
    query_scan q = {0};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, query_iter, &q);
    return q.bytes;
}

/* ---- dispatch --------------------------------------------------------------------- */

static void dispatch(mm_request *rq)
{
    if (strlen(rq->url) + query_bytes(rq) > MM_SERVER_MAX_URL) {
        mm_server_reply_error(rq, MM_ELIMIT, "url", "URL longer than %d bytes",
                              MM_SERVER_MAX_URL);
        rq->resp_status = MHD_HTTP_URI_TOO_LONG;
        return;
    }
    const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    const char *caps[MAX_CAPTURES];
    size_t ncaps = 0;
    bool exact, any_exact = false;
    /* literal paths win over captures: GET /v1/indicators/bulk is a 405,
     * not a bad id. The table is matched once; the second walk reads the
     * results (match[i]: 0 no, 1 through captures, 2 literally). */
    unsigned char match[NROUTES];
    for (size_t i = 0; i < NROUTES; i++) {
        match[i] = 0;
        if (path_match(routes[i].pattern, rq->url, NULL, caps, &ncaps, &exact)) {
            match[i] = exact ? 2 : 1;
            any_exact = any_exact || exact;
        }
    }
    const route *hit = NULL;
    char allow[64] = "";
    for (size_t i = 0; i < NROUTES; i++) {
        if (match[i] == 0 || (any_exact && match[i] != 2))
            continue;
        if (strcmp(routes[i].method, method) == 0) {
            hit = &routes[i];
            break;
        }
        size_t l = strlen(allow);
        snprintf(allow + l, sizeof allow - l, "%s%s%s", l ? ", " : "", routes[i].method,
                 strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
    }
    if (hit == NULL && allow[0] == '\0') {
        bool api = strncmp(rq->url, "/v1/", 4) == 0 || strcmp(rq->url, "/v1") == 0;
        if (!api) {
            if (strcmp(method, "GET") == 0) {
                rq->route = MM_ROUTE_STATIC;
                mm_server_route_static(rq, NULL, 0);
                return;
            }
            snprintf(allow, sizeof allow, "GET, HEAD");
        } else {
            mm_server_reply_error(rq, MM_ENOTFOUND, "", "no such endpoint: %.100s", rq->url);
            return;
        }
    }
    if (hit == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "method", "method %.20s not allowed here; use %s",
                              rq->method, allow);
        rq->resp_status = MHD_HTTP_METHOD_NOT_ALLOWED;
        if (rq->resp)
            MHD_add_response_header(rq->resp, MHD_HTTP_HEADER_ALLOW, allow);
        return;
    }
    rq->route = hit->id;
    if (!path_match(hit->pattern, rq->url, rq->arena, caps, &ncaps, &exact)) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    if (hit->auth && !mm_server_authenticate(rq))
        return;
    hit->fn(rq, caps, ncaps);
}

static enum MHD_Result queue(mm_request *rq)
{
    if (rq->resp == NULL) {
        static const char oom[] =
            "{\"error\":{\"code\":\"error\",\"message\":\"internal error\"}}\n";
        rq->resp = MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom,
                                                   MHD_RESPMEM_PERSISTENT);
        rq->resp_status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        if (rq->resp == NULL)
            return MHD_NO;
        MHD_add_response_header(rq->resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    }
    MHD_add_response_header(rq->resp, "X-Content-Type-Options", "nosniff");
    if (rq->route != MM_ROUTE_STATIC)
        MHD_add_response_header(rq->resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result r = MHD_queue_response(rq->conn, rq->resp_status, rq->resp);
    MHD_destroy_response(rq->resp);
    rq->resp = NULL;
    rq->responded = true;
    rq->status = rq->resp_status;
    return r;
}

/* Declared Content-Length, or -1 when absent / unparsable. */
static long long content_length(struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (v == NULL || *v == '\0' || strspn(v, "0123456789") != strlen(v) || strlen(v) > 18)
        return -1;
    return strtoll(v, NULL, 10);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    mm_server_state *srv = cls;
    mm_request *rq = *con_cls;
    if (rq == NULL) {
        rq = calloc(1, sizeof *rq);
        if (rq == NULL)
            return MHD_NO;
        rq->srv = srv;
        rq->conn = conn;
        rq->method = method;
        rq->url = url;
        rq->route = MM_ROUTE_NONE;
        clock_gettime(CLOCK_MONOTONIC, &rq->start);
        *con_cls = rq;
        long long cl = content_length(conn);
        if (cl >= 0 && (unsigned long long)cl > srv->cfg.max_body) {
            /* refuse before reading: libmicrohttpd closes the connection */
            mm_server_reply_error(rq, MM_ELIMIT, "body", "body of %lld bytes is over the %zu-byte limit",
                                  cl, srv->cfg.max_body);
            return queue(rq);
        }
        if (cl > 0) {
            /* the declared body in one allocation rather than grown by
             * doubling from 64 bytes (up to 64 KB: a bare claim does not
             * reserve megabytes) */
            if (mm_buf_reserve(&rq->body, (size_t)(cl < 65536 ? cl : 65536)) != MM_OK)
                return MHD_NO;
        }
        return MHD_YES;
    }
    if (rq->responded) {
        *upload_data_size = 0; /* drain whatever still arrives */
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!rq->too_large) {
            if (rq->body.len + *upload_data_size > srv->cfg.max_body) {
                rq->too_large = true;
                mm_buf_free(&rq->body);
            } else if (mm_buf_append(&rq->body, upload_data, *upload_data_size) != MM_OK) {
                return MHD_NO;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    rq->arena = mm_arena_new(0);
    if (rq->arena == NULL)
        return MHD_NO;
    if (rq->too_large)
        mm_server_reply_error(rq, MM_ELIMIT, "body", "body is over the %zu-byte limit",
                              srv->cfg.max_body);
    else
        dispatch(rq);
    return queue(rq);
}

const mm_screen_ctx *mm_server_screen_ctx(mm_request *rq, mm_screen_ctx *out)
{
    if (rq->snap == NULL)
        rq->snap = mm_snapshot_acquire();
    *out = rq->srv->screen;
    out->snap = rq->snap;
    return out;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    mm_server_state *srv = cls;
    mm_request *rq = *con_cls;
    if (rq == NULL)
        return;
    if (rq->status) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double secs = (double)(now.tv_sec - rq->start.tv_sec) +
                      (double)(now.tv_nsec - rq->start.tv_nsec) / 1e9;
        mm_server_metrics_record(&srv->metrics, rq->route, rq->status, secs);
    }
    if (rq->resp)
        MHD_destroy_response(rq->resp);
    mm_buf_free(&rq->body);
    mm_arena_free(rq->arena);
    mm_snapshot_release(rq->snap);
    free(rq);
    *con_cls = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    fputs("mamoru: http: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* ---- start-up -------------------------------------------------------------------- */

/* Write "PORT\n" to path through a temporary file and rename(2), so a
 * watcher never reads a half-written file. */
static mm_status write_ready_file(const char *path, int port, mm_error *err)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return mm_error_set(err, MM_EINVAL, "ready_file", "path '%.200s' is too long", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return mm_error_set(err, MM_EIO, "ready_file", "cannot create '%.200s': %s", tmp,
                            strerror(errno));
    char line[16];
    int n = snprintf(line, sizeof line, "%d\n", port);
    bool ok = write(fd, line, (size_t)n) == n;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return mm_error_set(err, MM_EIO, "ready_file", "cannot write '%.200s': %s", path,
                            strerror(e));
    }
    return MM_OK;
}

static mm_status resolve_host(const char *host, int port, struct sockaddr_storage *ss,
                              mm_error *err)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%d", port);
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0 || res == NULL)
        return mm_error_set(err, MM_EINVAL, "listen", "cannot resolve host '%.100s': %s", host,
                            gai_strerror(rc));
    memset(ss, 0, sizeof *ss);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return MM_OK;
}

static void fill_defaults(mm_server_config *c)
{
    if (c->host == NULL || *c->host == '\0')
        c->host = "127.0.0.1";
    if (c->max_body == 0)
        c->max_body = 8u << 20;
    if (c->timeout_s <= 0)
        c->timeout_s = 30;
    if (c->threads <= 0)
        c->threads = 2;
    if (c->max_connections <= 0)
        c->max_connections = 512;
}

mm_status mm_server_run(mm_store *store, const mm_server_config *cfg, mm_error *err)
{
    if (store == NULL || cfg == NULL)
        return mm_error_set(err, MM_EINVAL, "config", "no store or configuration given");
    if (cfg->port < 0 || cfg->port > 65535)
        return mm_error_set(err, MM_EINVAL, "port", "port %d is out of range 0..65535",
                            cfg->port);
    mm_server_state *srv = calloc(1, sizeof *srv);
    if (srv == NULL)
        return mm_error_set(err, MM_ENOMEM, "", "out of memory");
    srv->store = store;
    srv->cfg = *cfg;
    fill_defaults(&srv->cfg);
    srv->schema = mm_store_schema_version(store);
    pthread_mutex_init(&srv->auth.mu, NULL);
    srv->auth.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL); /* auth.c falls back when NULL */
    mm_status rc = MM_OK;
    sigset_t wait_set, block_set, old_set;
    bool masked = false;

    if (cfg->web_dir) {
        /* a missing console is not a reason to refuse the API */
        srv->web_root = realpath(cfg->web_dir, NULL);
        if (srv->web_root == NULL)
            fprintf(stderr, "mamoru: console disabled: web directory '%s': %s\n", cfg->web_dir,
                    strerror(errno));
    }
    struct sockaddr_storage ss;
    if ((rc = resolve_host(srv->cfg.host, srv->cfg.port, &ss, err)) != MM_OK)
        goto out;

    /* Block the stop signals (and SIGPIPE) before any thread starts so that
     * every worker inherits the mask and only sigwait below sees them. */
    sigemptyset(&wait_set);
    sigaddset(&wait_set, SIGINT);
    sigaddset(&wait_set, SIGTERM);
    block_set = wait_set;
    sigaddset(&block_set, SIGPIPE);
    if (pthread_sigmask(SIG_BLOCK, &block_set, &old_set) != 0) {
        rc = mm_error_set(err, MM_EIO, "", "cannot block signals");
        goto out;
    }
    masked = true;

    if (cfg->data_dir && (rc = mm_screen_ctx_load(cfg->data_dir, &srv->screen, err)) != MM_OK)
        goto out;
    if (cfg->zengin && (rc = mm_screen_ctx_set_zengin(&srv->screen, cfg->zengin, err)) != MM_OK)
        goto out; /* callburst: branch names in messages */
    if ((rc = mm_server_publish_start(&srv->pub, store, err)) != MM_OK)
        goto out;

    if ((rc = mm_server_payments_init(srv, err)) != MM_OK) /* issue 5 */
        goto out;
    /* One epoll loop per worker thread (MHD_OPTION_THREAD_POOL_SIZE), not a
     * thread per connection: most callers open one connection per message.
     * TURBO reads a new connection at once instead of waiting for epoll to
     * report it, and closes without a separate shutdown(SHUT_WR): 11 system
     * calls per request become 7 (epoll_wait, accept4 ×2, recv, sendmsg,
     * setsockopt, close): 1-7 % less server CPU per SMS-sized message in
     * A/B runs on the shared 2-core machine (the gain shrinks when the
     * client core is busy anyway). MHD_USE_THREAD_PER_CONNECTION instead
     * measured 37 % fewer SMS-sized and 17 % fewer e-mails per CPU second. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
        flags |= MHD_USE_EPOLL | MHD_USE_TURBO;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)srv->cfg.port, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_log, srv, /* first, so it sees every message */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)srv->cfg.threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)srv->cfg.timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)srv->cfg.max_connections,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        rc = mm_error_set(err, MM_EIO, "listen", "cannot listen on %.100s:%d (in use?)",
                          srv->cfg.host, srv->cfg.port);
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    int port = info ? info->port : srv->cfg.port;
    if (srv->cfg.ready_file && (rc = write_ready_file(srv->cfg.ready_file, port, err)) != MM_OK)
        goto out;
    bool v6 = ss.ss_family == AF_INET6;
    fprintf(stderr, "listening on http://%s%s%s:%d\n", v6 ? "[" : "", srv->cfg.host,
            v6 ? "]" : "", port);

    for (;;) {
        int sig = 0;
        if (sigwait(&wait_set, &sig) == 0 && (sig == SIGINT || sig == SIGTERM))
            break;
    }
    fprintf(stderr, "mamoru: stopping\n");

out:
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    mm_server_publish_stop(&srv->pub);
    mm_snapshot_unpublish();
    mm_server_trace_free(srv); /* issue 5 §3 */
    mm_screen_ctx_unload(&srv->screen);
    mm_server_payments_free(srv);
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old_set, NULL);
    free(srv->web_root);
    pthread_mutex_destroy(&srv->auth.mu);
    EVP_MD_free(srv->auth.sha256);
    free(srv);
    return rc;
}
