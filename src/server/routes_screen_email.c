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
    mm_server_reply_verdict(rq, &v);
}

static json_t *email_line(const void *arg, const mm_screen_ctx *ctx, json_t *in, mm_arena *a,
                          mm_error *e)
{
    mm_email_msg m;
    mm_recipient r;
    mm_verdict v;
    if (mm_email_request_parse(in, a, &m, &r, e) != MM_OK ||
        mm_email_screen(ctx, &m, &r, a, &v, e) != MM_OK)
        return NULL;
    return mm_server_verdict_json(&v);
}

void mm_server_route_screen_email_batch(mm_request *rq, const char *const *p, size_t n)
{
    mm_server_screen_batch(rq, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, "{\"raw\": ...}",
                           email_line, NULL);
}
