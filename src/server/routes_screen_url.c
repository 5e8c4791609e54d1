/*
 * routes_screen_url.c — URL screening over HTTP:
 *   POST /v1/screen/url        {"url": "..."} → one verdict object
 *   POST /v1/screen/url/batch  JSONL {"url": ...} per line → JSONL verdicts,
 *                              one per non-blank line, in order; a bad line
 *                              gives {"line": N, "status": 400, "error": …}
 * Any authenticated organisation may screen: a verdict reveals only the id
 * of a listed indicator, never its value or reporter.
 *
 * The verdict JSON is the CLI's (mm_server_verdict_json). The snapshot is
 * acquired once per request, so a batch sees one consistent blocklist; a
 * batch is screened URL_GROUP lines at a time (mm_screen_url_batch).
 */
#include <stdlib.h>
#include <string.h>

#include "mamoru/screen_url.h"
#include "server/internal.h"

void mm_server_route_screen_url(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        if (strcmp(key, "url") != 0) {
            mm_server_reply_error(rq, MM_EINVAL, key, "unknown field '%.60s' (expected \"url\")",
                                  key);
            json_decref(body);
            return;
        }
    }
    json_t *url = json_object_get(body, "url");
    if (!json_is_string(url)) {
        mm_server_reply_error(rq, MM_EINVAL, "url", "\"url\" must be a string");
        json_decref(body);
        return;
    }
    mm_screen_ctx ctx;
    mm_verdict v;
    mm_error e;
    mm_error_clear(&e);
    if (mm_screen_url(mm_server_screen_ctx(rq, &ctx), json_string_value(url), rq->arena, &v, &e) !=
        MM_OK)
        mm_server_reply_mm_error(rq, &e);
    else
        mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_verdict_json(&v));
    json_decref(body);
}

/* Lines screened as one mm_screen_url_batch: the blocklist lookups of a
 * group overlap their memory misses (src/screen/url_lookup.c); the
 * verdicts are those of one line at a time. */
#define URL_GROUP 64

static void url_lines(const void *arg, const mm_screen_ctx *ctx, json_t *const *in, size_t n,
                      mm_arena *a, mm_server_batch_out *out, mm_error *e)
{
    const char *urls[URL_GROUP] = {0};
    mm_verdict v[URL_GROUP];
    mm_status st[URL_GROUP];
    if (n > URL_GROUP) /* mm_server_screen_batch_many hands at most URL_GROUP lines */
        n = URL_GROUP;
    for (size_t i = 0; i < n; i++) {
        json_t *url = json_is_object(in[i]) ? json_object_get(in[i], "url") : NULL;
        urls[i] = json_is_string(url) && json_object_size(in[i]) == 1 ? json_string_value(url)
                                                                        : NULL;
    }
    mm_screen_url_batch(ctx, urls, n, a, v, st, e);
    mm_buf b = {0}; /* one buffer for the group's lines, copied to the arena */
    for (size_t i = 0; i < n; i++) {
        if (in[i] == NULL)
            continue; /* not JSON: e[i] says so already */
        if (urls[i] == NULL) {
            mm_error_set(&e[i], MM_EINVAL, "url", "expected an object with only a string \"url\"");
            continue;
        }
        if (st[i] != MM_OK)
            continue;
        /* the verdict's bytes without a jansson tree (the same bytes; building
         * and printing the tree cost more than screening) */
        b.len = 0;
        if (mm_server_verdict_text(&v[i], &b) == MM_OK &&
            (out[i].text = mm_arena_strndup(a, b.data, b.len)) != NULL)
            out[i].len = b.len;
        else
            mm_error_set(&e[i], MM_ENOMEM, "url", "out of memory");
    }
    mm_buf_free(&b);
}

void mm_server_route_screen_url_batch(mm_request *rq, const char *const *p, size_t n)
{
    mm_server_screen_batch_many(rq, JSON_REJECT_DUPLICATES, "{\"url\": ...}", URL_GROUP,
                                url_lines, NULL);
}
