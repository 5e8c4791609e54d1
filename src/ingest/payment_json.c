/*
 * payment_json.c — the payment event as JSON: the one object the API
 * takes (POST /v1/payments, /v1/screen/payment), JSONL files take one per
 * line, and the CLI prints.
 *
 * Strict on purpose: an unknown field, a string amount or a time without
 * a zone is refused with the field named, because a silently ignored
 * "ammount" or a local time read as UTC would screen the wrong event.
 * Accounts are normalised here, so screening and the store see one
 * canonical form whatever the sender wrote.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"

/* ---- time ------------------------------------------------------------------ */

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

mm_status mm_time_parse_rfc3339(const char *s, const char *field, int64_t *out, mm_error *err)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    size_t n = s ? strlen(s) : 0;
    if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        goto bad;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || y > 9999)
        goto bad;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
        goto bad;
    const char *p = s + 10;
    if (*p) {
        if ((*p != 'T' && *p != 't' && *p != ' ') || digits(p + 1, 2, &h) || p[3] != ':' ||
            digits(p + 4, 2, &mi) || p[6] != ':' || digits(p + 7, 2, &sec))
            goto bad;
        if (h > 23 || mi > 59 || sec > 60)
            goto bad;
        p += 9;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9')
                goto bad;
            while (*p >= '0' && *p <= '9')
                p++;
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om;
            if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
                goto bad;
            off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
            p += 6;
        } else {
            goto bad; /* a time without a zone is ambiguous */
        }
        if (*p)
            goto bad;
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    return MM_OK;
bad:
    return mm_error_set(
        err, MM_EINVAL, field,
        "'%.60s' is not an RFC 3339 time with zone (e.g. 2025-06-01T09:30:00+09:00)", s ? s : "");
}

/* ---- fields ------------------------------------------------------------------- */

static mm_status get_string(const json_t *v, const char *field, size_t max, mm_arena *a,
                            const char **out, mm_error *err)
{
    if (json_is_null(v)) {
        *out = NULL;
        return MM_OK;
    }
    if (!json_is_string(v))
        return mm_error_set(err, MM_EINVAL, field, "expected a string");
    size_t n = json_string_length(v);
    if (n > max)
        return mm_error_set(err, MM_EINVAL, field, "'%.40s…' is %zu bytes (max %zu)",
                            json_string_value(v), n, max);
    if (memchr(json_string_value(v), '\0', n))
        return mm_error_set(err, MM_EINVAL, field, "contains a NUL character");
    *out = n ? mm_arena_strndup(a, json_string_value(v), n) : NULL;
    if (n && *out == NULL)
        return mm_error_set(err, MM_ENOMEM, field, "out of memory");
    return MM_OK;
}

static mm_status get_party(const json_t *o, const char *side, const mm_zengin *codes, mm_arena *a,
                           mm_party *out, mm_error *err)
{
    char f[48];
    if (json_is_null(o))
        return MM_OK;
    if (!json_is_object(o))
        return mm_error_set(err, MM_EINVAL, side,
                            "expected an object {account, name, age, "
                            "customer_id}");
    const char *k;
    json_t *v;
    mm_status st;
    json_object_foreach((json_t *)o, k, v)
    {
        snprintf(f, sizeof f, "%s.%.30s", side, k);
        if (strcmp(k, "account") == 0) {
            const char *raw;
            if ((st = get_string(v, f, 200, a, &raw, err)) != MM_OK)
                return st;
            if (raw) {
                mm_kind kind;
                mm_error e;
                if (mm_norm_account(raw, codes, a, &out->account, &kind, &e) != MM_OK)
                    return mm_error_set(err, MM_EINVAL, f, "%s", e.message);
            }
        } else if (strcmp(k, "name") == 0) {
            if ((st = get_string(v, f, 200, a, &out->name, err)) != MM_OK)
                return st;
        } else if (strcmp(k, "customer_id") == 0) {
            if ((st = get_string(v, f, 128, a, &out->customer_id, err)) != MM_OK)
                return st;
        } else if (strcmp(k, "age") == 0) {
            if (json_is_null(v))
                continue;
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 150)
                return mm_error_set(err, MM_EINVAL, f, "expected an integer 0..150");
            out->age = (int)json_integer_value(v);
        } else {
            return mm_error_set(err, MM_EINVAL, f,
                                "unknown field '%.30s' (account, name, age, "
                                "customer_id)",
                                k);
        }
    }
    return MM_OK;
}

