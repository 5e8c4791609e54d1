/*
 * snapshot_build.c — read the active indicators out of the store and hand
 * them to mm_snapshot_build_from (snapshot.c), which builds the immutable
 * in-memory tables screening reads.
 *
 * Active = status reported, confirmed or actioned and not past its expiry.
 * Personal kinds are stored as hex HMAC(key, plain canonical); the snapshot
 * hashes a plain canonical the same way at lookup time, so the stored hex
 * string is passed through unchanged as the entry's canonical. The rows are
 * read in one statement (one consistent read) under the store mutex; the
 * copy lives in a private arena freed once the snapshot has been built.
 */
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"

mm_status mm_snapshot_build(mm_store *s, mm_snapshot **out, mm_error *err)
{
    *out = NULL;
    mm_arena *tmp = mm_arena_new(1 << 20);
    if (tmp == NULL)
        return mm_error_set(err, MM_ENOMEM, "snapshot", "out of memory");
    mm_snapshot_entry *e = NULL;
    size_t n = 0, cap = 0;
    mm_status rc = MM_OK;
    sqlite3_stmt *st = NULL;

    pthread_mutex_lock(&s->mu);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, kind, canonical, status, distribution, confidence, "
                           "category FROM indicators WHERE status IN (0, 1, 2) "
                           "AND (expires = 0 OR expires > ?1) ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare snapshot query");
        goto unlock;
    }
    sqlite3_bind_int64(st, 1, store_now());
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            mm_snapshot_entry *ne = realloc(e, ncap * sizeof *ne);
            if (ne == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "snapshot", "out of memory at %zu entries", n);
                goto unlock;
            }
            e = ne;
            cap = ncap;
        }
        mm_snapshot_entry *x = &e[n];
        memset(x, 0, sizeof *x);
        int clen = sqlite3_column_bytes(st, 2);
        x->kind = (mm_kind)sqlite3_column_int(st, 1);
        x->canonical =
            mm_arena_strndup(tmp, (const char *)sqlite3_column_text(st, 2), (size_t)clen);
        x->len = (size_t)clen;
        x->category = mm_arena_strdup(tmp, (const char *)sqlite3_column_text(st, 6));
        x->hit.id = (uint32_t)sqlite3_column_int64(st, 0);
        x->hit.kind = x->kind;
        x->hit.status = (mm_ind_status)sqlite3_column_int(st, 3);
        x->hit.distribution = (mm_distribution)sqlite3_column_int(st, 4);
        x->hit.confidence = (uint8_t)sqlite3_column_int(st, 5);
        x->hit.category = 0; /* assigned by mm_snapshot_build_from from x->category */
        if (x->canonical == NULL || x->category == NULL) {
            rc = mm_error_set(err, MM_ENOMEM, "snapshot", "out of memory at %zu entries", n);
            goto unlock;
        }
        n++;
    }
    if (step != SQLITE_DONE)
        rc = store_sql_error(s, err, "read indicators for snapshot");
unlock:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    /* building runs outside the store lock: writers are not held up */
    if (rc == MM_OK)
        rc = mm_snapshot_build_from(e, n, s->key, s->keylen, out, err);
    /* callburst hook: attach the recent phone activity (snapshot_activity.c) */
    mm_activity *act = NULL;
    if (rc == MM_OK && (rc = mm_activity_load(s, store_now(), &act, err)) == MM_OK)
        mm_snapshot_set_activity(*out, act);
    else if (rc != MM_OK && *out) {
        mm_snapshot_release(*out);
        *out = NULL;
    }
    free(e);
    mm_arena_free(tmp);
    return rc;
}
