/*
 * routes_requests.c — requests between organisations (issue 5 §4):
 *   POST  /v1/requests          send (freeze, inquiry, suspension, takedown)
 *   GET   /v1/requests          list mine: ?to=me | ?from=me, &state=, &type=, &overdue=1
 *   GET   /v1/requests/sla      SLA per addressee over the requests I sent or received
 *   GET   /v1/requests/{id}     one (only its two parties see it)
 *   PATCH /v1/requests/{id}     {"state": ..., "answer": ...}: the addressee acknowledges,
 *                               answers done or refused; the sender cancels
 *
 * Thin, like every handler: shapes and names are checked here, the rules
 * (who may send what, who may move which state, audit) live in the store.
 * A wrong party gets 403, an illegal transition 409, a stranger 404.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/ingest_payment.h"
#include "mamoru/requests.h"
#include "server/internal.h"

/* Only the listed keys may appear in obj; replies 400 naming the first other. */
static bool only_keys(mm_request *rq, json_t *obj, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        bool ok = false;
        for (int i = 0; allowed[i]; i++)
            ok |= strcmp(k, allowed[i]) == 0;
        if (!ok) {
            mm_server_reply_error(rq, MM_EINVAL, k, "unknown field '%.40s'", k);
            return false;
        }
    }
    return true;
}

/* Optional string field; false (400 sent) when present but not a string. */
static bool opt_string(mm_request *rq, json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        mm_server_reply_error(rq, MM_EINVAL, key, "expected a string");
        return false;
    }
    *out = json_string_value(v);
    return true;
}

