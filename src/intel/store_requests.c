/*
 * store_requests.c — requests between organisations in the SQLite store:
 * send, read (only by the two parties), list, move through their states,
 * and SLA figures per addressee.
 *
 * Every write appends an audit entry in the same transaction, so the
 * chain shows who asked whom for what and who answered when. The subject
 * is normalised like an indicator (personal kinds as keyed hashes), so a
 * freeze request and the listed account meet on the same canonical value.
 * Statements are prepared per call; requests are few.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"
#include "mamoru/requests.h"

#define REQ_COLS                                                                                   \
    "r.id, r.type, r.state, r.from_org, r.to_org, fo.name, tn.name, r.subject_kind, r.subject, "   \
    "r.amount, r.case_ref, r.note, r.answer, r.deadline, r.created, r.acknowledged, r.closed, "    \
    "r.updated"
#define REQ_FROM                                                                                   \
    " FROM requests r JOIN orgs fo ON fo.id = r.from_org JOIN orgs tn ON tn.id = r.to_org "

static const char *dup_col(sqlite3_stmt *st, int c, mm_arena *a, int *oom)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    if (t == NULL)
        return NULL;
    char *p = mm_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, c));
    if (p == NULL)
        *oom = 1;
    return p;
}

static mm_status row_to_request(sqlite3_stmt *st, mm_arena *a, int64_t now, mm_org_request *o)
{
    int oom = 0;
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, 0);
    o->type = (mm_req_type)sqlite3_column_int(st, 1);
    o->state = (mm_req_state)sqlite3_column_int(st, 2);
    o->from_org = sqlite3_column_int64(st, 3);
    o->to_org = sqlite3_column_int64(st, 4);
    o->from_name = dup_col(st, 5, a, &oom);
    o->to_name = dup_col(st, 6, a, &oom);
    o->kind = (mm_kind)sqlite3_column_int(st, 7);
    o->subject = dup_col(st, 8, a, &oom);
    o->amount = sqlite3_column_int64(st, 9);
    o->case_ref = dup_col(st, 10, a, &oom);
    o->note = dup_col(st, 11, a, &oom);
    o->answer = dup_col(st, 12, a, &oom);
    o->deadline = sqlite3_column_int64(st, 13);
    o->created = sqlite3_column_int64(st, 14);
    o->acknowledged = sqlite3_column_int64(st, 15);
    o->closed = sqlite3_column_int64(st, 16);
    o->updated = sqlite3_column_int64(st, 17);
    o->overdue = (o->state == MM_REQ_SENT || o->state == MM_REQ_ACKNOWLEDGED) && o->deadline < now;
    return oom ? MM_ENOMEM : MM_OK;
}

/* Read one request (any party) inside the mutex. */
static mm_status get_locked(mm_store *s, int64_t id, mm_arena *a, mm_org_request *out,
                            mm_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT " REQ_COLS REQ_FROM "WHERE r.id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return store_sql_error(s, err, "prepare request read");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    mm_status res;
    if (rc == SQLITE_ROW)
        res = row_to_request(st, a, store_now(), out) == MM_OK
                  ? MM_OK
                  : mm_error_set(err, MM_ENOMEM, "request", "out of memory");
    else if (rc == SQLITE_DONE)
        res = mm_error_set(err, MM_ENOTFOUND, "id", "request %lld does not exist", (long long)id);
    else
        res = store_sql_error(s, err, "read request");
    sqlite3_finalize(st);
    return res;
}

static mm_status org_role(mm_store *s, int64_t org, mm_role *role, const char *field, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT role FROM orgs WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return store_sql_error(s, err, "prepare organisation read");
    sqlite3_bind_int64(st, 1, org);
    int rc = sqlite3_step(st);
    mm_status res = MM_OK;
    if (rc == SQLITE_ROW)
        *role = (mm_role)sqlite3_column_int(st, 0);
    else if (rc == SQLITE_DONE)
        res =
            mm_error_set(err, MM_EINVAL, field, "organisation %lld does not exist", (long long)org);
    else
        res = store_sql_error(s, err, "read organisation");
    sqlite3_finalize(st);
    return res;
}

