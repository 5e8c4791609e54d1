/*
 * routes_screen_msg.c — first-contact screening over HTTP (issue 4 §5):
 *   POST /v1/screen/message        one message  → one verdict
 *   POST /v1/screen/call           one call     → one verdict
 *   POST /v1/screen/post           one post     → one verdict
 *   POST /v1/screen/{message,call,post}/batch
 *        JSONL, one request body per line → JSONL, one line per non-blank
 *        input line in order: the verdict plus "line": N, or for a bad line
 *        {"line": N, "status": 400, "error": {...}} (the batch goes on).
 * Bodies are parsed by json_screen_msg.c (shared with `mamoru screen …
 * --jsonl`): unknown fields and wrong types are 400 naming the field.
 *
 * Any authenticated organisation may screen: a verdict reveals the id of a
 * listed indicator, never its value or reporter. The snapshot is acquired
 * once per request, so a batch sees one consistent blocklist; each line
 * gets a fresh arena so memory stays flat however long the batch is.
 */
#include <stdlib.h>
#include <string.h>

#include "mamoru/screen_message.h"
#include "server/internal.h"

typedef enum kind { K_MESSAGE, K_CALL, K_POST } kind;

static const char *const hint[] = {
    "{\"channel\",\"sender\",\"text\",...}",
    "{\"caller\",\"callee\":{\"age\",\"intl_optout\"},...}",
    "{\"text\"}",
};

static mm_status screen(kind k, const mm_screen_ctx *ctx, json_t *in, mm_arena *a, mm_verdict *v,
                        mm_error *e)
{
    mm_status st;
    if (k == K_MESSAGE) {
        mm_message m;
        if ((st = mm_server_message_from_json(in, a, &m, e)) != MM_OK)
            return st;
        return mm_screen_message(ctx, &m, a, v, e);
    }
    if (k == K_CALL) {
        mm_call c;
        if ((st = mm_server_call_from_json(in, &c, e)) != MM_OK)
            return st;
        return mm_screen_call(ctx, &c, a, v, e);
    }
    const char *t;
    size_t n;
    if ((st = mm_server_post_from_json(in, &t, &n, e)) != MM_OK)
        return st;
    return mm_screen_post(ctx, t, n, a, v, e);
}

static void one(mm_request *rq, kind k)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    mm_screen_ctx ctx;
    mm_verdict v;
    mm_error e;
    mm_error_clear(&e);
    if (screen(k, mm_server_screen_ctx(rq, &ctx), body, rq->arena, &v, &e) != MM_OK)
        mm_server_reply_mm_error(rq, &e);
    else
        mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_verdict_json(&v));
    json_decref(body);
}

static void batch(mm_request *rq, kind k)
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
    mm_arena *la = mm_arena_new(1 << 15); /* per line, reset each time */
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
            json_t *o = NULL;
            mm_verdict v;
            if (in == NULL)
                mm_error_set(&e, MM_EINVAL, "body", "invalid JSON at column %d: %s", je.column,
                             je.text);
            else if (screen(k, &ctx, in, la, &v, &e) == MM_OK)
                o = mm_server_verdict_json(&v);
            if (o) {
                json_object_set_new(o, "line", json_integer((json_int_t)lineno));
            } else {
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
        mm_server_reply_error(rq, MM_EINVAL, "body", "empty body; expected one %s object per line",
                              hint[k]);
    else if (out.data == NULL)
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
    else
        mm_server_reply_bytes(rq, MHD_HTTP_OK, "application/x-ndjson", out.data, out.len);
    mm_buf_free(&out);
}

void mm_server_route_screen_message(mm_request *rq, const char *const *p, size_t n)
{
    one(rq, K_MESSAGE);
}

void mm_server_route_screen_message_batch(mm_request *rq, const char *const *p, size_t n)
{
    batch(rq, K_MESSAGE);
}

void mm_server_route_screen_call(mm_request *rq, const char *const *p, size_t n)
{
    one(rq, K_CALL);
}

void mm_server_route_screen_call_batch(mm_request *rq, const char *const *p, size_t n)
{
    batch(rq, K_CALL);
}

void mm_server_route_screen_post(mm_request *rq, const char *const *p, size_t n)
{
    one(rq, K_POST);
}

void mm_server_route_screen_post_batch(mm_request *rq, const char *const *p, size_t n)
{
    batch(rq, K_POST);
}
