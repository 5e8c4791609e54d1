/*
 * store_indicators.c — reporting, looking up, listing and changing the
 * status of indicators in the SQLite store.
 *
 * A report is validated completely (value normalised with mm_norm_value,
 * category, confidence, evidence, dates, status, distribution, organisation)
 * before anything is written, so a bad row in a batch costs nothing and the
 * good rows around it are kept without savepoints. A value already known
 * (same kind + canonical) becomes a sighting: counts, last_seen and
 * confidence grow, the first reporter's category and distribution stay.
 *
 * Personal kinds (identity, card, postal_address) never reach the database
 * in clear: canonical = HMAC-SHA-256(key, plain canonical) as hex, display
 * is masked, and bank-account holder names are kept only as holder_hash.
 * The published hash is HMAC for enumerable kinds, SHA-256 otherwise; its
 * first two bytes (hash_prefix) feed the k-anonymity index, which is
 * brought up to date lazily by the first range query after new rows.
 *
 * Speed (target ≥ 100k rows/s into a file): one transaction per batch,
 * cached statements, an INSERT … ON CONFLICT DO NOTHING instead of a probe
 * first, and the CPU-heavy half of a report (normalising, hashing: pure
 * work) done for large batches on a second thread, one row ahead of the
 * thread that writes — so normalisation overlaps SQLite instead of adding
 * to it.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"

#define MAX_VALUE 8192
#define MAX_EVIDENCE 4096
#define FUTURE_SLACK 86400 /* seen_at may be at most one day ahead (clock skew) */
#define PIPELINE_MIN 64    /* batches at least this large prepare on a second thread */

/* A report after validation: everything that will be written. */
typedef struct row {
    mm_kind kind;
    const char *canonical; /* stored form (HMAC hex for personal kinds) */
    const char *display;
    const char *holder_hash; /* NULL or holder_buf */
    char hash[65];
    int hash_prefix;
    bool hashed;
    const char *category;
    mm_ind_status status;
    bool status_given;
    int confidence;
    mm_distribution dist;
    const char *evidence; /* NULL when absent */
    int64_t expires;
    int64_t seen;
    int64_t org_id;
    char canon_buf[65];
    char holder_buf[65];
} row;

static int hex_prefix16(const char *hex)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = hex[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
        v = v * 16 + d;
    }
    return v;
}

/* Masked display of a personal value: cards "****" + last four digits,
 * anything else its first character + "…". */
static const char *mask_display(mm_kind kind, const mm_norm_result *res, mm_arena *a)
{
    if (kind == MM_KIND_CARD) {
        const char *src = res->display ? res->display : res->canonical;
        size_t n = src ? strlen(src) : 0;
        char last4[5] = "????";
        if (n >= 4)
            memcpy(last4, src + n - 4, 4);
        for (int i = 0; i < 4; i++)
            if (last4[i] < '0' || last4[i] > '9')
                last4[i] = '?';
        return mm_arena_printf(a, "****%s", last4);
    }
    const unsigned char *p = (const unsigned char *)(res->canonical ? res->canonical : "");
    size_t n = 0;
    if (p[0] != '\0') {
        n = 1;
        while (n < 4 && (p[n] & 0xc0) == 0x80)
            n++;
    }
    return mm_arena_printf(a, "%.*s…", (int)n, (const char *)p);
}

/* Normalise value as kind and derive canonical, display, hashes, with
 * memory from a and hashing contexts cx. Reads only immutable handle
 * fields (key, zengin), so it may run outside the mutex holder's thread.
 * Errors are about the value (field "value"). */
