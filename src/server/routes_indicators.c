/*
 * routes_indicators.c — the /v1/indicators and /v1/hashes endpoints:
 * report one (POST), report many (POST /bulk, JSONL in and out, one
 * transaction), look up a raw value, get / change status by id, list with a
 * cursor, and the k-anonymity hash range.
 *
 * Why thin: every rule (normalisation, transitions, visibility, hashing)
 * lives in the store and the access matrix; a handler checks the HTTP-level
 * shape (types, missing and unknown fields, query syntax), asks the
 * matrix, calls the store once, and maps mm_status to a status code. Every
 * committed write marks the snapshot dirty so screening sees it within
 * ~200 ms.
 */
#include <stdio.h>
#include <string.h>

#include "server/internal.h"

/* ---- POST /v1/indicators --------------------------------------------------- */

void mm_server_route_ind_create(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    mm_report r;
    mm_error e;
    mm_error_clear(&e);
    if (mm_server_report_from_json(body, &r, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    if (!mm_server_allow(rq, r.kind, MM_ACT_REPORT))
        goto out;
    r.org_id = rq->org.id;
    mm_indicator ind;
    bool created = false;
    if (mm_store_report(rq->srv->store, &r, rq->arena, &ind, &created, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_server_publish_dirty(&rq->srv->pub);
    mm_server_reply_json(rq, created ? MHD_HTTP_CREATED : MHD_HTTP_OK,
                         mm_server_indicator_json(&ind));
out:
    json_decref(body);
}

/* ---- POST /v1/indicators/bulk ------------------------------------------------- */

/* One input line: where it is, and either a report or its error. */
typedef struct bulk_line {
    size_t lineno;
    json_t *obj;  /* parsed line (owns the strings r points into) */
    mm_report r;
    mm_error e;
    int batch_ix; /* index in the batch arrays, -1 when refused before */
} bulk_line;

void mm_server_route_ind_bulk(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    const char *data = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
    if (memchr(data, '\0', len)) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "body contains a NUL byte");
        return;
    }
    /* count non-blank lines first, to bound the arrays */
    size_t nlines = 0;
    for (const char *s = data, *end = data + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        for (const char *c = s; c < le; c++)
            if (*c != ' ' && *c != '\t' && *c != '\r') {
                nlines++;
                break;
            }
        s = nl ? nl + 1 : end;
    }
    if (nlines == 0) {
        mm_server_reply_error(rq, MM_EINVAL, "body",
                              "empty body; expected one JSON object per line");
        return;
    }
    if (nlines > MM_SERVER_MAX_BULK_LINES) {
        mm_server_reply_error(rq, MM_ELIMIT, "body", "%zu lines; at most %d per request",
                              nlines, MM_SERVER_MAX_BULK_LINES);
        return;
    }
    bulk_line *lines = mm_arena_calloc(rq->arena, nlines, sizeof *lines);
    mm_report *batch = mm_arena_calloc(rq->arena, nlines, sizeof *batch);
    mm_indicator *out = mm_arena_calloc(rq->arena, nlines, sizeof *out);
    bool *created = mm_arena_calloc(rq->arena, nlines, sizeof *created);
    mm_status *codes = mm_arena_calloc(rq->arena, nlines, sizeof *codes);
    mm_error *errs = mm_arena_calloc(rq->arena, nlines, sizeof *errs);
    if (!lines || !batch || !out || !created || !codes || !errs) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    size_t k = 0, nb = 0, lineno = 0;
    for (const char *s = data, *end = data + len; s < end && k < nlines;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        lineno++;
        bool blank = true;
        for (const char *c = s; c < le; c++)
            if (*c != ' ' && *c != '\t' && *c != '\r')
                blank = false;
        if (!blank) {
            bulk_line *L = &lines[k++];
            L->lineno = lineno;
            L->batch_ix = -1;
            mm_error_clear(&L->e);
            json_error_t je;
            L->obj = json_loadb(s, (size_t)(le - s), JSON_REJECT_DUPLICATES, &je);
            if (L->obj == NULL) {
                mm_error_set(&L->e, MM_EINVAL, "body", "invalid JSON at column %d: %s",
                             je.column, je.text);
            } else if (mm_server_report_from_json(L->obj, &L->r, &L->e) != MM_OK) {
                /* error already in L->e */
            } else if (!mm_access_allowed(rq->org.role, L->r.kind, MM_ACT_REPORT)) {
                mm_error_set(&L->e, MM_EDENIED, "kind", "role %s may not report kind %s",
                             mm_role_name(rq->org.role), mm_kind_name(L->r.kind));
            } else {
                L->r.org_id = rq->org.id;
                L->batch_ix = (int)nb;
                batch[nb++] = L->r;
            }
        }
        s = nl ? nl + 1 : end;
    }
    mm_error e;
    mm_error_clear(&e);
    if (nb > 0) {
        if (mm_store_report_batch(rq->srv->store, batch, nb, rq->arena, out, created, codes,
                                  errs, &e) != MM_OK) {
            for (size_t i = 0; i < k; i++)
                json_decref(lines[i].obj);
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        mm_server_publish_dirty(&rq->srv->pub);
    }
    mm_buf resp = {0};
    for (size_t i = 0; i < k; i++) {
        bulk_line *L = &lines[i];
        json_t *o = json_object();
        json_object_set_new(o, "line", json_integer((json_int_t)L->lineno));
        const mm_error *le = &L->e;
        if (L->batch_ix >= 0) {
            int b = L->batch_ix;
            if (codes[b] == MM_OK) {
                json_object_set_new(o, "status", json_integer(created[b] ? 201 : 200));
                json_object_set_new(o, "indicator", mm_server_indicator_json(&out[b]));
                le = NULL;
            } else {
                le = &errs[b];
                if (errs[b].code == MM_OK) /* store left errs empty: use the code */
                    mm_error_set(&errs[b], codes[b], "", "%s", mm_status_name(codes[b]));
            }
        }
        if (le) {
            unsigned st = mm_server_http_status(le->code);
            json_object_set_new(o, "status", json_integer(st));
            json_t *ej = mm_server_error_json(le);
            json_object_set(o, "error", json_object_get(ej, "error"));
            json_decref(ej);
        }
        mm_server_append_json_line(&resp, o);
        json_decref(L->obj);
    }
    if (resp.data == NULL) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    mm_server_reply_bytes(rq, MHD_HTTP_OK, "application/x-ndjson", resp.data, resp.len);
    mm_buf_free(&resp);
}

/* ---- GET /v1/indicators/lookup -------------------------------------------------- */

void mm_server_route_ind_lookup(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const allowed[] = {"kind", "value", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    const char *kind_s = mm_server_query(rq, "kind");
    const char *value = mm_server_query(rq, "value");
    mm_error e;
    mm_error_clear(&e);
    if (kind_s == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "kind", "missing query parameter 'kind'");
        return;
    }
    mm_kind kind;
    if (mm_kind_parse(kind_s, &kind, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    if (value == NULL || *value == '\0') {
        mm_server_reply_error(rq, MM_EINVAL, "value", "missing query parameter 'value'");
        return;
    }
    if (!mm_server_allow(rq, kind, MM_ACT_LOOKUP))
        return;
    mm_indicator ind;
    mm_status rc = mm_store_lookup(rq->srv->store, kind, value, rq->arena, &ind, &e);
    if (rc == MM_ENOTFOUND || (rc == MM_OK && !mm_server_visible(rq, &ind))) {
        mm_server_reply_error(rq, MM_ENOTFOUND, "value", "no %s indicator for this value",
                              mm_kind_name(kind));
        return;
    }
    if (rc != MM_OK) {
        if (rc == MM_EINVAL && e.field[0] == '\0')
            snprintf(e.field, sizeof e.field, "value");
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    if (!mm_server_audit_read(rq, &ind))
        return;
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_indicator_json(&ind));
}

/* ---- GET /v1/indicators/{id} and PATCH ------------------------------------------- */

/* Load an indicator the caller may see; replies 400/404 otherwise. */
static bool load_visible(mm_request *rq, const char *id_s, mm_indicator *ind)
{
    int64_t id;
    mm_error e;
    mm_error_clear(&e);
    if (mm_server_parse_id(id_s, "id", &id, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return false;
    }
    mm_status rc = mm_store_get(rq->srv->store, id, rq->arena, ind, &e);
    if (rc == MM_ENOTFOUND || (rc == MM_OK && !mm_server_visible(rq, ind))) {
        mm_server_reply_error(rq, MM_ENOTFOUND, "id", "no indicator %lld", (long long)id);
        return false;
    }
    if (rc != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return false;
    }
    return true;
}

void mm_server_route_ind_get(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    mm_indicator ind;
    if (!load_visible(rq, p[0], &ind))
        return;
    if (!mm_server_allow(rq, ind.kind, MM_ACT_LOOKUP))
        return;
    if (!mm_server_audit_read(rq, &ind))
        return;
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_indicator_json(&ind));
}

void mm_server_route_ind_patch(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    int64_t id;
    mm_error e;
    mm_error_clear(&e);
    if (mm_server_parse_id(p[0], "id", &id, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        if (strcmp(key, "status") != 0) {
            mm_server_reply_error(rq, MM_EINVAL, key,
                                  "unknown field '%.60s' (only 'status' can be changed)", key);
            goto out;
        }
    }
    json_t *st = json_object_get(body, "status");
    if (st == NULL || json_is_null(st)) {
        mm_server_reply_error(rq, MM_EINVAL, "status", "missing required field 'status'");
        goto out;
    }
    if (!json_is_string(st)) {
        mm_server_reply_error(rq, MM_EINVAL, "status", "field 'status' must be a string");
        goto out;
    }
    mm_ind_status to;
    if (mm_ind_status_parse(json_string_value(st), &to, &e) != MM_OK) {
        snprintf(e.field, sizeof e.field, "status");
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_indicator ind;
    if (!load_visible(rq, p[0], &ind))
        goto out;
    if (!mm_server_allow(rq, ind.kind, MM_ACT_UPDATE))
        goto out;
    mm_status rc = mm_store_set_status(rq->srv->store, id, to, rq->org.id, rq->arena, &ind, &e);
    if (rc != MM_OK) {
        if (rc == MM_ECONFLICT && e.field[0] == '\0')
            snprintf(e.field, sizeof e.field, "status");
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_server_publish_dirty(&rq->srv->pub);
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_server_indicator_json(&ind));
out:
    json_decref(body);
}

/* ---- GET /v1/indicators (list) ------------------------------------------------------ */

void mm_server_route_ind_list(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const allowed[] = {"kind",   "category", "status", "since",
                                          "cursor", "limit",    NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    mm_list_query q = {.kind = -1, .status = -1, .limit = MM_SERVER_LIST_DEFAULT};
    q.role = rq->org.role;
    q.org_id = rq->org.id;
    mm_error e;
    mm_error_clear(&e);
    const char *v;
    if ((v = mm_server_query(rq, "kind")) != NULL) {
        mm_kind k;
        if (mm_kind_parse(v, &k, &e) != MM_OK)
            goto bad;
        if (!mm_server_allow(rq, k, MM_ACT_LIST))
            return;
        q.kind = (int)k;
    }
    if ((v = mm_server_query(rq, "category")) != NULL) {
        if (mm_server_check_category(v, "category", &e) != MM_OK)
            goto bad;
        q.category = v;
    }
    if ((v = mm_server_query(rq, "status")) != NULL) {
        mm_ind_status s;
        if (mm_ind_status_parse(v, &s, &e) != MM_OK) {
            snprintf(e.field, sizeof e.field, "status");
            goto bad;
        }
        q.status = (int)s;
    }
    if ((v = mm_server_query(rq, "since")) != NULL &&
        mm_server_time_param(v, "since", &q.since, &e) != MM_OK)
        goto bad;
    if ((v = mm_server_query(rq, "cursor")) != NULL &&
        mm_server_parse_int(v, "cursor", 0, INT64_MAX, &q.cursor, &e) != MM_OK)
        goto bad;
    if ((v = mm_server_query(rq, "limit")) != NULL) {
        int64_t lim;
        if (mm_server_parse_int(v, "limit", 1, MM_SERVER_LIST_MAX, &lim, &e) != MM_OK)
            goto bad;
        q.limit = (int)lim;
    }
    mm_indicator *items = NULL;
    size_t count = 0;
    int64_t next = 0;
    if (mm_store_list(rq->srv->store, &q, rq->arena, &items, &count, &next, &e) != MM_OK)
        goto bad;
    json_t *arr = json_array();
    mm_buf ids = {0};
    for (size_t i = 0; i < count; i++) {
        const mm_indicator *ind = &items[i];
        /* the store filters by distribution; the matrix filters by kind */
        if (!mm_access_allowed(rq->org.role, ind->kind, MM_ACT_LIST) ||
            !mm_server_visible(rq, ind))
            continue;
        if (mm_kind_is_personal(ind->kind))
            mm_buf_printf(&ids, "%s%lld", ids.len ? "," : "", (long long)ind->id);
        json_array_append_new(arr, mm_server_indicator_json(ind));
    }
    if (ids.len) {
        /* one audit entry per page of personal data, naming every id */
        if (mm_audit_append(rq->srv->store, rq->org.id, "indicator.read", "indicator:list",
                            ids.data, &e) != MM_OK) {
            mm_buf_free(&ids);
            json_decref(arr);
            goto bad;
        }
    }
    mm_buf_free(&ids);
    json_t *o = json_object();
    json_object_set_new(o, "items", arr);
    json_object_set_new(o, "next_cursor", next > 0 ? json_integer(next) : json_null());
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
    return;
bad:
    mm_server_reply_mm_error(rq, &e);
}

/* ---- GET /v1/hashes/{kind}/{prefix} ------------------------------------------------- */

void mm_server_route_hashes(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    mm_error e;
    mm_error_clear(&e);
    mm_kind kind;
    uint16_t prefix;
    if (mm_kind_parse(p[0], &kind, &e) != MM_OK ||
        mm_server_parse_prefix(p[1], "prefix", &prefix, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    if (!mm_server_allow(rq, kind, MM_ACT_HASHES))
        return;
    char **hashes = NULL;
    size_t count = 0;
    if (mm_store_hash_range(rq->srv->store, kind, prefix, rq->arena, &hashes, &count, &e) !=
        MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(arr, json_string(hashes[i]));
    char pfx[5];
    snprintf(pfx, sizeof pfx, "%04x", prefix);
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(mm_kind_name(kind)));
    json_object_set_new(o, "prefix", json_string(pfx));
    json_object_set_new(o, "hashes", arr);
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
}
