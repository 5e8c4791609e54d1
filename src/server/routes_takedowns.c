/*
 * routes_takedowns.c — takedown requests to hosting providers:
 * POST /v1/takedowns (request), PATCH /v1/takedowns/{id} (state change),
 * GET /v1/takedowns/{id} and GET /v1/takedowns/stats (time to takedown per
 * brand and provider).
 *
 * Who may: any role that may report URLs files a request; the requesting
 * organisation updates it, and police and analysts may update or read any
 * (they coordinate takedowns across members). The rules live in the store
 * (mm_store_takedown_*): an illegal move is 409 naming both states, a
 * second open request for the same URL at the same provider is 409 too.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/server_phish.h"
#include "server/internal.h"

static bool coordinator(const mm_request *rq)
{
    return rq->org.role == MM_ROLE_POLICE || rq->org.role == MM_ROLE_ANALYST;
}

/* Optional string field; false (400 sent) when present but not a string. */
static bool opt_string(mm_request *rq, json_t *body, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        mm_server_reply_error(rq, MM_EINVAL, name, "field '%s' must be a string", name);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

/* Optional time field (RFC 3339 string or unix seconds); 0 when absent. */
static bool opt_time(mm_request *rq, json_t *body, const char *name, int64_t *out)
{
    json_t *v = json_object_get(body, name);
    *out = 0;
    if (v == NULL || json_is_null(v))
        return true;
    mm_error e;
    mm_error_clear(&e);
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        *out = json_integer_value(v);
        return true;
    }
    if (json_is_string(v) && mm_server_time_parse(json_string_value(v), name, out, &e) == MM_OK)
        return true;
    if (!json_is_string(v))
        mm_error_set(&e, MM_EINVAL, name, "field '%s' must be RFC 3339 or unix seconds", name);
    mm_server_reply_mm_error(rq, &e);
    return false;
}

/* Refuse fields other than the NULL-terminated list (400 naming it). */
static bool only_fields(mm_request *rq, json_t *body, const char *const *allowed)
{
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, key) == 0;
        if (!ok) {
            mm_server_reply_error(rq, MM_EINVAL, key, "unknown field '%.60s'", key);
            return false;
        }
    }
    return true;
}

void mm_server_route_takedown_create(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    static const char *const fields[] = {"url", "provider", "brand", "note", "requested_at", NULL};
    if (!mm_server_query_only(rq, none))
        return;
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    mm_takedown_request r = {.org_id = rq->org.id};
    if (!only_fields(rq, body, fields) || !opt_string(rq, body, "url", &r.url) ||
        !opt_string(rq, body, "provider", &r.provider) ||
        !opt_string(rq, body, "brand", &r.brand) || !opt_string(rq, body, "note", &r.note) ||
        !opt_time(rq, body, "requested_at", &r.at))
        goto out;
    if (r.url == NULL || r.provider == NULL) {
        const char *f = r.url == NULL ? "url" : "provider";
        mm_server_reply_error(rq, MM_EINVAL, f, "missing required field '%s'", f);
        goto out;
    }
    if (!mm_server_allow(rq, MM_KIND_URL, MM_ACT_REPORT))
        goto out;
    mm_takedown t;
    mm_error e;
    mm_error_clear(&e);
    if (mm_store_takedown_request(rq->srv->store, &r, rq->arena, &t, &e) != MM_OK) {
        if (e.code == MM_ECONFLICT && e.field[0] == '\0')
            snprintf(e.field, sizeof e.field, "url");
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_server_reply_json(rq, MHD_HTTP_CREATED, mm_server_takedown_json(&t));
out:
    json_decref(body);
}

/* Positive id from the path; 400 naming "id" otherwise. */
static bool path_id(mm_request *rq, const char *s, int64_t *id)
{
    mm_error e;
    mm_error_clear(&e);
    if (mm_server_parse_id(s, "id", id, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return false;
    }
    return true;
}

void mm_server_route_takedown_patch(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    static const char *const fields[] = {"state", "at", "note", NULL};
    if (!mm_server_query_only(rq, none))
        return;
    int64_t id;
    if (!path_id(rq, p[0], &id))
        return;
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    const char *state = NULL, *note = NULL;
    int64_t at = 0;
    if (!only_fields(rq, body, fields) || !opt_string(rq, body, "state", &state) ||
        !opt_string(rq, body, "note", &note) || !opt_time(rq, body, "at", &at))
        goto out;
    if (state == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "state", "missing required field 'state'");
        goto out;
    }
    mm_error e;
    mm_error_clear(&e);
    mm_takedown_state to;
    if (mm_takedown_state_parse(state, &to, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_takedown t;
    mm_status rc = mm_store_takedown_update(rq->srv->store, id, to, at, note, rq->org.id,
                                            coordinator(rq), rq->arena, &t, &e);
    if (rc == MM_EDENIED) /* another organisation's request: as if it did not exist */
        mm_server_reply_error(rq, MM_ENOTFOUND, "id", "no takedown request %lld", (long long)id);
    else if (rc != MM_OK)
        mm_server_reply_mm_error(rq, &e);
    else
        mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_takedown_json(&t));
out:
    json_decref(body);
}

void mm_server_route_takedown_get(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    int64_t id;
    if (!path_id(rq, p[0], &id))
        return;
    mm_takedown t;
    mm_error e;
    mm_error_clear(&e);
    mm_status rc = mm_store_takedown_get(rq->srv->store, id, rq->arena, &t, &e);
    if (rc == MM_ENOTFOUND || (rc == MM_OK && t.org_id != rq->org.id && !coordinator(rq)))
        mm_server_reply_error(rq, MM_ENOTFOUND, "id", "no takedown request %lld", (long long)id);
    else if (rc != MM_OK)
        mm_server_reply_mm_error(rq, &e);
    else
        mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_takedown_json(&t));
}

void mm_server_route_takedown_stats(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    if (!mm_server_allow(rq, MM_KIND_URL, MM_ACT_LOOKUP))
        return;
    mm_takedown_stat all, *b, *pv;
    size_t nb, np;
    mm_error e;
    mm_error_clear(&e);
    if (mm_store_takedown_stats(rq->srv->store, rq->arena, &all, &b, &nb, &pv, &np, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_takedown_stats_json(&all, b, nb, pv, np));
}