static mm_status canonical_subject(mm_store *s, mm_kind kind, const char *value, mm_arena *a,
                                   const char **out, mm_error *err)
{
    if ((unsigned)kind >= MM_KIND__COUNT)
        return mm_error_set(err, MM_EINVAL, "kind", "kind %d is out of range", (int)kind);
    if (value == NULL || value[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "value", "no value given");
    mm_norm_result res;
    mm_error e;
    if (mm_norm_value(kind, value, s->zengin, a, &res, &e) != MM_OK)
        return mm_error_set(err, MM_EINVAL, "value", "%s", e.message);
    if (mm_kind_is_personal(kind)) {
        char *h = mm_arena_alloc(a, 65);
        if (h == NULL)
            return mm_error_set(err, MM_ENOMEM, "value", "out of memory");
        store_hmac_hex(&s->cx[0], res.canonical, strlen(res.canonical), h);
        *out = h;
    } else {
        *out = res.canonical;
    }
    return MM_OK;
}

mm_status mm_store_request_send(mm_store *s, int64_t from_org, const mm_org_request_new *r,
                                mm_arena *a, mm_org_request *out, mm_error *err)
{
    if (s == NULL || r == NULL || a == NULL)
        return mm_error_set(err, MM_EINVAL, "request", "no store, request or arena given");
    if ((unsigned)r->type >= MM_REQ__COUNT)
        return mm_error_set(err, MM_EINVAL, "type", "type %d is out of range", (int)r->type);
    if (r->amount < 0)
        return mm_error_set(err, MM_EINVAL, "amount", "amount %lld is negative",
                            (long long)r->amount);
    if (r->case_ref && strlen(r->case_ref) > 100)
        return mm_error_set(err, MM_EINVAL, "case_ref", "case reference longer than 100 bytes");
    if (r->note && strlen(r->note) > 2000)
        return mm_error_set(err, MM_EINVAL, "note", "note longer than 2000 bytes");
    if (from_org == r->to_org)
        return mm_error_set(err, MM_EINVAL, "to",
                            "an organisation cannot send a request to "
                            "itself");
    pthread_mutex_lock(&s->mu);
    mm_role from_role, to_role;
    const char *subject = NULL;
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    mm_status rc = org_role(s, from_org, &from_role, "org_id", err);
    if (rc == MM_OK)
        rc = org_role(s, r->to_org, &to_role, "to", err);
    if (rc == MM_OK && !mm_req_may_send(from_role, r->type))
        rc = mm_error_set(err, MM_EDENIED, "type", "role %s may not send %s requests",
                          mm_role_name(from_role), mm_req_type_name(r->type));
    if (rc == MM_OK)
        rc = canonical_subject(s, r->kind, r->value, a, &subject, err);
    if (rc != MM_OK)
        goto out;
    if ((rc = store_tx_begin(s, err)) != MM_OK)
        goto out;
    int64_t deadline = r->deadline ? r->deadline : s->now + mm_req_default_deadline(r->type);
    if (deadline <= s->now) {
        store_tx_rollback(s);
        rc = mm_error_set(err, MM_EINVAL, "deadline", "deadline %lld is not in the future",
                          (long long)deadline);
        goto out;
    }
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO requests (type, state, from_org, to_org, subject_kind, "
                           "subject, amount, case_ref, note, deadline, created, updated) VALUES "
                           "(?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare request insert");
        store_tx_rollback(s);
        goto out;
    }
    sqlite3_bind_int(st, 1, (int)r->type);
    sqlite3_bind_int64(st, 2, from_org);
    sqlite3_bind_int64(st, 3, r->to_org);
    sqlite3_bind_int(st, 4, (int)r->kind);
    sqlite3_bind_text(st, 5, subject, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, r->amount);
    if (r->case_ref && r->case_ref[0])
        sqlite3_bind_text(st, 7, r->case_ref, -1, SQLITE_STATIC);
    if (r->note && r->note[0])
        sqlite3_bind_text(st, 8, r->note, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, deadline);
    sqlite3_bind_int64(st, 10, s->now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "insert request");
        store_tx_rollback(s);
        goto out;
    }
    id = sqlite3_last_insert_rowid(s->db);
    char object[32], detail[200];
    snprintf(object, sizeof object, "request:%lld", (long long)id);
    snprintf(detail, sizeof detail, "%s to org %lld about %s %.80s", mm_req_type_name(r->type),
             (long long)r->to_org, mm_kind_name(r->kind), subject);
    if ((rc = audit_append_tx(s, from_org, "request.send", object, detail, err)) != MM_OK) {
        store_tx_rollback(s);
        goto out;
    }
    if ((rc = store_tx_commit(s, err)) != MM_OK)
        goto out;
    if (out)
        rc = get_locked(s, id, a, out, err);
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_request_get(mm_store *s, int64_t id, int64_t org_id, mm_arena *a,
                               mm_org_request *out, mm_error *err)
{
    pthread_mutex_lock(&s->mu);
    mm_status rc = get_locked(s, id, a, out, err);
    pthread_mutex_unlock(&s->mu);
    if (rc == MM_OK && out->from_org != org_id && out->to_org != org_id)
        rc = mm_error_set(err, MM_ENOTFOUND, "id", "request %lld does not exist", (long long)id);
    return rc;
}

