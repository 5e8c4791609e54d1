/*
 * routes_feeds.c — GET /v1/feeds/{format} (rpz, hosts, csv, stix,
 * hashprefix) and GET /v1/feeds/fullhash?prefix=HEX8, the feeds for
 * filtering vendors and DNS resolvers.
 *
 * Same formatters as `mamoru export FORMAT` (src/feeds), same selection:
 * public url/domain/ip indicators, confirmed or actioned, not expired —
 * narrowed to the kinds the caller's role may list. The cursor of the
 * response is in the X-Mamoru-Cursor header; `since=` that cursor gives a
 * delta for csv/stix and a 304 Not Modified for the complete-list formats
 * when nothing changed. The full-hash endpoint answers a hash-prefix hit
 * with the full SHA-256 hashes behind it (Safe Browsing's fullHashes.find):
 * the client compares locally, so the server never learns the URL.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/feeds.h"
#include "server/internal.h"

#define FEED_CACHE_S 300 /* how long a client may keep a full-hash answer */

/* Feed kinds the caller's role may list (0 = none: 403 sent). */
static unsigned feed_kinds(mm_request *rq)
{
    unsigned kinds = 0;
    static const mm_kind k[] = {MM_KIND_URL, MM_KIND_DOMAIN, MM_KIND_IP};
    for (size_t i = 0; i < 3; i++)
        if (mm_access_allowed(rq->org.role, k[i], MM_ACT_LIST))
            kinds |= MM_FEED_KIND(k[i]);
    if (kinds == 0)
        mm_server_reply_error(rq, MM_EDENIED, "kind", "role %s may not list url, domain or ip",
                              mm_role_name(rq->org.role));
    return kinds;
}

static const char *content_type(mm_feed_format f, bool hex)
{
    switch (f) {
    case MM_FEED_RPZ: return "text/dns";
    case MM_FEED_CSV: return "text/csv; charset=utf-8";
    case MM_FEED_STIX: return "application/stix+json;version=2.1";
    case MM_FEED_HASHPREFIX: return hex ? "text/plain" : "application/octet-stream";
    default: return "text/plain; charset=utf-8";
    }
}