static const char *const channels[] = {"atm", "ib", "branch", "store", "app", NULL};

mm_status mm_payment_from_json(const json_t *obj, const mm_zengin *codes, mm_arena *a,
                               mm_payment *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(obj))
        return mm_error_set(err, MM_EINVAL, "body", "expected a JSON object");
    bool has_type = false, has_time = false, has_amount = false;
    const char *k;
    json_t *v;
    mm_status st;
    json_object_foreach((json_t *)obj, k, v)
    {
        if (strcmp(k, "id") == 0) {
            if ((st = get_string(v, "id", 128, a, &out->id, err)) != MM_OK)
                return st;
        } else if (strcmp(k, "type") == 0) {
            if (!json_is_string(v))
                return mm_error_set(err, MM_EINVAL, "type", "expected a string");
            if ((st = mm_pay_type_parse(json_string_value(v), &out->type, err)) != MM_OK)
                return st;
            has_type = true;
        } else if (strcmp(k, "time") == 0) {
            if (json_is_integer(v) && json_integer_value(v) > 0) {
                out->time = json_integer_value(v);
            } else if (json_is_string(v)) {
                if ((st = mm_time_parse_rfc3339(json_string_value(v), "time", &out->time, err)) !=
                    MM_OK)
                    return st;
            } else {
                return mm_error_set(err, MM_EINVAL, "time",
                                    "expected an RFC 3339 string or positive unix seconds");
            }
            has_time = true;
        } else if (strcmp(k, "amount") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                json_integer_value(v) > 100000000000000LL)
                return mm_error_set(err, MM_EINVAL, "amount",
                                    "expected an integer number of yen 0..1e14");
            out->amount = json_integer_value(v);
            has_amount = true;
        } else if (strcmp(k, "from") == 0 || strcmp(k, "to") == 0) {
            if ((st = get_party(v, k, codes, a, k[0] == 'f' ? &out->from : &out->to, err)) != MM_OK)
                return st;
        } else if (strcmp(k, "channel") == 0) {
            if ((st = get_string(v, "channel", 40, a, &out->channel, err)) != MM_OK)
                return st;
            bool ok = out->channel == NULL;
            for (int i = 0; !ok && channels[i]; i++)
                ok = strcmp(out->channel, channels[i]) == 0;
            if (!ok)
                return mm_error_set(err, MM_EINVAL, "channel",
                                    "'%.40s' is not a channel (atm, ib, branch, store, app)",
                                    out->channel);
        } else if (strcmp(k, "flags") == 0) {
            if (!json_is_array(v))
                return mm_error_set(err, MM_EINVAL, "flags", "expected an array of strings");
            if (json_array_size(v) > MM_PAY_MAX_FLAGS)
                return mm_error_set(err, MM_EINVAL, "flags", "%zu flags (max %d)",
                                    json_array_size(v), MM_PAY_MAX_FLAGS);
            size_t i;
            json_t *f;
            json_array_foreach(v, i, f)
            {
                char fn[32];
                snprintf(fn, sizeof fn, "flags[%zu]", i);
                const char *s;
                if ((st = get_string(f, fn, 40, a, &s, err)) != MM_OK)
                    return st;
                if (s == NULL || strchr(s, ','))
                    return mm_error_set(err, MM_EINVAL, fn,
                                        "expected a non-empty string "
                                        "without ','");
                out->flags[out->nflags++] = s;
            }
        } else if (strcmp(k, "requester") == 0) {
            if ((st = get_string(v, "requester", 200, a, &out->requester, err)) != MM_OK)
                return st;
        } else if (strcmp(k, "session") == 0) {
            if ((st = get_string(v, "session", 128, a, &out->session, err)) != MM_OK)
                return st;
        } else {
            return mm_error_set(err, MM_EINVAL, k,
                                "unknown field '%.40s' (id, type, time, amount, from, to, "
                                "channel, flags, requester, session)",
                                k);
        }
    }
    if (out->id == NULL)
        return mm_error_set(err, MM_EINVAL, "id", "missing: every event needs an id");
    if (!has_type)
        return mm_error_set(err, MM_EINVAL, "type", "missing");
    if (!has_time)
        return mm_error_set(err, MM_EINVAL, "time", "missing");
    if (!has_amount && out->type != MM_PAY_IB_LOGIN)
        return mm_error_set(err, MM_EINVAL, "amount", "missing (yen, integer)");
    bool needs_from = out->type != MM_PAY_CRYPTO_RECEIVE && out->type != MM_PAY_EMONEY_PURCHASE &&
                      out->type != MM_PAY_CODE_PAYMENT;
    if (needs_from && out->from.account == NULL)
        return mm_error_set(err, MM_EINVAL, "from.account",
                            "missing: a %s needs the payer's "
                            "account",
                            mm_pay_type_name(out->type));
    bool needs_to = out->type == MM_PAY_TRANSFER || out->type == MM_PAY_ATM_TRANSFER ||
                    out->type == MM_PAY_CRYPTO_SEND || out->type == MM_PAY_CRYPTO_RECEIVE;
    if (needs_to && out->to.account == NULL)
        return mm_error_set(err, MM_EINVAL, "to.account",
                            "missing: a %s needs the payee's "
                            "account",
                            mm_pay_type_name(out->type));
    return MM_OK;
}

