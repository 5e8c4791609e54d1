/*
 * store_payments.c — payment events in the SQLite store: add a batch in
 * one transaction, walk the money-moving events in time order (the fund
 * tracer builds its graph from this walk), and summarise one account's
 * activity for the risk endpoint.
 *
 * Accounts are stored canonical (re-normalised here, so any writing is
 * accepted and two writings of one account meet). Names, requester names
 * and customer ids are personal data: only their keyed hashes are kept,
 * which still lets the tracer group by customer and the risk view compare
 * a holder name. Statements are prepared once per call (a batch or a
 * scan), not per row; the table of cached statements in store_int.h
 * belongs to the indicator code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"
#include "mamoru/payment.h"

#define MAX_ID 128
#define MAX_NAME 200
#define MAX_FLAG 40

/* Bind text or NULL. */
static void bind_text(sqlite3_stmt *st, int col, const char *v)
{
    if (v)
        sqlite3_bind_text(st, col, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

/* Keyed hash of a normalised name into out (65 bytes); NULL when absent. */
static const char *name_hash(mm_store *s, const char *name, mm_arena *a, char out[65],
                             const char *field, mm_error *err, mm_status *rc)
{
    if (name == NULL || name[0] == '\0')
        return NULL;
    if (strlen(name) > MAX_NAME) {
        *rc = mm_error_set(err, MM_EINVAL, field, "name of %zu bytes is too long (max %d)",
                           strlen(name), MAX_NAME);
        return NULL;
    }
    const char *norm = NULL;
    mm_error e;
    if (mm_norm_holder(name, a, &norm, &e) != MM_OK)
        norm = name; /* no name characters: hash what was given */
    store_hmac_hex(&s->cx[0], norm, strlen(norm), out);
    return out;
}

static const char *plain_hash(mm_store *s, const char *v, char out[65])
{
    if (v == NULL || v[0] == '\0')
        return NULL;
    store_hmac_hex(&s->cx[0], v, strlen(v), out);
    return out;
}

/* Validate one event and bind it to the insert statement. */
static mm_status bind_event(mm_store *s, sqlite3_stmt *st, const mm_payment *p, mm_arena *a,
                            mm_error *err)
{
    if (p->id == NULL || p->id[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "id", "no event id given");
    size_t idl = strlen(p->id);
    if (idl > MAX_ID)
        return mm_error_set(err, MM_EINVAL, "id", "id '%.40s…' is %zu bytes (max %d)", p->id, idl,
                            MAX_ID);
    if ((unsigned)p->type >= MM_PAY__COUNT)
        return mm_error_set(err, MM_EINVAL, "type", "type %d is out of range", (int)p->type);
    if (p->time <= 0)
        return mm_error_set(err, MM_EINVAL, "time", "time %lld is not a positive unix time",
                            (long long)p->time);
    if (p->amount < 0)
        return mm_error_set(err, MM_EINVAL, "amount", "amount %lld is negative",
                            (long long)p->amount);
    if (p->nflags < 0 || p->nflags > MM_PAY_MAX_FLAGS)
        return mm_error_set(err, MM_EINVAL, "flags", "%d flags (max %d)", p->nflags,
                            MM_PAY_MAX_FLAGS);
    const mm_party *party[2] = {&p->from, &p->to};
    static const char *const acc_field[2] = {"from.account", "to.account"};
    static const char *const name_field[2] = {"from.name", "to.name"};
    static const char *const age_field[2] = {"from.age", "to.age"};
    mm_status rc = MM_OK;
    sqlite3_bind_text(st, 1, p->id, (int)idl, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, (int)p->type);
    sqlite3_bind_int64(st, 3, p->time);
    sqlite3_bind_int64(st, 4, p->amount);
    for (int i = 0; i < 2; i++) {
        const mm_party *q = party[i];
        int col = 5 + 4 * i;
        const char *canon = NULL;
        if (q->account && q->account[0]) {
            mm_kind kind;
            if (mm_norm_account(q->account, s->zengin, a, &canon, &kind, err) != MM_OK) {
                if (err) {
                    char msg[sizeof err->message];
                    memcpy(msg, err->message, sizeof msg);
                    msg[200] = '\0';
                    snprintf(err->message, sizeof err->message, "%s: %.200s", acc_field[i], msg);
                    snprintf(err->field, sizeof err->field, "%s", acc_field[i]);
                }
                return MM_EINVAL;
            }
        }
        if (q->age < 0 || q->age > 150)
            return mm_error_set(err, MM_EINVAL, age_field[i], "age %d is out of range 0..150",
                                q->age);
        char nh[65], ch[65];
        const char *nhp = name_hash(s, q->name, a, nh, name_field[i], err, &rc);
        if (rc != MM_OK)
            return rc;
        bind_text(st, col, canon);
        bind_text(st, col + 1, nhp);
        sqlite3_bind_int(st, col + 2, q->age);
        bind_text(st, col + 3, plain_hash(s, q->customer_id, ch));
    }
    if (p->channel && strlen(p->channel) > MAX_FLAG)
        return mm_error_set(err, MM_EINVAL, "channel", "channel '%.40s…' is too long", p->channel);
    bind_text(st, 13, p->channel && p->channel[0] ? p->channel : NULL);
    char flags[MM_PAY_MAX_FLAGS * (MAX_FLAG + 1) + 1];
    size_t fl = 0;
    for (int i = 0; i < p->nflags; i++) {
        const char *f = p->flags[i];
        size_t l = f ? strlen(f) : 0;
        if (l == 0 || l > MAX_FLAG || strchr(f, ','))
            return mm_error_set(err, MM_EINVAL, "flags",
                                "flag '%.40s' must be 1..%d characters "
                                "without ','",
                                f ? f : "", MAX_FLAG);
        if (fl)
            flags[fl++] = ',';
        memcpy(flags + fl, f, l);
        fl += l;
    }
    flags[fl] = '\0';
    bind_text(st, 14, fl ? flags : NULL);
    char rh[65];
    const char *rhp = name_hash(s, p->requester, a, rh, "requester", err, &rc);
    if (rc != MM_OK)
        return rc;
    bind_text(st, 15, rhp);
    if (p->session && strlen(p->session) > MAX_ID)
        return mm_error_set(err, MM_EINVAL, "session", "session '%.40s…' is too long (max %d)",
                            p->session, MAX_ID);
    bind_text(st, 16, p->session && p->session[0] ? p->session : NULL);
    sqlite3_bind_int64(st, 17, s->now);
    return MM_OK;
}

static const char insert_sql[] =
    "INSERT INTO payments (ext_id, type, ts, amount, from_account, from_name_hash, from_age, "
    "from_customer_hash, to_account, to_name_hash, to_age, to_customer_hash, channel, flags, "
    "requester_hash, session, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?14, ?15, ?16, ?17) ON CONFLICT (ext_id) DO NOTHING";

mm_status mm_store_payment_add_batch(mm_store *s, const mm_payment *p, size_t n, mm_status *codes,
                                     mm_error *errs, mm_error *err)
{
    if (s == NULL || (n && (p == NULL || codes == NULL)))
        return mm_error_set(err, MM_EINVAL, "payments", "no store, events or codes given");
    mm_arena *a = mm_arena_new(0);
    if (a == NULL)
        return mm_error_set(err, MM_ENOMEM, "payments", "out of memory");
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        goto out;
    if (sqlite3_prepare_v2(s->db, insert_sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare payment insert");
        store_tx_rollback(s);
        goto out;
    }
    size_t added = 0;
    for (size_t i = 0; i < n; i++) {
        mm_error e;
        mm_error_clear(&e);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        mm_arena_reset(a);
        codes[i] = bind_event(s, st, &p[i], a, &e);
        if (codes[i] == MM_OK) {
            int src = sqlite3_step(st);
            if (src != SQLITE_DONE) {
                rc = store_sql_error(s, err, "insert payment");
                store_tx_rollback(s);
                goto out;
            }
            if (sqlite3_changes(s->db) == 0)
                codes[i] =
                    mm_error_set(&e, MM_EEXIST, "id", "event '%.80s' is already stored", p[i].id);
            else
                added++;
        }
        if (errs)
            errs[i] = e;
    }
    if (added) {
        char detail[64];
        snprintf(detail, sizeof detail, "%zu events", added);
        if ((rc = audit_append_tx(s, 0, "payment.add", "payments", detail, err)) != MM_OK) {
            store_tx_rollback(s);
            goto out;
        }
    }
    rc = store_tx_commit(s, err);
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    mm_arena_free(a);
    return rc;
}

/* Column text or NULL. */
static const char *col(sqlite3_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(st, c);
}

/* Fill p from a row of scan_sql; flags split into buf. */
static void row_to_payment(sqlite3_stmt *st, mm_payment *p, char *buf, size_t cap)
{
    memset(p, 0, sizeof *p);
    p->id = col(st, 0);
    p->type = (mm_pay_type)sqlite3_column_int(st, 1);
    p->time = sqlite3_column_int64(st, 2);
    p->amount = sqlite3_column_int64(st, 3);
    p->from.account = col(st, 4);
    p->from.age = sqlite3_column_int(st, 5);
    p->from.customer_id = col(st, 6);
    p->to.account = col(st, 7);
    p->to.age = sqlite3_column_int(st, 8);
    p->to.customer_id = col(st, 9);
    p->channel = col(st, 10);
    p->session = col(st, 12);
    const char *f = col(st, 11);
    if (f && f[0]) {
        snprintf(buf, cap, "%s", f);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t && p->nflags < MM_PAY_MAX_FLAGS;
             t = strtok_r(NULL, ",", &save))
            p->flags[p->nflags++] = t;
    }
}

#define SCAN_COLS                                                                                  \
    "ext_id, type, ts, amount, from_account, from_age, from_customer_hash, to_account, to_age, "   \
    "to_customer_hash, channel, flags, session"

mm_status mm_store_payment_scan(mm_store *s, int64_t since, mm_payment_cb cb, void *ctx,
                                mm_error *err)
{
    if (s == NULL || cb == NULL)
        return mm_error_set(err, MM_EINVAL, "scan", "no store or callback given");
    static const char sql[] = "SELECT " SCAN_COLS " FROM payments WHERE ts >= ?1 "
                              "AND type NOT IN (3, 4) ORDER BY ts, seq";
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare payment scan");
        goto out;
    }
    sqlite3_bind_int64(st, 1, since);
    char flags[MM_PAY_MAX_FLAGS * (MAX_FLAG + 1) + 1];
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mm_payment p;
        row_to_payment(st, &p, flags, sizeof flags);
        if (cb(ctx, &p) != 0)
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store_sql_error(s, err, "scan payments");
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_payment_account(mm_store *s, const char *account, int64_t since,
                                   mm_account_activity *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (s == NULL || account == NULL)
        return mm_error_set(err, MM_EINVAL, "account", "no account given");
    static const char sql[] =
        "SELECT 0, count(*), coalesce(sum(amount), 0), count(DISTINCT from_account), "
        "min(ts), max(ts) FROM payments WHERE to_account = ?1 AND ts >= ?2 AND type NOT IN (3, 4) "
        "UNION ALL "
        "SELECT 1, count(*), coalesce(sum(amount), 0), count(DISTINCT to_account), "
        "min(ts), max(ts) FROM payments WHERE from_account = ?1 AND ts >= ?2 "
        "AND type NOT IN (3, 4)";
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare account activity");
        goto out;
    }
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int dir = sqlite3_column_int(st, 0);
        int64_t cnt = sqlite3_column_int64(st, 1);
        int64_t sum = sqlite3_column_int64(st, 2);
        int64_t cp = sqlite3_column_int64(st, 3);
        int64_t first = sqlite3_column_int64(st, 4), last = sqlite3_column_int64(st, 5);
        if (dir == 0) {
            out->in_count = cnt;
            out->in_amount = sum;
            out->in_counterparties = cp;
        } else {
            out->out_count = cnt;
            out->out_amount = sum;
            out->out_counterparties = cp;
        }
        if (cnt) {
            if (out->first_seen == 0 || first < out->first_seen)
                out->first_seen = first;
            if (last > out->last_seen)
                out->last_seen = last;
        }
    }
    if (r != SQLITE_DONE)
        rc = store_sql_error(s, err, "account activity");
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_holder_check(mm_store *s, const char *account, const char *name, bool *known,
                                bool *match, mm_error *err)
{
    *known = *match = false;
    if (s == NULL || account == NULL || name == NULL || name[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "name", "no account or name given");
    mm_arena *a = mm_arena_new(0);
    if (a == NULL)
        return mm_error_set(err, MM_ENOMEM, "name", "out of memory");
    const char *norm = NULL;
    mm_status rc = mm_norm_holder(name, a, &norm, err);
    if (rc != MM_OK) {
        mm_arena_free(a);
        return rc;
    }
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT holder_hash FROM indicators WHERE kind = ?1 AND canonical = ?2",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare holder lookup");
    } else {
        sqlite3_bind_int(st, 1, (int)MM_KIND_BANK_ACCOUNT);
        sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
        int r = sqlite3_step(st);
        const unsigned char *h = r == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        if (h) {
            char mine[65];
            store_hmac_hex(&s->cx[0], norm, strlen(norm), mine);
            *known = true;
            *match = strcmp(mine, (const char *)h) == 0;
        } else if (r != SQLITE_ROW && r != SQLITE_DONE) {
            rc = store_sql_error(s, err, "holder lookup");
        }
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    mm_arena_free(a);
    return rc;
}
