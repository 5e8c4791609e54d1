/*
 * json_indicator.c — the API's JSON form of an indicator, and the reverse:
 * one report object (POST /v1/indicators, each line of /bulk) checked field
 * by field into an mm_report.
 *
 * Why strict: a wrong type, a missing field or an unknown (misspelt) field
 * is refused with a 400 that names it, instead of being silently ignored —
 * an ignored "expiry" would make an indicator live forever. Value syntax
 * (phone, URL, ...) is left to the store's normalisers, which name "value".
 * Personal kinds never show their canonical form: only the masked display
 * and "hashed": true.
 */
#include <stdio.h>
#include <string.h>

#include "server/internal.h"

static json_t *time_or_null(int64_t t)
{
    if (t <= 0)
        return json_null();
    char buf[32];
    mm_server_time_format(t, buf);
    return json_string(buf);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *mm_server_indicator_json(const mm_indicator *ind)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    bool hide = ind->hashed || mm_kind_is_personal(ind->kind);
    const char *st = mm_ind_status_name(ind->status);
    const char *dist = mm_distribution_name(ind->distribution);
    int rc = 0;
    rc |= json_object_set_new(o, "id", json_integer(ind->id));
    rc |= json_object_set_new(o, "kind", str_or_null(mm_kind_name(ind->kind)));
    rc |= json_object_set_new(o, "canonical", hide ? json_null() : str_or_null(ind->canonical));
    rc |= json_object_set_new(o, "display", str_or_null(ind->display));
    rc |= json_object_set_new(o, "hashed", json_boolean(hide));
    rc |= json_object_set_new(o, "hash", str_or_null(ind->hash));
    rc |= json_object_set_new(o, "category", str_or_null(ind->category));
    rc |= json_object_set_new(o, "status", str_or_null(st));
    rc |= json_object_set_new(o, "confidence", json_integer(ind->confidence));
    rc |= json_object_set_new(o, "distribution", str_or_null(dist));
    rc |= json_object_set_new(o, "first_seen", time_or_null(ind->first_seen));
    rc |= json_object_set_new(o, "last_seen", time_or_null(ind->last_seen));
    rc |= json_object_set_new(o, "expires", time_or_null(ind->expires));
    rc |= json_object_set_new(o, "sightings", json_integer(ind->sightings));
    rc |= json_object_set_new(o, "reporters", json_integer(ind->reporters));
    rc |= json_object_set_new(o, "created", time_or_null(ind->created));
    rc |= json_object_set_new(o, "updated", time_or_null(ind->updated));
    if (rc != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A required or optional string member; MM_OK with *out = NULL when an
 * optional one is absent or null. */
static mm_status get_string(const json_t *obj, const char *name, bool required, const char **out,
                            mm_error *err)
{
    json_t *v = json_object_get(obj, name);
    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        if (required)
            return mm_error_set(err, MM_EINVAL, name, "missing required field '%s'", name);
        return MM_OK;
    }
    if (!json_is_string(v))
        return mm_error_set(err, MM_EINVAL, name, "field '%s' must be a string", name);
    *out = json_string_value(v);
    if (required && **out == '\0')
        return mm_error_set(err, MM_EINVAL, name, "field '%s' must not be empty", name);
    return MM_OK;
}

/* Keep a library error's message but make it name our field. */
static mm_status name_field(mm_error *err, mm_status rc, const char *field)
{
    if (err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

static mm_status time_field(const json_t *obj, const char *name, int64_t *out, mm_error *err);

mm_status mm_server_report_from_json(const json_t *obj, mm_report *r, mm_error *err)
{
    static const char *const known[] = {"kind",     "value",      "category",
                                        "status",   "confidence", "distribution",
                                        "evidence", "expires",    "seen_at"};
    memset(r, 0, sizeof *r);
    r->confidence = -1;
    if (!json_is_object(obj))
        return mm_error_set(err, MM_EINVAL, "body", "expected a JSON object");
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok = ok || strcmp(key, known[i]) == 0;
        if (!ok)
            return mm_error_set(err, MM_EINVAL, key,
                                "unknown field '%.60s' (expected kind, value, category, status, "
                                "confidence, distribution, evidence, expires, seen_at)",
                                key);
    }
    const char *kind = NULL;
    mm_status rc;
    if ((rc = get_string(obj, "kind", true, &kind, err)) != MM_OK)
        return rc;
    if ((rc = mm_kind_parse(kind, &r->kind, err)) != MM_OK)
        return rc;
    if ((rc = get_string(obj, "value", true, &r->value, err)) != MM_OK)
        return rc;
    if ((rc = get_string(obj, "category", true, &r->category, err)) != MM_OK)
        return rc;
    if ((rc = mm_server_check_category(r->category, "category", err)) != MM_OK)
        return rc;
    if ((rc = get_string(obj, "status", false, &r->status, err)) != MM_OK)
        return rc;
    if (r->status) {
        mm_ind_status st;
        if ((rc = mm_ind_status_parse(r->status, &st, err)) != MM_OK)
            return name_field(err, rc, "status");
    }
    if ((rc = get_string(obj, "distribution", false, &r->distribution, err)) != MM_OK)
        return rc;
    if (r->distribution) {
        mm_distribution d;
        if ((rc = mm_distribution_parse(r->distribution, &d, err)) != MM_OK)
            return name_field(err, rc, "distribution");
    }
    if ((rc = get_string(obj, "evidence", false, &r->evidence, err)) != MM_OK)
        return rc;
    if (r->evidence && strlen(r->evidence) > 4096)
        return mm_error_set(err, MM_EINVAL, "evidence", "evidence is longer than 4096 bytes");
    json_t *c = json_object_get(obj, "confidence");
    if (c && !json_is_null(c)) {
        if (!json_is_integer(c))
            return mm_error_set(err, MM_EINVAL, "confidence",
                                "field 'confidence' must be an integer 0..100");
        json_int_t v = json_integer_value(c);
        if (v < 0 || v > 100)
            return mm_error_set(err, MM_EINVAL, "confidence", "confidence %lld is not in 0..100",
                                (long long)v);
        r->confidence = (int)v;
    }
    if ((rc = time_field(obj, "seen_at", &r->seen_at, err)) != MM_OK) /* callburst */
        return rc;
    return time_field(obj, "expires", &r->expires, err);
}

/* Optional time field: RFC 3339 string or unix seconds in 1970..9999;
 * absent or null leaves *out as it is. */
static mm_status time_field(const json_t *obj, const char *name, int64_t *out, mm_error *err)
{
    mm_status rc;
    json_t *x = json_object_get(obj, name);
    if (x && !json_is_null(x)) {
        if (json_is_integer(x)) {
            json_int_t v = json_integer_value(x);
            if (v <= 0 || v > 253402300799LL) /* 9999-12-31 */
                return mm_error_set(err, MM_EINVAL, name,
                                    "%s %lld is not a unix time in 1970..9999", name, (long long)v);
            *out = v;
        } else if (json_is_string(x)) {
            if ((rc = mm_server_time_parse(json_string_value(x), name, out, err)) != MM_OK)
                return rc;
            if (*out <= 0)
                return mm_error_set(err, MM_EINVAL, name, "%s '%.40s' is before 1970", name,
                                    json_string_value(x));
        } else {
            return mm_error_set(err, MM_EINVAL, name,
                                "field '%s' must be an RFC 3339 string or unix seconds", name);
        }
    }
    return MM_OK;
}
