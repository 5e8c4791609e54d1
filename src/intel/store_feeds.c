/*
 * store_feeds.c — what the feeds read from the store: public url, domain
 * and ip indicators page by page (all active ones, or what changed since a
 * cursor), the cursor itself, and the full-hash index behind
 * GET /v1/feeds/fullhash.
 *
 * No index on `updated`: every insert would pay for it (bulk import is the
 * store's hot path) while an export reads the whole table anyway; pages walk
 * the primary key ("+kind" keeps SQLite off the (kind, canonical) index,
 * which would sort every page). The full-hash index (feed_hash) maps the
 * first four bytes of each public url/domain/ip indicator's expression hash
 * to the indicator; kind, value and distribution never change, so a row is
 * computed once, lazily, from the last indicator id seen — status and
 * expiry are checked at query time.
 */
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"
#include "mamoru/intel_phish.h"

#define FEED_KINDS_SQL "((?2 >> kind) & 1) = 1 AND +kind IN (1, 2, 3) AND distribution = 0"

static int64_t now_or(int64_t now)
{
    return now > 0 ? now : store_now();
}

mm_status mm_store_feed_list(mm_store *s, const mm_feed_query *q, mm_arena *a, mm_indicator **out,
                             size_t *n, int64_t *next_after, mm_error *err)
{
    *out = NULL;
    *n = 0;
    *next_after = 0;
    if (q->limit < 1 || q->limit > 10000)
        return mm_error_set(err, MM_EINVAL, "limit", "limit %d is not within 1..10000", q->limit);
    if (q->after_id < 0)
        return mm_error_set(err, MM_EINVAL, "cursor", "page position %lld is negative",
                            (long long)q->after_id);
    if (a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the results");
    mm_indicator *v = mm_arena_calloc(a, (size_t)q->limit, sizeof *v);
    if (v == NULL)
        return mm_error_set(err, MM_ENOMEM, "limit", "out of memory for %d rows", q->limit);
    static const char *const sql_full =
        "SELECT " MM_IND_COLS " FROM indicators WHERE id > ?1 AND " FEED_KINDS_SQL
        " AND status IN (1, 2) AND (expires = 0 OR expires > ?3) ORDER BY id LIMIT ?6";
    static const char *const sql_delta =
        "SELECT " MM_IND_COLS " FROM indicators WHERE id > ?1 AND " FEED_KINDS_SQL
        " AND (updated >= ?4 OR (expires > ?5 AND expires <= ?3)) ORDER BY id LIMIT ?6";
    int64_t now = now_or(q->now);
    pthread_mutex_lock(&s->mu);
    mm_status rc = MM_OK;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, q->delta ? sql_delta : sql_full, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare feed query");
        goto out;
    }
    sqlite3_bind_int64(st, 1, q->after_id);
    sqlite3_bind_int64(st, 2, (int64_t)q->kinds);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, q->since.updated);
    sqlite3_bind_int64(st, 5, q->since.expired);
    sqlite3_bind_int(st, 6, q->limit);
    int step;
    size_t got = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (store_row_to_indicator(st, a, &v[got]) != MM_OK) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory reading the feed");
            break;
        }
        got++;
    }
    if (rc == MM_OK && step != SQLITE_DONE)
        rc = store_sql_error(s, err, "read feed");
    if (rc == MM_OK) {
        *out = v;
        *n = got;
        *next_after = got == (size_t)q->limit ? v[got - 1].id : 0;
    }
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_feed_cursor(mm_store *s, unsigned kinds, int64_t now, mm_feed_cursor *out,
                               mm_error *err)
{
    out->updated = out->expired = 0;
    now = now_or(now);
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT coalesce(max(updated), 0), coalesce(max(CASE WHEN expires > 0 "
                           "AND expires <= ?1 THEN expires END), 0) FROM indicators WHERE "
                           "((?2 >> kind) & 1) = 1 AND +kind IN (1, 2, 3) AND distribution = 0",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare feed cursor");
        goto out;
    }
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, (int64_t)kinds);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = store_sql_error(s, err, "read feed cursor");
        goto out;
    }
    out->updated = sqlite3_column_int64(st, 0);
    out->expired = sqlite3_column_int64(st, 1);
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_feed_changed(mm_store *s, unsigned kinds, const mm_feed_cursor *c, int64_t now,
                                bool *changed, mm_error *err)
{
    *changed = true;
    now = now_or(now);
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT EXISTS (SELECT 1 FROM indicators WHERE "
                           "((?2 >> kind) & 1) = 1 AND +kind IN (1, 2, 3) AND distribution = 0 "
                           "AND (updated >= ?3 OR (expires > ?4 AND expires <= ?1)))",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare feed change test");
        goto out;
    }
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, (int64_t)kinds);
    sqlite3_bind_int64(st, 3, c->updated);
    sqlite3_bind_int64(st, 4, c->expired);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = store_sql_error(s, err, "test feed changes");
        goto out;
    }
    *changed = sqlite3_column_int(st, 0) != 0;
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* ---- full-hash index ----------------------------------------------------------- */

/* Add every public url/domain/ip indicator newer than the watermark to
 * feed_hash, in one transaction. Runs with the mutex held. */
