/*
 * routes_screen_email.c — POST /v1/screen/email: one e-mail screened
 * before delivery. The body is the raw message (Content-Type
 * message/rfc822, or anything but JSON), byte for byte as the MTA has it,
 * or a JSON object {"raw": …} / {"raw_base64": …} with an optional
 * "recipient" profile (mm_email_request_parse). The reply is the verdict
 * (action, score, category, reasons, warning), the same object `mamoru
 * screen email` prints.
 *
 * Why raw bytes are the main form: mail arrives in Shift_JIS, ISO-2022-JP
 * or 8-bit headers, which a JSON string cannot carry unaltered; a filter in
 * front of an MTA can post the queue file as it is. Errors: not a message
 * → 400 naming "message"; over the body limit → 413 (http.c); a build
 * without the message screener → 500, the reason in the server log (a
 * 404 would tell the client its request was wrong).
 */
#include <string.h>
#include <strings.h>

#include "mamoru/email.h"
#include "server/internal.h"

/* The verdict's JSON form (the shape of cli_verdict_json / the API). */
static json_t *verdict_json(const mm_verdict *v)
{
    json_t *j = json_object();
    json_object_set_new(j, "action", json_string(mm_verdict_action_name(v->action)));
    json_object_set_new(j, "score", json_integer(v->score));
    json_object_set_new(j, "category", json_string(v->category ? v->category : "none"));
    json_t *rs = json_array();
    for (size_t i = 0; i < v->nreasons; i++) {
        const mm_reason *r = &v->reasons[i];
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(r->code));
        if (r->category)
            json_object_set_new(o, "category", json_string(r->category));
        if (r->detail)
            json_object_set_new(o, "detail", json_string(r->detail));
        json_object_set_new(o, "weight", json_integer(r->weight));
        if (r->span_end > r->span_start)
            json_object_set_new(
                o, "span", json_pack("[I,I]", (json_int_t)r->span_start, (json_int_t)r->span_end));
        if (r->indicator_id)
            json_object_set_new(o, "indicator", json_integer(r->indicator_id));
        if (r->brand)
            json_object_set_new(o, "brand", json_string(r->brand));
        json_array_append_new(rs, o);
    }
    json_object_set_new(j, "reasons", rs);
    if (v->warning_ja || v->warning_en)
        json_object_set_new(j, "warning",
                            json_pack("{s:s?,s:s?}", "ja", v->warning_ja, "en", v->warning_en));
    return j;
}

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
    if (st == MM_ENOTFOUND) /* no screener in this build: a server fault, not the client's */
        e.code = MM_EIO;
    if (st != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, verdict_json(&v));
}
