/*
 * screen_batch.c — the JSONL batch form shared by every /v1/screen/…/batch
 * route: one JSON object per body line in, one JSONL line out per
 * non-blank input line, in order — the verdict, or {"line","status",
 * "error"} for that line (the batch goes on).
 *
 * One snapshot is acquired for the whole request, so a batch sees one
 * consistent blocklist. Lines are parsed up to `max` at a time and handed
 * to the route together (a detector with a batch form, such as URLs,
 * overlaps their lookups), then written in order; the arena is reset for
 * each such group, so memory stays flat however long the batch is. A route
 * without a batch form supplies only "turn one parsed line into an output
 * object" (mm_server_screen_batch: groups of one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/internal.h"

static json_t *error_line(const mm_error *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "status", json_integer(mm_server_http_status(e->code)));
    json_t *ej = mm_server_error_json(e);
    json_object_set(o, "error", json_object_get(ej, "error"));
    json_decref(ej);
    return o;
}

/* Screen the group's lines at once and append their output lines, in order. */
static void flush(mm_jsonl_group *g, const mm_screen_ctx *ctx, mm_server_batch_many_fn fn,
                  const void *arg, mm_arena *a, mm_buf *out)
{
    mm_arena_reset(a);
    fn(arg, ctx, g->in, g->n, a, g->out, g->e);
    for (size_t i = 0; i < g->n; i++) {
        const mm_server_batch_out *r = &g->out[i];
        if (g->in[i] && r->text && r->len > 1 && r->text[r->len - 1] == '}') {
            /* the object's bytes with "line" added last, as jansson would */
            char num[48];
            int k = snprintf(num, sizeof num, ",\"line\":%zu}\n", g->lineno[i]);
            mm_buf_append(out, r->text, r->len - 1);
            mm_buf_append(out, num, (size_t)k);
        } else {
            json_t *o = g->in[i] ? r->json : NULL;
            if (o == NULL)
                o = error_line(&g->e[i]);
            json_object_set_new(o, "line", json_integer((json_int_t)g->lineno[i]));
            mm_server_append_json_line(out, o);
        }
    }
    mm_jsonl_group_clear(g);
}

void mm_server_screen_batch_many(mm_request *rq, size_t json_flags, const char *expect,
                                 size_t max, mm_server_batch_many_fn fn, const void *arg)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    const char *data = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
    if (!(json_flags & JSON_ALLOW_NUL) && memchr(data, '\0', len)) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "body contains a NUL byte");
        return;
    }
    mm_screen_ctx ctx;
    mm_server_screen_ctx(rq, &ctx);
    mm_buf out = {0};
    mm_arena *la = mm_arena_new(1 << 16); /* per group, reset each time */
    mm_jsonl_group g;
    if (mm_jsonl_group_init(&g, max) != MM_OK || la == NULL) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        goto done;
    }
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
            if (mm_jsonl_group_add(&g, s, (size_t)(le - s), json_flags, "body", lineno))
                flush(&g, &ctx, fn, arg, la, &out);
        }
        s = nl ? nl + 1 : end;
    }
    if (too_many) {
        mm_jsonl_group_clear(&g); /* not screened: the whole batch is refused */
        mm_server_reply_error(rq, MM_ELIMIT, "body", "more than %d lines; split the batch",
                              MM_SERVER_MAX_BULK_LINES);
    } else {
        flush(&g, &ctx, fn, arg, la, &out);
        if (lines == 0)
            mm_server_reply_error(rq, MM_EINVAL, "body",
                                  "empty body; expected one %s object per line", expect);
        else if (out.data == NULL)
            mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        else
            mm_server_reply_bytes(rq, MHD_HTTP_OK, "application/x-ndjson", out.data, out.len);
    }
done:
    mm_buf_free(&out);
    mm_arena_free(la);
    mm_jsonl_group_free(&g);
}

/* mm_server_screen_batch through mm_server_screen_batch_many: groups of
 * one line, so the route's arena is reset before every line as before. */
typedef struct one_by_one {
    mm_server_batch_fn fn;
    const void *arg;
} one_by_one;

static void each_line(const void *arg, const mm_screen_ctx *ctx, json_t *const *in, size_t n,
                      mm_arena *a, mm_server_batch_out *out, mm_error *e)
{
    const one_by_one *o = arg;
    for (size_t i = 0; i < n; i++)
        if (in[i])
            out[i].json = o->fn(o->arg, ctx, in[i], a, &e[i]);
}

void mm_server_screen_batch(mm_request *rq, size_t json_flags, const char *expect,
                            mm_server_batch_fn fn, const void *arg)
{
    one_by_one o = {fn, arg};
    mm_server_screen_batch_many(rq, json_flags, expect, 1, each_line, &o);
}