mm_status mm_store_request_list(mm_store *s, const mm_request_query *q, mm_arena *a,
                                mm_org_request **out, size_t *n, int64_t *next_cursor,
                                mm_error *err)
{
    *out = NULL;
    *n = 0;
    *next_cursor = 0;
    if (q->limit < 1 || q->limit > 1000)
        return mm_error_set(err, MM_EINVAL, "limit", "limit %d is out of range 1..1000", q->limit);
    static const char sql[] =
        "SELECT " REQ_COLS REQ_FROM "WHERE r.id > ?1 "
        "AND ((?3 IN (0, 1) AND r.to_org = ?2) OR (?3 IN (0, 2) AND r.from_org = ?2)) "
        "AND (?4 < 0 OR (?4 = 5 AND r.state IN (0, 1)) OR r.state = ?4) "
        "AND (?5 < 0 OR r.type = ?5) "
        "AND (?6 = 0 OR (r.state IN (0, 1) AND r.deadline < ?7)) "
        "ORDER BY r.id LIMIT ?8";
    mm_org_request *arr = mm_arena_calloc(a, (size_t)q->limit, sizeof *arr);
    if (arr == NULL)
        return mm_error_set(err, MM_ENOMEM, "requests", "out of memory");
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare request list");
        goto out;
    }
    int64_t now = store_now();
    sqlite3_bind_int64(st, 1, q->cursor);
    sqlite3_bind_int64(st, 2, q->org_id);
    sqlite3_bind_int(st, 3, q->direction);
    sqlite3_bind_int(st, 4, q->state);
    sqlite3_bind_int(st, 5, q->type);
    sqlite3_bind_int(st, 6, q->overdue ? 1 : 0);
    sqlite3_bind_int64(st, 7, now);
    sqlite3_bind_int(st, 8, q->limit);
    int r;
    size_t k = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (row_to_request(st, a, now, &arr[k]) != MM_OK) {
            rc = mm_error_set(err, MM_ENOMEM, "requests", "out of memory");
            goto out;
        }
        k++;
    }
    if (r != SQLITE_DONE) {
        rc = store_sql_error(s, err, "list requests");
        goto out;
    }
    *out = arr;
    *n = k;
    *next_cursor = k == (size_t)q->limit ? arr[k - 1].id : 0;
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_request_update(mm_store *s, int64_t id, int64_t org_id, mm_req_state to,
                                  const char *answer, mm_arena *a, mm_org_request *out,
                                  mm_error *err)
{
    if ((unsigned)to >= MM_REQ_STATE__COUNT)
        return mm_error_set(err, MM_EINVAL, "state", "state %d is out of range", (int)to);
    if (answer && strlen(answer) > 4000)
        return mm_error_set(err, MM_EINVAL, "answer", "answer longer than 4000 bytes");
    if (to == MM_REQ_REFUSED && (answer == NULL || answer[0] == '\0'))
        return mm_error_set(err, MM_EINVAL, "answer", "a refusal needs an answer saying why");
    pthread_mutex_lock(&s->mu);
    mm_org_request cur;
    sqlite3_stmt *st = NULL;
    mm_status rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        goto out;
    if ((rc = get_locked(s, id, a, &cur, err)) != MM_OK) {
        store_tx_rollback(s);
        goto out;
    }
    bool sender = cur.from_org == org_id, addressee = cur.to_org == org_id;
    if (!sender && !addressee) {
        store_tx_rollback(s);
        rc = mm_error_set(err, MM_ENOTFOUND, "id", "request %lld does not exist", (long long)id);
        goto out;
    }
    bool mine = mm_req_transition_ok(cur.state, to, sender);
    bool theirs = mm_req_transition_ok(cur.state, to, !sender);
    if (!mine && theirs) {
        store_tx_rollback(s);
        rc = mm_error_set(err, MM_EDENIED, "state", "only the %s may move a request to %s",
                          to == MM_REQ_CANCELLED ? "sender" : "addressee", mm_req_state_name(to));
        goto out;
    }
    if (!mine) {
        store_tx_rollback(s);
        rc = mm_error_set(err, MM_ECONFLICT, "state", "request %lld is %s; it cannot become %s",
                          (long long)id, mm_req_state_name(cur.state), mm_req_state_name(to));
        goto out;
    }
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE requests SET state = ?2, answer = coalesce(?3, answer), "
                           "acknowledged = CASE WHEN acknowledged = 0 AND ?2 <> 4 THEN ?4 "
                           "ELSE acknowledged END, "
                           "closed = CASE WHEN ?2 IN (2, 3, 4) THEN ?4 ELSE closed END, "
                           "updated = ?4 WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare request update");
        store_tx_rollback(s);
        goto out;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, (int)to);
    if (answer && answer[0])
        sqlite3_bind_text(st, 3, answer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, s->now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "update request");
        store_tx_rollback(s);
        goto out;
    }
    char object[32], detail[200];
    snprintf(object, sizeof object, "request:%lld", (long long)id);
    snprintf(detail, sizeof detail, "%s → %s%s%.120s", mm_req_state_name(cur.state),
             mm_req_state_name(to), answer && answer[0] ? ": " : "", answer ? answer : "");
    if ((rc = audit_append_tx(s, org_id, "request.update", object, detail, err)) != MM_OK) {
        store_tx_rollback(s);
        goto out;
    }
    if ((rc = store_tx_commit(s, err)) != MM_OK)
        goto out;
    if (out)
        rc = get_locked(s, id, a, out, err);
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* ---- SLA ---------------------------------------------------------------------- */

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

