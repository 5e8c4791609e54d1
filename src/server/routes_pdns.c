/*
 * routes_pdns.c — POST /v1/pdns (passive-DNS records, JSONL, one
 * transaction) and GET /v1/discover (unreported domains sharing IPs or
 * certificates with confirmed phishing hosts, ranked with their reasons).
 *
 * pDNS lines are parsed and normalised one by one (mm_ingest_pdns_json): a
 * bad line is reported with its number and field and the good ones are
 * kept, like POST /v1/indicators/bulk. Discovery ranks with the URL
 * detector the server loaded at start: mm_server_discover_lookalike turns
 * its verdict for a bare host (mm_url_host_lookalike) into discovery's
 * LOOKALIKE / RISK_MODEL reasons and the own-domain check; the CLI uses the
 * same function, so both rank alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_phish.h"
#include "mamoru/screen_url.h"
#include "mamoru/server_phish.h"
#include "server/internal.h"

void mm_server_route_pdns(mm_request *rq, const char *const *p, size_t np)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    if (!mm_server_allow(rq, MM_KIND_DOMAIN, MM_ACT_REPORT) ||
        !mm_server_allow(rq, MM_KIND_IP, MM_ACT_REPORT))
        return;
    const char *data = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
    if (memchr(data, '\0', len)) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "body contains a NUL byte");
        return;
    }
    size_t cap = 0;
    for (size_t i = 0; i < len; i++)
        cap += data[i] == '\n';
    cap++;
    if (cap > MM_SERVER_MAX_BULK_LINES + 1) {
        mm_server_reply_error(rq, MM_ELIMIT, "body", "%zu lines; at most %d per request", cap - 1,
                              MM_SERVER_MAX_BULK_LINES);
        return;
    }
    mm_pdns_record *recs = mm_arena_calloc(rq->arena, cap, sizeof *recs);
    if (recs == NULL) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    json_t *errors = json_array();
    size_t n = 0, lines = 0, lineno = 0;
    for (const char *s = data, *end = data + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        lineno++;
        size_t l = (size_t)(le - s);
        while (l > 0 && (s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t'))
            l--;
        size_t lead = strspn(s, " \t");
        if (lead < l) {
            lines++;
            mm_error e;
            mm_error_clear(&e);
            if (mm_ingest_pdns_json(s, l, rq->arena, &recs[n], &e) == MM_OK) {
                n++;
            } else {
                json_t *o = json_object();
                json_object_set_new(o, "line", json_integer((json_int_t)lineno));
                json_object_set_new(o, "field", json_string(e.field));
                json_object_set_new(o, "message", json_string(e.message));
                json_array_append_new(errors, o);
            }
        }
        s = nl ? nl + 1 : end;
    }
    if (lines == 0) {
        json_decref(errors);
        mm_server_reply_error(rq, MM_EINVAL, "body", "empty body; expected one JSON object per line");
        return;
    }
    if (n == 0) {
        /* nothing usable: the first line's error is the answer */
        json_t *first = json_array_get(errors, 0);
        mm_server_reply_error(rq, MM_EINVAL, json_string_value(json_object_get(first, "field")),
                              "line %lld: %s",
                              (long long)json_integer_value(json_object_get(first, "line")),
                              json_string_value(json_object_get(first, "message")));
        json_decref(errors);
        return;
    }
    size_t added = 0;
    mm_error e;
    mm_error_clear(&e);
    if (mm_store_pdns_add(rq->srv->store, recs, n, rq->org.id, &added, &e) != MM_OK) {
        json_decref(errors);
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "records", json_integer((json_int_t)lines));
    json_object_set_new(o, "added", json_integer((json_int_t)added));
    json_object_set_new(o, "merged", json_integer((json_int_t)(n - added)));
    json_object_set_new(o, "rejected", json_integer((json_int_t)json_array_size(errors)));
    json_object_set_new(o, "errors", errors);
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
}

/* One look-alike reason of the URL detector, for the LOOKALIKE detail. */
static char *reason_text(const mm_reason *r, char *acc, mm_arena *a)
{
    return acc ? mm_arena_printf(a, "%s; %s [%s %d]", acc, r->detail, r->code, r->weight)
               : mm_arena_printf(a, "%s [%s %d]", r->detail, r->code, r->weight);
}