/* Read the watermark and the newest indicator id. */
static mm_status fullhash_state(mm_store *s, int64_t *upto, int64_t *top, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT upto FROM feed_hash_state WHERE one = 1), "
                           "(SELECT coalesce(max(id), 0) FROM indicators)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        rc = store_sql_error(s, err, "read full-hash index state");
    else {
        *upto = sqlite3_column_int64(st, 0);
        *top = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc;
}

static mm_status fullhash_catch_up(mm_store *s, mm_feed_hash_fn fn, mm_error *err)
{
    sqlite3_stmt *st = NULL, *ins = NULL;
    mm_arena *tmp = NULL;
    int64_t upto = 0, top = 0;
    /* the common case (nothing new) takes no write lock */
    mm_status rc = fullhash_state(s, &upto, &top, err);
    if (rc != MM_OK || top <= upto)
        return rc;
    rc = store_tx_begin(s, err);
    if (rc != MM_OK)
        return rc;
    if ((rc = fullhash_state(s, &upto, &top, err)) != MM_OK) /* again, under the lock */
        goto fail;
    if (top <= upto) {
        store_tx_rollback(s); /* nothing to do: no write, no commit */
        return MM_OK;
    }
    tmp = mm_arena_new(0);
    if (tmp == NULL) {
        rc = mm_error_set(err, MM_ENOMEM, "store", "out of memory");
        goto fail;
    }
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, kind, canonical FROM indicators WHERE id > ?1 AND id <= ?2 "
                           "AND +kind IN (1, 2, 3) AND distribution = 0 ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT OR REPLACE INTO feed_hash (prefix, id, hash) VALUES (?1, ?2, ?3)",
                           -1, &ins, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare full-hash index update");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, upto);
    sqlite3_bind_int64(st, 2, top);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        unsigned char h[32];
        const char *canon = (const char *)sqlite3_column_text(st, 2);
        bool ok = canon && fn((mm_kind)sqlite3_column_int(st, 1), canon, tmp, h);
        mm_arena_reset(tmp);
        if (!ok)
            continue;
        uint32_t p = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, (int64_t)p);
        sqlite3_bind_int64(ins, 2, sqlite3_column_int64(st, 0));
        sqlite3_bind_blob(ins, 3, h, 32, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = store_sql_error(s, err, "update full-hash index");
            goto fail;
        }
    }
    if (step != SQLITE_DONE) {
        rc = store_sql_error(s, err, "read indicators for the full-hash index");
        goto fail;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    st = ins = NULL;
    mm_arena_free(tmp);
    tmp = NULL;
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE feed_hash_state SET upto = %lld WHERE one = 1",
             (long long)top);
    if ((rc = store_exec(s, sql, err)) != MM_OK)
        goto fail;
    return store_tx_commit(s, err);
fail:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    mm_arena_free(tmp);
    store_tx_rollback(s);
    return rc;
}

mm_status mm_store_fullhash(mm_store *s, uint32_t prefix, unsigned kinds, mm_feed_hash_fn fn,
                            mm_arena *a, mm_fullhash **out, size_t *n, mm_error *err)
{
    *out = NULL;
    *n = 0;
    if (fn == NULL || a == NULL)
        return mm_error_set(err, MM_EINVAL, "fn", "a hash function and an arena are needed");
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_fullhash *v = NULL;
    size_t got = 0, cap = 0;
    mm_status rc = fullhash_catch_up(s, fn, err);
    if (rc != MM_OK)
        goto out;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT h.hash, i.id, i.kind, i.category, i.expires FROM feed_hash h "
                           "JOIN indicators i ON i.id = h.id WHERE h.prefix = ?1 "
                           "AND ((?2 >> i.kind) & 1) = 1 AND i.status IN (1, 2) "
                           "AND (i.expires = 0 OR i.expires > ?3) ORDER BY h.hash, i.id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare full-hash query");
        goto out;
    }
    sqlite3_bind_int64(st, 1, (int64_t)prefix);
    sqlite3_bind_int64(st, 2, (int64_t)kinds);
    sqlite3_bind_int64(st, 3, store_now());
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == cap) {
            size_t nc = cap ? cap * 2 : 8;
            mm_fullhash *nv = mm_arena_calloc(a, nc, sizeof *nv);
            if (nv == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
                break;
            }
            if (v)
                memcpy(nv, v, got * sizeof *v);
            v = nv;
            cap = nc;
        }
        mm_fullhash *f = &v[got];
        if (sqlite3_column_bytes(st, 0) != 32)
            continue;
        memcpy(f->hash, sqlite3_column_blob(st, 0), 32);
        f->id = sqlite3_column_int64(st, 1);
        f->kind = (mm_kind)sqlite3_column_int(st, 2);
        f->category = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
        f->expires = sqlite3_column_int64(st, 4);
        if (f->category == NULL) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            break;
        }
        got++;
    }
    if (rc == MM_OK && step != SQLITE_DONE)
        rc = store_sql_error(s, err, "full-hash query");
    if (rc == MM_OK) {
        *out = v;
        *n = got;
    }
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}
