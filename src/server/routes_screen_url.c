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

void mm_server_route_screen_url_batch(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    const char *data = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
    if (memchr(data, '\0', len)) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "body contains a NUL byte");
        return;
    }
    mm_screen_ctx ctx;
    mm_server_screen_ctx(rq, &ctx);
    mm_arena *la = mm_arena_new(1 << 14); /* per line, reset each time */
    if (la == NULL) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    mm_buf out = {0};
    size_t lineno = 0, lines = 0;
    bool too_many = false;
    for (const char *s = data, *end = data + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        lineno++;
        const char *c = s;
        while (c < le && (*c == ' ' || *c == '\t' || *c == '\r'))
            c++;
        if (c < le) {
            if (++lines > MM_SERVER_MAX_BULK_LINES) {
                too_many = true;
                break;
            }
            mm_arena_reset(la);
            mm_error e;
            mm_error_clear(&e);
            json_error_t je;
            json_t *in = json_loadb(s, (size_t)(le - s), JSON_REJECT_DUPLICATES, &je);
            json_t *url = json_is_object(in) ? json_object_get(in, "url") : NULL;
            json_t *o = NULL;
            if (in == NULL) {
                mm_error_set(&e, MM_EINVAL, "body", "invalid JSON at column %d: %s", je.column,
                             je.text);
            } else if (!json_is_string(url) || json_object_size(in) != 1) {
                mm_error_set(&e, MM_EINVAL, "url",
                             "expected an object with only a string \"url\"");
            } else {
                mm_verdict v;
                if (mm_screen_url(&ctx, json_string_value(url), la, &v, &e) == MM_OK) {
                    o = mm_server_verdict_json(&v);
                    json_object_set_new(o, "line", json_integer((json_int_t)lineno));
                }
            }
            if (o == NULL) {
                o = json_object();
                json_object_set_new(o, "line", json_integer((json_int_t)lineno));
                json_object_set_new(o, "status", json_integer(mm_server_http_status(e.code)));
                json_t *ej = mm_server_error_json(&e);
                json_object_set(o, "error", json_object_get(ej, "error"));
                json_decref(ej);
            }
            char *txt = json_dumps(o, JSON_COMPACT);
            if (txt) {
                mm_buf_puts(&out, txt);
                mm_buf_putc(&out, '\n');
                free(txt);
            }
            json_decref(o);
            json_decref(in);
        }
        s = nl ? nl + 1 : end;
    }
    mm_arena_free(la);
    if (too_many)
        mm_server_reply_error(rq, MM_ELIMIT, "body", "more than %d lines; split the batch",
                              MM_SERVER_MAX_BULK_LINES);
    else if (lines == 0)
        mm_server_reply_error(rq, MM_EINVAL, "body",
                              "empty body; expected one {\"url\": ...} object per line");
    else if (out.data == NULL)
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
    else
        mm_server_reply_bytes(rq, MHD_HTTP_OK, "application/x-ndjson", out.data, out.len);
    mm_buf_free(&out);
}