static mm_status canon_value(const mm_store *s, store_crypto *cx, mm_arena *a, mm_kind kind,
                             const char *value, row *w, mm_error *err)
{
    if ((unsigned)kind >= MM_KIND__COUNT)
        return mm_error_set(err, MM_EINVAL, "kind", "unknown kind %d", (int)kind);
    if (value == NULL || value[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "value", "%s value is empty", mm_kind_name(kind));
    size_t vlen = strlen(value);
    if (vlen > MAX_VALUE)
        return mm_error_set(err, MM_EINVAL, "value", "%s value '%.40s…' is %zu bytes (max %d)",
                            mm_kind_name(kind), value, vlen, MAX_VALUE);
    mm_norm_result res;
    memset(&res, 0, sizeof res);
    mm_status rc = mm_norm_value(kind, value, s->zengin, a, &res, err);
    if (rc != MM_OK) {
        if (rc == MM_EINVAL && err)
            snprintf(err->field, sizeof err->field, "value");
        return rc;
    }
    if (res.canonical == NULL || res.canonical[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "value", "%s value normalises to nothing",
                            mm_kind_name(kind));
    w->kind = kind;
    w->holder_hash = NULL;
    w->hashed = mm_kind_is_personal(kind);
    if (w->hashed) {
        store_hmac_hex(cx, res.canonical, strlen(res.canonical), w->canon_buf);
        w->canonical = w->canon_buf;
        w->display = mask_display(kind, &res, a);
        memcpy(w->hash, w->canon_buf, 65); /* personal kinds are all enumerable */
    } else {
        w->canonical = res.canonical;
        /* bank display: the account alone (the norm display may carry the holder) */
        w->display =
            kind == MM_KIND_BANK_ACCOUNT || res.display == NULL ? res.canonical : res.display;
        if (mm_kind_is_enumerable(kind))
            store_hmac_hex(cx, res.canonical, strlen(res.canonical), w->hash);
        else
            store_sha256_hex(cx, res.canonical, strlen(res.canonical), w->hash);
    }
    if (kind == MM_KIND_BANK_ACCOUNT) {
        for (int i = 0; i < res.ndetails && i < 16; i++) {
            const mm_norm_detail *d = &res.details[i];
            if (d->key && strcmp(d->key, "holder") == 0 && d->value && d->value[0]) {
                store_hmac_hex(cx, d->value, strlen(d->value), w->holder_buf);
                w->holder_hash = w->holder_buf;
                break;
            }
        }
    }
    if (w->hash[0] == '\0' || w->canonical[0] == '\0' || w->display == NULL)
        return mm_error_set(err, MM_ENOMEM, "value", "out of memory hashing value");
    w->hash_prefix = hex_prefix16(w->hash);
    return MM_OK;
}

static bool category_ok(const char *c)
{
    size_t n = 0;
    for (; c[n]; n++)
        if (!((c[n] >= 'a' && c[n] <= 'z') || c[n] == '_') || n >= 40)
            return false;
    return n >= 1;
}

/* Validate everything about a report except the organisation (that needs
 * the database; checked when writing) and fill w. Pure, see canon_value;
 * now is the transaction time. */
static mm_status prepare_row(const mm_store *s, store_crypto *cx, mm_arena *a, int64_t now,
                             const mm_report *r, row *w, mm_error *err)
{
    mm_status rc;
    if (r->category == NULL || !category_ok(r->category))
        return mm_error_set(err, MM_EINVAL, "category", "category '%.60s' must match [a-z_]{1,40}",
                            r->category ? r->category : "");
    w->category = r->category;
    w->status = MM_IND_REPORTED;
    w->status_given = r->status != NULL;
    if (r->status) {
        if ((rc = mm_ind_status_parse(r->status, &w->status, err)) != MM_OK)
            return rc;
        if (w->status != MM_IND_REPORTED && w->status != MM_IND_CONFIRMED)
            return mm_error_set(err, MM_EINVAL, "status",
                                "a report may only say reported or confirmed, not '%s'", r->status);
    }
    w->confidence = r->confidence == -1 ? 50 : r->confidence;
    if (w->confidence < 0 || w->confidence > 100)
        return mm_error_set(err, MM_EINVAL, "confidence", "confidence %d is not within 0..100",
                            r->confidence);
    w->dist = MM_DIST_MEMBERS;
    if (r->distribution && (rc = mm_distribution_parse(r->distribution, &w->dist, err)) != MM_OK)
        return rc;
    w->evidence = NULL;
    if (r->evidence && r->evidence[0]) {
        size_t n = strlen(r->evidence);
        if (n > MAX_EVIDENCE)
            return mm_error_set(err, MM_EINVAL, "evidence",
                                "evidence '%.40s…' is %zu bytes (max %d)", r->evidence, n,
                                MAX_EVIDENCE);
        if (mm_utf8_validate(r->evidence, n, NULL) != MM_OK)
            return mm_error_set(err, MM_EINVAL, "evidence", "evidence '%.40s…' is not UTF-8",
                                r->evidence);
        w->evidence = r->evidence;
    }
    if (r->expires < 0)
        return mm_error_set(err, MM_EINVAL, "expires", "expires %lld is negative",
                            (long long)r->expires);
    w->expires = r->expires;
    w->seen = r->seen_at ? r->seen_at : now;
    if (r->seen_at < 0 || r->seen_at > now + FUTURE_SLACK)
        return mm_error_set(err, MM_EINVAL, "seen_at", "seen_at %lld is negative or in the future",
                            (long long)r->seen_at);
    w->org_id = r->org_id;
    /* the value last: normalisation is the most expensive check */
    return canon_value(s, cx, a, r->kind, r->value, w, err);
}

static mm_status step_write(mm_store *s, sqlite3_stmt *st, mm_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? MM_OK : store_sql_error(s, err, what);
}

static mm_status get_locked(mm_store *s, int64_t id, mm_arena *a, mm_indicator *out, mm_error *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_IND_GET, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    mm_status rc;
    if (step == SQLITE_ROW)
        rc = out ? store_row_to_indicator(st, a, out) : MM_OK;
    else if (step == SQLITE_DONE)
        rc = mm_error_set(err, MM_ENOTFOUND, "id", "no indicator with id %lld", (long long)id);
    else
        rc = store_sql_error(s, err, "read indicator");
    sqlite3_reset(st);
    if (rc == MM_ENOMEM)
        mm_error_set(err, MM_ENOMEM, "arena", "out of memory copying indicator %lld",
                     (long long)id);
    return rc;
}

/* Look up (kind, canonical); *id = 0 when absent. */
static mm_status find_locked(mm_store *s, mm_kind kind, const char *canonical, int64_t *id,
                             mm_ind_status *status, mm_error *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_IND_FIND, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int(st, 1, (int)kind);
    sqlite3_bind_text(st, 2, canonical, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    *id = 0;
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (status)
            *status = (mm_ind_status)sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_sql_error(s, err, "find indicator");
    return MM_OK;
}

/* Append s to a fixed buffer (truncating), keeping it NUL-terminated. */
static void put(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (n > cap - 1 - *len)
        n = cap - 1 - *len;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

/* The audit entry of a report or sighting. The value itself is in the
 * indicator row (kind + canonical never change for an id), so the entry
 * names the id, not the value. Built by hand: this runs once per imported
 * row and snprintf showed up in the import profile. */
static mm_status audit_indicator(mm_store *s, const row *w, int64_t id, const char *action,
                                 mm_ind_status from, mm_error *err)
{
    char object[40] = "indicator:", detail[160] = "", num[24];
    store_fmt_i64(object + 10, id);
    size_t len = 0;
    put(detail, sizeof detail, &len, "kind=");
    put(detail, sizeof detail, &len, mm_kind_name(w->kind));
    put(detail, sizeof detail, &len, " category=");
    put(detail, sizeof detail, &len, w->category);
    put(detail, sizeof detail, &len, " status=");
    put(detail, sizeof detail, &len, mm_ind_status_name(w->status));
    put(detail, sizeof detail, &len, " confidence=");
    store_fmt_i64(num, w->confidence);
    put(detail, sizeof detail, &len, num);
    if (from != w->status) {
        put(detail, sizeof detail, &len, " from=");
        put(detail, sizeof detail, &len, mm_ind_status_name(from));
    }
    return audit_append_tx(s, w->org_id, action, object, detail, err);
}

/* Write one validated row inside the open transaction. Any error here is
 * fatal for the transaction. */
static mm_status write_row(mm_store *s, row *w, int64_t *id_out, bool *created, mm_error *err)
{
    mm_status rc;
    int64_t id = 0;
    mm_ind_status old = MM_IND_REPORTED;
    /* Insert first: for a bulk import of new values this is one index
     * probe instead of two; a conflict means the value is known. */
    sqlite3_stmt *st = store_stmt(s, ST_IND_INSERT, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int(st, 1, (int)w->kind);
    sqlite3_bind_text(st, 2, w->canonical, -1, SQLITE_STATIC);
    if (strcmp(w->display, w->canonical) != 0)
        sqlite3_bind_text(st, 3, w->display, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, w->hash, 64, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, w->hash_prefix);
    sqlite3_bind_int(st, 6, w->hashed);
    sqlite3_bind_text(st, 7, w->category, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, (int)w->status);
    sqlite3_bind_int(st, 9, w->confidence);
    sqlite3_bind_int(st, 10, (int)w->dist);
    sqlite3_bind_int64(st, 11, w->org_id);
    sqlite3_bind_int64(st, 12, w->seen);
    sqlite3_bind_int64(st, 13, w->expires);
    if (w->holder_hash)
        sqlite3_bind_text(st, 14, w->holder_hash, 64, SQLITE_STATIC);
    sqlite3_bind_int64(st, 15, s->now);
    if ((rc = step_write(s, st, err, "insert indicator")) != MM_OK)
        return rc;
    if (sqlite3_changes(s->db) == 1) {
        id = sqlite3_last_insert_rowid(s->db);
        if ((st = store_stmt(s, ST_IO_INSERT, err)) == NULL)
            return MM_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, w->org_id);
        sqlite3_bind_int64(st, 3, w->seen);
        if ((rc = step_write(s, st, err, "insert indicator reporter")) != MM_OK)
            return rc;
        if ((rc = audit_indicator(s, w, id, "indicator.report", w->status, err)) != MM_OK)
            return rc;
        *created = true;
    } else {
        /* sighting: a requested status applies only as a legal upgrade */
        if ((rc = find_locked(s, w->kind, w->canonical, &id, &old, err)) != MM_OK)
            return rc;
        if (id == 0)
            return mm_error_set(err, MM_EIO, "store", "indicator vanished during its sighting");
        mm_ind_status req = w->status;
        w->status = old;
        if (w->status_given && req != old && mm_ind_transition_ok(old, req))
            w->status = req;
        if ((st = store_stmt(s, ST_IO_INSERT, err)) == NULL)
            return MM_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, w->org_id);
        sqlite3_bind_int64(st, 3, w->seen);
        if ((rc = step_write(s, st, err, "insert indicator reporter")) != MM_OK)
            return rc;
        int new_reporter = sqlite3_changes(s->db) > 0;
        if (!new_reporter) {
            if ((st = store_stmt(s, ST_IO_BUMP, err)) == NULL)
                return MM_EIO;
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, w->org_id);
            sqlite3_bind_int64(st, 3, w->seen);
            if ((rc = step_write(s, st, err, "count indicator reporter")) != MM_OK)
                return rc;
        }
        if ((st = store_stmt(s, ST_IND_SIGHTING, err)) == NULL)
            return MM_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, new_reporter);
        sqlite3_bind_int64(st, 3, w->seen);
        sqlite3_bind_int(st, 4, w->confidence);
        sqlite3_bind_int(st, 5, (int)w->status);
        sqlite3_bind_int64(st, 6, w->expires);
        if (w->holder_hash)
            sqlite3_bind_text(st, 7, w->holder_hash, 64, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, s->now);
        if ((rc = step_write(s, st, err, "record sighting")) != MM_OK)
            return rc;
        if ((rc = audit_indicator(s, w, id, "indicator.sighting", old, err)) != MM_OK)
            return rc;
        *created = false;
    }
    /* call bursts: recent phone reports are logged one row each */
    if ((rc = store_sighting_log(s, w->kind, id, w->org_id, w->seen, err)) != MM_OK)
        return rc;
    if (w->evidence) {
        if ((st = store_stmt(s, ST_EVIDENCE_INSERT, err)) == NULL)
            return MM_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, w->org_id);
        sqlite3_bind_text(st, 3, w->evidence, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, s->now);
        if ((rc = step_write(s, st, err, "insert evidence")) != MM_OK)
            return rc;
    }
    *id_out = id;
    return MM_OK;
}