static int64_t pct(int64_t *v, size_t n, int p)
{
    if (n == 0)
        return -1;
    qsort(v, n, sizeof *v, cmp_i64);
    size_t i = (n * (size_t)p + 99) / 100;
    return v[i ? i - 1 : 0];
}

mm_status mm_store_request_sla(mm_store *s, int64_t org_id, int64_t since, mm_arena *a,
                               mm_request_sla **out, size_t *n, mm_error *err)
{
    *out = NULL;
    *n = 0;
    static const char sql[] =
        "SELECT r.to_org, o.name, r.state, r.created, r.acknowledged, r.closed, r.deadline "
        "FROM requests r JOIN orgs o ON o.id = r.to_org "
        "WHERE (r.from_org = ?1 OR r.to_org = ?1) AND r.created >= ?2 ORDER BY r.to_org";
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    size_t cap = 0, k = 0, tcap = 0, na = 0, nc = 0;
    mm_request_sla *arr = NULL;
    int64_t *ack = NULL, *close = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare request SLA");
        goto out;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, since);
    int64_t now = store_now();
    int r;
    mm_request_sla *cur = NULL;
    for (;;) {
        r = sqlite3_step(st);
        int64_t to = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        if (cur && (r != SQLITE_ROW || to != cur->org_id)) {
            cur->ack_median_s = pct(ack, na, 50);
            cur->ack_p90_s = pct(ack, na, 90);
            cur->close_median_s = pct(close, nc, 50);
            cur->close_p90_s = pct(close, nc, 90);
            na = nc = 0;
            cur = NULL;
        }
        if (r != SQLITE_ROW)
            break;
        if (cur == NULL) {
            if (k == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                mm_request_sla *x = mm_arena_calloc(a, ncap, sizeof *x);
                if (x == NULL) {
                    rc = mm_error_set(err, MM_ENOMEM, "sla", "out of memory");
                    goto out;
                }
                if (k)
                    memcpy(x, arr, k * sizeof *x);
                arr = x;
                cap = ncap;
            }
            cur = &arr[k++];
            cur->org_id = to;
            const unsigned char *nm = sqlite3_column_text(st, 1);
            cur->org = mm_arena_strdup(a, nm ? (const char *)nm : "");
        }
        if (na == tcap || nc == tcap) {
            size_t ncap = tcap ? tcap * 2 : 64;
            int64_t *x = realloc(ack, ncap * sizeof *x),
                    *y = x ? realloc(close, ncap * sizeof *y) : NULL;
            if (x)
                ack = x;
            if (y == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "sla", "out of memory");
                goto out;
            }
            close = y;
            tcap = ncap;
        }
        int state = sqlite3_column_int(st, 2);
        int64_t created = sqlite3_column_int64(st, 3), acked = sqlite3_column_int64(st, 4),
                closed = sqlite3_column_int64(st, 5), deadline = sqlite3_column_int64(st, 6);
        cur->received++;
        switch (state) {
        case MM_REQ_SENT: cur->open++; break;
        case MM_REQ_ACKNOWLEDGED:
            cur->open++;
            cur->acknowledged++;
            break;
        case MM_REQ_DONE: cur->done++; break;
        case MM_REQ_REFUSED: cur->refused++; break;
        default: cur->cancelled++;
        }
        if ((state == MM_REQ_SENT || state == MM_REQ_ACKNOWLEDGED) && deadline < now)
            cur->overdue++;
        if ((state == MM_REQ_DONE || state == MM_REQ_REFUSED) && closed <= deadline)
            cur->closed_on_time++;
        if (acked && state != MM_REQ_CANCELLED)
            ack[na++] = acked - created;
        if (state == MM_REQ_DONE || state == MM_REQ_REFUSED)
            close[nc++] = closed - created;
    }
    if (r != SQLITE_DONE) {
        rc = store_sql_error(s, err, "request SLA");
        goto out;
    }
    *out = arr;
    *n = k;
out:
    free(ack);
    free(close);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}
