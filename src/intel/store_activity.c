/*
 * store_activity.c — the store's log of recent phone sightings, read back
 * as "who reported this number when" for call-burst screening (issue 4 §3).
 *
 * The indicators table keeps totals only, which cannot tell three carriers
 * in the last hour from three reports over a year. So each phone report
 * seen within MM_ACTIVITY_HORIZON is also one row of the sightings table
 * (same transaction; old rows pruned every PRUNE_EVERY). A number turns
 * "hot" when a report finds another organisation within the horizon (one
 * key-range probe of indicator_orgs); only hot numbers are read back, so a
 * one-organisation list import costs the activity nothing, and at most a
 * few newest rows per organisation (a window function). The read goes
 * through a second, read-only connection (WAL): a snapshot build holds the
 * store mutex for its whole read of every indicator.
 */
#include <string.h>

#include "intel/store_int.h"

#define PRUNE_EVERY 1024u

static mm_status step_write(mm_store *s, sqlite3_stmt *st, mm_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? MM_OK : store_sql_error(s, err, what);
}

/* Delete sightings and hot marks older than before; *deleted (may be
 * NULL) counts the sightings. */
static mm_status prune(mm_store *s, int64_t before, int64_t *deleted, mm_error *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_SIGHT_PRUNE, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, before);
    mm_status rc = step_write(s, st, err, "prune sightings");
    if (rc != MM_OK)
        return rc;
    if (deleted)
        *deleted = sqlite3_changes64(s->db);
    if ((st = store_stmt(s, ST_SIGHT_PRUNE_HOT, err)) == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, before);
    return step_write(s, st, err, "prune hot numbers");
}

mm_status store_sighting_log(mm_store *s, mm_kind kind, int64_t id, int64_t org_id, int64_t seen,
                             mm_error *err)
{
    if (kind != MM_KIND_PHONE || seen < s->now - MM_ACTIVITY_HORIZON)
        return MM_OK;
    sqlite3_stmt *st = store_stmt(s, ST_SIGHT_INSERT, err);
    if (st == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, org_id);
    sqlite3_bind_int64(st, 3, seen);
    mm_status rc = step_write(s, st, err, "log sighting");
    if (rc != MM_OK)
        return rc;
    /* another organisation within the horizon? then the number is hot */
    if ((st = store_stmt(s, ST_SIGHT_OTHER, err)) == NULL)
        return MM_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, org_id);
    sqlite3_bind_int64(st, 3, s->now - MM_ACTIVITY_HORIZON);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_sql_error(s, err, "find other reporters");
    if (step == SQLITE_ROW) {
        if ((st = store_stmt(s, ST_SIGHT_HOT, err)) == NULL)
            return MM_EIO;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, seen);
        if ((rc = step_write(s, st, err, "mark number hot")) != MM_OK)
            return rc;
    }
    if (++s->sightings_logged % PRUNE_EVERY != 0)
        return MM_OK;
    return prune(s, s->now - 2 * (int64_t)MM_ACTIVITY_HORIZON, NULL, err);
}