mm_status mm_server_discover_lookalike(void *url_model, const char *host, mm_arena *a,
                                       mm_discover_judgement *out)
{
    const mm_url_model *m = url_model;
    if (m == NULL)
        return MM_OK;
    mm_verdict v;
    mm_verdict_init(&v);
    const char *own = NULL;
    mm_status st = mm_url_host_lookalike(m, host, true, a, &v, &own, NULL);
    if (st == MM_EINVAL)
        return MM_OK; /* not a name the detector can read: no evidence either way */
    if (st != MM_OK)
        return st;
    out->official = own != NULL;
    /* the brand of the heaviest look-alike reason; its reasons (name,
     * lure words) accumulate like in a verdict */
    const mm_reason *top = NULL;
    for (size_t i = 0; i < v.nreasons; i++) {
        const mm_reason *r = &v.reasons[i];
        if (strcmp(r->code, "URL_RISK_MODEL") == 0) {
            /* the unknown-URL model judges the shape of a whole URL; a bare
             * host name is less to go on: half its weight, a separate reason */
            out->risk = (r->weight + 1) / 2;
            out->risk_detail = r->detail;
        } else if (r->brand && (top == NULL || r->weight > top->weight)) {
            top = r;
        }
    }
    if (top == NULL)
        return MM_OK;
    double keep = 1.0;
    char *detail = NULL;
    for (size_t i = 0; i < v.nreasons; i++) {
        const mm_reason *r = &v.reasons[i];
        if (strcmp(r->code, "URL_RISK_MODEL") == 0 || r->brand == NULL ||
            strcmp(r->brand, top->brand) != 0)
            continue;
        keep *= 1.0 - r->weight / 100.0;
        if ((detail = reason_text(r, detail, a)) == NULL)
            return MM_ENOMEM;
    }
    out->lookalike = (int)(100.0 * (1.0 - keep) + 0.5);
    out->brand = mm_arena_strdup(a, top->brand);
    out->detail = detail;
    return out->brand ? MM_OK : MM_ENOMEM;
}

void mm_server_route_discover(mm_request *rq, const char *const *p, size_t np)
{
    static const char *const allowed[] = {"domain", "limit", "max_fanout", "window_days", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    if (!mm_server_allow(rq, MM_KIND_DOMAIN, MM_ACT_LIST))
        return;
    mm_discover_query q = {.role = rq->org.role, .org_id = rq->org.id};
    mm_error e;
    mm_error_clear(&e);
    const char *v;
    int64_t x;
    if ((v = mm_server_query(rq, "domain")) != NULL) {
        if (v[0] == '\0') {
            mm_server_reply_error(rq, MM_EINVAL, "domain", "empty query parameter 'domain'");
            return;
        }
        q.domain = v;
    }
    if ((v = mm_server_query(rq, "limit")) != NULL) {
        if (mm_server_parse_int(v, "limit", 1, 1000, &x, &e) != MM_OK)
            goto bad;
        q.limit = (int)x;
    }
    if ((v = mm_server_query(rq, "max_fanout")) != NULL) {
        if (mm_server_parse_int(v, "max_fanout", 1, 100000, &x, &e) != MM_OK)
            goto bad;
        q.max_fanout = (int)x;
    }
    if ((v = mm_server_query(rq, "window_days")) != NULL) {
        if (mm_server_parse_int(v, "window_days", 1, 3650, &x, &e) != MM_OK)
            goto bad;
        q.window_s = x * 86400;
    }
    /* the URL detector the server loaded at start (data_dir): the same
     * look-alike verdict as POST /v1/screen/url */
    const mm_url_model *um = rq->srv->screen.url;
    bool have_brands = um != NULL && mm_url_model_brand_count(um) > 0;
    mm_discover_lookalike look = {mm_server_discover_lookalike, (void *)um};
    mm_discover_candidate *c = NULL;
    size_t n = 0, seeds = 0, skipped = 0;
    mm_status rc = mm_store_discover(rq->srv->store, &q, um ? &look : NULL, rq->arena, &c, &n,
                                     &seeds, &skipped, &e);
    if (rc != MM_OK)
        goto bad;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, mm_server_candidate_json(&c[i]));
    json_t *o = json_object();
    json_object_set_new(o, "seeds", json_integer((json_int_t)seeds));
    json_object_set_new(o, "skipped_shared", json_integer((json_int_t)skipped));
    json_object_set_new(o, "lookalike", json_boolean(have_brands));
    json_object_set_new(o, "candidates", arr);
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
    return;
bad:
    mm_server_reply_mm_error(rq, &e);
}