void mm_server_route_feed(mm_request *rq, const char *const *p, size_t np)
{
    static const char *const allowed[] = {"since", "zone", "encoding", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    mm_error e;
    mm_error_clear(&e);
    mm_feed_format fmt;
    if (mm_feed_format_parse(p[0], &fmt, &e) != MM_OK) {
        mm_server_reply_error(rq, MM_ENOTFOUND, "format", "%s", e.message);
        return;
    }
    const char *v;
    mm_feed_cursor since = {0};
    bool have_since = (v = mm_server_query(rq, "since")) != NULL;
    if (have_since && mm_feed_cursor_parse(v, "since", &since, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    const char *zone = mm_server_query(rq, "zone");
    if (zone && (fmt != MM_FEED_RPZ || zone[0] == '\0' || strlen(zone) > 200 ||
                 strspn(zone, "abcdefghijklmnopqrstuvwxyz0123456789-._") != strlen(zone))) {
        mm_server_reply_error(rq, MM_EINVAL, "zone",
                              "'%.60s' is not a zone name ([a-z0-9-._], 1..200; rpz only)", zone);
        return;
    }
    bool hex = true;
    if ((v = mm_server_query(rq, "encoding")) != NULL) {
        if (fmt != MM_FEED_HASHPREFIX || (strcmp(v, "hex") != 0 && strcmp(v, "binary") != 0)) {
            mm_server_reply_error(rq, MM_EINVAL, "encoding",
                                  "'%.40s' is not valid here (hashprefix takes hex or binary)", v);
            return;
        }
        hex = strcmp(v, "hex") == 0;
    }
    unsigned kinds = feed_kinds(rq);
    if (kinds == 0)
        return;
    mm_store *s = rq->srv->store;
    int64_t now = (int64_t)time(NULL);
    mm_feed_cursor cursor;
    char curtxt[48];
    if (mm_store_feed_cursor(s, kinds, now, &cursor, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_feed_cursor_format(&cursor, curtxt);
    bool delta = have_since && mm_feed_format_is_delta(fmt);
    if (have_since && !delta) {
        bool changed = true;
        if (mm_store_feed_changed(s, kinds, &since, now, &changed, &e) != MM_OK) {
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        if (!changed) {
            mm_server_reply_bytes(rq, MHD_HTTP_NOT_MODIFIED, content_type(fmt, hex), "", 0);
            if (rq->resp)
                MHD_add_response_header(rq->resp, "X-Mamoru-Cursor", curtxt);
            return;
        }
    }
    mm_feed_opts o = {.now = now, .cursor = cursor, .delta = delta, .since = since, .zone = zone};
    mm_feed_query q = {.kinds = kinds, .delta = delta, .since = since, .now = now, .limit = 5000};
    mm_feed_set *set = mm_feed_format_is_delta(fmt) ? NULL : mm_feed_set_new();
    mm_arena *ar = mm_arena_new(1 << 20);
    mm_buf b = {0};
    mm_status st = MM_OK;
    if (ar == NULL || (!mm_feed_format_is_delta(fmt) && set == NULL))
        st = mm_error_set(&e, MM_ENOMEM, "", "out of memory");
    else if (fmt == MM_FEED_CSV)
        st = mm_feed_csv_header(&b);
    else if (fmt == MM_FEED_STIX)
        st = mm_feed_stix_begin(&o, &b);
    while (st == MM_OK) {
        mm_indicator *items = NULL;
        size_t n = 0;
        int64_t next = 0;
        if ((st = mm_store_feed_list(s, &q, ar, &items, &n, &next, &e)) != MM_OK)
            break;
        if (fmt == MM_FEED_CSV)
            st = mm_feed_csv_rows(items, n, &o, &b);
        else if (fmt == MM_FEED_STIX)
            st = mm_feed_stix_objects(items, n, &o, &b);
        else
            st = mm_feed_set_add(set, items, n, now);
        mm_arena_reset(ar);
        if (next == 0)
            break;
        q.after_id = next;
    }
    if (st == MM_OK) {
        if (fmt == MM_FEED_STIX)
            st = mm_feed_stix_end(&b);
        else if (fmt == MM_FEED_RPZ)
            st = mm_feed_rpz(set, &o, &b);
        else if (fmt == MM_FEED_HOSTS)
            st = mm_feed_hosts(set, &o, &b);
        else if (fmt == MM_FEED_HASHPREFIX)
            st = mm_feed_hashprefix(set, hex, &b);
    }
    if (st == MM_OK && b.data == NULL)
        st = mm_buf_append(&b, "", 0);
    if (st != MM_OK) {
        if (e.code == MM_OK)
            mm_error_set(&e, st, "", "out of memory building the feed");
        mm_server_reply_mm_error(rq, &e);
    } else {
        mm_server_reply_bytes(rq, MHD_HTTP_OK, content_type(fmt, hex), b.data, b.len);
        if (rq->resp)
            MHD_add_response_header(rq->resp, "X-Mamoru-Cursor", curtxt);
    }
    mm_buf_free(&b);
    mm_arena_free(ar);
    mm_feed_set_free(set);
}

void mm_server_route_feed_fullhash(mm_request *rq, const char *const *p, size_t np)
{
    static const char *const allowed[] = {"prefix", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    const char *v = mm_server_query(rq, "prefix");
    if (v == NULL || strlen(v) != 8 || strspn(v, "0123456789abcdefABCDEF") != 8) {
        mm_server_reply_error(rq, MM_EINVAL, "prefix",
                              "'%.40s' is not an 8-hex-digit (4-byte) prefix, e.g. 0fd66dfe",
                              v ? v : "");
        return;
    }
    uint32_t prefix = 0;
    for (int i = 0; i < 8; i++) {
        char c = v[i];
        prefix = prefix * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    unsigned kinds = feed_kinds(rq);
    if (kinds == 0)
        return;
    mm_error e;
    mm_error_clear(&e);
    mm_fullhash *h = NULL;
    size_t n = 0;
    if (mm_store_fullhash(rq->srv->store, prefix, kinds, mm_feed_expression_hash, rq->arena, &h,
                          &n, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        char hex[65];
        for (int k = 0; k < 32; k++)
            snprintf(hex + 2 * k, 3, "%02x", h[i].hash[k]);
        json_t *m = json_object();
        json_object_set_new(m, "hash", json_string(hex));
        json_object_set_new(m, "kind", json_string(mm_kind_name(h[i].kind)));
        json_object_set_new(m, "category", json_string(h[i].category));
        json_object_set_new(m, "cache_seconds", json_integer(FEED_CACHE_S));
        json_array_append_new(arr, m);
    }
    char pfx[9];
    snprintf(pfx, sizeof pfx, "%08x", prefix);
    json_t *o = json_object();
    json_object_set_new(o, "prefix", json_string(pfx));
    json_object_set_new(o, "matches", arr);
    json_object_set_new(o, "negative_cache_seconds", json_integer(FEED_CACHE_S));
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
}
