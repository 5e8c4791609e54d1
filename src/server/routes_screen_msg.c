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
#include <time.h>

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
        c.now = (int64_t)time(NULL); /* burst windows end at the call */
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
        mm_server_reply_verdict(rq, &v);
    json_decref(body);
}

static json_t *screen_line(const void *arg, const mm_screen_ctx *ctx, json_t *in, mm_arena *a,
                           mm_error *e)
{
    mm_verdict v;
    return screen(*(const kind *)arg, ctx, in, a, &v, e) == MM_OK ? mm_server_verdict_json(&v)
                                                                  : NULL;
}

static void batch(mm_request *rq, kind k)
{
    mm_server_screen_batch(rq, JSON_REJECT_DUPLICATES, hint[k], screen_line, &k);
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