mm_status mm_store_prune_sightings(mm_store *s, int64_t before, int64_t *deleted, mm_error *err)
{
    if (deleted)
        *deleted = 0;
    pthread_mutex_lock(&s->mu);
    mm_status rc = prune(s, before, deleted, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* The read-only connection of a file store (opened on first use; WAL lets
 * it read the last commit while the main connection writes or a snapshot
 * build reads under s->mu), or NULL for ":memory:" or when it cannot be
 * opened — then the main connection is used. Call with s->ro_mu held. */
static sqlite3 *ro_conn(mm_store *s)
{
    if (s->ro_state == 0) {
        s->ro_state = -1;
        const char *path = sqlite3_db_filename(s->db, "main");
        if (path != NULL && path[0] != 0 &&
            sqlite3_open_v2(path, &s->ro, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) ==
                SQLITE_OK) {
            sqlite3_busy_timeout(s->ro, 5000);
            s->ro_state = 1;
        } else {
            sqlite3_close(s->ro); /* NULL or a failed handle */
            s->ro = NULL;
        }
    }
    return s->ro;
}

/* Run the recent-sightings query on db (its lock held by the caller). */
static mm_status read_recent(sqlite3 *db, mm_kind kind, int64_t since, int per_org, mm_arena *a,
                             mm_sighting_row **out, size_t *n, mm_error *err)
{
    /* Not cached: it runs once per snapshot build or refresh, not per row. */
    static const char sql[] =
        "SELECT i.canonical, x.seen_at, x.org_id FROM ("
        "  SELECT s.indicator_id, s.org_id, s.seen_at, row_number() OVER ("
        "    PARTITION BY s.indicator_id, s.org_id ORDER BY s.seen_at DESC) AS rn"
        "  FROM sightings_hot h JOIN sightings s"
        "    ON s.indicator_id = h.indicator_id AND s.seen_at >= ?1"
        "  WHERE h.since >= ?1) x "
        "JOIN indicators i ON i.id = x.indicator_id "
        "WHERE x.rn <= ?2 AND i.kind = ?3 AND i.status <> 4 "
        "ORDER BY x.indicator_id, x.seen_at DESC";
    sqlite3_stmt *st = NULL;
    mm_sighting_row *rows = NULL;
    size_t cnt = 0, cap = 0;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = mm_error_set(err, MM_EIO, "store", "prepare recent sightings query: %s",
                          sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int(st, 2, per_org);
    sqlite3_bind_int(st, 3, (int)kind);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            mm_sighting_row *nr = mm_arena_alloc(a, ncap * sizeof *nr);
            if (nr == NULL)
                goto nomem;
            if (cnt)
                memcpy(nr, rows, cnt * sizeof *nr);
            rows = nr;
            cap = ncap;
        }
        const char *c = (const char *)sqlite3_column_text(st, 0);
        rows[cnt].canonical = mm_arena_strndup(a, c, (size_t)sqlite3_column_bytes(st, 0));
        if (rows[cnt].canonical == NULL)
            goto nomem;
        rows[cnt].s.at = sqlite3_column_int64(st, 1);
        rows[cnt].s.org_id = sqlite3_column_int64(st, 2);
        cnt++;
    }
    if (step != SQLITE_DONE)
        rc = mm_error_set(err, MM_EIO, "store", "read recent sightings: %s", sqlite3_errmsg(db));
    goto out;
nomem:
    rc = mm_error_set(err, MM_ENOMEM, "sightings", "out of memory at %zu recent sightings", cnt);
out:
    sqlite3_finalize(st);
    if (rc == MM_OK) {
        *out = rows;
        *n = cnt;
    }
    return rc;
}

mm_status mm_store_recent_sightings(mm_store *s, mm_kind kind, int64_t since, int per_org,
                                    mm_arena *a, mm_sighting_row **out, size_t *n, mm_error *err)
{
    *out = NULL;
    *n = 0;
    if ((unsigned)kind >= MM_KIND__COUNT)
        return mm_error_set(err, MM_EINVAL, "kind", "%d is not a kind", (int)kind);
    if (per_org < 1)
        return mm_error_set(err, MM_EINVAL, "per_org", "%d: keep at least one per organisation",
                            per_org);
    pthread_mutex_lock(&s->ro_mu);
    sqlite3 *ro = ro_conn(s);
    if (ro != NULL) {
        mm_status rc = read_recent(ro, kind, since, per_org, a, out, n, err);
        pthread_mutex_unlock(&s->ro_mu);
        return rc;
    }
    pthread_mutex_unlock(&s->ro_mu);
    pthread_mutex_lock(&s->mu);
    mm_status rc = read_recent(s->db, kind, since, per_org, a, out, n, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}
