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
 * acquired once per request, so a batch sees one consistent blocklist.
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

static json_t *url_line(const void *arg, const mm_screen_ctx *ctx, json_t *in, mm_arena *a,
                        mm_error *e)
{
    json_t *url = json_is_object(in) ? json_object_get(in, "url") : NULL;
    if (!json_is_string(url) || json_object_size(in) != 1) {
        mm_error_set(e, MM_EINVAL, "url", "expected an object with only a string \"url\"");
        return NULL;
    }
    mm_verdict v;
    return mm_screen_url(ctx, json_string_value(url), a, &v, e) == MM_OK
               ? mm_server_verdict_json(&v)
               : NULL;
}

void mm_server_route_screen_url_batch(mm_request *rq, const char *const *p, size_t n)
{
    mm_server_screen_batch(rq, JSON_REJECT_DUPLICATES, "{\"url\": ...}", url_line, NULL);
}
