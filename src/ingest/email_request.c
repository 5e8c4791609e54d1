/*
 * email_request.c — the JSON form of an e-mail screening request, shared
 * by POST /v1/screen/email and `mamoru screen email --jsonl`, so the two
 * accept exactly the same objects and refuse the same mistakes.
 *
 * Why "raw_base64" next to "raw": a JSON string is Unicode, so a message
 * carrying raw Shift_JIS or other 8-bit bytes cannot travel in "raw"
 * without being altered; base64 carries it byte for byte. Unknown fields
 * are refused rather than ignored (the API's rule): a misspelt "recipent"
 * must not silently screen as if no recipient profile had been given.
 */
#include <jansson.h>
#include <string.h>

#include "ingest/email_internal.h"

static mm_status recipient(const json_t *o, mm_recipient *r, mm_error *err)
{
    if (!json_is_object(o))
        return mm_error_set(err, MM_EINVAL, "recipient", "expected an object");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v)
    {
        if (strcmp(k, "age") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 150)
                return mm_error_set(err, MM_EINVAL, "recipient.age",
                                    "expected an integer 0..150 (0 = unknown)");
            r->age = (int)json_integer_value(v);
        } else if (strcmp(k, "intl_optout") == 0) {
            if (!json_is_boolean(v))
                return mm_error_set(err, MM_EINVAL, "recipient.intl_optout",
                                    "expected true or false");
            r->intl_optout = json_is_true(v);
        } else {
            return mm_error_set(err, MM_EINVAL, "recipient", "unknown field '%.40s'", k);
        }
    }
    return MM_OK;
}

mm_status mm_email_request_parse(const json_t *obj, mm_arena *a, mm_email_msg *m, mm_recipient *r,
                                 mm_error *err)
{
    memset(m, 0, sizeof *m);
    m->text = "";
    memset(r, 0, sizeof *r);
    if (!json_is_object(obj))
        return mm_error_set(err, MM_EINVAL, "body",
                            "expected a JSON object {\"raw\": \"<message>\"}");
    const json_t *raw = NULL, *b64 = NULL;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        if (strcmp(k, "raw") == 0)
            raw = v;
        else if (strcmp(k, "raw_base64") == 0)
            b64 = v;
        else if (strcmp(k, "recipient") == 0) {
            mm_status st = recipient(v, r, err);
            if (st != MM_OK)
                return st;
        } else
            return mm_error_set(err, MM_EINVAL, k, "unknown field '%.40s'", k);
    }
    if ((raw == NULL) == (b64 == NULL))
        return mm_error_set(err, MM_EINVAL, "raw",
                            "give the message as exactly one of \"raw\" or \"raw_base64\"");
    const json_t *s = raw ? raw : b64;
    const char *field = raw ? "raw" : "raw_base64";
    if (!json_is_string(s))
        return mm_error_set(err, MM_EINVAL, field, "expected a string");
    if (raw)
        return mm_email_parse(json_string_value(s), json_string_length(s), a, m, err);
    if (json_string_length(s) > (size_t)MM_EMAIL_MAX_BYTES / 3 * 4 + 4096)
        return mm_error_set(err, MM_ELIMIT, "message",
                            "message of about %zu bytes is over the %u-byte limit",
                            json_string_length(s) / 4 * 3, MM_EMAIL_MAX_BYTES);
    mm_buf d = {0};
    unsigned fl = 0;
    email_b64_decode(json_string_value(s), json_string_length(s), &d, &fl);
    mm_status st = fl & EMAIL_F_NOMEM ? mm_error_set(err, MM_ENOMEM, "raw_base64", "out of memory")
                                      : mm_email_parse(d.data, d.len, a, m, err);
    mm_buf_free(&d);
    return st;
}