/* A prepared row of a batch and the outcome of preparing it. */
typedef struct prepared {
    row w;
    mm_status code;
    mm_error err;
} prepared;

/* Write one prepared row inside the open transaction: organisation check,
 * then the writes. *fatal says whether an error came after writing
 * started (the transaction must then be rolled back). */
static mm_status write_prepared(mm_store *s, row *w, mm_arena *a, mm_indicator *out, bool *created,
                                mm_error *err, bool *fatal)
{
    bool made = false;
    int64_t id = 0;
    *fatal = false;
    mm_status rc = store_org_check(s, w->org_id, err);
    if (rc != MM_OK)
        return rc;
    *fatal = true;
    if ((rc = write_row(s, w, &id, &made, err)) != MM_OK)
        return rc;
    if (out && (rc = get_locked(s, id, a, out, err)) != MM_OK)
        return rc;
    if (created)
        *created = made;
    *fatal = false;
    return MM_OK;
}

mm_status mm_store_report(mm_store *s, const mm_report *r, mm_arena *a, mm_indicator *out,
                          bool *created, mm_error *err)
{
    if (r == NULL)
        return mm_error_set(err, MM_EINVAL, "report", "no report given");
    if (out && a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the result");
    if (created)
        *created = false;
    pthread_mutex_lock(&s->mu);
    mm_status rc = store_tx_begin(s, err);
    if (rc == MM_OK) {
        bool fatal;
        row w;
        mm_arena_reset(s->scratch);
        rc = prepare_row(s, &s->cx[0], s->scratch, s->now, r, &w, err);
        if (rc == MM_OK)
            rc = write_prepared(s, &w, a, out, created, err, &fatal);
        if (rc == MM_OK) {
            rc = store_tx_commit(s, err);
            if (rc != MM_OK && created)
                *created = false;
        } else {
            store_tx_rollback(s);
        }
    }
    mm_arena_reset(s->scratch);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* The preparation side of a batch: rows are prepared in order and
 * published through `ready`; the writer waits on `cv` only when it has
 * caught up (seq_cst atomics on both flags make the wake-up race-free). */
typedef struct pipeline {
    mm_store *s;
    const mm_report *r;
    size_t n;
    int64_t now;
    atomic_size_t ready;
    atomic_int waiting;
    atomic_int stop; /* writer gave up: the worker may stop early */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pipeline;

static void prepare_one(pipeline *p, size_t i, store_crypto *cx)
{
    prepared *x = &p->s->prep[i];
    mm_error_clear(&x->err);
    x->code = prepare_row(p->s, cx, p->s->prep_arena, p->now, &p->r[i], &x->w, &x->err);
}

static void *prepare_worker(void *arg)
{
    pipeline *p = arg;
    for (size_t i = 0; i < p->n && !atomic_load(&p->stop); i++) {
        prepare_one(p, i, &p->s->cx[1]);
        atomic_store(&p->ready, i + 1);
        if (atomic_load(&p->waiting)) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_broadcast(&p->cv);
            pthread_mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

static void wait_ready(pipeline *p, size_t i)
{
    if (atomic_load(&p->ready) > i)
        return;
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->waiting, 1);
    while (atomic_load(&p->ready) <= i)
        pthread_cond_wait(&p->cv, &p->mu);
    atomic_store(&p->waiting, 0);
    pthread_mutex_unlock(&p->mu);
}

/* Room for n prepared rows in the handle's reusable buffer. */
static mm_status prep_reserve(mm_store *s, size_t n, mm_error *err)
{
    if (s->prep_arena == NULL && (s->prep_arena = mm_arena_new(1 << 20)) == NULL)
        return mm_error_set(err, MM_ENOMEM, "batch", "out of memory");
    mm_arena_reset(s->prep_arena);
    if (n <= s->prep_cap)
        return MM_OK;
    prepared *p = realloc(s->prep, n * sizeof *p);
    if (p == NULL)
        return mm_error_set(err, MM_ENOMEM, "batch", "out of memory for %zu rows", n);
    s->prep = p;
    s->prep_cap = n;
    return MM_OK;
}

mm_status mm_store_report_batch(mm_store *s, const mm_report *r, size_t n, mm_arena *a,
                                mm_indicator *out, bool *created, mm_status *codes, mm_error *errs,
                                mm_error *err)
{
    if (n > 0 && r == NULL)
        return mm_error_set(err, MM_EINVAL, "report", "no reports given");
    if (out && a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the results");
    if (n > SIZE_MAX / sizeof(prepared))
        return mm_error_set(err, MM_ELIMIT, "batch", "%zu rows is too many", n);
    for (size_t i = 0; i < n; i++) {
        if (created)
            created[i] = false;
        if (codes)
            codes[i] = MM_OK;
        if (errs)
            mm_error_clear(&errs[i]);
    }
    if (n == 0)
        return MM_OK;
    pthread_mutex_lock(&s->mu);
    pipeline p = {.s = s, .r = r, .n = n};
    pthread_t worker;
    bool threaded = false, inited = false;
    mm_status rc = prep_reserve(s, n, err);
    if (rc == MM_OK)
        rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        goto out;
    p.now = s->now;
    atomic_init(&p.ready, 0);
    atomic_init(&p.waiting, 0);
    atomic_init(&p.stop, 0);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    inited = true;
    threaded = n >= PIPELINE_MIN && pthread_create(&worker, NULL, prepare_worker, &p) == 0;
    for (size_t i = 0; i < n; i++) {
        if (threaded)
            wait_ready(&p, i);
        else
            prepare_one(&p, i, &s->cx[0]);
        prepared *x = &s->prep[i];
        bool fatal = false;
        mm_status rrc = x->code;
        if (rrc == MM_OK)
            rrc = write_prepared(s, &x->w, a, out ? &out[i] : NULL, created ? &created[i] : NULL,
                                 &x->err, &fatal);
        if (codes)
            codes[i] = rrc;
        if (errs)
            errs[i] = x->err;
        if (fatal) {
            store_tx_rollback(s);
            rc = mm_error_set(err, rrc, x->err.field, "batch rolled back at row %zu: %s", i,
                              x->err.message);
            goto failed;
        }
    }
    rc = store_tx_commit(s, err);
    if (rc == MM_OK)
        goto out;
failed:
    for (size_t i = 0; i < n; i++) {
        if (codes)
            codes[i] = rc;
        if (created)
            created[i] = false;
        if (errs)
            errs[i] = *(err ? err : &(mm_error){rc, "store", "transaction failed"});
    }
out:
    if (threaded) {
        atomic_store(&p.stop, 1);
        pthread_join(worker, NULL);
    }
    if (inited) {
        pthread_cond_destroy(&p.cv);
        pthread_mutex_destroy(&p.mu);
    }
    mm_arena_reset(s->prep_arena);
    mm_arena_reset(s->scratch);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_get(mm_store *s, int64_t id, mm_arena *a, mm_indicator *out, mm_error *err)
{
    if (out && a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the result");
    pthread_mutex_lock(&s->mu);
    mm_status rc = get_locked(s, id, a, out, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_lookup(mm_store *s, mm_kind kind, const char *value, mm_arena *a,
                          mm_indicator *out, mm_error *err)
{
    if (out && a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the result");
    pthread_mutex_lock(&s->mu);
    row w;
    int64_t id = 0;
    mm_arena_reset(s->scratch);
    mm_status rc = canon_value(s, &s->cx[0], s->scratch, kind, value, &w, err);
    if (rc == MM_OK)
        rc = find_locked(s, kind, w.canonical, &id, NULL, err);
    if (rc == MM_OK && id == 0)
        rc = mm_error_set(err, MM_ENOTFOUND, "value", "%s '%.80s' is not listed",
                          mm_kind_name(kind), w.hashed ? w.display : w.canonical);
    if (rc == MM_OK)
        rc = get_locked(s, id, a, out, err);
    mm_arena_reset(s->scratch);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_set_status(mm_store *s, int64_t id, mm_ind_status to, int64_t org_id,
                              mm_arena *a, mm_indicator *out, mm_error *err)
{
    if ((unsigned)to >= MM_IND__COUNT)
        return mm_error_set(err, MM_EINVAL, "status", "unknown status %d", (int)to);
    if (out && a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the result");
    pthread_mutex_lock(&s->mu);
    mm_status rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        goto unlock;
    /* org 0 is the operator / the expiry job; any other id must exist */
    if (org_id != 0 && (rc = store_org_check(s, org_id, err)) != MM_OK)
        goto rollback;
    sqlite3_stmt *st = store_stmt(s, ST_IND_GET, err);
    if (st == NULL) {
        rc = MM_EIO;
        goto rollback;
    }
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    mm_ind_status from = MM_IND_REPORTED;
    mm_kind kind = MM_KIND_PHONE;
    if (step == SQLITE_ROW) {
        kind = (mm_kind)sqlite3_column_int(st, 1);
        from = (mm_ind_status)sqlite3_column_int(st, 7);
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE) {
        rc = mm_error_set(err, MM_ENOTFOUND, "id", "no indicator with id %lld", (long long)id);
        goto rollback;
    }
    if (step != SQLITE_ROW) {
        rc = store_sql_error(s, err, "read indicator");
        goto rollback;
    }
    if (!mm_ind_transition_ok(from, to)) {
        rc = mm_error_set(err, MM_ECONFLICT, "status", "indicator %lld cannot change from %s to %s",
                          (long long)id, mm_ind_status_name(from), mm_ind_status_name(to));
        goto rollback;
    }
    if (from != to) {
        if ((st = store_stmt(s, ST_IND_SET_STATUS, err)) == NULL) {
            rc = MM_EIO;
            goto rollback;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, (int)to);
        sqlite3_bind_int64(st, 3, s->now);
        if ((rc = step_write(s, st, err, "update status")) != MM_OK)
            goto rollback;
        char object[40], detail[96];
        snprintf(object, sizeof object, "indicator:%lld", (long long)id);
        snprintf(detail, sizeof detail, "kind=%s from=%s to=%s", mm_kind_name(kind),
                 mm_ind_status_name(from), mm_ind_status_name(to));
        if ((rc = audit_append_tx(s, org_id, "indicator.status", object, detail, err)) != MM_OK)
            goto rollback;
    }
    if (out && (rc = get_locked(s, id, a, out, err)) != MM_OK)
        goto rollback;
    rc = store_tx_commit(s, err);
    goto unlock;
rollback:
    store_tx_rollback(s);
unlock:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* Bit (kind * 4 + dist) set when role may see indicators of that kind and
 * distribution reported by someone else. */
static int64_t visibility_mask(mm_role role)
{
    uint64_t m = 0;
    for (int k = 0; k < MM_KIND__COUNT; k++)
        for (int d = 0; d < MM_DIST__COUNT; d++)
            if (mm_access_visible(role, 0, (mm_kind)k, (mm_distribution)d, -1))
                m |= (uint64_t)1 << (k * 4 + d);
    return (int64_t)m;
}

mm_status mm_store_list(mm_store *s, const mm_list_query *q, mm_arena *a, mm_indicator **out,
                        size_t *n, int64_t *next_cursor, mm_error *err)
{
    *out = NULL;
    *n = 0;
    *next_cursor = 0;
    if (q->limit < 1 || q->limit > 1000)
        return mm_error_set(err, MM_EINVAL, "limit", "limit %d is not within 1..1000", q->limit);
    if (q->kind < -1 || q->kind >= MM_KIND__COUNT)
        return mm_error_set(err, MM_EINVAL, "kind", "unknown kind %d", q->kind);
    if (q->status < -1 || q->status >= MM_IND__COUNT)
        return mm_error_set(err, MM_EINVAL, "status", "unknown status %d", q->status);
    if ((unsigned)q->role >= MM_ROLE__COUNT)
        return mm_error_set(err, MM_EINVAL, "role", "unknown role %d", (int)q->role);
    if (q->cursor < 0)
        return mm_error_set(err, MM_EINVAL, "cursor", "cursor %lld is negative",
                            (long long)q->cursor);
    if (a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the results");
    mm_indicator *v = mm_arena_calloc(a, (size_t)q->limit, sizeof *v);
    if (v == NULL)
        return mm_error_set(err, MM_ENOMEM, "limit", "out of memory for %d results", q->limit);

    pthread_mutex_lock(&s->mu);
    mm_status rc = MM_OK;
    sqlite3_stmt *st = store_stmt(s, ST_IND_LIST, err);
    if (st == NULL) {
        rc = MM_EIO;
        goto out;
    }
    sqlite3_bind_int64(st, 1, q->cursor);
    sqlite3_bind_int(st, 2, q->kind);
    if (q->category)
        sqlite3_bind_text(st, 3, q->category, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, q->status);
    sqlite3_bind_int64(st, 5, q->since);
    sqlite3_bind_int64(st, 6, q->org_id > 0 ? q->org_id : -1);
    sqlite3_bind_int64(st, 7, visibility_mask(q->role));
    sqlite3_bind_int(st, 8, q->limit + 1); /* one more tells whether a next page exists */
    int step;
    size_t got = 0;
    bool more = false;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == (size_t)q->limit) {
            more = true;
            break;
        }
        if (store_row_to_indicator(st, a, &v[got]) != MM_OK) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory listing indicators");
            break;
        }
        got++;
    }
    if (rc == MM_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = store_sql_error(s, err, "list indicators");
    sqlite3_reset(st);
    if (rc == MM_OK) {
        *out = v;
        *n = got;
        *next_cursor = more && got > 0 ? v[got - 1].id : 0;
    }
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* Bring hash_index up to date: add every indicator newer than the
 * recorded watermark, in key order, in one transaction. Imports never pay
 * for the random-key index; the first range query after an import does,
 * once, with sorted inserts. Runs with the mutex held. */
static mm_status hash_index_catch_up(mm_store *s, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    mm_status rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        return rc;
    int64_t upto = 0, top = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT upto FROM hash_index_state WHERE one = 1), "
                           "(SELECT max(id) FROM indicators)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = store_sql_error(s, err, "read hash index state");
        goto fail;
    }
    upto = sqlite3_column_int64(st, 0);
    top = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    st = NULL;
    if (top > upto) {
        if (sqlite3_prepare_v2(s->db,
                               "INSERT OR IGNORE INTO hash_index (kind, prefix, id) "
                               "SELECT kind, hash_prefix, id FROM indicators "
                               "WHERE id > ?1 AND id <= ?2 ORDER BY 1, 2, 3",
                               -1, &st, NULL) != SQLITE_OK) {
            rc = store_sql_error(s, err, "prepare hash index update");
            goto fail;
        }
        sqlite3_bind_int64(st, 1, upto);
        sqlite3_bind_int64(st, 2, top);
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = store_sql_error(s, err, "update hash index");
            goto fail;
        }
        sqlite3_finalize(st);
        st = NULL;
        char sql[96];
        snprintf(sql, sizeof sql, "UPDATE hash_index_state SET upto = %lld WHERE one = 1",
                 (long long)top);
        if ((rc = store_exec(s, sql, err)) != MM_OK)
            goto fail;
    }
    return store_tx_commit(s, err);
fail:
    sqlite3_finalize(st);
    store_tx_rollback(s);
    return rc;
}

mm_status mm_store_hash_range(mm_store *s, mm_kind kind, uint16_t prefix, mm_arena *a, char ***out,
                              size_t *n, mm_error *err)
{
    *out = NULL;
    *n = 0;
    if ((unsigned)kind >= MM_KIND__COUNT)
        return mm_error_set(err, MM_EINVAL, "kind", "unknown kind %d", (int)kind);
    if (a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the results");
    pthread_mutex_lock(&s->mu);
    mm_status rc = MM_OK;
    size_t cap = 0, got = 0;
    char **v = NULL;
    sqlite3_stmt *st = NULL;
    if ((rc = hash_index_catch_up(s, err)) != MM_OK)
        goto out;
    if ((st = store_stmt(s, ST_HASH_RANGE, err)) == NULL) {
        rc = MM_EIO;
        goto out;
    }
    sqlite3_bind_int(st, 1, (int)kind);
    sqlite3_bind_int(st, 2, prefix);
    sqlite3_bind_int64(st, 3, store_now());
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nv = mm_arena_calloc(a, ncap, sizeof *nv);
            if (nv == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
                break;
            }
            if (v)
                memcpy(nv, v, got * sizeof *v);
            v = nv;
            cap = ncap;
        }
        v[got] = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
        if (v[got] == NULL) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            break;
        }
        got++;
    }
    if (rc == MM_OK && step != SQLITE_DONE)
        rc = store_sql_error(s, err, "hash range");
    sqlite3_reset(st);
    if (rc == MM_OK) {
        *out = v;
        *n = got;
    }
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}