void mm_server_route_requests_post(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    static const char *const keys[] = {"type",     "to",   "kind",     "value", "amount",
                                       "deadline", "note", "case_ref", NULL};
    if (!mm_server_query_only(rq, none))
        return;
    json_t *b = mm_server_body_object(rq);
    if (b == NULL)
        return;
    mm_org_request_new r = {0};
    mm_error e;
    mm_error_clear(&e);
    const char *type, *kind, *deadline;
    if (!only_keys(rq, b, keys) || !opt_string(rq, b, "type", &type) ||
        !opt_string(rq, b, "kind", &kind) || !opt_string(rq, b, "value", &r.value) ||
        !opt_string(rq, b, "deadline", &deadline) || !opt_string(rq, b, "note", &r.note) ||
        !opt_string(rq, b, "case_ref", &r.case_ref))
        goto out;
    if (type == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "type",
                              "missing (freeze, inquiry, suspension, "
                              "takedown)");
        goto out;
    }
    if (mm_req_type_parse(type, &r.type, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    if (kind == NULL || mm_kind_parse(kind, &r.kind, &e) != MM_OK) {
        if (kind == NULL)
            mm_error_set(&e, MM_EINVAL, "kind", "missing");
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    if (r.value == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "value", "missing");
        goto out;
    }
    json_t *to = json_object_get(b, "to");
    if (json_is_integer(to)) {
        r.to_org = json_integer_value(to);
    } else if (json_is_string(to)) {
        mm_org o;
        if (mm_org_find(rq->srv->store, json_string_value(to), rq->arena, &o, &e) != MM_OK) {
            mm_server_reply_error(rq, MM_EINVAL, "to", "no organisation named '%.100s'",
                                  json_string_value(to));
            goto out;
        }
        r.to_org = o.id;
    } else {
        mm_server_reply_error(rq, MM_EINVAL, "to", "expected the addressee's name or id");
        goto out;
    }
    json_t *am = json_object_get(b, "amount");
    if (am && !json_is_null(am)) {
        if (!json_is_integer(am) || json_integer_value(am) < 0) {
            mm_server_reply_error(rq, MM_EINVAL, "amount", "expected a non-negative integer");
            goto out;
        }
        r.amount = json_integer_value(am);
    }
    if (deadline && mm_time_parse_rfc3339(deadline, "deadline", &r.deadline, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_org_request out;
    if (mm_store_request_send(rq->srv->store, rq->org.id, &r, rq->arena, &out, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_server_reply_json(rq, MHD_HTTP_CREATED, mm_request_to_json(&out));
out:
    json_decref(b);
}

void mm_server_route_requests_list(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const allowed[] = {"to",      "from",   "state", "type",
                                          "overdue", "cursor", "limit", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    mm_request_query q = {
        .org_id = rq->org.id, .state = -1, .type = -1, .limit = MM_SERVER_LIST_DEFAULT};
    mm_error e;
    mm_error_clear(&e);
    const char *to = mm_server_query(rq, "to"), *from = mm_server_query(rq, "from");
    if ((to && strcmp(to, "me") != 0) || (from && strcmp(from, "me") != 0)) {
        mm_server_reply_error(rq, MM_EINVAL, to && strcmp(to, "me") ? "to" : "from",
                              "only 'me' is supported (requests are seen by their parties)");
        return;
    }
    if (to && from) {
        mm_server_reply_error(rq, MM_EINVAL, "to", "give to=me or from=me, not both");
        return;
    }
    q.direction = to ? 1 : from ? 2 : 0;
    const char *state = mm_server_query(rq, "state"), *type = mm_server_query(rq, "type");
    if (state && strcmp(state, "open") == 0) {
        q.state = MM_REQ_STATE__COUNT;
    } else if (state) {
        mm_req_state s;
        if (mm_req_state_parse(state, &s, &e) != MM_OK) {
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        q.state = (int)s;
    }
    if (type) {
        mm_req_type t;
        if (mm_req_type_parse(type, &t, &e) != MM_OK) {
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        q.type = (int)t;
    }
    const char *od = mm_server_query(rq, "overdue");
    if (od && strcmp(od, "1") != 0 && strcmp(od, "true") != 0 && strcmp(od, "0") != 0 &&
        strcmp(od, "false") != 0) {
        mm_server_reply_error(rq, MM_EINVAL, "overdue", "expected 1/true or 0/false");
        return;
    }
    q.overdue = od && (od[0] == '1' || od[0] == 't');
    int64_t v;
    const char *cs = mm_server_query(rq, "cursor"), *ls = mm_server_query(rq, "limit");
    if (cs) {
        if (mm_server_parse_int(cs, "cursor", 0, INT64_MAX, &v, &e) != MM_OK) {
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        q.cursor = v;
    }
    if (ls) {
        if (mm_server_parse_int(ls, "limit", 1, MM_SERVER_LIST_MAX, &v, &e) != MM_OK) {
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        q.limit = (int)v;
    }
    mm_org_request *list;
    size_t cnt;
    int64_t next;
    if (mm_store_request_list(rq->srv->store, &q, rq->arena, &list, &cnt, &next, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < cnt; i++)
        json_array_append_new(arr, mm_request_to_json(&list[i]));
    json_t *o = json_pack("{s:o}", "requests", arr);
    json_object_set_new(o, "next_cursor", next ? json_integer(next) : json_null());
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
}

void mm_server_route_requests_get(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    int64_t id;
    mm_error e;
    mm_error_clear(&e);
    mm_org_request r;
    if (mm_server_parse_id(p[0], "id", &id, &e) != MM_OK ||
        mm_store_request_get(rq->srv->store, id, rq->org.id, rq->arena, &r, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_request_to_json(&r));
}

void mm_server_route_requests_patch(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    static const char *const keys[] = {"state", "answer", NULL};
    if (!mm_server_query_only(rq, none))
        return;
    int64_t id;
    mm_error e;
    mm_error_clear(&e);
    if (mm_server_parse_id(p[0], "id", &id, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *b = mm_server_body_object(rq);
    if (b == NULL)
        return;
    const char *state, *answer;
    mm_req_state to;
    if (!only_keys(rq, b, keys) || !opt_string(rq, b, "state", &state) ||
        !opt_string(rq, b, "answer", &answer))
        goto out;
    if (state == NULL) {
        mm_server_reply_error(rq, MM_EINVAL, "state",
                              "missing (acknowledged, done, refused, cancelled)");
        goto out;
    }
    if (mm_req_state_parse(state, &to, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_org_request r;
    if (mm_store_request_update(rq->srv->store, id, rq->org.id, to, answer, rq->arena, &r, &e) !=
        MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        goto out;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_request_to_json(&r));
out:
    json_decref(b);
}

void mm_server_route_requests_sla(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const allowed[] = {"since", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    int64_t since = 0;
    mm_error e;
    mm_error_clear(&e);
    const char *s = mm_server_query(rq, "since");
    if (s && mm_server_time_param(s, "since", &since, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_request_sla *rows;
    size_t cnt;
    if (mm_store_request_sla(rq->srv->store, rq->org.id, since, rq->arena, &rows, &cnt, &e) !=
        MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < cnt; i++)
        json_array_append_new(arr, mm_request_sla_to_json(&rows[i]));
    mm_server_reply_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "sla", arr));
}
