/*
 * screen_batch.c — the JSONL batch form shared by every /v1/screen/…/batch
 * route: one JSON object per body line in, one JSONL line out per
 * non-blank input line, in order — the verdict, or {"line","status",
 * "error"} for that line (the batch goes on).
 *
 * One snapshot is acquired for the whole request, so a batch sees one
 * consistent blocklist; each line gets a reset arena so memory stays flat
 * however long the batch is. Each route supplies only "turn one parsed
 * line into an output object".
 */
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

void mm_server_screen_batch(mm_request *rq, size_t json_flags, const char *expect,
                            mm_server_batch_fn fn, const void *arg)
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
    mm_arena *la = mm_arena_new(1 << 16); /* per line, reset each time */
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
            json_t *in = json_loadb(s, (size_t)(le - s), json_flags, &je);
            json_t *o = NULL;
            if (in == NULL)
                mm_error_set(&e, MM_EINVAL, "body", "invalid JSON at column %d: %s", je.column,
                             je.text);
            else
                o = fn(arg, &ctx, in, la, &e);
            if (o == NULL)
                o = error_line(&e);
            json_object_set_new(o, "line", json_integer((json_int_t)lineno));
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
                              expect);
    else if (out.data == NULL)
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
    else
        mm_server_reply_bytes(rq, MHD_HTTP_OK, "application/x-ndjson", out.data, out.len);
    mm_buf_free(&out);
}