mm_status mm_payment_parse(const char *text, size_t len, const mm_zengin *codes, mm_arena *a,
                           mm_payment *out, mm_error *err)
{
    json_error_t je;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (o == NULL)
        return mm_error_set(err, MM_EINVAL, "body", "not JSON: %s (at byte %d)", je.text,
                            je.position);
    mm_status st = mm_payment_from_json(o, codes, a, out, err);
    json_decref(o);
    return st;
}

static json_t *party_json(const mm_party *q)
{
    if (!q->account && !q->name && !q->age && !q->customer_id)
        return NULL;
    json_t *o = json_object();
    if (q->account)
        json_object_set_new(o, "account", json_string(q->account));
    if (q->name)
        json_object_set_new(o, "name", json_string(q->name));
    if (q->age)
        json_object_set_new(o, "age", json_integer(q->age));
    if (q->customer_id)
        json_object_set_new(o, "customer_id", json_string(q->customer_id));
    return o;
}

json_t *mm_payment_to_json(const mm_payment *p)
{
    json_t *o = json_object();
    char ts[32];
    time_t t = (time_t)p->time;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(o, "id", json_string(p->id ? p->id : ""));
    json_object_set_new(o, "type", json_string(mm_pay_type_name(p->type)));
    json_object_set_new(o, "time", json_string(ts));
    json_object_set_new(o, "amount", json_integer(p->amount));
    json_t *f = party_json(&p->from), *to = party_json(&p->to);
    if (f)
        json_object_set_new(o, "from", f);
    if (to)
        json_object_set_new(o, "to", to);
    if (p->channel)
        json_object_set_new(o, "channel", json_string(p->channel));
    if (p->nflags) {
        json_t *a = json_array();
        for (int i = 0; i < p->nflags; i++)
            json_array_append_new(a, json_string(p->flags[i]));
        json_object_set_new(o, "flags", a);
    }
    if (p->requester)
        json_object_set_new(o, "requester", json_string(p->requester));
    if (p->session)
        json_object_set_new(o, "session", json_string(p->session));
    return o;
}

json_t *mm_payment_verdict_json(const mm_verdict *v, const mm_payment *ev)
{
    return mm_verdict_to_json(v, ev ? ev->id : NULL); /* verdict_json.c */
}
