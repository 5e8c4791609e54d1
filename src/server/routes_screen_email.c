/*
 * routes_screen_email.c — POST /v1/screen/email: one e-mail screened
 * before delivery. The body is the raw message (Content-Type
 * message/rfc822, or anything but JSON), byte for byte as the MTA has it,
 * or a JSON object {"raw": …} / {"raw_base64": …} with an optional
 * "recipient" profile (mm_email_request_parse). The reply is the verdict
 * (action, score, category, reasons, warning; mm_server_verdict_json), the
 * same object `mamoru screen email` prints. POST /v1/screen/email/batch
 * takes those JSON objects one a line (JSONL, like `mamoru screen email
 * --jsonl`) and answers one line each, in order: the verdict with its
 * "line", or {"line": N, "status": 400, "error": …} — the form of
 * /v1/screen/url/batch. The snapshot is acquired once per request.
 *
 * Why raw bytes are the main form: mail arrives in Shift_JIS, ISO-2022-JP
 * or 8-bit headers, which a JSON string cannot carry unaltered; a filter in
 * front of an MTA can post the queue file as it is. Errors: not a message
 * → 400 naming "message"; over the body limit → 413 (http.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mamoru/email.h"
#include "server/internal.h"

static bool is_json(mm_request *rq)
{
    const char *ct =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (ct == NULL)
        return false;
    while (*ct == ' ')
        ct++;
    return strncasecmp(ct, "application/json", 16) == 0;
}

void mm_server_route_screen_email(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    mm_email_msg m;
    mm_recipient r = {0};
    mm_error e;
    mm_error_clear(&e);
    mm_status st;
    if (is_json(rq)) {
        json_t *body = mm_server_body_object(rq);
        if (body == NULL)
            return;
        st = mm_email_request_parse(body, rq->arena, &m, &r, &e);
        json_decref(body); /* the parsed message lives in the arena */
    } else {
        st = mm_email_parse(rq->body.data, rq->body.len, rq->arena, &m, &e);
    }
    if (st != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_screen_ctx ctx;
    mm_verdict v;
    st = mm_email_screen(mm_server_screen_ctx(rq, &ctx), &m, &r, rq->arena, &v, &e);
    if (st != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_verdict_json(&v));
}

/* One JSONL output line for input line lineno: the verdict, or the error. */
static json_t *batch_line(const mm_screen_ctx *ctx, const char *s, size_t n, size_t lineno,
                          mm_arena *a)
{
    mm_error e;
    mm_error_clear(&e);
    json_error_t je;
    json_t *in = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    json_t *o = NULL;
    mm_email_msg m;
    mm_recipient r;
    mm_verdict v;
    if (in == NULL)
        mm_error_set(&e, MM_EINVAL, "body", "invalid JSON at column %d: %s", je.column, je.text);
    else if (mm_email_request_parse(in, a, &m, &r, &e) == MM_OK &&
             mm_email_screen(ctx, &m, &r, a, &v, &e) == MM_OK)
        o = mm_server_verdict_json(&v);
    json_decref(in);
    if (o == NULL) {
        o = json_object();
        json_object_set_new(o, "status", json_integer(mm_server_http_status(e.code)));
        json_t *ej = mm_server_error_json(&e);
        json_object_set(o, "error", json_object_get(ej, "error"));
        json_decref(ej);
    }
    json_object_set_new(o, "line", json_integer((json_int_t)lineno));
    return o;
}

void mm_server_route_screen_email_batch(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    const char *data = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
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
            json_t *o = batch_line(&ctx, s, (size_t)(le - s), lineno, la);
            char *txt = json_dumps(o, JSON_COMPACT);
            if (txt) {
                mm_buf_puts(&out, txt);
                mm_buf_putc(&out, '\n');
                free(txt);
            }
            json_decref(o);
        }
        s = nl ? nl + 1 : end;
    }
    mm_arena_free(la);
    if (too_many)
        mm_server_reply_error(rq, MM_ELIMIT, "body", "more than %d lines; split the batch",
                              MM_SERVER_MAX_BULK_LINES);
    else if (lines == 0)
        mm_server_reply_error(rq, MM_EINVAL, "body",
                              "empty body; expected one {\"raw\": ...} object per line");
    else if (out.data == NULL)
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
    else
        mm_server_reply_bytes(rq, MHD_HTTP_OK, "application/x-ndjson", out.data, out.len);
    mm_buf_free(&out);
}
